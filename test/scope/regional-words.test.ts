/**
 * Issue #11: trade words of New Zealand, Indian and UK documents, and work nouns in their verb forms,
 * each read as its division; a context word ("linings", "making good") never makes a trade on its own.
 */
import { describe, expect, it } from 'vitest';
import { findKeywords } from '../../src/core/scope/lexicon.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const divisions = (text: string) => extractScopeFromText(buildDoc([{ text }])).trades.map((t) => t.division).sort();

describe('regional trade words', () => {
  it.each([
    ['Gib board', '09'], ['wall linings', '09'], ['ceiling linings', '09'], ['spouting', '07'], ['bench units', '06'], ['vanity units', '06'],
    ['internal electrification', '26'], ['E&M services', '26'], ['sanitary installation', '22'], ['internal water supply', '22'],
    ['central air conditioning', '23'], ['M&E services', '23'], ['ply board', '06'], ['screeding', '03'], ['demolishing', '02'],
    ['aluminium doors', '08'], ['paint works', '09'], ['drainage work', '33'],
    ['bricking up', '04'], ['bricked up', '04'], ['roof finishes', '07'], ['masonry paint', '09'], ['angle reinforcement', '09'], ['shopfitting', '06'], ['double sockets', '26'], ['small power', '26'], ['tile floors', '09'],
    ['pebbledash', '09'], ['render repairs', '09'], ['studwork', '09'], ['felt roof', '07'], ['external wall insulation', '07'], ['rooflights', '08'],
    ['Hebel panels', '04'], ['fitted kitchen', '06'], ['DHW', '22'], ['MVHR', '23'], ['LTHW', '23'], ['extract fan', '23'],
  ])('"%s" → %s', (text, division) => {
    expect(findKeywords(text).map((h) => h.entry.division)).toEqual([division]);
  });

  it('a New Zealand request for tender in local words gives its trades', () => {
    const text = 'The works comprise: new insulation and Gib board; new acoustic wall linings; new bench units and sinks; floor coverings; new lighting and electrical upgrade.';
    expect(divisions(text)).toEqual(expect.arrayContaining(['06', '09', '22', '26']));
  });

  it('a demolition stated in gerund form is demolition', () => {
    expect(divisions('The works consist of repairing below-ground drainage and demolishing a two-classroom portacabin.')).toContain('02');
  });

  it('a notice for shopfitting asks for the joiner\'s work', () => {
    expect(divisions('TENDER NOTICE\nShopfitting works to the ground floor retail unit, including new joinery counters and display units.')).toContain('06');
  });

  it('a primer alone, as for a membrane, is no painting trade', () => {
    expect(divisions('Scope of services: adhere the EPDM membrane to the insulation with a primer and adhesive.')).not.toContain('09');
  });

  it('context words alone make no trade', () => {
    expect(divisions('All linings and making good shall be to the approval of the architect.')).toEqual([]);
  });

  it('"along with" adds work; "along the sidewalk" is where it runs', () => {
    expect(divisions('Name of work: Supply of ply board cupboards along with internal electrification.')).toContain('26');
    expect(divisions('Scope of work: trench along the existing sidewalk for the new water main.')).not.toContain('32');
  });
});
