/**
 * What an addendum's changes touch (issue #11): the sections it changes, named by number in every printed
 * form or by title alone, and the drawings it revises — never a section named in passing or deleted outright.
 */
import { describe, expect, it } from 'vitest';
import { changedSections, changedSheets } from '../../src/core/scope/addendum-changes.js';
import { classifyDocument } from '../../src/core/scope/doc-type.js';
import { buildDoc } from './doc-builder.js';

const sections = (lines: string[]) => changedSections(lines).map((s) => `${s.key}:${s.divisions.join('/')}`);
const sheets = (lines: string[]) => changedSheets(lines).map((s) => `${s.sheet}:${s.division}:${s.byDiscipline ? (s.strength >= 0.7 ? 'sheet' : 'clue') : 'title'}`);

describe('sections an addendum changes', () => {
  it('reads every printed number form at the head of a change item, whatever its verb', () => {
    expect(sections([
      '4. Changes to Specifications:',
      'a. Section 07 5419 - Vapor retarder and recovery board shall be fastened mechanically.',
      'b. Section 075419 – TPO Roofing: membrane color is white.',
      'c. Section 26-05-19 conductors: copper only.',
      'd. Spec Section 09 51 16 Acoustical Tile Ceilings.',
      'e. Specification 23 05 00, paragraph 2.3.A, is revised to read as follows.',
      'f. Section 22 11 16.13 Domestic water piping specialties.',
      'Item No. 7 – Section 31 23 33 Trenching and Backfilling.',
    ])).toEqual(['07 54 19:07', '07 54 19:07', '26 05 19:26', '09 51 16:09', '23 05 00:23', '22 11 16.13:22', '31 23 33:31']);
  });

  it('reads a flattened change list, one item running into the next', () => {
    const line = '4. Changes to Specifications: a. Section 07 5419 - Vapor retarder shall be fastened mechanically. b. Section 09 5113 Type One acceptable products. c. Add attached Section 09 5116 - Acoustical Tile Ceilings 5. Changes to Drawings: a. None';
    expect(sections([line])).toEqual(['07 54 19:07', '09 51 13:09', '09 51 16:09']);
  });

  it('names a section by title alone after "Section", and a bare number with a known title at an item’s head', () => {
    expect(sections(['1.4 REVISIONS TO PROJECT MANUAL A BUILDING INSULATION 1. ADD; Section Building Insulation in its entirety, copy enclosed. B GENERAL MECHANICAL PROVISIONS 1. ADD; Section General Mechanical Provisions in its entirety.'])).toEqual(['building insulation:07', 'general mechanical provisions:23']);
    expect(sections(['The attached specifications are updated:', 'o 092216 Non-Structural Metal Framing (New specification section)', 'o 033000 Cast-in-Place Concrete'])).toEqual(['09 22 16:09', '03 30 00:03']);
  });

  it('a change item headed by a section title alone ("Gypsum Board: revise …") changes that section; a question does not', () => {
    expect(sections(['REVISIONS TO PROJECT MANUAL', '1. Gypsum Board: revise paragraph 2.1.A to read "5/8-inch Type X".', '2. Unit Masonry, paragraph 2.3: delete "integral water repellent".'])).toEqual(['gypsum board:09', 'unit masonry:04']);
    expect(sections(['1. Roofing: is the existing roof to be replaced?', '2. Painting: the Owner will select colors.'])).toEqual([]);
  });

  it('a section deleted outright, a section named in passing and a number whose title disagrees are not changes', () => {
    expect(sections(['D. PERFORMANCE COATINGS 1. DELETE; Section Performance Coatings in its entirety.'])).toEqual([]);
    expect(sections(['1. Delete Section 09 96 00 and replace with the attached Section 09 96 00.'])).toEqual(['09 96 00:09', '09 96 00:09']);
    expect(sections(['Bidders are reminded that Section 03 30 00 governs concrete testing.'])).toEqual([]);
    expect(sections(['3. Alternates are described in the bid form and as specified in', 'Section 01 23 00 Alternates.'])).toEqual([]);
    expect(sections(['o 260519 Cast-in-Place Concrete', 'o 120 Gypsum Board'])).toEqual([]);
    // A drawing's section view is no spec section, nor is a title word in prose.
    expect(sections(['2. Revise Wall Section Flashing detail at the parapet.'])).toEqual([]);
    expect(sections(['a. The gypsum board at the corridor shall be Type X.'])).toEqual([]);
  });
});

describe('drawings an addendum revises', () => {
  it('a strong designator speaks for its discipline; a civil sheet for the work its title draws', () => {
    expect(sheets(['ITEM 1 - Sheet M-201: revise the duct size.', 'ITEM 2 - Replace drawing E-201 Lighting Plan.'])).toEqual(['M-201:23:sheet', 'E-201:26:sheet']);
    expect(sheets(['a. Revise Sheet C700 Utility Details: inlet pipe shall be 8-inch.'])).toEqual(['C700:33:title']);
    expect(sheets(['1. Sheets E-201, E-202 and P-101: revised per attached.'])).toEqual(['E-201:26:sheet', 'E-202:26:sheet', 'P-101:22:sheet']);
    expect(sheets(['REVISED DRAWINGS: FP-101, FA-1'])).toEqual(['FP-101:21:sheet', 'FA-1:28:sheet']);
    expect(sheets(['The attached drawings are updated:', 'o C700 "Utility Details"', 'o C300 "Grading and Erosion Control Plan"', 'o P-101 Plumbing Plan'])).toEqual(['C700:33:title', 'C300:31:title', 'P-101:22:sheet']);
  });

  it('an architectural or civil sheet whose title names no work is at most a clue, and a bare code without a title touches nothing', () => {
    expect(sheets(['o A201 "Partial South Elevation"', 'o C100 "Existing Conditions Survey"', 'Room A104 is renamed.'])).toEqual(['C100:31:clue', 'C100:33:clue']);
    expect(sheets(['6. On Drawing S3.0: footing width shall be 2 feet.'])).toEqual(['S3.0:03:clue', 'S3.0:05:clue']);
    expect(sheets(['o A201', 'o E101'])).toEqual([]);
  });
});

describe('an addendum without its number', () => {
  const noSections = { tradeSections: new Set<string>(), tradeDivisions: new Set<string>() };
  const type = (lines: string[]) => classifyDocument(buildDoc([{ text: lines }]), noSections).type;

  it('"DOCUMENT ADDENDA" that says it revises the project manual is an addendum', () => {
    expect(type(['DOCUMENT ADDENDA No', 'NOTICE TO BIDDERS', 'This serves to clarify, revise, and supersede information in the Project Manual, Drawings, and previously issued Addenda.'])).toBe('addendum');
    expect(type(['ADDENDUM', 'This Addendum modifies the Bidding Documents as noted below.'])).toBe('addendum');
  });

  it('an invitation that mentions addenda stays an invitation', () => {
    expect(type(['INVITATION FOR BIDS', 'The Owner may issue addenda to clarify or modify the bidding documents.', 'Bidders shall acknowledge all addenda.'])).toBe('solicitation');
  });
});

describe('a list of sections an addendum announces', () => {
  it('each bare number under "The following … Sections are hereby added / replaced" is a changed section, even with its title glued on', () => {
    expect(sections([
      'The following CSI Sections are hereby added to the Contract:',
      '064020 - ARCHITECTURAL CABINET WOODWORK',
      '096519 - RESILIENT TILE FLOORING',
      'The following CSI Sections are hereby deleted in their entirety and replaced with the attached like-named',
      'CSI Sections:',
      '087100-DOORHARDWARE',
      'CONTRACT ITEMS',
      '123456 - NOT A LISTED SECTION',
    ])).toEqual(['09 65 19:09', '06 40 20:06', '08 71 00:08']);
  });

  it('a list the addendum deletes without replacing is no longer work', () => {
    expect(sections(['The following specification sections are hereby deleted in their entirety:', '087100 - DOOR HARDWARE', '113100 - RESIDENTIAL APPLIANCES'])).toEqual([]);
  });
});
