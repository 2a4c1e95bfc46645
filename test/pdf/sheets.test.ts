import { describe, expect, it } from 'vitest';
import { buildLines } from '../../src/core/pdf/layout.js';
import { detectSheet } from '../../src/core/pdf/sheets.js';
import type { TextItem } from '../../src/core/pdf/types.js';
import { item, sheetPage } from './items.js';

const notes = Array.from({ length: 30 }, (_, k) => item(`NOTE ${k} PROVIDE ALL WORK PER CODE`, 80, 80 + k * 12, 9));
const detect = (items: TextItem[], index?: string[]) => detectSheet(sheetPage(items), buildLines(items), new Set(index));

describe('detectSheet', () => {
  it('finds the large number at the bottom of a right-strip title block, with the title above it', () => {
    const items = [...notes, item('FIRST FLOOR', 2714, 1977, 25), item('LIGHTING PLAN', 2714, 2005 - 0, 25), item('E211', 2717, 2039, 63, 147)].map((i) => ({ ...i, y: i.y * (1728 / 2160) }));
    const sheet = detect(items);
    expect(sheet).toMatchObject({ number: 'E211', discipline: 'E', title: 'FIRST FLOOR LIGHTING PLAN' });
  });

  it('reads a centered multi-line title and skips a "SHEET NUMBER" label between title and number', () => {
    const items = [
      ...notes,
      item('EXISTING, DEMO', 2315, 1493, 14), item('& NEW WORK-', 2324, 1509, 14), item('GROUND FLOOR PLAN', 2300, 1525, 14),
      item('SHEET NUMBER', 2320, 1545, 8), item('A101', 2331, 1561, 39, 82),
    ];
    expect(detect(items)).toMatchObject({ number: 'A101', title: 'EXISTING, DEMO & NEW WORK- GROUND FLOOR PLAN' });
  });

  it('ignores equipment tags, grid bubbles and callouts even when they are in the bottom right', () => {
    const items = [...notes, item('UH-2', 2000, 1500, 30), item('EF-1', 2100, 1500, 30), item('RTU-3', 2200, 1500, 30), item('A.1', 2300, 1400, 30), item('3/A-501', 2300, 1300, 30)];
    expect(detect(items)).toBeNull();
  });

  it('prefers the candidate listed in the sheet index over a bigger look-alike', () => {
    const items = [...notes, item('M-1', 2000, 1500, 40), item('MECHANICAL PLAN', 2300, 1600, 14), item('M101', 2300, 1630, 30, 60)];
    expect(detect(items, ['M101'])?.number).toBe('M101');
  });

  it('finds nothing on a page with only small body text', () => {
    expect(detect([...notes, item('A101', 2300, 1600, 9)])).toBeNull();
  });

  it('on a letter-size page needs a label or the index (page footers are not sheets)', () => {
    const letter = [item('Paragraph text', 72, 100, 10), item('A-3', 500, 740, 16)];
    expect(detectSheet(sheetPage(letter, 612, 792), buildLines(letter))).toBeNull();
    const labelled = [...letter, item('SHEET NO.', 470, 722, 8)];
    expect(detectSheet(sheetPage(labelled, 612, 792), buildLines(labelled))?.number).toBe('A-3');
  });

  describe('a set numbered "sheet 3 of 12" without designators', () => {
    const plan = [item('FLOOR PLAN', 300, 200, 14), item('Living Room', 400, 400, 9)];
    const ocr = (items: TextItem[]) => items.map((i) => ({ ...i, source: 'ocr' as const }));
    const letter = (items: TextItem[]) => detectSheet(sheetPage(items, 612, 792), buildLines(items));

    it('takes the N of "SHEET N OF M" / "Sheet N of M" as the sheet number, on any page size', () => {
      expect(detect([...notes, item('SHEET 3 OF 12', 2400, 1650, 12)])).toEqual({ number: '3' });
      expect(letter([...plan, item('Sheet 3 of 4', 500, 740, 10)])).toEqual({ number: '3' });
    });

    it('takes "Page N of M" on a drawing (large, or a scan read by OCR), not on a text page', () => {
      expect(detect([...notes, item('Page 2 of 9', 2400, 1650, 12)])).toEqual({ number: '2' });
      expect(letter([...ocr(plan), item('Page 2 of 9', 500, 20, 10)])).toEqual({ number: '2' });
      // A spec book's or report's footer is not a sheet number.
      expect(letter([...plan, item('Page 2 of 9', 500, 740, 10)])).toBeNull();
    });

    it('rejects impossible counts and keeps a designator first', () => {
      expect(detect([...notes, item('SHEET 13 OF 12', 2400, 1650, 12)])).toBeNull();
      expect(detect([...notes, item('SHEET 0 OF 12', 2400, 1650, 12)])).toBeNull();
      const both = [...notes, item('SHEET 3 OF 12', 2400, 1600, 12), item('A-103', 2400, 1650, 40)];
      expect(detect(both)?.number).toBe('A-103');
    });
  });
});
