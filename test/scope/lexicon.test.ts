import { describe, expect, it } from 'vitest';
import { LEXICON, findKeywords, isScopeStatement, negativeContext, boilerplateShare } from '../../src/core/scope/lexicon.js';
import { divisionByCode } from '../../src/core/scope/taxonomy.js';

const divs = (text: string) => findKeywords(text).map((h) => h.entry.division);

describe('lexicon', () => {
  it('every entry names a taxonomy division (never 00/01: those are not trades to invite)', () => {
    for (const e of LEXICON) {
      expect(divisionByCode(e.division)).toBeDefined();
      expect(['00', '01']).not.toContain(e.division);
    }
  });

  it.each([
    ['PANEL SCHEDULE LP-1', '26'], ['lighting fixture schedule', '26'], ['duplex receptacle at 18" AFF', '26'],
    ['supply diffusers and VAV boxes', '23'], ['new RTU-2 on existing curb', '23'], ['exhaust fan EF-1', '23'],
    ['relocate sprinkler heads', '21'], ['fire department connection', '21'], ['standpipe', '21'],
    ['water closets and lavatories', '22'], ['domestic water piping', '22'],
    ['door hardware set 3', '08'], ['hollow metal frame', '08'], ['aluminum storefront', '08'],
    ['finish schedule', '09'], ['5/8" gypsum board', '09'], ['carpet tile', '09'],
    ['epoxy resin countertop', '12'], ['lab casework', '12'], ['marker board', '10'], ['toilet accessories', '10'],
    ['Type II slurry seal', '32'], ['asphalt paving', '32'], ['concrete walk', '32'], ['pavement striping', '32'],
    ['compacted fill', '31'], ['excavation', '31'], ['storm drain inlet', '33'], ['sanitary sewer', '33'], ['water main', '33'],
    ['repoint masonry', '04'], ['brick veneer', '04'],
  ])('"%s" → %s', (text, division) => {
    expect(divs(text)).toContain(division);
  });

  it('reads both systems of a slashed compound, and a concrete mix\'s aggregate is not paving', () => {
    expect(divs('fire suppression/alarm')).toEqual(['21', '28']);
    expect(divs('8 graded stone aggregate 40 mm nominal size')).toEqual(['03']);
    expect(findKeywords('8 graded stone aggregate').every((h) => h.entry.weight === 0)).toBe(true);
  });

  it('a listing\'s classification of its buyer ("Sector: Irrigation") is not work', () => {
    expect(negativeContext('Sector: Irrigation')).toBe('metadata');
    expect(negativeContext('Department: Public Works')).toBe('metadata');
    expect(negativeContext('Irrigation: install drip lines to the planting beds.')).toBeNull();
  });

  it('takes the longest phrase, not its parts', () => {
    expect(divs('concrete paving and concrete walkways')).toEqual(['32', '32']);
    expect(divs('CONCRETE DUCT BANK')).toEqual(['03', '26']);
    expect(divs('sanitary sewer')).toEqual(['33']);
  });

  it('matches whole words only', () => {
    expect(divs('factory abstract exact')).toEqual([]);
    expect(divs('CMU-1 wall and RTUs')).toEqual(['04', '23']);
  });

  it('residential electrical devices of a symbol legend are electrical work', () => {
    for (const text of ['GFI', 'Ground Fault Interrupt', 'ground-fault circuit interrupter', 'GFCI outlet', 'AFCI breaker', 'arc fault protection', 'duplex outlet', 'light switch', '3-way switch', 'dimmer switches']) {
      expect(divs(text), text).toEqual(['26']);
    }
    // Capitals only, like every short abbreviation; a bare "outlet" or "switch" may be a drain or a valve.
    expect(divs('the gfi of a word')).toEqual([]);
    expect(divs('roof drain outlet and pressure switch')).toEqual([]);
  });

  it('a thickness in front of a gypsum board abbreviation is a finishes callout, stronger than the bare word', () => {
    const weight = (text: string) => findKeywords(text).filter((h) => h.entry.division === '09').map((h) => h.entry.weight);
    for (const text of ['5/8" Gyp Bd. Type "X" between house and garage', '1/2" GYP. BD.', '5/8"gypsum board', '5/8 in. GWB', '5/8" TYPE X GYPSUM BOARD']) {
      expect(weight(text), text).toEqual([2.5]);
    }
    expect(weight('GYP BD')).toEqual([1.5]);
    // Dates and other fractions are not thicknesses of anything finishes does.
    expect(weight('Revised 12/27/2018 gyp bd')).toEqual([1.5]);
    expect(weight('1/2" CDX plywood sheathing')).toEqual([]);
  });

  it('counts short abbreviations only in capitals', () => {
    expect(divs('ACT-1 ceiling tile grid')).toContain('09');
    expect(divs('the contractor shall act promptly under the Labor Act')).toEqual([]);
    expect(divs('the bas relief and the vav')).toEqual([]);
    expect(divs('overhead doors')).toEqual(['08']);
  });
});

describe('negative contexts', () => {
  it.each([
    ['Sprinkler systems shall be installed in accordance with NFPA 13.', 'code-citation'],
    ['All wiring per the NEC, 2017 Edition.', 'code-citation'],
    ['Comply with the International Plumbing Code.', 'code-citation'],
    ['Coordinate with Division 26 for power to the fire pump controller.', 'other-divisions'],
    ['Carefully check the Documents of this Division with those of other Divisions.', 'other-divisions'],
    ['Branch circuits are specified in Section 26 05 19.', 'other-divisions'],
    ['Refer to the mechanical drawings for duct routing.', 'other-divisions'],
    ['Fire alarm devices provided by others.', 'by-others'],
    ['Elevator modernization is not in contract.', 'by-others'],
    ['Casework N.I.C.', 'by-others'],
    ['Existing sprinkler heads to remain.', 'existing'],
    ['Plumbing fixtures existing to remain.', 'existing'],
  ])('"%s" is %s', (sentence, ctx) => {
    expect(negativeContext(sentence)).toBe(ctx);
  });

  it.each([
    'Provide new sprinkler heads in study rooms.',
    'Remove abandoned hot water coil.',
    'Install new LED light fixtures and occupancy sensors.',
    'The project includes asphalt paving and slurry seal.',
  ])('"%s" is scope', (sentence) => {
    expect(negativeContext(sentence)).toBeNull();
  });

  it('recognises stated scope and boilerplate', () => {
    expect(isScopeStatement('Scope of Work: The project includes the repair of existing AC paving.')).toBe(true);
    expect(isScopeStatement('The Work consists of replacing the roof membrane.')).toBe(true);
    expect(isScopeStatement('Provide new sprinkler heads.')).toBe(false);
    expect(boilerplateShare(['Bidders shall furnish a bid bond in the amount of ten percent.', 'The Owner reserves the right to reject any bid for any reason.'])).toBe(1);
    expect(boilerplateShare(['Provide new sprinkler heads throughout the study rooms.'])).toBe(0);
  });
});
