/**
 * Bill and schedule-of-prices indexes (issue #11): East-African, Commonwealth and South-East-Asian
 * forms of a bill's work sections, read by name (bill and section numbers are positions, never divisions).
 */
import { describe, expect, it } from 'vitest';
import { runOnWorkSections, workSectionDivision } from '../../src/core/scope/work-sections.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const divisions = (text: string) => extractScopeFromText(buildDoc([{ text }])).trades.map((t) => t.division);

describe('bill index entries', () => {
  it.each([
    ['SECTION 05 : SANITARY, PLUMBING & DRAINAGE Bill 3/S5/47-53', '22'],
    ['4. BILL NO. 4: ELECTRICAL INSTALLATIONS:', '26'],
    ['Section 3 - Site Works', '32'],
    ['SECTION 07 : ROOFING ..........……… Bill 2/S7/59', '07'],
    ['Section No. 3 Piling Works (Provisional)', '31'],
  ])('%s is %s', (line, division) => {
    expect(workSectionDivision(line)).toBe(division);
  });

  it.each(['SECTION 10 : MARKET BLOCK Bill 4/S10/69-73', 'SECTION 05 : GENERAL', '1. PRELIMINARIES ……...... Bill 1/1-23'])('%s names no trade', (line) => {
    expect(workSectionDivision(line)).toBeNull();
  });

  it('a contents line running several sections together is read entry by entry', () => {
    const line = 'Schedule of Prices Section No. 1 - Preliminaries Section No. 2 Piling Works (Provisional) Section No. 3 Main Block Section No. 4 External Works 12 pages';
    expect(runOnWorkSections(line).map((r) => r.division)).toEqual(['31', '32']);
    expect(runOnWorkSections('Section No. 2 Piling Works')).toEqual([]);
  });

  it('a group heading over trade sections is read through its sections', () => {
    const index = [
      'BILLS OF QUANTITIES',
      'INDEX',
      '1. PRELIMINARIES ........ Bill 1/1-23',
      '2. BILL NO. 2: BUILDERS WORKS:',
      'SECTION 01 : MARKET BLOCK Bill 2/S1/1-19',
      '3. BILL NO. 3: MECHANICAL INSTALLATIONS:',
      'SECTION 05 : SANITARY, PLUMBING & DRAINAGE Bill 3/S5/47-53',
      '4. BILL NO. 4: ELECTRICAL INSTALLATIONS:',
      'SECTION 10 : MARKET BLOCK Bill 4/S10/69-73',
    ].join('\n');
    expect(divisions(index)).toEqual(['22', '26']);
  });

  it('a tender\'s schedule-of-prices contents gives its work sections', () => {
    const contents = [
      'TENDER DOCUMENT CONTENTS',
      'Instructions to Tenderers Form of Tender Conditions of Contract',
      'Schedule of Prices Section No. 1 - Preliminaries Section No. 2 Piling Works (Provisional) Section',
      'No. 3 New Block Section No. 4 External Works 17 pages S1/1 S1/66',
    ].join('\n');
    expect(divisions(contents)).toEqual(['31', '32']);
  });
});
