/**
 * A title block lettered one glyph per line (issue #11): the layout gives one-character lines; the sheet
 * number and the title around them must still be read, and glyph columns must not stand in for a number.
 */
import { describe, expect, it } from 'vitest';
import { buildLines } from '../../src/core/pdf/layout.js';
import { detectSheet } from '../../src/core/pdf/sheets.js';
import type { TextItem } from '../../src/core/pdf/types.js';
import { item, sheetPage } from './items.js';

const notes = Array.from({ length: 30 }, (_, k) => item(`NOTE ${k} PROVIDE ALL WORK PER CODE`, 80, 80 + k * 12, 9));
/** A word lettered one glyph under another, starting at (x, y). */
const stacked = (word: string, x: number, y: number, size: number): TextItem[] => [...word].map((ch, k) => item(ch, x, y + k * size * 1.1, size, size * 0.6));
const detect = (items: TextItem[]) => detectSheet(sheetPage(items), buildLines(items));

describe('a title block printed one glyph per line', () => {
  it('reads a number lettered down the title block', () => {
    expect(detect([...notes, ...stacked('ARCHITECTS', 2450, 300, 12), ...stacked('E-101', 2500, 1450, 40)])).toMatchObject({ number: 'E-101', discipline: 'E' });
  });

  it('still reads a printed number and title beside stacked lettering', () => {
    const items = [...notes, ...stacked('PROJECT', 2450, 300, 12), ...stacked('RESTAURANT', 2470, 300, 12), item('FLOOR PLAN', 2300, 1600, 14), item('A-101', 2300, 1625, 40, 110)];
    expect(detect(items)).toMatchObject({ number: 'A-101', title: 'FLOOR PLAN' });
  });

  it('stacked letters that spell no sheet number give none', () => {
    expect(detect([...notes, ...stacked('ISSUEDATE', 2450, 900, 30), ...stacked('A1', 2500, 1500, 30)])).toBeNull();
  });
});
