/**
 * The project's place is the site's (issue #11): not the office bids are delivered to or opened in, not
 * an agency's letterhead; a town named in running prose counts; a street never lands in the city field.
 */
import { describe, expect, it } from 'vitest';
import { extractProjectFacts } from '../../src/core/scope/project-facts.js';
import { placesIn } from '../../src/core/scope/fact-places.js';
import { buildDoc } from './doc-builder.js';

const place = (lines: string[]) => {
  const f = extractProjectFacts(buildDoc([{ text: lines }]));
  return { street: f.streetAddress?.value ?? null, city: f.city?.value ?? null, state: f.stateOrProvince?.value ?? null, zip: f.zipOrPostcode?.value ?? null };
};

describe('the site, not an office', () => {
  it('never puts a street in the city field', () => {
    expect(placesIn('707 NORTH ELM STREET SPRINGFIELD, ILLINOIS 62701')[0]?.city).toBe('Springfield');
    expect(placesIn('Project: 55 Harbor Avenue San Jose, CA 95112')[0]?.city).toBe('San Jose');
    // A town whose name holds a street word is kept whole when no street number comes before it.
    expect(placesIn('St. Louis, MO 63101')[0]?.city).toBe('St. Louis');
  });

  it("reads a town named in running prose, and a county's name in parentheses does not hide it", () => {
    expect(place(['Harbor Field, Inc owns a semi-pro baseball team in (Elm County) Springfield, Illinois. Harbor Field, Inc is building a practice field.'])).toMatchObject({ city: 'Springfield', state: 'Illinois' });
  });

  it("does not take an agency's letterhead as the site: only its state stands", () => {
    expect(place(['NORTHERN STATE HIGHWAY ADMINISTRATION OFFICE OF HIGHWAY DESIGN', 'TECHNICAL SERVICES DIVISION 707 NORTH ELM STREET SPRINGFIELD, ILLINOIS 62701', 'Addendum No. 2'])).toEqual({
      street: null,
      city: null,
      state: 'Illinois',
      zip: null,
    });
  });

  it('does not take the street where bids are delivered or opened as the site', () => {
    const opened = place([
      'Sealed bids will be received until 2:00 p.m. and immediately thereafter publicly opened and recorded in the Elm County Schools Board Building,',
      'located at 1701 Oak Drive, Jacksonville, Florida, 5th Floor.',
    ]);
    expect(opened.street).toBeNull();
    expect(opened.city).toBe('Jacksonville');
    const delivered = place(['Sealed bids will be accepted at the Town Hall, Office of the Town Clerk, 26 North Main Street,', 'Marlborough, Connecticut, 06447 no later than 10:00 a.m.']);
    expect(delivered.street).toBeNull();
  });
});

describe('an office is never the site (round 10)', () => {
  it("gives no place when the only address is an architect's office", () => {
    expect(place(['ELM SCHOOL ROOF REPLACEMENT PROJECT MANUAL', 'ARCHITECT Smith Design, Inc 200 Main Street Suite 400 Springfield, Virginia'])).toEqual({ street: null, city: null, state: null, zip: null });
  });

  it('takes the site when both the site and an office are printed', () => {
    expect(place(['ARCHITECT Smith Design, Inc 200 Main Street Suite 400 Springfield, Virginia', 'Project location: Elmwood, Virginia'])).toMatchObject({ city: 'Elmwood', state: 'Virginia' });
  });

  it('drops a word of the line before glued to the town, and keeps a town whose name has an inner capital', () => {
    expect(placesIn('One Court Square C1 LevelSpringfield, IL 62701')[0]?.city).toBe('Springfield');
    expect(placesIn('McAllen, TX 78501')[0]?.city).toBe('McAllen');
    expect(placesIn('DeKalb, IL 60115')[0]?.city).toBe('DeKalb');
  });
});

describe('a street run into its town (round 11)', () => {
  it('gives no city when a street without its "Road" or "Street" runs into the town, and the town when the street is whole', () => {
    expect(placesIn('52700 ELM RIDGE SPRINGFIELD TOWNSHIP, IL 62701')[0]).toMatchObject({ city: undefined, postcode: '62701' });
    expect(placesIn('52700 ELM RIDGE ROAD SPRINGFIELD, IL 62701')[0]?.city).toBe('Springfield');
    expect(placesIn('P.O. BOX 12 SPRINGFIELD, IL 62701')[0]?.city).toBe('Springfield');
    expect(placesIn('200 Main Street Suite 400 Springfield, IL 62701')[0]?.city).toBe('Springfield');
  });
});
