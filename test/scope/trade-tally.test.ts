import { describe, expect, it } from 'vitest';
import { Tally } from '../../src/core/scope/trade-tally.js';
import type { Evidence } from '../../src/core/scope/types.js';

const drawn = (page: number, sheet: string): Evidence => ({ page, sheet, snippet: `${sheet} POWER PLAN`, source: 'sheet' });
const listed = (page: number, sheet: string): Evidence => ({ page, sheet, snippet: `${sheet} POWER PLAN`, source: 'sheet-index' });

describe('sheets and sheet-list entries of a trade’s discipline', () => {
  it('one sheet or one list entry of a strong discipline makes a confident trade by itself', () => {
    for (const observe of ['sheet', 'index'] as const) {
      const tally = new Tally();
      tally[observe]('26', 0.8, (observe === 'sheet' ? drawn : listed)(1, 'E-101'));
      expect(tally.results()).toEqual([expect.objectContaining({ division: '26', confidence: 0.95 })]);
    }
  });

  it('a weak discipline is no trade on its own, however many sheets or entries carry it', () => {
    for (const observe of ['sheet', 'index'] as const) {
      const tally = new Tally();
      for (let page = 1; page <= 6; page++) tally[observe]('05', 0.3, (observe === 'sheet' ? drawn : listed)(page, `S-10${page}`));
      expect(tally.results()).toEqual([]);
    }
  });

  it('a weak discipline adds to the trade’s words, a drawn sheet more than a list entry', () => {
    const words = (t: Tally) => {
      t.keyword('05', 'steel beam', 1.2, 1, { page: 1, snippet: 'W12x26 steel beam', source: 'keyword' });
      t.keyword('05', 'steel column', 1.2, 2, { page: 2, snippet: 'HSS steel column', source: 'keyword' });
    };
    const bySheet = new Tally();
    const byList = new Tally();
    words(bySheet);
    words(byList);
    for (let page = 3; page <= 5; page++) {
      bySheet.sheet('05', 0.3, drawn(page, `S-10${page}`));
      byList.index('05', 0.3, listed(page, `S-10${page}`));
    }
    const [sheetTrade] = bySheet.results();
    const [listTrade] = byList.results();
    expect(sheetTrade!.confidence).toBeGreaterThan(listTrade!.confidence);
  });

  it('a drawn sheet leads the evidence before a list entry of the same discipline', () => {
    const tally = new Tally();
    tally.index('26', 0.8, listed(1, 'E-101'));
    tally.sheet('26', 0.8, drawn(4, 'E-101'));
    expect(tally.results()[0]!.evidence.map((e) => e.source)).toEqual(['sheet', 'sheet-index']);
  });
});
