/**
 * Text taken from a PDF often loses the space where one printed entry ends and the next begins: a
 * contents list then reads "DIVISION 2 EXISTING CONDITIONSSection 02 41 19 Selective Demolition",
 * "SummarySection 01 2000 …", "MASONRYNot Used", and its heading "TABLE OF CONTENTSPROJECT". The
 * entries are still the manual's list of its trades (issue #11).
 */
import { describe, expect, it } from 'vitest';
import { readContents, unglueEntries } from '../../src/core/scope/contents.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const glued = [
  'PROJECT MANUAL',
  'TABLE OF CONTENTSOWNER AGENCY',
  'DIVISION 1 GENERAL REQUIREMENTSSection 01 10 00 SummarySection 01 2000 Price and Payment ProceduresSection 01 3300 Submittal Procedures',
  'DIVISION 2 EXISTING CONDITIONSSection 02 41 19 Selective Demolition',
  'DIVISION 4 MASONRYNot Used',
  'DIVISION 5 METALSSection 05 50 00 Metal Fabrications',
  'DIVISION 9 FINISHESSection 09 29 00 Gypsum BoardSection 09 91 23 Interior Painting',
];

describe('contents whose entries are glued to the text before them', () => {
  it('puts the space back before an entry word that follows a letter, and nowhere else', () => {
    expect(unglueEntries('EXISTING CONDITIONSSection 02 41 19 Selective Demolition')).toBe('EXISTING CONDITIONS Section 02 41 19 Selective Demolition');
    expect(unglueEntries('MASONRYNot Used')).toBe('MASONRY Not Used');
    expect(unglueEntries('as required by Section 09 91 23 and DIVISION 26')).toBe('as required by Section 09 91 23 and DIVISION 26');
    expect(unglueEntries('SectionalDoors')).toBe('SectionalDoors');
  });

  it('reads every entry, titles without the next entry\'s word, and the division marked not used', () => {
    const c = readContents([{ page: 1, lines: glued }]);
    const sections = c.sections.get(1)!;
    expect([...sections.keys()]).toEqual(['01 10 00', '01 20 00', '01 33 00', '02 41 19', '05 50 00', '09 29 00', '09 91 23']);
    expect(sections.get('01 10 00')).toBe('Summary');
    expect(sections.get('09 29 00')).toBe('Gypsum Board');
    expect(c.absentDivisions.has('04')).toBe(true);
  });

  it('gives the listed trades and none of the division marked not used', () => {
    const trades = extractScopeFromText(buildDoc([{ text: glued.join('\n') }])).trades.map((t) => t.division);
    expect(trades).toEqual(['02', '05', '09']);
  });
});
