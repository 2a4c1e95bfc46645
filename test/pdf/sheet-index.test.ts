import { describe, expect, it } from 'vitest';
import { buildLines } from '../../src/core/pdf/layout.js';
import { findSheetIndex } from '../../src/core/pdf/sheet-index.js';
import { item } from './items.js';

const rows = (heading: string, entries: [string, string][], x = 2200) => [
  item(heading, x, 500, 19),
  ...entries.flatMap(([n, t], k) => [item(n, x, 530 + k * 13, 9.5, 23), item(t, x + 77, 530 + k * 13, 9.5)]),
];

describe('findSheetIndex', () => {
  it('reads number/title rows under a SHEET INDEX heading', () => {
    const lines = buildLines(rows('SHEET INDEX', [['G001', 'GENERAL NOTES'], ['A011', 'ASSEMBLIES + OPENINGS'], ['E211', 'FIRST FLOOR LIGHTING PLAN']]));
    expect(findSheetIndex(lines, 1)).toEqual([
      { number: 'G001', title: 'GENERAL NOTES', page: 1 },
      { number: 'A011', title: 'ASSEMBLIES + OPENINGS', page: 1 },
      { number: 'E211', title: 'FIRST FLOOR LIGHTING PLAN', page: 1 },
    ]);
  });

  it('accepts DRAWING LIST / LIST OF DRAWINGS and skips group labels such as "CIVIL"', () => {
    const items = [...rows('LIST OF DRAWINGS', [['C100', 'EXISTING CONDITIONS'], ['C200', 'ROOF DRAIN PLAN'], ['A001', 'SITE PLAN']]), item('CIVIL', 2200, 517, 9.5)];
    expect(findSheetIndex(buildLines(items), 1).map((e) => e.number)).toEqual(['C100', 'C200', 'A001']);
  });

  it('needs a heading: a column of sheet references elsewhere is not an index', () => {
    expect(findSheetIndex(buildLines(rows('GENERAL NOTES', [['A101', 'X PLAN'], ['A102', 'Y PLAN'], ['A103', 'Z PLAN']])), 1)).toEqual([]);
  });
});
