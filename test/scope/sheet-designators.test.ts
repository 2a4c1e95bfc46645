/**
 * Real plan-set text (issue #11): sheet numbers in the designator systems sets use (US National CAD
 * Standard, and the drawing numbers of UK / Australian sets), and sheet indexes printed as tables,
 * under the names they go by, with rows for sheets that are not in the set.
 */
import { describe, expect, it } from 'vitest';
import type { TextLine } from '../../src/core/pdf/layout.js';
import { findSheetIndex } from '../../src/core/pdf/sheet-index.js';
import { parseSheetNumber } from '../../src/core/pdf/sheet-number.js';
import { sheetDivisions } from '../../src/core/scope/disciplines.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const strongDivisions = (number: string, title?: string) => sheetDivisions(number, title).filter((x) => x.strength >= 0.7).map((x) => x.division);

/** A text line at (x, y), one character 5 pt wide at 10 pt. */
const line = (text: string, x: number, y: number): TextLine => ({ text, x, y, width: text.length * 5, height: 10, fontSize: 10, angle: 0, items: [] });

describe('sheet numbers', () => {
  it('reads UK / Australian drawing numbers and NCS numbers alike', () => {
    for (const [raw, discipline] of [['A-100', 'A'], ['S-01', 'S'], ['E001', 'E'], ['ME-201', 'ME'], ['C1.01', 'C'], ['FP-101', 'FP'], ['FA-1', 'FA'], ['T-001', 'T'], ['G-001', 'G'], ['L-101', 'L'], ['Q-501', 'Q']] as const) {
      expect(parseSheetNumber(raw)?.discipline, raw).toBe(discipline);
    }
  });

  it('each NCS designator speaks for its own trade, a general sheet for none', () => {
    expect(strongDivisions('FP-101', 'FIRE PROTECTION PLAN')).toEqual(['21']);
    expect(strongDivisions('FA-101', 'FIRE ALARM PLAN')).toEqual(['28']);
    expect(strongDivisions('T-101', 'TELECOMMUNICATIONS PLAN')).toEqual(['27']);
    expect(strongDivisions('L-101', 'PLANTING PLAN')).toEqual(['32']);
    expect(strongDivisions('P-101', 'PLUMBING PLAN')).toEqual(['22']);
    expect(sheetDivisions('G-001', 'COVER SHEET')).toEqual([]);
    expect(sheetDivisions('T-001', 'TITLE SHEET')).toEqual([]);
  });

  it('a combined mechanical/electrical sheet is weak evidence of both, not a mechanical-only set', () => {
    expect(sheetDivisions('ME-201', 'SERVICES LAYOUT').map((x) => [x.division, x.strength < 0.7])).toEqual([['23', true], ['26', true]]);
  });
});

describe('sheet index', () => {
  const table = (heading: string) => [
    line(heading, 40, 40),
    line('SHEET NO.', 40, 60),
    line('SHEET TITLE', 140, 60),
    ...[['A-100', 'GROUND FLOOR PLAN'], ['S-01', 'FOUNDATION PLAN'], ['E001', 'LIGHTING LAYOUT'], ['P-101', 'NOT USED'], ['M-201', 'FUTURE']].flatMap(([n, t], i) => [line(n!, 40, 80 + 16 * i), line(t!, 140, 80 + 16 * i)]),
  ];

  it('reads a table of number and title columns under the names indexes go by', () => {
    for (const heading of ['DRAWING REGISTER', 'SCHEDULE OF DRAWINGS', 'SHEET INDEX']) {
      expect(findSheetIndex(table(heading), 1).map((e) => e.number), heading).toEqual(['A-100', 'S-01', 'E001']);
    }
  });

  it('leaves out sheets marked "NOT USED" / "FUTURE": they give no trade', () => {
    const sheetIndex = findSheetIndex(table('DRAWING REGISTER'), 1);
    const doc = buildDoc([{ text: ['DRAWING REGISTER', 'GENERAL NOTES'], size: [2448, 1584] }], { sheetIndex });
    const divisions = extractScopeFromText(doc).trades.map((t) => t.division);
    expect(divisions).toContain('26');
    expect(divisions).not.toContain('22');
    expect(divisions).not.toContain('23');
  });
});
