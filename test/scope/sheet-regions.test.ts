/**
 * Drawing sets from every region read by their structure (issue #11): sheet numbers in the US (NCS),
 * UK / ISO 19650, Australian and South Asian forms, the "H" designator by the set's convention, and
 * drawing titles that name their work.
 */
import { describe, expect, it } from 'vitest';
import { parseSheetNumber } from '../../src/core/pdf/sheet-number.js';
import { disciplineOfSheet, drawingTitleDivisions, hydraulicsConvention, sheetDivisions } from '../../src/core/scope/disciplines.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const strong = (n: string, title?: string, hydraulics = false) =>
  sheetDivisions(n, title, undefined, { hydraulics }).filter((x) => x.strength >= 0.7).map((x) => x.division);

describe('sheet numbers of every region', () => {
  it.each([
    ['A1.01', 'A'], ['M-601', 'M'], ['LV-101', 'LV'], ['E0.01', 'E'], ['A-1001', 'A'], ['S2001', 'S'],
    ['ARCH-01', 'A'], ['STR-05', 'S'], ['ELEC-101', 'E'], ['PLB-02', 'P'], ['HVAC-01', 'M'], ['MEP-01', 'MEP'], ['FF-01', 'FF'], ['HY-101', 'HY'],
  ])('%s names discipline %s', (raw, discipline) => {
    expect(parseSheetNumber(raw)?.discipline).toBe(discipline);
  });

  it('drops a revision printed after the number', () => {
    expect(parseSheetNumber('S-100 Rev C')).toEqual({ number: 'S-100', discipline: 'S' });
    expect(parseSheetNumber('A101 REV. 2')?.number).toBe('A101');
  });

  it('reads a UK / ISO 19650 field code by its role field, in the UK role letters', () => {
    expect(parseSheetNumber('PRJ-XXX-ZZ-00-DR-A-1001')?.discipline).toBe('A');
    // H is the heating and ventilation designer, P the public health engineer, D drainage and highways.
    expect(parseSheetNumber('PRJ-XXX-ZZ-00-DR-H-1001')?.discipline).toBe('M');
    expect(parseSheetNumber('ABC_DEF_01_GF_DR_P_2001_P02')?.discipline).toBe('P');
    expect(parseSheetNumber('1234/A/100')?.discipline).toBe('A');
    expect(parseSheetNumber('1234/E/201A')?.discipline).toBe('E');
    // A specification or a report coded the same way is not a sheet.
    expect(parseSheetNumber('PRJ-XXX-ZZ-00-SP-A-1001')).toBeNull();
    // The project code's first letter is not the discipline.
    expect(disciplineOfSheet('PRJ-XXX-ZZ-00-DR-E-6001')?.code).toBe('E');
    expect(strong('PRJ-XXX-ZZ-00-DR-H-5001')).toEqual(['23']);
  });

  it('rejects tags, years, dates and words that only look like sheets', () => {
    for (const raw of ['AR-1', 'ST-1', 'A 2024', '12/04/2024', 'STEP-01', 'AHU-1', 'RTU-3', 'SK-01', 'LS-01', 'PH-01']) {
      expect(parseSheetNumber(raw), raw).toBeNull();
    }
  });

  it('regional designators speak for their trade', () => {
    expect(strong('LV-101', 'LOW VOLTAGE PLAN')).toEqual(['27']);
    expect(strong('FF-01', 'FIRE FIGHTING LAYOUT')).toEqual(['21']);
    expect(strong('HY-101')).toEqual(['22']);
    expect(strong('ELEC-101')).toEqual(['26']);
    expect(strong('ARCH-01')).toEqual([]);
  });
});

describe('"H" sheets: hazardous materials (NCS) or hydraulics (Australia, New Zealand)', () => {
  it('the title decides when it names either', () => {
    expect(strong('H-101', 'HYDRAULIC SERVICES - GROUND FLOOR')).toEqual(['22']);
    expect(strong('H-101', 'HAZARDOUS MATERIALS ABATEMENT PLAN', true)).toEqual(['02']);
  });

  it('otherwise the set’s convention', () => {
    expect(strong('H-101', 'GROUND FLOOR')).toEqual(['02']);
    expect(strong('H-101', 'GROUND FLOOR', true)).toEqual(['22']);
    expect(hydraulicsConvention(['ALL WORK TO AS/NZS 3500 AND LOCAL AUTHORITY REQUIREMENTS'])).toBe(true);
    expect(hydraulicsConvention(['INSTALL TO AS 3500.1-2021'])).toBe(true);
    expect(hydraulicsConvention(['H-001 HYDRAULIC SERVICES LEGEND'])).toBe(true);
    expect(hydraulicsConvention(['SUCH AS 2000 PSI CONCRETE', 'HAZARDOUS MATERIALS SURVEY'])).toBe(false);
  });
});

describe('drawing titles that name their work', () => {
  it.each([
    ['FIRST FLOOR POWER PLAN', ['26']], ['PLUMBING RISER DIAGRAM', ['22']], ['FIRE ALARM RISER DIAGRAM', ['28']],
    ['ONE-LINE DIAGRAM', ['26']], ['REFLECTED CEILING PLAN', ['09']], ['DUCTWORK PLAN - LEVEL 2', ['23']],
    ['HYDRAULIC SERVICES LAYOUT', ['22']], ['SMALL POWER LAYOUT', ['26']], ['FIRE SERVICES LAYOUT', ['21']],
    ['SECOND FLOOR PLAN - LIGHTING', ['26']], ['GRADING AND DRAINAGE PLAN', ['31']], ['SANITARY SEWER PLAN AND PROFILE', ['33']],
    ['FOUNDATION PLAN', ['03']], ['SECURITY PLAN', ['28']], ['EXISTING / DEMOLITION LIGHTING PLAN', ['02', '26']],
  ])('%s → %j', (title, divisions) => {
    expect(drawingTitleDivisions(title)).toEqual(divisions);
  });

  it.each([
    'GROUND FLOOR PLAN', 'ROOF PLAN', 'BUILDING SECTIONS', 'EXISTING FIRST FLOOR POWER PLAN', 'ELECTRICAL SYMBOLS AND NOTES',
    'LIFT STATION PLAN', 'DUCT BANK PLAN', 'FINISH GRADING PLAN', 'CONCRETE PAVING PLAN', 'POWER PLAN - NOT USED', 'STAIR DETAILS',
  ])('%s names no trade of its own', (title) => {
    const divisions = drawingTitleDivisions(title);
    expect(divisions.filter((d) => !['31', '32'].includes(d))).toEqual([]);
  });

  it('an architectural sheet titled for a trade is that trade’s drawing; an existing-conditions one is not', () => {
    const set = (title: string) =>
      buildDoc([
        { text: ['KEYED NOTES'], size: [2448, 1584], sheet: { number: 'A-101', title: 'FLOOR PLAN' } },
        { text: ['KEYED NOTES'], size: [2448, 1584], sheet: { number: 'A-102', title } },
      ]);
    const trade = (title: string) => extractScopeFromText(set(title)).trades.find((t) => t.division === '26');
    expect(trade('FIRST FLOOR POWER PLAN')?.confidence).toBeGreaterThanOrEqual(0.9);
    expect(trade('EXISTING FIRST FLOOR POWER PLAN')?.confidence ?? 0).toBeLessThan(0.9);
  });

  it('a drawing list’s titles count like the sheets’ own', () => {
    const doc = buildDoc([{ text: ['DRAWING LIST', 'GENERAL NOTES'], size: [2448, 1584] }], {
      sheetIndex: [
        { number: 'A-101', title: 'GROUND FLOOR PLAN', page: 1 },
        { number: 'A-102', title: 'PLUMBING RISER DIAGRAM', page: 1 },
        { number: 'A-103', title: 'ROOF PLAN', page: 1 },
      ],
    });
    const divisions = extractScopeFromText(doc).trades.map((t) => t.division);
    expect(divisions).toContain('22');
    expect(divisions).not.toContain('26');
  });
});
