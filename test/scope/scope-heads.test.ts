/**
 * Issue #11: the heads under which tender documents of every region state their work ("Name of work:",
 * "Works description:", "The Contract is generally for the following work:", "Tender for …", an Indian
 * work name opening "C/o" / "P/F" / "SITC"), and lists of trades whose items are bare shared words.
 */
import { describe, expect, it } from 'vitest';
import { isBidFormScope } from '../../src/core/scope/lexicon.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const divisions = (text: string) => extractScopeFromText(buildDoc([{ text }])).trades.map((t) => t.division).sort();

describe('scope heads across regions', () => {
  it.each([
    'Name of work: Making of internal partitions at the office',
    'Name of the Work :- Repair of roof',
    'Title of the Works – Refurbishment of the hall',
    'Works description: new toilets and changing rooms',
    'Description of the works',
    'The Contract is generally for the following work:',
    'Tender for dry lining and screeding to the ground floor',
    'C/o Food court including internal water supply',
    'SITC of split air conditioners',
    'P/F of false ceiling in the lobby',
    'Name of C/o Food court including internal water supply',
    'Work: and providing E&M services at the campus',
  ])('"%s" states the work', (sentence) => {
    expect(isBidFormScope(sentence)).toBe(true);
  });

  it.each([
    'The name of the bidder shall be written on the envelope',
    'Tender forms may be obtained from the office',
    'Tenders for consultancy services are invited',
    'Contact: c/o the Clerk of Works',
    'The title of the project shall appear on every drawing',
    'Work: 555 0100',
  ])('"%s" does not state the work', (sentence) => {
    expect(isBidFormScope(sentence)).toBe(false);
  });

  it('an Indian NIT\'s "Name of work" line gives its trades', () => {
    const text = [
      'NOTICE INVITING TENDER',
      'Name of work: Making of internal partition, false ceiling, ply board cupboards along with internal electrification and central air condition setup at the branch office.',
      'Earnest money deposit: as per schedule',
    ].join('\n');
    expect(divisions(text)).toEqual(['06', '09', '23', '26']);
  });

  it('each bullet under "the Contract is generally for the following work" is a scope item', () => {
    const text = [
      'INSTRUCTIONS TO TENDERERS',
      'The Contract is generally for the following work:',
      '• Site grading, drainage structure and swale',
      '• Demolition of the existing steel reservoir',
      '• Installation of 200 m of watermain',
    ].join('\n');
    expect(divisions(text)).toEqual(expect.arrayContaining(['02', '31', '33']));
  });

  it('a bare shared word listed among named trades is a trade; the same word alone in a scope sentence is not', () => {
    expect(divisions('Scope of work includes concrete, masonry, metal fabrication, finish carpentry and roofing.')).toContain('03');
    expect(divisions('The work includes roofing on the existing concrete.')).not.toContain('03');
  });
});
