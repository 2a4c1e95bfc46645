import { describe, expect, it } from 'vitest';
import { findKeywords, forgetDocumentTexts, negativeContext } from '../../src/core/scope/lexicon.js';

const reading = (text: string) => findKeywords(text).map((h) => `${h.entry.division}:${h.text}@${h.index}`);

describe('findKeywords on a text read again (title blocks and notes repeat on every sheet)', () => {
  it('gives the same hits, whatever a caller did with the array it got before', () => {
    const note = 'PROVIDE DUPLEX RECEPTACLE AND EXHAUST FAN; PATCH GYPSUM BOARD';
    const first = findKeywords(note);
    expect(first.map((h) => h.entry.division)).toEqual(['26', '26', '23', '09']);
    first.sort((a, b) => b.entry.weight - a.entry.weight).pop();
    first.length = 0;
    expect(reading(note)).toEqual(['26:DUPLEX@8', '26:RECEPTACLE@15', '23:EXHAUST FAN@30', '09:GYPSUM BOARD@49']);
  });

  it('shares hits that cannot be changed, so one caller cannot corrupt another\'s reading', () => {
    const [hit] = findKeywords('SPRINKLER HEAD');
    expect(() => {
      (hit as { index: number }).index = 3;
    }).toThrow(TypeError);
    expect(reading('SPRINKLER HEAD')).toEqual(['21:SPRINKLER HEAD@0']);
  });

  it('reads a text afresh after the texts are forgotten, and a long text every time', () => {
    forgetDocumentTexts();
    expect(reading('ROOF DRAIN')).toEqual(findKeywords('ROOF DRAIN').map((h) => `${h.entry.division}:${h.text}@${h.index}`));
    const long = `${'Existing conditions noted. '.repeat(60)}Install new water heater.`;
    expect(findKeywords(long).map((h) => h.entry.division)).toContain('22');
    expect(findKeywords(long).map((h) => h.entry.division)).toContain('22');
  });

  it('gives a sentence read again the same negative context, none included', () => {
    const cited = 'Install sprinklers in accordance with NFPA 13.';
    const stated = 'Install sprinklers throughout the addition.';
    for (let i = 0; i < 2; i++) {
      expect(negativeContext(cited)).toBe('code-citation');
      expect(negativeContext(stated)).toBeNull();
      expect(negativeContext('Sector: Plumbing')).toBe('metadata');
    }
  });
});
