/**
 * A bill of quantities' preamble notes name the work it measures ("All excavations in this BoQ have been
 * measured net"), and an elemental bill titles its element on the line under "ELEMENT NO. 1" (issue #11,
 * round 12). Both are the bill's own words for its trades, though no priced line: possible, not pre-selected.
 */
import { describe, expect, it } from 'vitest';
import { billNoteWorks, elementTitleWork } from '../../src/core/scope/bill-notes.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const noted = (text: string) => billNoteWorks(text).map((n) => n.division);

describe("a bill's preamble notes", () => {
  it.each([
    ['All excavations in this BoQ have been measured net and no allowance has been made for working space.', ['31']],
    ['All reinforcement in these Bills of Quantities shall be to the standard stated.', ['03']],
    ['The blockwork in this section is measured from the top of the foundation.', ['04']],
    ['4 All Reinforcement in these Bills of Quantities\nshall be high yield ribbed bars', ['03']],
    ['All excavations in this BoQ have been measured net.', ['31']],
    ['All reinforcement in these Bills of Quantities shall be to the stated standard.', ['03']],
  ])('the subject measured in the bill is its work: %s', (note, expected) => {
    expect(noted(note)).toEqual(expected);
  });

  it.each([
    'All items in this Bill shall be priced inclusive of taxes.',
    'Cement for all structural works in these Bills of Quantities shall be Grade 42.5.',
    'Not all excavations in this BoQ are to be paid.',
    'All excavations shall be kept free of water.',
    'The rates in this section shall include for all labour.',
    'Rates for all items in this Bill shall include overheads.',
    'Cement for all structural works in these Bills of Quantities shall be of the stated grade.',
  ])('bookkeeping, a negated subject or a note about no bill names no work: %s', (note) => {
    expect(noted(note)).toEqual([]);
  });

  it('with its element title, a notes-only bill has earthwork and concrete as possible trades, none pre-selected', () => {
    const page = [
      'BILLS OF QUANTITIES',
      'SECTION NO. 2',
      'MAIN BLOCK',
      'ELEMENT NO.1',
      'SUBSTRUCTURE',
      'NOTES',
      '1 All excavations in this BoQ have been measured net and the tenderer shall price accordingly.',
      '2 All reinforcement in these Bills of Quantities shall be high yield ribbed bars.',
    ].join('\n');
    const trades = extractScopeFromText(buildDoc([{ text: page }])).trades;
    expect(trades.map((t) => t.division).sort()).toEqual(['03', '31']);
    for (const t of trades) expect(t.confidence).toBeLessThan(0.9);
  });
});

describe("an elemental bill's element title", () => {
  it('is read on the line under its number', () => {
    const lines = ['ELEMENT NO.1', 'SUBSTRUCTURE', 'ELEMENT 6:', 'ELECTRICAL INSTALLATION'];
    expect(elementTitleWork(lines, 1)).toMatchObject({ possible: ['31', '03'] });
    expect(elementTitleWork(lines, 3)).toMatchObject({ divisions: ['26'] });
  });

  it('a title without an element number above it is no element', () => {
    expect(elementTitleWork(['MAIN BLOCK', 'SUBSTRUCTURE'], 1)).toBeNull();
    expect(elementTitleWork(['SUBSTRUCTURE'], 0)).toBeNull();
  });
});
