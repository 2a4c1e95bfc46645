/**
 * The rules under the spec-section matrix, one general statement each (issue #11): how a heading line is
 * read (dotted and dual numbers, a title on the next line, a related-sections entry that is not a
 * heading), and how a document's pages agree on one section (aliases, titles carried to footers,
 * cross-reference articles).
 */
import { describe, expect, it } from 'vitest';
import { parseSectionFooter, parseSectionHeading } from '../../src/core/pdf/sections.js';
import { pageSections, tradeSectionsOf } from '../../src/core/scope/section-pages.js';
import { readContents } from '../../src/core/scope/contents.js';
import { buildDoc } from './doc-builder.js';

const sectionsOf = (pages: string[][]) => {
  const doc = buildDoc(pages.map((text) => ({ text })));
  return pageSections(doc, readContents(doc.pages));
};

describe('a spec section heading line', () => {
  it('reads a dotted number after the keyword, but not a dotted date as a footer', () => {
    expect(parseSectionHeading('SECTION 26.05.19 - LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS')).toEqual({ number: '26 05 19', title: 'LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS' });
    expect(parseSectionHeading('SECTION 26.24.16.13 PANELBOARDS')?.number).toBe('26 24 16.13');
    expect(parseSectionFooter('Issued 12.05.19 - 3')).toBeNull();
    expect(parseSectionFooter('26 05 19 - 3')).toBe('26 05 19');
  });

  it('dual numbering: the current number governs and the other is its alias, bracketed or in parentheses', () => {
    expect(parseSectionHeading('SECTION 26 24 16 (16442) PANELBOARDS')).toEqual({ number: '26 24 16', title: 'PANELBOARDS', alias: '16442' });
    expect(parseSectionHeading('SECTION [16442] [26 24 16]', 'PANELBOARDS')).toEqual({ number: '26 24 16', title: 'PANELBOARDS', alias: '16442' });
    expect(parseSectionHeading('SECTION 15000 (22 05 00) BASIC PLUMBING REQUIREMENTS')).toEqual({ number: '22 05 00', title: 'BASIC PLUMBING REQUIREMENTS', alias: '15000' });
    // A single number has no alias.
    expect(parseSectionHeading('SECTION 16442 - PANELBOARDS')).toEqual({ number: '16442', title: 'PANELBOARDS' });
  });

  it('takes an all-caps title from the next line, never an article or a part', () => {
    expect(parseSectionHeading('SECTION 21 13 13', 'WET-PIPE SPRINKLER SYSTEMS')?.title).toBe('WET-PIPE SPRINKLER SYSTEMS');
    expect(parseSectionHeading('SECTION 21 13 13', '1.01 SUMMARY')?.title).toBeUndefined();
    expect(parseSectionHeading('SECTION 21 13 13', 'A. SECTION INCLUDES')?.title).toBeUndefined();
    expect(parseSectionHeading('SECTION 21 13 13', 'PART 1 - GENERAL')?.title).toBeUndefined();
  });

  it('a Title Case entry ending in a period is a related-sections line, not a heading', () => {
    expect(parseSectionHeading('Section 07 84 00 - Firestopping.')).toBeNull();
    expect(parseSectionHeading('Section 09 91 23 - Interior Painting')).toEqual({ number: '09 91 23', title: 'Interior Painting' });
    expect(parseSectionHeading('SECTION 09 91 23 - INTERIOR PAINTING.')?.number).toBe('09 91 23');
  });
});

describe('the sections of a document, page by page', () => {
  it('section lines under a related-sections article are cross-references until the next article', () => {
    const map = sectionsOf([
      ['SECTION 26 05 19 - CONDUCTORS AND CABLES', 'PART 1 GENERAL', '1.2 RELATED WORK', 'Section 07 84 00 - Firestopping', 'SECTION 09 91 23 - PAINTING', '1.3 SUBMITTALS', 'A. Product data.'],
      ['B. WORK SPECIFIED ELSEWHERE', 'Section 03 30 00 - Cast-in-Place Concrete', 'C. QUALITY ASSURANCE', 'SECTION 26 05 26 - GROUNDING', 'PART 1 GENERAL'],
    ]);
    expect(map.get(1)!.own.map((o) => o.number)).toEqual(['26 05 19']);
    // The list ends at the next article: a real heading after it is read again.
    expect(map.get(2)!.own.map((o) => o.number)).toEqual(['26 05 26']);
  });

  it('a section printed under two numbers is one section; its footers take the heading’s title', () => {
    const map = sectionsOf([
      ['SECTION 26 24 16 (16442) PANELBOARDS', 'PART 1 GENERAL', 'PANELBOARDS 16442 - 1'],
      ['PART 2 PRODUCTS', 'PANELBOARDS 16442 - 2'],
    ]);
    expect(map.get(2)!.own).toEqual([{ number: '26 24 16', title: 'PANELBOARDS', divisions: ['26'] }]);
    expect([...tradeSectionsOf(map).tradeSections]).toEqual(['PANELBOARDS']);
  });

  it('an untitled legacy footer takes the heading’s title, so the title decides its division on every page', () => {
    const map = sectionsOf([
      ['SECTION 15900 - BUILDING AUTOMATION SYSTEM', 'PART 1 GENERAL', '15900 - 1'],
      ['PART 2 PRODUCTS', '15900 - 2'],
    ]);
    expect(map.get(2)!.own[0]!.divisions).toEqual(['25']);
    expect([...tradeSectionsOf(map).tradeDivisions]).toEqual(['25']);
  });
});

describe('UK NBS work sections', () => {
  it('a code maps to a division only when its title names a trade of its group', async () => {
    const { divisionsOfSection } = await import('../../src/core/scope/section-division.js');
    expect(divisionsOfSection('M60', 'PAINTING/CLEAR FINISHING')).toEqual(['09']);
    expect(divisionsOfSection('V21', 'General lighting and power')).toEqual(['26']);
    expect(divisionsOfSection('M60')).toEqual([]);
    expect(divisionsOfSection('M20', 'BOLTS')).toEqual([]);
  });

  it('headings count only in a document written in NBS form (numbered clauses or the NBS preamble)', () => {
    const nbs = sectionsOf([['M60 PAINTING/CLEAR FINISHING', 'To be read with Preliminaries/ General conditions.', '110 EMULSION PAINT']]);
    expect(nbs.get(1)!.own).toEqual([{ number: 'M60', title: 'PAINTING/CLEAR FINISHING', divisions: ['09'] }]);
    expect(sectionsOf([['M60 PAINTING/CLEAR FINISHING', 'Room finishes to be agreed on site.']]).get(1)!.own).toEqual([]);
  });
});

describe('page counts beside a section number', () => {
  it('"Interior Painting 09 91 23 Page 3 of 8" is a footer of 09 91 23; a project or job number before "Page" is not', () => {
    expect(parseSectionFooter('Interior Painting 09 91 23 Page 3 of 8')).toBe('09 91 23');
    expect(parseSectionFooter('26 0519 - Page 2')).toBe('26 05 19');
    expect(parseSectionFooter('Project No. 23 05 12 Page 2 of 9')).toBeNull();
    expect(parseSectionFooter('Job # 26 0519 - Page 1')).toBeNull();
    // Unspaced numbers before "Page" are as often project numbers.
    expect(parseSectionFooter('Riverside Clinic 230512 Page 2 of 9')).toBeNull();
  });

  it('a running header’s page count is not part of the section title', () => {
    expect(parseSectionHeading('Section 26 05 21 WIRES AND CABLES (0-1000 V) Page 1 of 5')).toEqual({ number: '26 05 21', title: 'WIRES AND CABLES (0-1000 V)' });
  });
});

describe('a related-sections list that never ends', () => {
  it('ends after a list’s length, so a later section heading is read', () => {
    const long = Array.from({ length: 40 }, (_, i) => `Work of the project described in paragraph ${i + 1}.`);
    const map = sectionsOf([['SECTION 26 05 19 - CONDUCTORS AND CABLES', 'RELATED SECTIONS', 'Section 07 84 00 - Firestopping', ...long, 'SECTION 26 05 26 - GROUNDING AND BONDING', 'PART 1 GENERAL']]);
    expect(map.get(1)!.own.map((o) => o.number)).toEqual(['26 05 19', '26 05 26']);
  });
});

describe('headings in other printed forms', () => {
  it('"Section #09 91 23", "SECTION NO. 26 05 19": a number sign or "No." after the keyword', () => {
    expect(parseSectionHeading('Section #09 91 23 - Interior Painting')).toEqual({ number: '09 91 23', title: 'Interior Painting' });
    expect(parseSectionHeading('SECTION NO. 26 05 19 CONDUCTORS')).toEqual({ number: '26 05 19', title: 'CONDUCTORS' });
  });

  it('a flattened page titles its footer’s number from the heading run into its text', () => {
    const map = sectionsOf([
      ['SECTION 15900 - BUILDING AUTOMATION SYSTEM PART 1 - GENERAL 1.01 SUMMARY A. Provide a direct digital control system. 15900 - 1'],
      ['PART 2 - PRODUCTS A. Controllers. 15900 - 2'],
    ]);
    expect(map.get(2)!.own).toEqual([{ number: '15900', title: 'BUILDING AUTOMATION SYSTEM', divisions: ['25'] }]);
  });
});
