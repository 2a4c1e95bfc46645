import { describe, expect, it } from 'vitest';
import { buildLines } from '../../src/core/pdf/layout.js';
import { detectSections, normalizeSectionNumber } from '../../src/core/pdf/sections.js';
import { item } from './items.js';

const page = (...rows: [string, number][]) => detectSections(buildLines(rows.map(([s, y]) => item(s, 72, y, 10, s.length * 5))), 792);

describe('normalizeSectionNumber', () => {
  it.each([['26 05 19', '26 05 19'], ['21 0100', '21 01 00'], ['092900', '09 29 00'], ['15400', '15400'], ['26 05 19.13', '26 05 19.13']])('%s → %s', (raw, want) => {
    expect(normalizeSectionNumber(raw)).toBe(want);
  });
});

describe('detectSections', () => {
  it('reads a heading with the title on the next line', () => {
    expect(page(['SECTION 21 0100', 90], ['GENERAL FIRE PROTECTION REQUIREMENTS', 104], ['PART 1 - GENERAL', 130])).toEqual([
      { kind: 'section', number: '21 01 00', title: 'GENERAL FIRE PROTECTION REQUIREMENTS' },
    ]);
  });

  it('reads inline titles, six-digit and legacy five-digit numbers, and divisions', () => {
    expect(page(['DIVISION 9 - FINISHES', 60], ['SECTION 092900 - GYPSUM BOARD', 90], ['SECTION 15400 - PLUMBING FIXTURES', 300])).toEqual([
      { kind: 'division', number: '09', title: 'FINISHES' },
      { kind: 'section', number: '09 29 00', title: 'GYPSUM BOARD' },
      { kind: 'section', number: '15400', title: 'PLUMBING FIXTURES' },
    ]);
  });

  it('takes the section from a page footer, but not a reference in body text', () => {
    expect(page(['Refer to Section 26 05 19 for conductors.', 200], ['SECTION 26 05 33 for raceways applies to all work.', 214], ['21 0100-3', 740])).toEqual([
      { kind: 'section', number: '21 01 00' },
    ]);
    expect(page(['00 91 13 - 1 of 3', 750])).toEqual([{ kind: 'section', number: '00 91 13' }]);
  });
});
