import { describe, expect, it } from 'vitest';
import { buildLines } from '../../src/core/pdf/layout.js';
import { detectSections, normalizeSectionNumber, parseSectionFooter, parseSectionHeading } from '../../src/core/pdf/sections.js';
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

describe('section numbers in every printed form', () => {
  it.each([
    ['SECTION 200553', '20 05 53'],
    ['SECTION 26-05-19 - LOW-VOLTAGE CONDUCTORS', '26 05 19'],
    ['SECTION 26 0519', '26 05 19'],
    ['Section 09 91 23 - Interior Painting', '09 91 23'],
    ['SECTION 16010 - BASIC ELECTRICAL REQUIREMENTS', '16010'],
  ])('heading "%s" → %s', (line, number) => {
    expect(parseSectionHeading(line)?.number).toBe(number);
  });

  it('reads unspaced and hyphenated footers, but not a date', () => {
    expect(parseSectionFooter('200553 - 4')).toBe('20 05 53');
    expect(parseSectionFooter('IDENTIFICATION FOR PIPING 26-05-19 - 2 of 6')).toBe('26 05 19');
    expect(parseSectionFooter('2021-04-23')).toBeNull();
    expect(page(['Issued 2021-04-23', 760])).toEqual([]);
  });

  it('a mixed-case "Section" alone on a line is a wrapped reference unless an uppercase title follows', () => {
    expect(parseSectionHeading('Section 08 44 33')).toBeNull();
    expect(parseSectionHeading('Section 08 44 33', 'CURTAIN WALL')?.number).toBe('08 44 33');
    expect(parseSectionHeading('Section 26 05 33 for raceways applies to all work.')).toBeNull();
  });

  it('a table of contents marking a division or section "NOT APPLICABLE" names no section', () => {
    expect(page(['DIVISION 04 – MASONRY', 100], ['NOT APPLICABLE', 114], ['DIVISION 08 – OPENINGS (NOT APPLICABLE)', 130], ['DIVISION 09 - FINISHES', 150])).toEqual([
      { kind: 'division', number: '09', title: 'FINISHES' },
    ]);
    expect(parseSectionHeading('SECTION 05 12 00 - STRUCTURAL STEEL (NOT USED)')).toBeNull();
  });
});
