/**
 * The trades a document's change list or bill summary states (issue #11), end to end through the text
 * extractor: an addendum's sections by title or any number form are confident trades, a revised sheet is a
 * possible one, and a BoQ summary's bill titles are its work sections (a building-only bill: possible trades).
 */
import { describe, expect, it } from 'vitest';
import { isPossibleTrade } from '../../src/core/scope/confidence.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const scan = (pages: string[][]) => extractScopeFromText(buildDoc(pages.map((text) => ({ text })))).trades;
const found = (pages: string[][]) => Object.fromEntries(scan(pages).map((t) => [t.division, isPossibleTrade(t.confidence) ? 'possible' : 'confident']));

describe('an addendum’s change list', () => {
  it('sections named by title alone are the trades they belong to', () => {
    expect(found([[
      'DOCUMENT ADDENDA No',
      'This serves to clarify, revise, and supersede information in the Project Manual and Drawings.',
      '1.4 REVISIONS TO PROJECT MANUAL',
      'A. BUILDING INSULATION 1. ADD; Section Building Insulation in its entirety, copy enclosed this addendum.',
      'B. GYPSUM BOARD 1. ADD; Section Gypsum Board in its entirety, copy enclosed this addendum.',
      'D. GENERAL MECHANICAL PROVISIONS 1. ADD; Section General Mechanical Provisions, copy enclosed.',
    ]])).toEqual({ '07': 'confident', '09': 'confident', '23': 'confident' });
  });

  it('a "Changes to Specifications" list in the NN NNNN form names each section’s trade, verb or not', () => {
    expect(found([[
      'ADDENDUM NO. 1',
      '4. Changes to Specifications:',
      'a. Section 07 5419 - Vapor retarder and recovery board shall be fastened mechanically.',
      'b. Section 09 5113 Type One acceptable products.',
      '5. Changes to Drawings: a. None',
    ]])).toEqual({ '07': 'confident', '09': 'confident' });
  });

  it('a drawing it reissues touches the work its title draws, as a possible trade', () => {
    expect(found([[
      'Addendum No. 2',
      'The attached drawings are updated and included as Addendum No. 2:',
      'o A201 "Partial South Elevation"',
      'o C700 "Utility Details"',
    ]])).toEqual({ '33': 'possible' });
    // Without the addendum, the same list is no change.
    expect(found([['DRAWING LIST', 'o A201 "Partial South Elevation"', 'o C700 "Utility Details"']])).toEqual({});
  });
});

describe('a bill of quantities’ summary', () => {
  const summary = [
    'Bill of Quantities/Schedules of Prices',
    'GRAND SUMMARY',
    'BILL ITEM BOQ NUMBER Amount',
    '1 PRELIMINARIES',
    '2 PROVISIONAL SUMS',
    '3 SALE YARD OFFICES',
    '4 TOILET STRUCTURE',
    '5 ELECTRICALS -OFFICE',
    '6 YARD FENCING',
    'TOTAL',
    'BILL NO.01 PRELIMINARIES AND GENERALS',
    'A. Provide water for the works ITEM 1 -',
    'B. Provide sign board for the work ITEM 2 50,000.00',
  ];

  it('maps each bill title, and a building-only bill to the building trades as possible ones', () => {
    expect(found([summary])).toEqual({ '03': 'possible', '04': 'possible', '07': 'possible', '08': 'possible', '09': 'possible', '26': 'confident', '32': 'confident' });
  });

  it('gives no building trades where a bill names a building trade itself', () => {
    const withMasonry = summary.map((l) => (l === '2 PROVISIONAL SUMS' ? '2 MASONRY' : l));
    expect(Object.keys(found([withMasonry])).sort()).toEqual(['04', '26', '32']);
  });
});
