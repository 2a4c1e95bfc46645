/**
 * Issue #11: every item of a document's own scope list is a trade, in the plain words owners use in a
 * one-line scope ("windows", "ventilating", "mechanical", "M&E", "telecommunication"), and nothing else is:
 * past projects, experience, conditions, coordination, places and what is removed.
 */
import { describe, expect, it } from 'vitest';
import { continuedScopeItems, listedScopeItems, scopeSentenceItems } from '../../src/core/scope/scope-sentence.js';
import { findKeywords } from '../../src/core/scope/lexicon.js';
import { VOCABULARY } from '../../src/core/scope/vocabulary.js';

const items = (sentence: string) => (scopeSentenceItems(sentence) ?? []).filter((i) => !i.minor).map((i) => i.division).sort();
const uniq = (list: string[]) => [...new Set(list)].sort();

describe('a document\'s own scope sentence, item by item', () => {
  it.each([
    ['Work consists of new ceilings, windows, plumbing, ventilating, electrical, and general work.', ['08', '09', '22', '23', '26']],
    ['The project consists of a new roof, new windows and ventilation.', ['07', '08', '23']],
    ['Work will include but is not limited to partitions, finishes, plumbing, HVAC, electrical, telecommunication and miscellaneous work.', ['09', '09', '22', '23', '26', '27']],
    ['Also included in this project will be all the electrical, mechanical, and plumbing.', ['22', '23', '26']],
    ['Scope of work: fire alarm, sprinklers and data/voice cabling.', ['21', '27', '28']],
    ['The works comprise M&E services to the new wing.', ['23', '26']],
    ['Scope of works: M & E installations, doors & windows.', ['08', '08', '23', '26']],
    ['The work includes MEP upgrades throughout.', ['22', '23', '26']],
    ['The Contract Works comprise mechanical and electrical services for the depot.', ['23', '26']],
    ['This tender invites bids for structural steel and the steel framed building.', ['05', '05']],
    ['The scope of work includes concrete, masonry, metal fabrication and painting.', ['03', '04', '05', '09']],
    ['Bids are invited for the replacement of the roof and gutters at the civic centre.', ['07', '07']],
    ['Project scope: interior demolition, new telecommunication cabling and power.', ['02', '26', '27']],
    ['The Contract Works required are: new insulation and Gib board.', ['07', '09']],
    // The site may stand between the works and the verb.
    ['The works located off Elm Drive, Elmtown consists of the replacement of roof finishes and heating system.', ['07', '23']],
    ['The work situated at the north wing includes new ceilings and plumbing.', ['09', '22']],
    // A title of work, then its list after a colon; an item may say how it is put in or what it supplies.
    ['Kitchen renovation at the community centre: new base cabinets, new range hood with exhaust fan ducted to exterior.', ['06', '23']],
    ['The scope comprises: replacement of the boilers; electrical supplies to new plant.', ['23', '26']],
  ])('"%s"', (sentence, expected) => {
    expect(items(sentence)).toEqual([...expected].sort());
  });

  it('"mechanical" is heating and ventilating only: no plumbing is read into it', () => {
    expect(uniq(items('The work includes mechanical and electrical.'))).toEqual(['23', '26']);
  });

  it('a trade word in a place\'s name, after a preposition, or in what is removed is not an item', () => {
    expect(items('Scope of Work: Install new metal roof systems on Oak Hollow Elementary School.')).toEqual(['07']);
    expect(items('The work includes new junction boxes above the ceiling.')).toEqual(['26']);
    expect(items('The project consists of removing cabinets and relocating lockers.')).toEqual([]);
    expect(items('The works required are: wall linings to be removed, new insulation.')).toEqual(['07']);
    expect(items('The works comprise re-roofing across several facilities, including the Water Treatment Plant and the Pool.')).toEqual(['07']);
    expect(items('Work consists of approximately 2,500 square feet of space.')).toEqual([]);
  });

  it('work disowned in a parenthesis drops that item only', () => {
    expect(items('The project consists of a folding partition (furnished by Owner) and new windows.')).toEqual(['08']);
  });

  it('work named in passing is read but marked minor', () => {
    const got = scopeSentenceItems('The project consists of a new roof and minor plumbing modifications.') ?? [];
    expect(got.map((i) => [i.division, i.minor])).toEqual([['07', false], ['22', true]]);
  });

  it.each([
    'The contractor shall have completed similar work consisting of roofing, windows and plumbing.',
    'Bidders must demonstrate experience of projects that include mechanical and electrical work.',
    'Coordinate with the electrical contractor; the work of Division 26 includes lighting and power.',
    'Plumbing and HVAC work is not included; the Work includes painting by others.',
    'The work may include windows and doors if funds allow.',
    'The previous project consisted of windows, plumbing and electrical.',
  ])('not this job\'s scope: "%s"', (sentence) => {
    expect(items(sentence)).toEqual([]);
  });

  it('a title of work before a colon heads a list only when it names work', () => {
    expect(scopeSentenceItems('Office refurbishment: new carpet and lighting.')?.map((i) => i.division).sort()).toEqual(['09', '26']);
    expect(scopeSentenceItems('Contact for the refurbishment: Jane Smith, plumbing inspector.') ?? []).toEqual([]);
    expect(scopeSentenceItems('Site hours: 8am to 6pm, electrical isolations by arrangement.')).toBeNull();
  });

  it('a list ends at a condition or exception', () => {
    expect(items('Work includes new ceilings and lighting, except plumbing and windows.')).toEqual(['09', '26']);
  });

  it('sentences that go on listing the work after the scope sentence are read; others are not', () => {
    expect(continuedScopeItems('Removing masonry below a window and installing a new door and metal frame.')?.map((i) => i.division)).toEqual(['08']);
    expect(continuedScopeItems('Install new venetian blinds in the windows on the south wall.')?.map((i) => i.division)).toEqual(['12']);
    expect(continuedScopeItems('Bids will be opened publicly and read aloud.')).toBeNull();
    expect(continuedScopeItems('New York State prevailing wages apply.')).toBeNull();
    // A building service moved is its own trade's work; furniture or a building moved is no trade.
    expect(continuedScopeItems('Relocate 2 air conditioning units from roof to ground level.')?.map((i) => i.division)).toEqual(['23']);
    expect(continuedScopeItems('Relocate existing sprinkler heads to suit the new ceiling.')?.map((i) => i.division)).toEqual(['21']);
    expect(continuedScopeItems('Relocate the existing furniture and cabinets to storage.')?.map((i) => i.division)).toEqual([]);
    expect(continuedScopeItems('Remove and relocate the existing light fittings.')?.map((i) => i.division)).toEqual(['26']);
    expect(continuedScopeItems('Remove the existing light fittings.')?.map((i) => i.division)).not.toContain('26');
    // A short line of items alone continues the list only when it names a trade.
    expect(continuedScopeItems('Floor Coverings.')?.map((i) => i.division)).toEqual(['09']);
    expect(continuedScopeItems('Bids due May 1.')).toBeNull();
  });

  it('list words name a trade only as an item of a stated scope: alone they are no keyword', () => {
    for (const [division, words] of Object.entries(VOCABULARY)) {
      for (const phrase of words.list ?? []) {
        const other = findKeywords(phrase).filter((h) => h.length === phrase.length && h.entry.weight > 0 && h.entry.division !== division);
        expect(other, `${phrase} (${division})`).toEqual([]);
      }
    }
    expect(findKeywords('the security deposit and the parking permit').filter((h) => h.entry.weight > 0)).toEqual([]);
  });
});

describe('other heads and lists under a head', () => {
  it('an Indian notice\'s "Name of work:" line is the scope', () => {
    expect(items('Name of work: Making of internal partition, false ceiling along with internal electrification and central air condition setup')).toEqual(['09', '09', '23', '26']);
  });

  it('the lines of a list under "The Work includes:" are items; a long sentence or a past job is not', () => {
    expect(listedScopeItems('• Concrete foundations and new windows')?.map((i) => i.division)).toEqual(['03', '08']);
    expect(listedScopeItems('2. Fire alarm and sprinklers throughout')?.map((i) => i.division)).toEqual(['28', '21']);
    expect(listedScopeItems('- Plumbing by others')).toBeNull();
    expect(listedScopeItems('• Similar projects completed: roofing and windows')).toBeNull();
  });
});
