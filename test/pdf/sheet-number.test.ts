import { describe, expect, it } from 'vitest';
import { parseSheetNumber, sheetKey } from '../../src/core/pdf/sheet-number.js';

describe('parseSheetNumber', () => {
  it.each([
    ['A-101', 'A'], ['A101', 'A'], ['E2.01', 'E'], ['M101', 'M'], ['FP-1', 'FP'], ['FA-101', 'FA'], ['S-1.1', 'S'],
    ['1.S02', 'S'], ['G000', 'G'], ['T001', 'T'], ['C100', 'C'], ['A-0.1', 'A'], ['C-100', 'C'], ['E600', 'E'],
  ])('accepts %s (discipline %s)', (raw, discipline) => {
    expect(parseSheetNumber(raw)).toEqual({ number: raw, discipline });
  });

  it.each(['UH-2', 'EF-1', 'RTU-3', 'VAV-12', 'AHU-1', 'A.1', 'B2', '101A', '1-129', '3/A-501', '10.03.24', 'NO.', 'SECTION', '21 0100'])('rejects look-alike %s', (raw) => {
    expect(parseSheetNumber(raw)).toBeNull();
  });

  it('keys ignore separators so the index and the title block match', () => {
    expect(sheetKey('A-101')).toBe(sheetKey('A101'));
    expect(sheetKey('E2.01')).toBe('E201');
  });
});
