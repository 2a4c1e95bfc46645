/**
 * Spec sections named by title alone (issue #11): the MasterFormat title table maps a section's title to
 * its division, in every capitalisation and punctuation, and a flattened change list's title is read as
 * the longest known title its words begin with. The table is no keyword list: prose is never read by it.
 */
import { describe, expect, it } from 'vitest';
import { divisionOfSectionTitle, leadingSectionTitle } from '../../src/core/scope/section-titles.js';

describe('section titles → divisions', () => {
  it('maps current MasterFormat titles of many divisions, however they are printed', () => {
    expect(divisionOfSectionTitle('Cast-in-Place Concrete')).toBe('03');
    expect(divisionOfSectionTitle('UNIT MASONRY')).toBe('04');
    expect(divisionOfSectionTitle('Non-Structural Metal Framing')).toBe('09');
    expect(divisionOfSectionTitle('Cold-Formed Metal Framing')).toBe('05');
    expect(divisionOfSectionTitle('Gypsum Board')).toBe('09');
    expect(divisionOfSectionTitle('Thermoplastic Polyolefin (TPO) Roofing')).toBe('07');
    expect(divisionOfSectionTitle('Hollow Metal Doors & Frames')).toBe('08');
    expect(divisionOfSectionTitle('Toilet, Bath, and Laundry Accessories')).toBe('10');
    expect(divisionOfSectionTitle('Wet-Pipe Sprinkler Systems')).toBe('21');
    expect(divisionOfSectionTitle('Domestic Water Piping')).toBe('22');
    expect(divisionOfSectionTitle('Testing, Adjusting, and Balancing for HVAC')).toBe('23');
    expect(divisionOfSectionTitle('Low-Voltage Electrical Power Conductors and Cables')).toBe('26');
    expect(divisionOfSectionTitle('Communications Horizontal Cabling')).toBe('27');
    expect(divisionOfSectionTitle('Addressable Fire-Alarm Systems')).toBe('28');
    expect(divisionOfSectionTitle('Trenching and Backfilling')).toBe('31');
    expect(divisionOfSectionTitle('Chain Link Fences and Gates')).toBe('32');
    expect(divisionOfSectionTitle('Sanitary Utility Sewerage Piping')).toBe('33');
  });

  it('maps the 1995 sixteen-division titles still printed in older specs', () => {
    expect(divisionOfSectionTitle('General Mechanical Provisions')).toBe('23');
    expect(divisionOfSectionTitle('Basic Mechanical Materials and Methods')).toBe('23');
    expect(divisionOfSectionTitle('Basic Electrical Materials and Methods')).toBe('26');
    expect(divisionOfSectionTitle('Plumbing Fixtures and Equipment')).toBe('22');
    expect(divisionOfSectionTitle('Lath and Plaster')).toBe('09');
  });

  it('knows no job-dependent or non-section words', () => {
    expect(divisionOfSectionTitle('Common Work Results')).toBeNull();
    expect(divisionOfSectionTitle('Mechanical')).toBeNull();
    expect(divisionOfSectionTitle('Site Work')).toBeNull();
    expect(divisionOfSectionTitle('the gypsum board ceiling')).toBeNull();
    expect(divisionOfSectionTitle('Summary')).toBe('01');
  });

  it('reads the longest title a flattened item begins with, never across a sentence end', () => {
    expect(leadingSectionTitle('Building Insulation surfacing in its entirety, copy enclosed')).toMatchObject({ division: '07', title: 'Building Insulation' });
    expect(leadingSectionTitle('Gypsum Board Shaft Wall Assemblies, revise 2.1.A')).toMatchObject({ division: '09', title: 'Gypsum Board Shaft Wall Assemblies' });
    expect(leadingSectionTitle('Unit Masonry. Add paragraph')).toMatchObject({ division: '04', title: 'Unit Masonry' });
    expect(leadingSectionTitle('Paint. Gypsum Board')).toBeNull();
    expect(leadingSectionTitle('of the specifications is revised')).toBeNull();
  });
});
