import { describe, expect, it } from 'vitest';
import { DISCIPLINES, disciplineOfSheet, sheetDivisions } from '../../src/core/scope/disciplines.js';
import { divisionByCode } from '../../src/core/scope/taxonomy.js';

const strong = (n: string, title?: string) => sheetDivisions(n, title).filter((x) => x.strength >= 0.7).map((x) => x.division);
const any = (n: string, title?: string) => sheetDivisions(n, title).map((x) => x.division);

describe('NCS discipline designators', () => {
  it('map only to taxonomy divisions', () => {
    for (const d of DISCIPLINES.values()) for (const x of d.divisions) expect(divisionByCode(x.division)).toBeDefined();
  });

  it.each([
    ['E-101', 'E'], ['E101', 'E'], ['EP2.1', 'EP'], ['FP101', 'FP'], ['FA-001', 'FA'], ['AD101', 'AD'], ['A-201', 'A'],
    ['M1.01', 'M'], ['MP-301', 'MP'], ['P101', 'P'], ['T001', 'T'], ['C-100', 'C'], ['L1.0', 'L'], ['S-201', 'S'], ['ID-101', 'ID'],
    ['QF101', 'QF'], ['G000', 'G'],
  ])('%s → %s', (sheet, code) => {
    expect(disciplineOfSheet(sheet)?.code).toBe(code);
  });

  it('returns null for things that are not sheet numbers', () => {
    expect(disciplineOfSheet('101')).toBeNull();
    expect(disciplineOfSheet('NOTES')).toBeNull();
  });

  it('is evidence for a primary division only where that is honest', () => {
    expect(strong('E-101')).toEqual(['26']);
    expect(strong('P-101')).toEqual(['22']);
    expect(strong('M-101')).toEqual(['23']);
    expect(strong('FP-101')).toEqual(['21']);
    expect(strong('FA-101')).toEqual(['28']);
    expect(strong('T-201', 'TELECOMMUNICATIONS PLAN')).toEqual(['27']);
    expect(strong('L-101')).toEqual(['32']);
    expect(strong('Q-101')).toEqual([]);
    expect(any('Q-101')).toEqual(['11']);
    // An architectural letter implies no trade by itself; structural and civil are weak.
    expect(any('A-101')).toEqual([]);
    expect(strong('S-101')).toEqual([]);
    expect(any('S-101').sort()).toEqual(['03', '05']);
    expect(strong('C-101')).toEqual([]);
    expect(any('C-101').sort()).toEqual(['31', '33']);
  });

  it('a general sheet (title sheet, notes, legends) says nothing about a trade', () => {
    expect(any('T001', 'TITLE SHEET')).toEqual([]);
    expect(any('T101', 'NOTES, LEGENDS & ABBREVIATIONS')).toEqual([]);
    expect(strong('E000', 'ELECTRICAL SYMBOLS AND ABBREVIATIONS')).toEqual([]);
  });

  it('honours the reader’s discipline hint', () => {
    expect(disciplineOfSheet('101', 'FP')?.code).toBe('FP');
  });
});
