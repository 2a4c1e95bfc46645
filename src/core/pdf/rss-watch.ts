/**
 * Resident-memory bound for the PDF worker processes. A V8 heap cap does not cover ArrayBuffers,
 * which is where pdf.js puts decompressed streams and images, so the host samples every worker's
 * resident set (Linux /proc) and, when all of them together exceed the smallest cap among them,
 * kills the largest: the one that is decompressing the bomb. Sampling every 25 ms bounds the
 * overshoot to what a process can touch in that time.
 */
import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

const SAMPLE_MS = 25;

interface Watched { child: ChildProcess; capMb: number; onOver: (rssMb: number) => void }
const watched = new Set<Watched>();
let timer: NodeJS.Timeout | undefined;

/** Resident set of a process in MB, or 0 when it has exited (or /proc is not there). */
export function rssMbOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function sample() {
  let total = 0;
  let cap = Infinity;
  let biggest: { w: Watched; rss: number } | undefined;
  for (const w of watched) {
    const rss = rssMbOf(w.child.pid);
    total += rss;
    cap = Math.min(cap, w.capMb);
    if (!biggest || rss > biggest.rss) biggest = { w, rss };
  }
  if (biggest && total > cap) {
    watched.delete(biggest.w);
    biggest.w.onOver(Math.round(total));
  }
  if (!watched.size) stopTimer();
}

function stopTimer() {
  clearInterval(timer);
  timer = undefined;
}

/** Watches a worker process until the returned function is called; `onOver` must kill it. */
export function watchRss(child: ChildProcess, capMb: number, onOver: (rssMb: number) => void): () => void {
  const w: Watched = { child, capMb, onOver };
  watched.add(w);
  // unref: a sampling timer alone never keeps the service (or a CLI run) alive.
  timer ??= setInterval(sample, SAMPLE_MS).unref();
  return () => {
    watched.delete(w);
    if (!watched.size) stopTimer();
  };
}
