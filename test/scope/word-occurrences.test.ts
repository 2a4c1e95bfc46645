import { describe, expect, it } from 'vitest';
import { compileWordOccurrences } from '../../src/core/scope/word-occurrences.js';

/** The words of `words` present in `text`, as `includes` would say: the finder must agree exactly. */
const found = (words: readonly string[], text: string) => {
  const finder = compileWordOccurrences(words);
  return [...finder.find(text)].map((id) => finder.words[id]).sort();
};

describe('compileWordOccurrences', () => {
  it('finds every word inside the text, overlapping ones and ones inside other words too', () => {
    expect(found(['he', 'she', 'hers', 'his'], 'ushers')).toEqual(['he', 'hers', 'she']);
    expect(found(['air', 'repair', 'stair', 'conditioning'], 'repair the stair')).toEqual(['air', 'repair', 'stair']);
  });

  it('finds nothing that is not there: a word split by another character, or only partly written', () => {
    expect(found(['fire alarm', 'alarm', 'roof drain'], 'fire-alarm panel; roof dra')).toEqual(['alarm']);
    expect(found(['sprinkler'], '')).toEqual([]);
  });

  it('compares UTF-16 code units exactly as includes does (accents, a combining mark, symbols)', () => {
    expect(found(['café', 'e', 'a/v', 'hw, cw'], 'cafe\u0301 and A/V; hw, cw')).toEqual(['e', 'hw, cw']);
    expect(found(['é'], 'e\u0301')).toEqual([]);
  });

  it('reports a word once however often it occurs, and an empty word always', () => {
    const finder = compileWordOccurrences(['duct', '']);
    expect([...finder.find('duct, duct and ductwork')].sort()).toEqual([0, 1]);
    expect([...finder.find('no words here')]).toEqual([1]);
  });

  it('answers each text on its own when reused (nothing carried over from the text before)', () => {
    const finder = compileWordOccurrences(['paint', 'primer', 'int']);
    expect([...finder.find('paint and primer')].map((id) => finder.words[id]).sort()).toEqual(['int', 'paint', 'primer']);
    expect([...finder.find('primer')].map((id) => finder.words[id])).toEqual(['primer']);
    expect([...finder.find('print')].map((id) => finder.words[id])).toEqual(['int']);
  });

  it('agrees with includes on many generated texts over a small alphabet (where words overlap most)', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = (n: number) => Array.from({ length: n }, () => 'ab c-'[Math.floor(next() * 5)]).join('');
    const words = [...new Set(Array.from({ length: 60 }, () => pick(1 + Math.floor(next() * 5))))];
    const finder = compileWordOccurrences(words);
    for (let i = 0; i < 300; i++) {
      const text = pick(Math.floor(next() * 40));
      const got = [...finder.find(text)].map((id) => words[id]).sort();
      expect(got).toEqual(words.filter((w) => text.includes(w)).sort());
    }
  });
});
