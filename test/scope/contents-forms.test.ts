/**
 * Tables of contents in the shapes real project manuals print them (issue #11): below a cover block,
 * entries run together on one line, division headings followed by section titles without numbers,
 * "Not Used" divisions, continued on the next page, behind a running "Addendum" header.
 */
import { describe, expect, it } from 'vitest';
import { readContents } from '../../src/core/scope/contents.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const trades = (pages: Array<string[]>) => extractScopeFromText(buildDoc(pages.map((text) => ({ text })))).trades.map((t) => t.division);
const cover = Array.from({ length: 16 }, (_, i) => (i % 2 ? `COUNTY SCHOOL DISTRICT BUILDING ${i}` : `${100 + i} MAIN STREET, SOMETOWN`));

describe('table of contents', () => {
  it('reads entries below a cover block, with a division marked Not Used on the next page, behind an addendum header', () => {
    const pages = [
      ['Addendum # 1 March 3, 2024 PROJECT MANUAL', ...cover, 'Addendum # 1 March 3, 2024 TABLE OF CONTENTS', 'DIVISION 02 – EXISTING CONDITIONS', '02 41 19 Selective Demolition', 'DIVISION 04 – MASONRY'],
      ['Not Used', 'DIVISION 08 - OPENINGS', '08 11 13 Hollow Metal Doors and Frames 08 71 00 Door Hardware', 'DIVISION 09 - FINISHES', '09 29 00 Gypsum Board', 'DIVISION 11 – EQUIPMENT', 'Not Used'],
    ];
    expect(trades(pages)).toEqual(['02', '08', '09']);
  });

  it('reads entries run together on one line, page counts between them not taken for section numbers', () => {
    const c = readContents([{ page: 1, lines: ['TABLE OF CONTENTS Page 1', 'SPECIFICATION SECTION PAGES', 'DIVISION 01 - GENERAL REQUIREMENTS 01 11 55 General Instructions 10 01 14 00 Work Restrictions 4 01 31 00 Management 3', 'DIVISION 26 - ELECTRICAL 26 05 00 Common Work Results for Electrical 6 26 05 21 Wires and Cables 4'] }]);
    expect([...c.sections.get(1)!.keys()]).toEqual(['01 11 55', '01 14 00', '01 31 00', '26 05 00', '26 05 21']);
    expect(c.divisions.map((d) => d.division)).toEqual(['01', '26']);
  });

  it('reads division headings followed by section titles without numbers', () => {
    const line = 'TABLE OF CONTENTS DIVISION 01 GENERAL REQUIREMENTS Summary Submittal Procedures DIVISION 02 EXISTING CONDITIONS Selective Demolition DIVISION 03 Concrete Cast-In-Place Concrete DIVISION 7 THERMAL AND MOISTURE PROTECTION FIRESTOPPING DIVISION 10 SPECIALTIES Walkway Covers END OF TABLE OF CONTENTS';
    expect(trades([['PROJECT MANUAL', 'OFFICE RENOVATION', line]])).toEqual(['02', '03', '07', '10']);
  });

  it('is not a contents without three entries, and stops where spec text begins', () => {
    expect(readContents([{ page: 1, lines: ['Table of contents: see DIVISION 26 for wiring.'] }]).divisions).toEqual([]);
    const c = readContents([
      { page: 1, lines: ['TABLE OF CONTENTS', '03 30 00 Cast-in-Place Concrete', '05 12 00 Structural Steel', '09 91 23 Interior Painting'] },
      { page: 2, lines: ['SECTION 03 30 00', 'PART 1 - GENERAL', 'Refer to 31 23 00 Excavation and Fill for subgrade.'] },
    ]);
    expect([...c.sections.keys()]).toEqual([1]);
  });

  it('reads a contents of section titles and pages only, the trade named as a title or as its tradesman', () => {
    const c = readContents([{ page: 1, lines: ['TABLE OF CONTENTS', 'PRELIMINARY 1', 'DEMOLITION 9', 'CARPENTRY AND JOINERY 39', 'PLUMBER 47', 'Painter ........ 50', 'APPENDICES 78'] }]);
    expect(c.divisions.map((d) => d.division)).toEqual(['02', '06', '22', '09']);
  });

  it('two titled lines are a cross-reference, not a contents; lines that are no section title make nothing', () => {
    expect(readContents([{ page: 1, lines: ['CONTENTS', 'Plumber 4', 'Painter 5', 'Instructions to Tenderers 7'] }]).divisions).toEqual([]);
    expect(readContents([{ page: 1, lines: ['CONTENTS', 'Notice Inviting Tender 7', 'Integrity Pact 29', 'Schedule of Quantity 85', 'Annexure 90'] }]).divisions).toEqual([]);
  });
});
