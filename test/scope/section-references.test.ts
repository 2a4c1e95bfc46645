/**
 * Spec sections found through the right door (issue #11): references to other sections never create a
 * trade; a single section — dual-numbered, with a heading run into a project header, or with no number
 * at all — is its own trade; a sentence that puts work into a section of the contract states that work.
 */
import { describe, expect, it } from 'vitest';
import { parseSectionHeading } from '../../src/core/pdf/sections.js';
import { runInSectionHeadings, unnumberedSectionWork } from '../../src/core/scope/section-headers.js';
import { sectionsAssignedWork } from '../../src/core/scope/section-references.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const scan = (lines: string[]) => extractScopeFromText(buildDoc([{ text: lines }])).trades;
const trades = (lines: string[]) => scan(lines).map((t) => t.division);

describe('references to other sections', () => {
  it('a related-work reference wrapped to a line start ("Section 08 14 00, WOOD DOORS.") is not a heading', () => {
    expect(parseSectionHeading('Section 08 14 00, WOOD DOORS.')).toBeNull();
    expect(parseSectionHeading('SECTION 08 14 00 - WOOD DOORS')).toEqual({ number: '08 14 00', title: 'WOOD DOORS' });
  });

  it('a single section citing other sections in its related work is only its own trade', () => {
    expect(trades([
      'SECTION 09 91 00',
      'PAINTING',
      'PART 1-GENERAL',
      '1.1 DESCRIPTION',
      'A. Section specifies field painting.',
      '1.2 RELATED WORK',
      'A. Contractor option: Prefinished flush doors with transparent finishes:',
      'Section 08 14 00, WOOD DOORS.',
      'B. Glazed wall surfacing: Section 09 96 59, HIGH-BUILD GLAZED COATINGS.',
      'C. Roof curbs and flashing: Section 07 62 00, SHEET METAL FLASHING AND TRIM.',
    ])).toEqual(['09']);
  });

  it('a capitalised section named after "under" / "see" in a sentence is a reference, the run-in heading before it is not', () => {
    const line = 'Community Center Remodeling Project No. 09-0012 October 8, 2009 SECTION 09900 - PAINTING PART 1 - GENERAL 1.2 APPLICATION 1. Paint for all new surfaces except as specified under SECTION 09963 - ELASTOMERIC COATINGS 2. Touch-up paint.';
    expect([...runInSectionHeadings([line]).keys()]).toEqual(['09900']);
  });

  it('a dual-numbered section (legacy number over current number, one title) is one section, not a project manual', () => {
    const section = [
      'SECTION 16010 BASIC ELECTRICAL REQUIREMENTS',
      'SECTION 260000 - BASIC ELECTRICAL REQUIREMENTS',
      'PART 1 - GENERAL',
      'A. This Section includes basic electrical materials and methods.',
      'B. Provide a complete integrated electrical system.',
    ];
    // As one section, its "rooftop HVAC units" and "plumbing fixtures" are other sections' work; a manual would not say so.
    const note = 'C. The rooftop HVAC units, exhaust fans, ductwork, and plumbing fixtures, water heaters and domestic water piping are shown for power connections.';
    expect(trades([...section, note])).toEqual(['26']);
  });
});

describe('work a sentence assigns to a section', () => {
  it('"… are part of work of Section 16000" is in-contract electrical work, even in a list of items by others', () => {
    const lines = [
      'SUMMARY OF WORK 1.01 WORK NOT INCLUDED IN CONTRACT',
      'A. Following items are provided under separate contracts by others, and are indicated as N.I.C. (Not in Contract).',
      '1. Telephone equipment only. (Conduit and pull wires necessary for installation are part of work of Section 16000).',
      '2. Security safe. 3. Carpet and installation.',
    ];
    expect(trades(lines)).toEqual(['26']);
    expect(scan(lines)[0]!.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('reads the statement in a flattened transcript and in the current numbering, never when negated', () => {
    expect(sectionsAssignedWork('(Conduit, cables and other devices part of work ofSection 16000).').map((a) => a.number)).toEqual(['16000']);
    expect(sectionsAssignedWork('Firestopping is part of the Work of Section 07 84 00.').map((a) => a.number)).toEqual(['07 84 00']);
    expect(sectionsAssignedWork('Seismic bracing is not part of the work of Section 23 05 48.')).toEqual([]);
    expect(sectionsAssignedWork('Coordinate with the work of Section 26 05 00.')).toEqual([]);
  });

  it('a list of items by others with no such statement creates no trade', () => {
    expect(trades([
      'SUMMARY OF WORK 1.01 WORK NOT INCLUDED IN CONTRACT',
      'A. Following items are provided under separate contracts by others, and are indicated as N.I.C.',
      '1. Telephone equipment. 2. Sound system equipment. 3. Security safe. 4. Carpet and installation.',
    ])).toEqual([]);
  });
});

describe('a spec section without a number', () => {
  const section = [
    'SECTION PROTECTIVE COATINGS.',
    '1 SECTION PART 1 - GENERAL 1.01 DESCRIPTION Painting and coating shall include all materials, labor, tools and equipment required for the application of all coatings as specified herein.',
    'A. Equipment which requires coating includes ferrous metals, piping and supports.',
  ];

  it('names its work in its heading and its description', () => {
    expect(unnumberedSectionWork(section)).toEqual(['PROTECTIVE COATINGS', 'Painting and coating']);
  });

  it('is its own trade, pre-selected', () => {
    const out = scan(section);
    expect(out.map((t) => t.division)).toEqual(['09']);
    expect(out[0]!.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('needs the spec form: a letter with "SECTION" in capitals and no PART 1 names nothing', () => {
    expect(unnumberedSectionWork(['SECTION PROTECTIVE COATINGS.', 'Dear bidder, the painting scope includes coatings.'])).toEqual([]);
  });
});

describe('the extent of a list of excluded work', () => {
  it('a numbered drawing note that excludes a list ends at the next numbered note: that note\'s work counts', () => {
    expect(trades([
      'KEYED NOTES',
      '1. THE FOLLOWING ITEMS ARE BY OTHERS (N.I.C.): - TELEPHONE EQUIPMENT - CARPET',
      '2. PROVIDE NEW ROOFTOP UNIT RTU-1 WITH NEW SUPPLY AND RETURN DUCTWORK, CONNECT TO EXISTING DUCT MAINS.',
    ])).toEqual(['23']);
  });
});
