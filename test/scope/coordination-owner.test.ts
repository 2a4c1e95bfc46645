/**
 * Issue #11 (precision): work the owner buys apart, a product's finish, and a facility named as a site
 * are not the contract's trades.
 */
import { describe, expect, it } from 'vitest';
import { findKeywords, negativeContext } from '../../src/core/scope/lexicon.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const divisions = (text: string) => extractScopeFromText(buildDoc([{ text }])).trades.map((t) => t.division).sort();

describe('coordination with the owner', () => {
  it.each([
    'Work associated with the building automation system is to be contracted with the owner\'s contractor and paid directly by the owner.',
    'Coordinate with the owner-provided BAS contractor.',
    'Furniture will be installed by the Owner\'s separate contractor.',
    'Landscaping will be procured directly by the client.',
    'Work associated with the BAS is to be contracted with ABC Contractor and to be paid directly by ABC.',
    'Coordinate unit start-up with the ABC provided BAS Contractor.',
  ])('"%s" is coordination language', (sentence) => {
    expect(negativeContext(sentence)).toBe('by-others');
  });

  it('work approved by the owner is still the contract\'s work', () => {
    expect(negativeContext('Provide ductwork as approved by the owner.')).toBeNull();
    expect(negativeContext('Ductwork shall be provided by the contractor.')).toBeNull();
  });

  it('a "Work by Owner or Others" article excludes what it lists', () => {
    const text = [
      'WORK BY OWNER OR OTHERS',
      'A. Building automation system and controls.',
      'B. Telephone and data cabling.',
      '1.3 SCOPE OF WORK',
      'A. The Work includes new ductwork, diffusers and exhaust fans.',
    ].join('\n');
    const found = divisions(text);
    expect(found).toContain('23');
    expect(found).not.toContain('25');
    expect(found).not.toContain('27');
  });
});

describe('words that are not the work', () => {
  it('a finish among a product\'s properties is not Division 09', () => {
    expect(findKeywords('include material descriptions, dimensions of individual components and profiles, and finishes').filter((h) => h.entry.weight > 0)).toEqual([]);
    expect(findKeywords('The work includes painting and finishes.').map((h) => h.entry.division)).toEqual(['09', '09']);
  });

  it('a facility in a list of sites is a place; the same facility as the work is the work', () => {
    expect(divisions('Tenders are invited for roof replacement across several facilities, including the Depot, Riverside Water Treatment Plant and the Library.')).not.toContain('46');
    expect(divisions('Tenders are invited for the construction of a water treatment plant.')).toContain('46');
  });
});

describe('what the new work connects to', () => {
  it('a facility the new work is linked to already exists', () => {
    const text = 'The Contract is generally for the following work: construction of 110 metres of watermain connecting the new reservoir to the existing potable water system (and linking it to the existing water treatment plant).';
    const found = divisions(text);
    expect(found).toContain('33');
    expect(found).not.toContain('46');
  });
});
