/**
 * Works and facilities named as a solicitation's work (issue #11): "construction of a parking area",
 * "watermain replacement", "removal of the pedestrian bridge" ask for the trades that build them (or
 * demolish them); the same words as a place, an experience requirement or past work do not.
 */
import { describe, expect, it } from 'vitest';
import { WORKS, pricedItemWorks, statedWorks } from '../../src/core/scope/works-vocabulary.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { divisionByCode } from '../../src/core/scope/taxonomy.js';
import { buildDoc } from './doc-builder.js';

const works = (sentence: string) => [...new Set(statedWorks(sentence).map((w) => w.division))];
const divisions = (text: string) => extractScopeFromText(buildDoc([{ text }])).trades.map((t) => t.division);

describe('works vocabulary', () => {
  it('names only real divisions, and no phrase for two of them', () => {
    const seen = new Map<string, string>();
    for (const [division, phrases] of Object.entries(WORKS)) {
      expect(divisionByCode(division), division).toBeDefined();
      for (const p of phrases) {
        expect(seen.get(p.toLowerCase()) ?? division, p).toBe(division);
        seen.set(p.toLowerCase(), division);
      }
    }
  });

  it.each([
    ['The Owner is seeking proposals from contractors capable of designing and constructing a practice field, a clubhouse and a parking area.', ['32']],
    ['Invitation to Tender for the supply of 4no. x 60m2 temporary prefabricated classrooms together with all associated site works', ['13', '32']],
    ['Tenders will be received for the construction of a new watermain together with restoration works.', ['33']],
    ['The works comprise the construction of timber framed extensions.', ['06']],
    ['Council invites tenders for the design and construction of a splash park and changing rooms.', ['13']],
    ['The maintenance operations include culvert replacement and clearing and brushing of the municipal drain.', ['33', '31']],
    ['Removal of the existing pedestrian bridge over the river.', ['02']],
    ['Requires a general builder to carry out: boundary wall repairs', ['32']],
  ])('states the work: %s', (sentence, expected) => {
    expect(works(sentence)).toEqual(expected);
  });

  it.each([
    'Bidders may use the parking area behind the town hall during the site visit.',
    'Tenderers shall have experience in watermain construction over the past five years.',
    'The new school will be built on Park Road near the playing field.',
    'Construction of the Smith Road School extension.',
    'The existing sidewalk was constructed in 1985.',
  ])('a place, an experience or past work is not the work: %s', (sentence) => {
    expect(works(sentence)).toEqual([]);
  });

  it('a solicitation that names its works gets their trades; a notice naming them as places does not', () => {
    expect(divisions('REQUEST FOR TENDER\nThe Town invites sealed tenders for the construction of a granular road and a car park.')).toEqual(['32']);
    expect(divisions('REQUEST FOR TENDER\nThe Town invites sealed tenders for roof replacement. Bidders may use the car park on Mill Road.')).not.toContain('32');
  });

  it('trade words in a work verb\'s object are stated work', () => {
    expect(divisions('INVITATION TO TENDER\nThe project is the refurbishment of a former school, with the construction of timber framed and blockwork clad extensions.')).toEqual(
      expect.arrayContaining(['04', '06']),
    );
  });

  it('a bid schedule\'s priced items name their works; a removal item is demolition', () => {
    const schedule = 'SCHEDULE OF PRICES 1 Mobilization LS 1 2 Removal of Existing Pedestrian Bridge EA 1 3 Asphalt Trail SY 930 4 Chain Link Fence LF 100';
    expect(pricedItemWorks(schedule).map((w) => w.division)).toEqual(['02', '32', '32']);
    expect(pricedItemWorks('The trail shall be 3 m wide.')).toEqual([]);
  });

  it('work disowned by the next sentence ("The work of this stage by others") is not read', () => {
    expect(divisions('ADDENDUM NO. 1\nStage 3: Construct the electrical room, including new strip footings and concrete block walls. The work of this stage "by others".')).toEqual([]);
  });
});
