/**
 * Drawing registers as sets print them (issue #11): under the names they go by in the US, UK and
 * Commonwealth, with a revision column between number and title, and with UK / ISO 19650 field codes.
 */
import { describe, expect, it } from 'vitest';
import { buildLines } from '../../src/core/pdf/layout.js';
import { findSheetIndex } from '../../src/core/pdf/sheet-index.js';
import { item } from './items.js';

/** Rows of number | [revision] | title under a heading, 13 pt apart. */
const register = (heading: string, rows: Array<[string, string, string?]>) =>
  buildLines([
    item(heading, 200, 100, 14),
    ...rows.flatMap(([n, t, rev], k) => [
      item(n, 200, 130 + k * 13, 9, n.length * 5),
      ...(rev ? [item(rev, 360, 130 + k * 13, 9, 12)] : []),
      item(t, 420, 130 + k * 13, 9),
    ]),
  ]);

describe('drawing registers', () => {
  it.each(['DRAWING SCHEDULE', 'INDEX TO DRAWINGS', 'DRAWING ISSUE SHEET', 'DOCUMENT REGISTER', 'List of Drawings', 'Drawing Register'])('reads the rows under "%s"', (heading) => {
    const lines = register(heading, [['A-100', 'GROUND FLOOR PLAN'], ['S-200', 'FOUNDATION PLAN'], ['H-001', 'HYDRAULIC SERVICES LAYOUT']]);
    expect(findSheetIndex(lines, 1).map((e) => [e.number, e.title])).toEqual([['A-100', 'GROUND FLOOR PLAN'], ['S-200', 'FOUNDATION PLAN'], ['H-001', 'HYDRAULIC SERVICES LAYOUT']]);
  });

  it('skips a revision column printed between the number and the title', () => {
    const lines = register('DRAWING REGISTER', [['A-1001', 'Ground Floor Plan', 'C'], ['A-1002', 'First Floor Plan', 'P02'], ['E-6001', 'Small Power Layout', '3']]);
    expect(findSheetIndex(lines, 1).map((e) => e.title)).toEqual(['Ground Floor Plan', 'First Floor Plan', 'Small Power Layout']);
  });

  it('reads UK / ISO 19650 field codes as sheet numbers', () => {
    const lines = register('DRAWING ISSUE SHEET', [['PRJ-XXX-ZZ-00-DR-A-1001', 'GA PLAN LEVEL 00'], ['PRJ-XXX-ZZ-00-DR-E-6001', 'LIGHTING LAYOUT'], ['PRJ-XXX-ZZ-00-DR-P-5001', 'ABOVE GROUND DRAINAGE']]);
    expect(findSheetIndex(lines, 1).map((e) => e.number)).toEqual(['PRJ-XXX-ZZ-00-DR-A-1001', 'PRJ-XXX-ZZ-00-DR-E-6001', 'PRJ-XXX-ZZ-00-DR-P-5001']);
  });

  it('a column of numbers under another heading is not an index, nor a "DRAWING SHEET" label', () => {
    expect(findSheetIndex(register('DRAWING SHEET', [['A-100', 'PLAN'], ['A-101', 'PLAN 2'], ['A-102', 'PLAN 3']]), 1)).toEqual([]);
    expect(findSheetIndex(register('KEYED NOTES', [['A-100', 'PLAN'], ['A-101', 'PLAN 2'], ['A-102', 'PLAN 3']]), 1)).toEqual([]);
  });
});
