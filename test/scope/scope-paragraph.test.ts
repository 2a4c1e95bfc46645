/**
 * Issue #11: a tender's description of the works is often a paragraph. The head sentence ("The Contract Works
 * required are: …") is followed by sentences that go on stating built elements in the future or passive
 * ("There will be a new door fitted", "The hall will have heat pumps installed", "A new deck will be built",
 * "Interior consists of …"), and the parts after "with" are items too. A topic other than the work (dates,
 * tendering, documents) ends the description; experience, work by others and what remains stay out.
 */
import { describe, expect, it } from 'vitest';
import { continuedScopeItems, scopeSentenceItems } from '../../src/core/scope/scope-sentence.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const continued = (sentence: string) => continuedScopeItems(sentence)?.filter((i) => !i.minor).map((i) => i.division).sort() ?? null;
const divisions = (text: string) => extractScopeFromText(buildDoc([{ text }])).trades.map((t) => t.division).sort();

describe('a sentence of the description of the works that states a built element', () => {
  it.each([
    ['There will be a new aluminium sliding door fitted into the opening between the two rooms.', ['08']],
    ['The new hall will have new aluminium doors and windows fitted.', ['08', '08']],
    ['The annex will have heat pumps installed in each room.', ['23']],
    ['Interior consists of gib board lined walls with acoustic panels fitted to all walls.', ['09']],
    ['A new deck along the front of the hall where a new accessible ramp will be built.', ['06', '32']],
    ['Another ramp will be built next to the office.', ['32']],
    ['New light fittings and a small sink unit.', ['22', '26']],
    ['The existing windows are to be replaced.', ['08']],
  ])('"%s"', (sentence, expected) => {
    expect(continued(sentence)).toEqual([...expected].sort());
  });

  it('a sentence that names no element keeps the description going without an item', () => {
    expect(continued('This building will be joined onto the end of the west block.')).toEqual([]);
  });

  it('another topic, a heading, experience or work by others is not the description', () => {
    expect(continued('Tender documents will be provided to registered tenderers.')).toBeNull();
    expect(continued('Timeline')).toBeNull();
    expect(continued('1.1 Paint all interior walls of the hall.')).toBeNull();
    expect(continued('Contractors shall have experience of heat pumps installed in schools.')).toBeNull();
    expect(continued('New appliances will be supplied by the Owner.')).toBeNull();
  });

  it('what is removed, or work done to small items, is not the item\'s trade', () => {
    expect(continued('The old heat pumps will be removed and replaced.')).toEqual([]);
    expect(continued('Small plumbing works will be required.')).toEqual([]);
  });
});

describe('"with" inside a scope item', () => {
  it('the parts of an element after "with" are items', () => {
    const items = scopeSentenceItems('The Contract Works required are: an extension with a concrete floor and timber framed walls, coloursteel roof.');
    expect(items?.map((i) => i.division).sort()).toEqual(['03', '06', '07']);
  });

  it('"in accordance with" names a standard, not a part', () => {
    const items = scopeSentenceItems('The work includes new windows in accordance with the glazing code.');
    expect(items?.map((i) => i.division)).toEqual(['08']);
  });
});

describe('a notice whose fields run into its scope sentence', () => {
  it('a field before a colon does not disown the scope after it', () => {
    const glued = 'Required Pre-qualifications : None Agency Address : Overview The Contract Works required are: a new roof and new windows.';
    expect(scopeSentenceItems(glued)?.map((i) => i.division).sort()).toEqual(['07', '08']);
  });

  it('experience in the scope clause itself still disowns it', () => {
    expect(scopeSentenceItems('Overview: the works comprise roofing similar to previous projects.')).toBeNull();
  });
});

describe('short notices\' heads', () => {
  const heads = (sentence: string) => scopeSentenceItems(sentence)?.filter((i) => !i.minor).map((i) => i.division).sort() ?? null;
  it.each([
    ['This tender is for the demolition and construction of the reserve amenities building.', ['02']],
    ['Expressions of Interest are invited from suitably qualified contractors for a new extension including M+E services upgrade and landscaping.', ['23', '26', '32']],
    ['The scope of works included in this stage includes external cladding repairs, ablution refurbishment and electrical works.', ['07', '22', '26']],
  ])('"%s"', (sentence, expected) => {
    expect(heads(sentence)).toEqual([...expected].sort());
  });

  it('a head that names who does the work, or a firm\'s experience, names no trade', () => {
    expect(heads('This tender is for a main contractor to deliver the works.')).toEqual([]);
    expect(heads('Expressions of interest are invited from contractors with experience of roofing for the new hall.')).toBeNull();
  });
});

describe('the paragraph of a tender notice', () => {
  const paragraph = [
    'The Contract Works required are: An extension to the west block with a concrete floor. This building will be joined onto the end of the block.',
    'The extension will have heat pumps installed. New light fittings and a small sink unit. Another ramp will be built next to the office.',
  ].join(' ');

  it('reads every sentence of the description', () => {
    expect(divisions(paragraph)).toEqual(expect.arrayContaining(['03', '22', '23', '26', '32']));
  });

  it('stops at a sentence on another topic', () => {
    const read = 'The Contract Works required are: an extension with a concrete floor. Another ramp will be built next to the office.';
    expect(divisions(read)).toContain('32');
    const ended = 'The Contract Works required are: an extension with a concrete floor. Tenders close on Friday at noon. Another ramp will be built next to the office.';
    expect(divisions(ended)).not.toContain('32');
  });
});
