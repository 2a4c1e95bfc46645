/**
 * Issue #11 (precision): text every document carries — Division 01 requirements sections, facilities for the
 * time of construction, the materials a test is made of — names trades without asking for them.
 */
import { describe, expect, it } from 'vitest';
import { asksLiaisonWithOthers, isPlaceOfAccess, isRequirementsSection, isTemporaryFacility, isTestedMaterial, opensTemporaryList } from '../../src/core/scope/requirements-text.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const divisions = (text: string) =>
  extractScopeFromText(buildDoc([{ text }])).trades.map((t) => t.division).filter((d) => d !== '00' && d !== '01').sort();
const at = (sentence: string, word: string) => sentence.indexOf(word);

describe('Division 01 requirements sections', () => {
  it.each(['01 45 00', '01 50 00', '01 73 29', '01 77 00', '01 91 13', '01410', '01500', '01700', '01045', '01 35 23.13'])('%s states no work', (n) => {
    expect(isRequirementsSection(n)).toBe(true);
  });

  it.each(['01 11 00', '01 12 16', '01 22 00', '01 23 00', '01010', '01020', '01030', '01100', '01270', '03 30 00', '16010'])('%s may state work', (n) => {
    expect(isRequirementsSection(n)).toBe(false);
  });

  it('a testing-laboratory section lists the tests, not the trades', () => {
    const text = [
      'SECTION 01 45 29',
      'TESTING LABORATORY SERVICES',
      'PART 1 GENERAL',
      '1.01 WORK INCLUDED',
      'A. Inspection and testing of soil compaction and soil density.',
      'B. Inspection of cast-in-place concrete, masonry units and structural steel framing.',
      'C. Testing is required for the following: 1. Earthwork 2. Asphalt paving 3. Cast-in-place concrete',
      'END OF SECTION',
    ].join('\n');
    expect(divisions(text)).toEqual([]);
  });

  it('a summary of work in Division 01 still states the job\'s work', () => {
    const text = [
      'SECTION 01 11 00',
      'SUMMARY OF WORK',
      'PART 1 GENERAL',
      '1.01 WORK INCLUDED',
      'A. The Work of this Contract includes replacement of the roofing, new roof insulation and new metal flashings.',
      'END OF SECTION',
    ].join('\n');
    expect(divisions(text)).toContain('07');
  });
});

describe('facilities for the time of construction', () => {
  it('"temporary" before a trade word makes it a facility', () => {
    const s = 'Provide temporary electric power, lighting and toilets for construction personnel.';
    expect(isTemporaryFacility(s, at(s, 'electric'), '26')).toBe(true);
    expect(isTemporaryFacility(s, at(s, 'lighting'), '26')).toBe(true);
    const t = 'Remove the temporary fence and install new chain link fencing.';
    expect(isTemporaryFacility(t, at(t, 'chain link'), '32')).toBe(false);
    const u = 'Install new lighting in the corridors.';
    expect(isTemporaryFacility(u, at(u, 'lighting'), '26')).toBe(false);
  });

  it('a temporary building bought as the job, and temporary traffic control, are still work', () => {
    const s = 'Rental or purchase of six temporary prefabricated classrooms with all associated site works.';
    expect(isTemporaryFacility(s, at(s, 'prefabricated'), '13')).toBe(false);
    const t = 'Item 9: temporary traffic signals, complete.';
    expect(isTemporaryFacility(t, at(t, 'traffic signals'), '34')).toBe(false);
    expect(divisions('INVITATION TO TENDER\nRental or purchase of six temporary prefabricated modular classrooms.')).toContain('13');
  });

  it('a list headed by temporary facilities names no trade; the same items as the work do', () => {
    const head = 'B. Temporary utilities required include but are not limited to:';
    expect(opensTemporaryList(head)).toBe(true);
    expect(opensTemporaryList('The Work includes the following:')).toBe(false);
    const items = ['1. Water service and distribution.', '2. Storm and sanitary sewer.', '3. Electric power and lighting.'];
    expect(divisions([head, ...items].join('\n'))).toEqual([]);
    const scope = ['The scope of work includes the following:', ...items].join('\n');
    expect(divisions(scope).length).toBeGreaterThan(0);
  });
});

describe('the material a test is made of', () => {
  it('the object of testing or inspection is not the work bid', () => {
    const s = 'The consultant shall perform inspection and testing of concrete work and special inspection of structural steel.';
    expect(isTestedMaterial(s, at(s, 'concrete'))).toBe(true);
    expect(isTestedMaterial(s, at(s, 'structural steel'))).toBe(true);
    const t = 'Provide cast-in-place concrete foundations; testing by the owner.';
    expect(isTestedMaterial(t, at(t, 'concrete'))).toBe(false);
    const u = 'Testing of the system and install new sprinkler heads.';
    expect(isTestedMaterial(u, at(u, 'sprinkler'))).toBe(false);
  });

  it('a testing services request names no trade; a request to build does', () => {
    expect(divisions('REQUEST FOR PROPOSALS\nThe City seeks a firm for testing of soil compaction, asphalt paving and cast-in-place concrete on its capital projects.')).toEqual([]);
    expect(divisions('INVITATION TO BID\nThe work includes asphalt paving and cast-in-place concrete curbs.')).toContain('32');
  });
});

describe('a place kept open during the work', () => {
  it('access to, disruption to and use of a place are constraints, not work', () => {
    const s = 'Contractors must minimise disruption to the sports pitches and manage access to the car park.';
    expect(isPlaceOfAccess(s, at(s, 'car park'))).toBe(true);
    const t = 'Use of the owner\'s toilets is not permitted.';
    expect(isPlaceOfAccess(t, at(t, 'toilets'))).toBe(true);
    const u = 'Resurface the car park and renew its line markings.';
    expect(isPlaceOfAccess(u, at(u, 'car park'))).toBe(false);
  });

  it('places the contractor must keep clear are constraints, under their heading too', () => {
    const s = 'Driveways and Entrances: Keep driveways, loading areas, and entrances serving premises clear and available to Owner at all times.';
    expect(isPlaceOfAccess(s, at(s, 'Driveways'))).toBe(true);
    expect(isPlaceOfAccess(s, at(s, 'driveways,'))).toBe(true);
    const u = 'Replace the driveways and keep the site clean.';
    expect(isPlaceOfAccess(u, at(u, 'driveways'))).toBe(false);
  });

  it('a notice whose only mention of a car park is keeping access to it names no paving trade', () => {
    const notice = ['TENDER NOTICE', 'Refurbishment of the changing rooms at the sports ground.', 'Contractors must:', 'Minimise disruption to matches and training', 'Manage access to the car park carefully', 'Maintain access to the parking lot for spectators'].join('\n');
    expect(divisions(notice)).not.toContain('32');
    expect(divisions('TENDER NOTICE\nThe works include resurfacing of the car park and new kerbs.')).toContain('32');
  });
});

describe('liaison with other parties', () => {
  it('a sentence asking to liaise with others about their work states no work of ours', () => {
    expect(asksLiaisonWithOthers('Liaison with the school\'s incumbent term contractors for timely installation of alarms & access control is required.')).toBe(true);
    expect(asksLiaisonWithOthers('The contractor shall liaise with the utility provider for the new electrical supply.')).toBe(true);
    expect(asksLiaisonWithOthers('Install new fire alarm devices and liaise with the Engineer on locations.')).toBe(false);
  });

  it('the alarms of a liaison sentence are not a trade; the same alarms as the works are', () => {
    const liaison = ['TENDER NOTICE', 'The works comprise an extension to the library.', 'Liaison with the school\'s incumbent term contractors for timely installation of fire alarms and access control is required.'].join('\n');
    expect(divisions(liaison)).not.toContain('28');
    expect(divisions(['TENDER NOTICE', 'The works comprise installation of fire alarms and access control.'].join('\n'))).toContain('28');
  });
});
