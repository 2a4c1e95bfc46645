#!/usr/bin/env python3
"""python3 bench/heldout/fresh.py <text files...> — says for each text whether it repeats a blind text
(8-word shingles, > 5 % shared). Prints only yes/no per file: the blind texts stay unseen."""
import glob, re, sys
def sh(t):
    w = re.findall(r"[a-z0-9]+", t.lower())
    return {' '.join(w[i:i+8]) for i in range(max(0, len(w)-7))}
blind = set()
for f in glob.glob('/work/blind*/texts/*.txt'):
    blind |= sh(open(f, errors='replace').read())
for f in sys.argv[1:]:
    s = sh(open(f, errors='replace').read())
    share = len(s & blind) / len(s) if s else 0
    print(f"{f}: {'REPEATS A BLIND TEXT - replace it' if share > 0.05 else 'fresh'}")
