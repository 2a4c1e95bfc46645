/**
 * Document types and bill work sections in the forms real documents print them (issue #11): bills
 * under other names and measurement standards, untitled item tables, spec sections whose heading is
 * not at a line start.
 */
import { describe, expect, it } from 'vitest';
import { classifyDocument } from '../../src/core/scope/doc-type.js';
import { runInSectionHeadings } from '../../src/core/scope/section-headers.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { itemAbbreviations, workSectionDivision } from '../../src/core/scope/work-sections.js';
import { buildDoc } from './doc-builder.js';

const noSections = { tradeSections: new Set<string>(), tradeDivisions: new Set<string>() };
const trades = (pages: Array<string[]>) => extractScopeFromText(buildDoc(pages.map((text) => ({ text })))).trades.map((t) => t.division);

describe('bills under other names', () => {
  it('reads a schedule of prices whose summary lists coded trade sections', () => {
    const summary = ['Schedule of Prices Summary', 'Item Description Total', 'T03 Demolition', 'T04 Groundworks', 'T11 Tanking and Waterproof Membranes', 'T12 Masonry', 'T32 Hydraulics', 'T34 Electrical Installations', 'T36 Transportation Services', 'T38 Fire Protection', 'Page 1'];
    expect(classifyDocument(buildDoc([{ text: summary }]), noSections).type).toBe('bill-of-quantities');
    expect(trades([summary])).toEqual(['02', '04', '07', '14', '21', '22', '26', '31']);
  });

  it('names element totals of bills from other measurement standards', () => {
    expect(workSectionDivision('3.00 WALLING')).toBe('04');
    expect(workSectionDivision('6.00 FINISHINGS')).toBe('09');
    expect(workSectionDivision('7.00 LIGHTENING PROTECTION AND ELECTRICAL')).toBe('26');
    expect(workSectionDivision('LIGHTNING PROTECTION AND ELECTRICAL')).toBe('26');
    expect(workSectionDivision('2.0 Total for Earth Works and Substructure inc slab -')).toBe('31');
    expect(workSectionDivision('5.0 Total for Finishing -')).toBe('09');
    expect(workSectionDivision('T26 Applied Finishes, Render and Textured Finishes')).toBe('09');
    expect(workSectionDivision('1.00 SUBSTRUCTURE (All Provisional)')).toBeNull();
    // A sentence is not a heading.
    expect(workSectionDivision('Walling shall be built plumb and true to line')).toBeNull();
  });

  it('takes a bill whose title stands on one page of two', () => {
    const doc = buildDoc([
      { text: ['BILLS OF QUANTITIES', 'Item Description Unit Qty Rate Amount', '1.01 Excavate oversite 240 m2', '1.02 Blinding concrete 12 m3', 'Carried to collection'] },
      { text: ['1.03 Hardcore filling 30 m3', '1.04 Damp proof membrane 200 m2'] },
    ]);
    expect(classifyDocument(doc, noSections).type).toBe('bill-of-quantities');
  });

  it('measures a quantity in dotted US units as in plain ones; days in its terms are no quantity', () => {
    const dotted = ['SCHEDULE OF PRICES', 'Cold milling 2,220.0 S.Y.', 'Curb and gutter 300.0 L.F.', 'Tack coat 666.0 GAL.', 'Traffic control 1.0 LUMP SUM'];
    expect(classifyDocument(buildDoc([{ text: dotted }]), noSections).type).toBe('bill-of-quantities');
    const terms = ['SCHEDULE OF PRICES', 'Prices shall be held for 60 days.', 'The work shall be complete within 90 days.', 'Payment is due within 30 days.'];
    expect(classifyDocument(buildDoc([{ text: terms }]), noSections).type).not.toBe('bill-of-quantities');
  });

  it('reads an untitled numbered item table as a bill, with its items\u2019 abbreviations', () => {
    const rows = ['| 1 | Earthwork excavation in foundation in hard soil |', '| 2 | Brickwork in foundation and plinth in CM (1:6) |', '| 3 | 12mm thick CP (1:6) over outside surface of brick work |', '| 4 | 6mm thick CP (1:4) over RCC works for ceiling |', '| 5 | Filling in plinth with sand |'];
    expect(classifyDocument(buildDoc([{ text: rows }]), noSections).type).toBe('bill-of-quantities');
    expect(itemAbbreviations('20mm thick CP (1:4) as graded plaster').map((a) => a.division)).toEqual(['09']);
    expect(itemAbbreviations('CPU replacement at the CP station')).toEqual([]);
    expect(trades([rows])).toContain('09');
  });
});

describe('spec sections whose heading is not at a line start', () => {
  it('reads a running header, a heading after a contents block and dual numbering', () => {
    expect([...runInSectionHeadings(['COMMUNITY CENTRE CONCRETE FORMING AND ACCESSORIES Section 03 10 00', 'GYMNASIUM ADDITION Page 1 of 4 Part 1 General'])]).toEqual([['03 10 00', undefined]]);
    expect([...runInSectionHeadings(['CONTENTS 15400 General Provisions 1 TC 1/1 Division 15A Plumbing SECTION 15400 - GENERAL PROVISIONS SECTION INDEX 1.0'])].map(([n]) => n)).toEqual(['15400']);
    expect([...runInSectionHeadings(['District Project No.: SECTION 15000 (22 05', '00) BASIC PLUMBING REQUIREMENTS PART 1 GENERAL'])]).toEqual([['22 05 00', 'BASIC PLUMBING REQUIREMENTS']]);
    // A cross-reference in prose is not a heading.
    expect([...runInSectionHeadings(['.1 Section 03 20 00 – Concrete Reinforcing. .2 Section 03 30 00 – Cast-in-Place Concrete.'])]).toEqual([]);
  });

  it('keeps a spec section with a scope-of-work article to its own division', () => {
    const page = ['School District Project No.: SECTION 15000 (22 05 00) BASIC PLUMBING REQUIREMENTS PART 1 GENERAL', '1.2 SCOPE OF WORK A. The work of this Section shall include plumbing systems and fixtures.', '1. All labor for the fabrication, installation, painting and other finishes, start-up and tests shall be included.'];
    expect(trades([page])).toEqual(['22']);
  });
});
