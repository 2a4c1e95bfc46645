import { describe, expect, it } from 'vitest';
import { buildLines } from '../../src/core/pdf/layout.js';
import { item } from './items.js';

describe('buildLines', () => {
  it('joins items on a baseline in x order and adds the spaces pdf.js leaves out', () => {
    const lines = buildLines([item('PLAN', 160, 100, 10, 24), item('FIRST', 100, 100, 10, 26), item('FLOOR', 129, 100, 10, 28)]);
    expect(lines.map((l) => l.text)).toEqual(['FIRST FLOOR PLAN']);
  });

  it('words cut by a word-finding engine keep their spaces however tightly they are set', () => {
    // "Town of Elmwood" set with 1 pt between words: a gap rule alone would read "TownofElmwood".
    const tight = [item('Town', 100, 100, 12, 26), item('of', 127, 100, 12, 11), item('Elmwood', 139, 100, 12, 44)];
    expect(buildLines(tight.map((i) => ({ ...i, word: true as const })))[0]!.text).toBe('Town of Elmwood');
    expect(buildLines(tight)[0]!.text).toBe('TownofElmwood');
  });

  it('keeps note columns apart and reads each column top to bottom', () => {
    const lines = buildLines([
      item('1. LEFT ONE', 100, 100), item('RIGHT ONE', 600, 100),
      item('2. LEFT TWO', 100, 112), item('RIGHT TWO', 600, 112),
    ]);
    expect(lines.map((l) => l.text)).toEqual(['1. LEFT ONE', '2. LEFT TWO', 'RIGHT ONE', 'RIGHT TWO']);
  });

  it('keeps a list marker with its paragraph across the indent', () => {
    const lines = buildLines([item('A.', 72, 100, 10, 10), item('Provide fire alarm devices.', 108, 100)]);
    expect(lines[0]!.text).toBe('A. Provide fire alarm devices.');
  });

  it('reads rotated text as its own lines, after horizontal text, and drops arc lettering', () => {
    const up = { ...item('EXISTING CONDITIONS', 2415, 1167, 25, 25), width: 25, height: 281, angle: 270 };
    const seal = { ...item('R', 2800, 1500, 12), angle: 37 };
    const lines = buildLines([up, seal, item('GENERAL NOTES', 100, 100)]);
    expect(lines.map((l) => l.text)).toEqual(['GENERAL NOTES', 'EXISTING CONDITIONS']);
    expect(lines[1]!.angle).toBe(270);
  });
});
