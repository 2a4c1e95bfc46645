/**
 * Work a document mentions without asking for it gives no trade (issue #11, precision): paint laid on
 * pavement is pavement marking, a road's binder and surface units are paving, and a re-paint verb the
 * lexicon reads into another trade's phrase stays that trade's.
 */
import { describe, expect, it } from 'vitest';
import { findKeywords, isScopeStatement, negativeContext, paintLaidOnPavement } from '../../src/core/scope/lexicon.js';
import { elementWork } from '../../src/core/scope/element-work.js';
import { isCloseoutExample, isMadeGood, isPlaceOfAccess } from '../../src/core/scope/requirements-text.js';
import { namedSite } from '../../src/core/scope/work-sites.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const divisions = (text: string) => findKeywords(text).filter((h) => h.entry.weight > 0).map((h) => h.entry.division);
/** A reader of the hit at a word's place in the sentence. */
const atWord = (read: (sentence: string, index: number) => boolean, sentence: string, word: string): boolean => read(sentence, sentence.indexOf(word));
const trades = (lines: string[]) => extractScopeFromText(buildDoc([{ text: lines }])).trades.map((t) => t.division);

describe('paint on pavement is pavement marking', () => {
  it.each([
    'The work is to provide road painting of the centerlines and edge lines.',
    'Re-paint crosswalks and stop bars once a year.',
    'Paint curbs at fire lanes.',
    'Painting will consist of 650,000 feet of yellow and white lines.',
  ])('%s → 32', (sentence) => {
    expect(divisions(sentence)).toEqual(['32']);
  });

  it('paint on a building surface stays finishes', () => {
    expect(divisions('Paint the corridor walls and door frames.')).toContain('09');
    expect(divisions('Interior painting of offices.')).toEqual(['09']);
  });

  it('a road binder and brick sidewalks are paving, not finishes or masonry', () => {
    expect(divisions('Contractor shall provide CRS-2P asphalt emulsion and Type 1 chips.')).toEqual(['32']);
    expect(divisions('Concrete and brick sidewalk installation.')).not.toContain('04');
  });

  it('a re-paint verb read into a marking phrase is not finishes work', () => {
    expect(elementWork('Re-paint crosswalks and stop bars.').map((w) => w.division)).not.toContain('09');
    expect(elementWork('Re-paint the classrooms.').map((w) => w.division)).toContain('09');
  });

  it('a marking document reads its bare paint words as marking; a building finish word keeps them finishes', () => {
    expect(paintLaidOnPavement(['Re-paint crosswalks and stop bars.', 'Clean all areas before painting.'])).toBe(true);
    expect(paintLaidOnPavement(['Re-paint crosswalks.', 'Repaint the gypsum board walls.'])).toBe(false);
    expect(paintLaidOnPavement(['The work includes roofing, painting and parking lot striping.'])).toBe(false);
    const marking = ['PAVEMENT MARKING', 'SCOPE OF WORK', 'Re-paint crosswalks and stop bars in the spring.', 'The contractor is to clean all areas before painting.', 'Streets that need repaint will be listed.'];
    expect(trades(marking)).not.toContain('09');
    expect(trades(marking)).toContain('32');
  });
});

describe('a spec section printed without a number speaks for its own work', () => {
  const section = (title: string) => [
    `SECTION ${title}`,
    'PART 1 GENERAL',
    '1.1 SUMMARY',
    'A. Section Includes: 1. Formwork for cast-in-place concrete. 2. Shoring, bracing, and anchorage. 3. Form stripping.',
    'B. Related Sections: 1. Section Unit Masonry Assemblies: masonry accessories for placement by this Section.',
    '1.2 REFERENCES',
    'A. Safety Code for Elevators and Escalators.',
  ];

  it('its related sections, cited standards and formwork shoring are not trades of the document', () => {
    expect(trades(section('CONCRETE FORMS AND ACCESSORIES'))).toEqual(['03']);
  });

  it('two unnumbered sections are not one section: each is read as before', () => {
    const two = [...section('CONCRETE FORMS AND ACCESSORIES'), ...section('UNIT MASONRY ASSEMBLIES')];
    expect(trades(two)).toEqual(expect.arrayContaining(['03', '04']));
  });
});

describe('what a sentence cites or solicits', () => {
  it('a cited standard\'s title names its subject, not the work', () => {
    expect(negativeContext('ASME A17.1 Safety Code for Elevators and Escalators.')).toBe('code-citation');
    expect(negativeContext('Design formwork in accordance with ACI 347.')).toBe('code-citation');
  });

  it('sealed bids for a named project state its work', () => {
    expect(isScopeStatement('Sealed bid proposals for the DISTRICT COURT ROOF REPLACEMENT will be received until 10:00 AM.')).toBe(true);
    expect(trades(['Sealed bid proposals for the DISTRICT COURT ROOF REPLACEMENT AND RESTORATION will be received by the City Clerk until Thursday at 10:00 AM.'])).toContain('07');
  });
});

describe('places, methods and constraints are not work', () => {
  const hitOf = (sentence: string, word: string) => findKeywords(sentence).find((h) => h.text.toLowerCase() === word)!;

  it('a street named for a thing is a place', () => {
    const s = 'Confirmed projects: Railroad Terrace, 48 meters x 1.6 meters; Bridge Street, 60 meters.';
    expect(namedSite(s, hitOf(s, 'railroad'))).toBe(true);
    const work = 'Construct the railway crossing at the depot.';
    expect(namedSite(work, findKeywords(work).find((h) => h.entry.division === '34')!)).toBe(false);
  });

  it('mechanical as a method or a tool is not HVAC work', () => {
    expect(divisions('The item includes mechanical cutting of existing asphalt and mechanical and hand breaking of asphalt.')).not.toContain('23');
    expect(elementWork('The item includes mechanical cutting of existing asphalt.').map((w) => w.division)).not.toContain('23');
    expect(elementWork('Install new mechanical units.').map((w) => w.division)).toContain('23');
  });

  it('places the contractor keeps clear are a constraint, not work', () => {
    const s = 'Keep driveways, loading areas, and entrances serving premises clear and available to Owner.';
    expect(atWord(isPlaceOfAccess, s, 'driveways')).toBe(true);
    const w = 'Replace the driveways and keep the work area clean.';
    expect(atWord(isPlaceOfAccess, w, 'driveways')).toBe(false);
  });

  it('repainting striping and parking symbols is marking', () => {
    expect(divisions('1) Repainting of striping, parking symbols and traffic control symbols on all areas of paving.')).not.toContain('09');
  });
});

describe('existing work made good and a ramp\'s warning surface', () => {
  it('items restored after the construction disturbs them are not trades of their own', () => {
    const s = 'Provide traffic control, sweeping, restoration of all existing roadway, driveway, wall structure, mailbox, landscaping, irrigation system, fence, utility or any other item disturbed by construction.';
    expect(atWord(isMadeGood, s, 'mailbox')).toBe(true);
    const w = 'Install a new mailbox at each entrance.';
    expect(atWord(isMadeGood, w, 'mailbox')).toBe(false);
    expect(trades(['SCOPE OF WORK', 'Removal and replacement of concrete sidewalk and ADA pedestrian ramps.', s])).not.toContain('10');
  });

  it('truncated domes cast in masonry are the ramp\'s paving, not masonry', () => {
    expect(divisions('The ramp shall be provided with masonry truncated domes cast in place.')).toEqual(['32']);
  });
});

describe('a closeout clause\'s examples and a requirement\'s label', () => {
  it('what warranties or manuals would cover is not work asked', () => {
    const s = 'All other warranties provided by manufacturers, for example roofing, flooring, appliances, equipment, etc. will be provided in the O&M Manual.';
    expect(atWord(isCloseoutExample, s, 'flooring')).toBe(true);
    const w = 'Provide new flooring, for example sheet vinyl in the corridors.';
    expect(atWord(isCloseoutExample, w, 'sheet vinyl')).toBe(false);
    expect(trades(['REQUEST FOR PROPOSALS', 'The Design-Builder will provide the following warranties.', s])).toEqual([]);
  });

  it('a requirement\'s label names the places it keeps clear', () => {
    const s = '1. Driveways, Walkways and Entrances: Keep driveways, loading areas, and entrances serving premises clear and available to Owner.';
    expect(atWord(isPlaceOfAccess, s, 'Driveways')).toBe(true);
  });
});

describe('a product named for another trade\'s work', () => {
  it('a membrane\'s primer is roofing, paint made for masonry is paint', () => {
    expect(divisions('Adhere EPDM to insulation with a primer and adhesive.')).toEqual(['07', '07', '07']);
    expect(divisions('Apply one coat of primer and two coats of paint.')).toEqual(['09', '09']);
    expect(divisions('Masonry paint work to the existing soffits.')).not.toContain('04');
  });

  it('a scope list\'s item defers to the longer reading of its sentence', () => {
    const roof = [
      'SCOPE OF WORK: The Contractor shall furnish all labor, materials and incidentals necessary to remove the existing roofing and roof insulation, install new insulation and EPDM membrane roofing, and to perform all related work.',
      '• Install ½” High-Density Polyiso roof cover board.',
      '• Adhere EPDM to insulation with a primer and adhesive.',
    ];
    expect(trades(roof)).toEqual(['07']);
  });
});
