/**
 * Issue #11, round 10: a trade named by the document's own scope sentence is pre-selected (≥ the confidence
 * line) with evidence of its own kind; the same words in a past-project list, an experience requirement, a
 * coordination clause or named in passing are not.
 */
import { describe, expect, it } from 'vitest';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { CONFIDENT_AT } from '../../src/core/scope/confidence.js';
import { buildDoc } from './doc-builder.js';

const scan = (lines: string[]) => extractScopeFromText(buildDoc([{ text: lines }])).trades;
const confident = (lines: string[]) => scan(lines).filter((t) => t.confidence >= CONFIDENT_AT).map((t) => t.division);

describe('confidence of a stated scope', () => {
  it('every trade of an ITB\'s scope sentence is pre-selected, with the sentence as its first evidence', () => {
    const got = scan([
      'INVITATION TO BID',
      'The Owner hereby requests sealed bids for construction work on the Kitchen Renovation.',
      'Work consists of new ceilings, windows, plumbing, ventilating, electrical, and general work.',
      'Bids will be received until 2:00 p.m. on March 2.',
    ]);
    expect(got.filter((t) => t.confidence >= CONFIDENT_AT).map((t) => t.division)).toEqual(['08', '09', '22', '23', '26']);
    for (const t of got) expect(t.evidence[0]?.source).toBe('scope-sentence');
  });

  it('a tender notice\'s "invites bids for" and a closing "also included" sentence speak the same way', () => {
    expect(confident(['This tender invites bids for M&E services and a fire alarm system at the depot.'])).toEqual(['23', '26', '28']);
    expect(confident(['The project consists of a new roof.', 'Also included in this project will be all the electrical, mechanical, and plumbing.'])).toEqual(['07', '22', '23', '26']);
  });

  it('sentences that go on listing the work after the scope sentence are scope too', () => {
    expect(confident(['The project consists of alterations to two classrooms.', 'Removing a wall below a window and installing a new door and frame.', 'Bids will be opened publicly.'])).toEqual(['08']);
  });

  it.each([
    [['Bidders shall list similar projects completed in the last five years.', 'The previous work consisted of roofing, windows, plumbing and electrical.']],
    [['Proposers must demonstrate experience: projects that include mechanical, electrical and plumbing work.']],
    [['Scope of Work: painting.', 'Coordinate with the electrical and plumbing contractors; the work of other contracts includes electrical and plumbing.']],
  ])('the same words outside the document\'s own scope are not pre-selected: %j', (lines) => {
    const got = confident(lines);
    for (const d of ['07', '08', '22', '23', '26']) expect(got).not.toContain(d);
  });

  it('work named in passing stays possible', () => {
    const got = scan(['Scope of Work: replace the roof membrane and gutters; minor electrical modifications.']);
    expect(got.find((t) => t.division === '07')?.confidence).toBeGreaterThanOrEqual(CONFIDENT_AT);
    const electrical = got.find((t) => t.division === '26');
    if (electrical) expect(electrical.confidence).toBeLessThan(CONFIDENT_AT);
  });
});

describe('a list under a scope head', () => {
  it('each bullet under "The Work includes:" is pre-selected', () => {
    expect(confident(['INVITATION TO BID', 'The Work includes:', '• New roof membrane', '• Replacement windows', 'Bids are due on May 1.'])).toEqual(['07', '08']);
  });
});
