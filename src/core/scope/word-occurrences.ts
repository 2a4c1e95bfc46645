/**
 * Which of a fixed list of words occur in a text, as substrings (UTF-16 code units, exactly what
 * `text.includes(word)` answers), found in one pass over the text however many words there are.
 * The lexicon (lexicon.ts) runs a phrase's regex only where all of its words occur, and it holds
 * thousands of phrases: one substring test per word per sentence was most of the text pass.
 *
 * An Aho–Corasick automaton compiled once into a dense transition table (a DFA over the words'
 * characters). Hand-written because the npm packages tried answer a different question, slower:
 * modern-ahocorasick matches whole grapheme clusters (so "e" is not found in "é" written as "e" +
 * combining accent, where `includes` finds it) and took 4–5 s over the 200-page set's texts;
 * @monyone/aho-corasick returns an object per occurrence (74 ms against ~25 ms here) and takes 0.5 s
 * to compile at start-up. This needs only the set of words present.
 */

export interface WordOccurrences {
  /** The words, in the order given; a word's index is its id. */
  readonly words: readonly string[];
  /**
   * The ids of the words that occur in `text` (each once, in no particular order). The returned
   * array is reused by the next call: read it before searching again.
   */
  find(text: string): readonly number[];
}

/** Compile the words (duplicates share the first one's id; the empty word occurs in every text). */
export function compileWordOccurrences(words: readonly string[]): WordOccurrences {
  // Characters of the words as symbols 1..n; every other character is symbol 0, which leads back to the root.
  const symbolOf = new Uint16Array(65536);
  let symbols = 1;
  for (const w of words) for (let i = 0; i < w.length; i++) if (symbolOf[w.charCodeAt(i)] === 0) symbolOf[w.charCodeAt(i)] = symbols++;

  // The trie: children by symbol (0 = none; the root is node 0 and no edge leads back to it).
  const children: number[][] = [[]];
  const wordAt: number[] = [-1];
  const always: number[] = [];
  words.forEach((w, id) => {
    if (w.length === 0) {
      always.push(id);
      return;
    }
    let node = 0;
    for (let i = 0; i < w.length; i++) {
      const s = symbolOf[w.charCodeAt(i)]!;
      let next = children[node]![s];
      if (next === undefined) {
        next = children.length;
        children[node]![s] = next;
        children.push([]);
        wordAt.push(-1);
      }
      node = next;
    }
    if (wordAt[node] === -1) wordAt[node] = id;
  });

  // Breadth first: each node's failure link (its longest proper suffix that is a trie node) and the full transition row.
  const nodes = children.length;
  const delta = new Int32Array(nodes * symbols);
  const fail = new Int32Array(nodes);
  const queue: number[] = [];
  for (let s = 1; s < symbols; s++) {
    const c = children[0]![s];
    if (c !== undefined) {
      delta[s] = c;
      queue.push(c);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    const row = node * symbols;
    const failRow = fail[node]! * symbols;
    for (let s = 1; s < symbols; s++) {
      const c = children[node]![s];
      if (c === undefined) delta[row + s] = delta[failRow + s]!;
      else {
        fail[c] = delta[failRow + s]!;
        delta[row + s] = c;
        queue.push(c);
      }
    }
  }

  const words_ = Object.freeze([...words]);
  const ending = Int32Array.from(wordAt);
  const width = symbols;
  // A node visited in this search (its word and its failure chain's words are already recorded) carries the search's stamp.
  const stamp = new Uint32Array(nodes);
  let search = 0;
  const found: number[] = [];
  return {
    words: words_,
    find(text: string): readonly number[] {
      if (++search === 0xffffffff) {
        stamp.fill(0);
        search = 1;
      }
      found.length = 0;
      for (const id of always) found.push(id);
      let state = 0;
      for (let i = 0; i < text.length; i++) {
        state = delta[state * width + symbolOf[text.charCodeAt(i)]!]!;
        // Every word ending here is the state's or one of its failure chain's; a stamped node's chain is done already.
        for (let n = state; n !== 0 && stamp[n] !== search; n = fail[n]!) {
          stamp[n] = search;
          if (ending[n] !== -1) found.push(ending[n]!);
        }
      }
      return found;
    },
  };
}
