/**
 * The trade vocabulary (issue #11, round 6): every phrase reads as its own division, the lexicon's
 * tuned table keeps its say, and the contexts in which a phrase asks for a trade — a stated scope, a
 * bid form, a bill's heading, the project's name — and those in which it does not.
 */
import { describe, expect, it } from 'vitest';
import { VOCABULARY } from '../../src/core/scope/vocabulary.js';
import { LEXICON, findKeywords, isBidFormScope as isScopeStatement, negativeContext } from '../../src/core/scope/lexicon.js';
import { workSectionDivision } from '../../src/core/scope/work-sections.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { CONFIDENT_AT } from '../../src/core/scope/confidence.js';
import { buildDoc, type PageSpec } from './doc-builder.js';

const key = (p: string) => p.toLowerCase().split(/[\s-]+/).join(' ').replace(/(?:es|s)$/, '');
const ENTRIES = Object.entries(VOCABULARY).flatMap(([division, words]) =>
  (['name', 'only', 'context'] as const).flatMap((strength) => (words[strength] ?? []).map((phrase) => ({ division, phrase, strength }))),
);
const trades = (pages: PageSpec[]) => extractScopeFromText(buildDoc(pages)).trades;
const divisions = (pages: PageSpec[]) => trades(pages).map((t) => t.division);

describe('trade vocabulary', () => {
  it('no phrase is written for two divisions', () => {
    const seen = new Map<string, string>();
    for (const e of ENTRIES) {
      const prior = seen.get(key(e.phrase));
      if (prior !== undefined) expect(`${e.phrase}: ${prior}`).toBe(`${e.phrase}: ${e.division}`);
      seen.set(key(e.phrase), e.division);
    }
  });

  it('every phrase, read alone, is its division (or the tuned table\'s reading of the same words)', () => {
    const table = new Map(LEXICON.map((e) => [key(e.phrase), e.division]));
    for (const e of ENTRIES) {
      const hits = findKeywords(e.phrase);
      const whole = hits.find((h) => h.length === e.phrase.length) ?? hits.sort((a, b) => b.length - a.length)[0];
      expect(whole?.entry.division, e.phrase).toBe(table.get(key(e.phrase)) ?? e.division);
    }
  });

  it.each([
    ['overhead coiling doors', '08'], ['curtain walling', '08'], ['ironmongery', '08'], ['door furniture', '08'], ['kerbs', '32'], ['kerb and channel', '32'],
    ['sand cement screed', '03'], ['blockwork', '04'], ['sanitary fittings', '22'], ['passenger lifts', '14'], ['lift car', '14'],
    ['fire sprinkler', '21'], ['VRF system', '23'], ['split air conditioners', '23'], ['distribution boards', '26'], ['DG set', '26'],
    ['structured cabling', '27'], ['CCTV', '28'], ['manual call points', '28'], ['anti-termite treatment', '31'], ['murram', '31'],
    ['water bound macadam', '32'], ['soak pits', '33'], ['traffic signals', '34'], ['dredging', '35'], ['overhead cranes', '41'],
    ['wastewater treatment plant', '46'], ['wind turbines', '48'], ['gypsum wallboard', '09'], ['vitrified tiles', '09'],
    ['walk-in coolers', '11'], ['roller blinds', '12'], ['swimming pools', '13'], ['timber trusses', '06'], ['metal decking', '05'],
  ])('"%s" → %s', (text, division) => {
    expect(findKeywords(text).map((h) => h.entry.division)).toEqual([division]);
  });

  it('words that mean something else in bidding prose name no trade', () => {
    for (const text of ['bid security of 5 %', 'Lot 1, Block 2', 'product data sheets', 'Telephone: 555-0100', 'compacted in 8-inch lifts', 'Fill in the bid form', '123 Main Street', 'CHP personnel']) {
      expect(findKeywords(text).filter((h) => h.entry.weight > 0), text).toEqual([]);
    }
  });

  it('on the same words the heavier reading wins: "fire suppression/alarm" is the fire alarm, not a bare alarm', () => {
    const alarm = findKeywords('fire suppression/alarm').find((h) => h.entry.division === '28');
    expect(alarm?.entry.phrase).toBe('fire alarm');
  });
});

describe('where the vocabulary speaks', () => {
  it('a scope sentence naming "overhead coiling doors" asks for Openings (08)', () => {
    expect(divisions([{ text: ['INVITATION TO BID', 'Scope of Work: furnish and replace the overhead coiling doors at the maintenance garage.'] }])).toEqual(['08']);
  });

  it('an electrical detail\'s "door hardware power supply" does not create Openings (08)', () => {
    const got = divisions([{ sheet: { number: 'E501', title: 'ELECTRICAL DETAILS' }, size: [2592, 1728], text: ['1. PROVIDE 120V CIRCUIT TO DOOR HARDWARE POWER SUPPLY ABOVE CEILING.'] }]);
    expect(got).not.toContain('08');
  });

  it('a bid form\'s base bid, alternates and numbered items state the work', () => {
    expect(isScopeStatement('Base Bid: replace the roofing on Building A.')).toBe(true);
    expect(isScopeStatement('Add Alternate No. 2 – new aluminum storefront at the lobby.')).toBe(true);
    expect(isScopeStatement('Item 3 – Kerbs and footpaths')).toBe(true);
    expect(isScopeStatement('Bids for the replacement of the passenger lifts will be received until 2:00 PM.')).toBe(true);
    expect(isScopeStatement('Summary of Work')).toBe(true);
    // Bidding terms are not a scope.
    expect(isScopeStatement('Item 3 of the instructions: bid security is required.')).toBe(false);
    expect(isScopeStatement('The alternate bid bond form is attached.')).toBe(false);
    expect(isScopeStatement('BASE BID: NO DEMOLITION OR NEW WORK IN THIS AREA')).toBe(false);
    // On a drawing the same words delineate areas among room tags; they are no bid form.
    expect(divisions([{ sheet: { number: 'A101', title: 'FLOOR PLAN' }, size: [2592, 1728], text: ['BASE BID: AREA OUTLINED', 'TOILET', 'FUME HOODS'] }])).toEqual([]);
    expect(divisions([{ text: ['BID FORM', 'Add Alternate No. 1 – Replace existing light fixtures with LED luminaires in the gymnasium.'] }])).toEqual(['26']);
  });

  it('a bill of quantities headed by a trade\'s own name is that trade\'s bill', () => {
    expect(workSectionDivision('IRONMONGERY')).toBe('08');
    expect(workSectionDivision('4 Passenger lifts')).toBeNull();
    expect(workSectionDivision('BILL NO. 9 ELECTRICAL INSTALLATION (PROVISIONAL)')).toBe('26');
    expect(workSectionDivision('7 Hydraulic services')).toBe('22');
    expect(workSectionDivision('Earthworks 12,500.00')).toBe('31');
    // A lower-case line is a wrapped item, not a heading; an item's words are not a heading.
    expect(workSectionDivision('plumbing')).toBeNull();
    expect(workSectionDivision('Supply and fix ironmongery to doors')).toBeNull();
  });

  it('coordination language and requirements boilerplate still create no trade', () => {
    expect(negativeContext('DIVISION 04 – MASONRY NOT APPLICABLE')).toBe('by-others');
    expect(divisions([{ text: ['INVITATION TO BID', 'Scope of Work: interior painting. Coordinate with the fire sprinkler contractor and the elevator contractor.', 'Electrical work by others.'] }])).toEqual(['09']);
    expect(divisions([{ text: ['INSTRUCTIONS TO BIDDERS', 'Bidders shall carry insurance for elevator and escalator work in accordance with NFPA 13.'] }])).toEqual([]);
  });

  // Round 10: an item of the document's own scope sentence is pre-selected (scope-list-items.test.ts); work named in passing is not.
  it('a trade a scope names twice in its own words is pre-selected; named in passing it stays possible', () => {
    const got = trades([
      { text: ['REQUEST FOR BIDS', 'Scope of Work: replace the curtain wall and the aluminum storefront entrances; minor plumbing fixture modifications.'] },
    ]);
    const conf = new Map(got.map((t) => [t.division, t.confidence]));
    expect(conf.get('08')).toBeGreaterThanOrEqual(CONFIDENT_AT);
    expect(conf.get('22')).toBeGreaterThan(0);
    expect(conf.get('22')).toBeLessThan(CONFIDENT_AT);
  });
});
