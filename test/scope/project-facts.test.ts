import { describe, expect, it } from 'vitest';
import { extractProjectFacts, looksLikeProjectName } from '../../src/core/scope/project-facts.js';
import { eventDate } from '../../src/core/scope/fact-dates.js';
import { placesIn } from '../../src/core/scope/fact-places.js';
import { buildDoc } from './doc-builder.js';

const facts = (pages: Parameters<typeof buildDoc>[0]) => extractProjectFacts(buildDoc(pages));
const values = (f: ReturnType<typeof extractProjectFacts>) =>
  Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v === null ? null : (v as { value: unknown }).value]));

describe('project name', () => {
  it('is never a legend entry, a room tag, a sheet title, a file name, an address or a document kind', () => {
    for (const bad of [
      'F SPEAKER, CEILING E001',
      'SPEAKER, CEILING',
      'CLASSROOM 204',
      'LAB 1-129',
      'E201 FIRST FLOOR LIGHTING PLAN',
      'ELECTRICAL SYMBOLS LEGEND',
      'FIRST FLOOR POWER PLAN',
      'plans_rev3_final.pdf',
      '100% CONSTRUCTION DOCUMENTS',
      "Engineer's Opinion of Probable Construction Costs",
      'Bill of Quantities',
      'West Lafayette, IN 47907',
      '915 Main Street',
      'April 15, 2025',
    ]) {
      expect(looksLikeProjectName(bad), bad).toBe(false);
    }
    for (const good of ['Riverside Library Renovation', 'Plot 6', 'DSH COALINGA ROAD REPAIRS', 'Lily Hall Teaching Lab 1-129 Renovation']) expect(looksLikeProjectName(good), good).toBe(true);
  });

  it('reads a labelled name on its line, or on the next line in a title block', () => {
    expect(facts([{ text: ['PROJECT NAME: Riverside Library Renovation', 'OWNER: Town of Riverside'] }]).name).toEqual({ value: 'Riverside Library Renovation', page: 1, source: 'text' });
    expect(facts([{ text: ['DRAWING TITLE:', 'COVER SHEET', 'PROJECT DETAILS:', 'HARBOUR SCHOOL REDEVELOPMENT', 'PROJECT No:', '231093'] }]).name?.value).toBe('HARBOUR SCHOOL REDEVELOPMENT');
  });

  it('is never a wrapped line of prose', () => {
    for (const bad of [
      'replacement of two rooftop HVAC units serving the Civic Center. The project includes removal of two',
      'Low Way, Harbour Beach, Queensland has an existing amenities building requiring replacement. The new',
    ]) expect(looksLikeProjectName(bad), bad).toBe(false);
    expect(looksLikeProjectName('St. Mary Clinic Renovation')).toBe(true);
  });

  it('reads "CONTRACT TITLE:" and an outlined "A. Project Identification:" as the name’s label', () => {
    expect(facts([{ text: ['TENDER INVITATION', 'CONTRACT TITLE: Harbour Holiday Park - Replacement Amenities Building No. 2', 'CONTRACT NUMBER: 334201'] }]).name?.value).toBe('Harbour Holiday Park - Replacement Amenities Building No. 2');
    expect(facts([{ text: ['1.3 WORK COVERED BY CONTRACT DOCUMENTS', 'A. Project Identification: Elm Street Apartment Roofing Replacement', '1. Project Location: Elm Street, Springfield, MA'] }]).name?.value).toBe('Elm Street Apartment Roofing Replacement');
  });

  it('is not a news headline, a spec section’s heading, or the last words of a wrapped title', () => {
    for (const bad of ['School District calls for bids', 'SECTION ELEVATOR REPAIRS AND RESTORATION', 'PART 1 - GENERAL']) expect(looksLikeProjectName(bad), bad).toBe(false);
    const f = facts([{ text: ['TENDER NO. TENDER DESCRIPTION LOCATION', 'KCO/50/03/FY18 RENOVATION OF CLASSROOMS - ECCD BLOCK AT HILLSIDE PRIMARY', 'SCHOOL RIVERTON', 'The Agency invites tenders from approved and reputable Contractors for the above works.'] }]);
    expect(f.name).toBeNull();
  });

  it('leaves the kind of document off a solicitation’s title', () => {
    expect(facts([{ text: ['INVITATION TO BID – Additions and Renovations to Oak Elementary School Project', 'ADVERTISEMENT FOR BID'] }]).name?.value).toBe('Additions and Renovations to Oak Elementary School Project');
    const doc = buildDoc([{ text: ['Request for Construction Contractor Proposals for the Renovation of Village Hall', 'The Village requests proposals from qualified contractors.'] }]);
    expect(extractProjectFacts(doc).name?.value).toBe('Renovation of Village Hall');
  });

  it('stays null when the largest type on the cover is a legend or a room label', () => {
    const doc = buildDoc([{ text: ['F SPEAKER, CEILING E001', 'CLASSROOM 204', 'GENERAL NOTES'], items: [
      { str: 'F SPEAKER, CEILING E001', fontSize: 30 }, { str: 'CLASSROOM 204', fontSize: 24 }, { str: 'GENERAL NOTES', fontSize: 10 },
    ] }]);
    expect(extractProjectFacts(doc).name).toBeNull();
  });

  it('on a scanned cover takes the name only from a label, never from the largest OCR word (a logo reads as one)', () => {
    const scanned = (lines: { str: string; fontSize: number }[]) => {
      const doc = buildDoc([{ text: lines.map((l) => l.str), items: lines }]);
      doc.pages[0]!.ocr = { status: 'read', reason: 'scan', words: 40, ms: 900 };
      return extractProjectFacts(doc);
    };
    expect(scanned([{ str: 'Acmeplan', fontSize: 60 }, { str: 'RIVERSIDE CLINIC REMODEL', fontSize: 30 }, { str: 'GENERAL NOTES', fontSize: 10 }]).name).toBeNull();
    // A labelled name on the scan is read, and marked as OCR'd.
    expect(scanned([{ str: 'PROJECT NAME: Riverside Clinic Remodel', fontSize: 12 }, { str: 'GENERAL NOTES', fontSize: 10 }]).name).toEqual({ value: 'Riverside Clinic Remodel', page: 1, source: 'ocr' });
  });

  it('does not join a legend column and a title block printed on the same row', () => {
    const doc = buildDoc([{ text: ['(PHOTO ELEC) CONNECTION', 'RIVERSIDE CLINIC REMODEL'] }]);
    const page = doc.pages[0]!;
    page.items = [
      { str: '(PHOTO ELEC)', x: 40, y: 100, width: 60, height: 12, fontSize: 12 },
      { str: 'CONNECTION', x: 110, y: 100, width: 60, height: 12, fontSize: 12 },
      { str: 'REMODEL', x: 520, y: 100, width: 50, height: 12, fontSize: 12 },
      { str: 'RIVERSIDE CLINIC', x: 500, y: 84, width: 90, height: 12, fontSize: 12 },
    ];
    expect(extractProjectFacts(doc).name?.value).not.toMatch(/PHOTO|CONNECTION/);
  });

  it('takes a specification’s running header, not its section title', () => {
    const page = (n: number) => ({ text: ['HARBOUR CLINIC RESTACK', 'LARGO, MARYLAND', `SECTION 22 47 00`, 'DRINKING FOUNTAINS', `Body text of page ${n}.`], sections: [{ number: '22 47 00', title: 'DRINKING FOUNTAINS', kind: 'section' as const }] });
    const f = facts([page(1), page(2), page(3)]);
    expect(values(f)).toMatchObject({ name: 'HARBOUR CLINIC RESTACK', city: 'Largo', stateOrProvince: 'Maryland', country: null, zipOrPostcode: null });
  });
});

describe('place', () => {
  const site = (line: string) => values(facts([{ text: ['PROJECT: Harbour Hall Renovation', `Project site: ${line}`] }]));

  // The country is given only where the address prints it; the region or postcode that implies one is no print of it.
  it('reads addresses by each country’s convention', () => {
    expect(site('2300 Elm Street, Lafayette, IN 47904')).toMatchObject({ streetAddress: '2300 Elm Street', city: 'Lafayette', stateOrProvince: 'IN', zipOrPostcode: '47904', country: null });
    expect(site('1 Main Avenue, Red Deer, AB T4N 1X1')).toMatchObject({ city: 'Red Deer', stateOrProvince: 'AB', zipOrPostcode: 'T4N 1X1', country: null });
    expect(site('12 Bay Road, Launceston TAS 7250')).toMatchObject({ city: 'Launceston', stateOrProvince: 'TAS', zipOrPostcode: '7250', country: null });
    expect(site('Andheri East, Mumbai, Maharashtra 400069')).toMatchObject({ city: 'Mumbai', stateOrProvince: 'Maharashtra', zipOrPostcode: '400069', country: null });
    expect(site('Little Snoring, NR21 0AB')).toMatchObject({ city: 'Little Snoring', zipOrPostcode: 'NR21 0AB', country: null });
    expect(site('1 Main Avenue, Red Deer, Alberta, Canada T4N 1X1')).toMatchObject({ city: 'Red Deer', country: 'Canada' });
  });

  it('does not take a zip printed with the wrong state', () => {
    expect(placesIn('Springfield, CA 47904')).toEqual([]);
  });

  it('prefers the site over a consultant’s office with a phone number', () => {
    const f = values(facts([{ text: ['PROJECT: Harbour Hall Renovation', 'ARCHITECT', 'Smith Design Studio, LLC', '100 Main St, Suite 200', 'Indianapolis, IN 46202', '(317) 555-1212', 'Project location: Lafayette, IN 47904'] }]));
    expect(f).toMatchObject({ city: 'Lafayette', zipOrPostcode: '47904' });
  });

  it('does not take a contact person’s office address as the site’s street and zip', () => {
    const f = facts([{ text: ['ADDENDUM NO. 2', 'MILL CREEK STREAM RESTORATION', 'CITY OF SPRINGFIELD, GEORGIA Project Manager: Jane Roe Office(770) 555-1234; Mobile(678) 555-0111', '100 Market Parkway, Springfield, GA 30501', 'ACKNOWLEDGE RECEIPT OF THIS ADDENDUM.'] }]);
    expect(f.streetAddress).toBeNull();
    expect(f.zipOrPostcode).toBeNull();
    expect(f.stateOrProvince?.value).toBe('GA');
  });

  it('does not take an owner’s labelled office or the place bids are received as the site', () => {
    const owner = facts([{ text: ['PROJECT: COUNTY COURTHOUSE ELEVATOR MODERNIZATION', 'OWNER: WESTFIELD COUNTY 2100 LAKE ROAD SPRINGFIELD, MICHIGAN 48328'] }]);
    expect(owner.streetAddress).toBeNull();
    expect(owner.zipOrPostcode).toBeNull();
    const clerk = facts([{ text: ['Sealed bid proposals for a OFFICE RENOVATION will be received by the City at the office of the City Clerk, 500 W. Main Road, Springfield, MI 48084 until Thursday, November 19, 2015, at 10:00 AM.'] }]);
    expect(clerk.streetAddress).toBeNull();
    expect(clerk.zipOrPostcode).toBeNull();
  });

  it('names no town for a list of towns', () => {
    expect(facts([{ text: ['The Land Bank is seeking proposals to demolish four properties located in Ashford, Brookdale, North Fields, and Kent, New York.'] }]).city).toBeNull();
  });

  it('joins an address broken over title-block lines', () => {
    expect(values(facts([{ text: ['PROJECT: Harbour Hall Renovation', '730 S 8TH ST.', 'MINNEAPOLIS, MN', '55415'] }]))).toMatchObject({ streetAddress: '730 S 8th St.', city: 'Minneapolis', stateOrProvince: 'MN', zipOrPostcode: '55415' });
  });

  it('does not take a meeting’s or an organization’s office address as the site’s street', () => {
    const meeting = values(facts([{ text: ['PROJECT: Harbour Hall Renovation', 'The project is a new hall in Red Deer, Alberta.', 'Information meeting location: Town Office,', '1 Main Avenue, Red Deer,', 'AB T4N 1X1'] }]));
    expect(meeting).toMatchObject({ city: 'Red Deer', stateOrProvince: 'Alberta', streetAddress: null });
    const office = values(facts([{ text: ['HARBOUR REC CENTER UPGRADES', 'Substitution requests shall be submitted to the architect', 'no later than 10 days prior to bid date.', 'See section 01 63 00.', 'CITY OF HARBOUR', '210 FRONT AVE.', 'HARBOUR, ALASKA 99611'], items: [
      { str: 'HARBOUR REC CENTER UPGRADES', fontSize: 30 }, { str: 'Substitution requests shall be submitted to the architect', fontSize: 10 }, { str: 'no later than 10 days prior to bid date.', fontSize: 10 },
      { str: 'See section 01 63 00.', fontSize: 10 }, { str: 'CITY OF HARBOUR', fontSize: 14 }, { str: '210 FRONT AVE.', fontSize: 10 }, { str: 'HARBOUR, ALASKA 99611', fontSize: 10 },
    ] }]));
    expect(office).toMatchObject({ name: 'HARBOUR REC CENTER UPGRADES', owner: 'City of Harbour', city: 'Harbour', zipOrPostcode: '99611', streetAddress: null });
  });
});

describe('owner, designers, project number', () => {
  it('takes the organization that calls for the bids as the owner, without its board', () => {
    expect(facts([{ text: ['INVITATION TO BID', 'Harbor County Schools invites general contractors to bid on the Chiller Replacement Project.'] }]).owner?.value).toBe('Harbor County Schools');
    expect(facts([{ text: ['The Board of Trustees of Lakeside State University hereby requests sealed bids for construction work.'] }]).owner?.value).toBe('Lakeside State University');
    expect(facts([{ text: ['Our firm invites bids from qualified subcontractors.'] }]).owner).toBeNull();
    expect(facts([{ text: ['Westfield County Purchasing Division is requesting proposals on behalf of Facilities Maintenance for elevator modernization.'] }]).owner).toBeNull();
  });

  it('reads "CLIENT / ARCHITECT" pairs, project numbers, and firms under discipline labels; not initials', () => {
    const f = values(facts([{ text: ['CLIENT / ARCHITECT:', 'HARBOUR COLLEGE / SMITH ARCHITECTS', 'PROJECT DETAILS:', 'HARBOUR COLLEGE LIBRARY ADDITION', 'PROJECT No:', '231093', 'DESIGN BY:', 'AJL', 'MEP', 'ACME', '8900 Keystone Crossing #210'] }]));
    expect(f).toMatchObject({ owner: 'HARBOUR COLLEGE', projectNumber: '231093', name: 'HARBOUR COLLEGE LIBRARY ADDITION' });
    expect(f.architectOrEngineer).toEqual(['SMITH ARCHITECTS', 'ACME']);
  });

  it('takes the organization under the cover title as owner, and a firm’s legal name before its project number', () => {
    const f = values(facts([{ text: ['RIVERSIDE LIBRARY RENOVATION', 'UNIVERSITY OF RIVERSIDE', 'Jones & Lee, Inc. – Project #20076.01'] }]));
    expect(f).toMatchObject({ name: 'RIVERSIDE LIBRARY RENOVATION', owner: 'University of Riverside', projectNumber: '20076.01', architectOrEngineer: ['Jones & Lee, Inc.'] });
  });

  it('gives null, not a phone number or a date, where no project number is printed', () => {
    expect(facts([{ text: ['PROJECT: Harbour Hall Renovation', 'PROJECT NO: (317) 555-1212', 'JOB #: 04/15/2025'] }]).projectNumber).toBeNull();
  });
});

describe('dates', () => {
  it('parses date, time and zone as printed', () => {
    expect(eventDate('no later than 2:00 p.m. Pacific Time on March 5, 2024', 0)).toMatchObject({ date: '2024-03-05', time: '14:00', timeZone: 'PT' });
    expect(eventDate('Closing Date: August 30th, 2024 / Closing Time: 14:00:00 Mountain Standard Time (MST)', 0)).toMatchObject({ date: '2024-08-30', time: '14:00', timeZone: 'MST' });
    expect(eventDate('Bids due 14:00 PST 30 August 2024', 0)).toMatchObject({ date: '2024-08-30', time: '14:00', timeZone: 'PST' });
    expect(eventDate('at 11.00 a.m. on July 15, 2024', 0)).toMatchObject({ date: '2024-07-15', time: '11:00', timeZone: null });
  });

  it('keeps the date null when the year is not printed, and "local time" is no zone', () => {
    expect(eventDate('Bids are due at 2:00 PM local time, March 5', 0)).toEqual({ date: null, time: '14:00', timeZone: null, text: '2:00 PM local time, March 5' });
  });

  it('finds the bid due date with its time, takes an addendum’s new date, and ignores openings and question deadlines', () => {
    const f = facts([
      { text: ['ADDENDUM No. 1', 'Bid Due Date – April 15, 2025', 'CHANGE bid due date from April 10, 2025 to April 15, 2025.', 'Questions are due March 30, 2025 at 5:00 PM.'] },
      { text: ['SEALED BIDS: the Owner will receive sealed bids at 1 Main Street,', 'before 2:00 P.M., April 15, 2025.', 'A public bid opening will be held on April 16, 2025, at 2:00 PM.'] },
    ]);
    expect(f.bidDue).toEqual({ value: { date: '2025-04-15', time: '14:00', timeZone: null, text: '2:00 P.M., April 15, 2025' }, page: 2, source: 'text' });
  });

  it('gives no meeting at all when its date has no year: a time alone cannot go in a calendar', () => {
    expect(facts([{ text: ['A Pre-Bid Conference will be held on May 8, 9:00 AM in the Purchasing Conference Room.'] }]).preBidMeeting).toBeNull();
  });

  it('reads the pre-bid meeting, mandatory or optional', () => {
    expect(facts([{ text: 'Contractors must attend the MANDATORY pre-bid site inspection tour on March 26, 2025, at 09:00 AM.' }]).preBidMeeting?.value).toMatchObject({ date: '2025-03-26', time: '09:00' });
    expect(facts([{ text: 'An optional on-site information meeting is scheduled for July 15, 2024, at 11.00 a.m.' }]).preBidMeeting?.value).toMatchObject({ date: '2024-07-15', time: '11:00' });
  });
});

describe('project name from a page of body text (held-out round 5)', () => {
  it('a wrapped line of prose is no name, even when it speaks of the project', () => {
    const f = facts([{ text: ['The scope of work and design solutions for each project vary per school, but each project generally', 'includes selective demolition and walk-in cooler replacements.'] }]);
    expect(f.name).toBeNull();
  });

  it('a title stops before the job-number line under it', () => {
    const f = facts([{ items: [{ str: 'WATER RESOURCES PROGRAM', fontSize: 14 }, { str: 'NORTH PUMP STATION PHASE I', fontSize: 14 }, { str: 'UTILITY JOB NO. 13-8611-220', fontSize: 14 }, { str: 'ADDENDUM NO. 3', fontSize: 10 }, { str: 'This addendum is an amendment to the bidding documents.', fontSize: 10 }], text: [] }]);
    expect(f.name?.value ?? '').not.toMatch(/JOB NO/i);
  });
});

describe('bid due dates and owners as notices print them (held-out round 5)', () => {
  it('a cue that wraps onto the next line, a "Due Date:" label, and "Deliver RFPs … by" give the bid due date', () => {
    const wrapped = facts([{ text: ['The optional meeting is at the Municipal Complex, 100 Main Road. Sealed bids for the performance of', 'such work will be received in the Legal Department located on the main level of the Municipal', 'Complex, 100 Main Road, until 2:00pm local time on Thursday, June 25, 2020. Immediately thereafter, bids will be opened.'] }]);
    expect(wrapped.bidDue?.value).toMatchObject({ date: '2020-06-25', time: '14:00', timeZone: null });
    expect(facts([{ text: ['Contact: Facilities Manager', 'Due Date: 07/25/2025 1:00 PM', 'Contract Term: Until project completion'] }]).bidDue?.value).toMatchObject({ date: '2025-07-25', time: '13:00' });
    expect(facts([{ text: ['Deliver RFPs via email to the City Clerk by October 27, 2025 at 5:00 PM MST. Late submittals will be returned.'] }]).bidDue?.value).toMatchObject({ date: '2025-10-27', time: '17:00', timeZone: 'MST' });
    // A due date of something else is not the bid's.
    expect(facts([{ text: ['Questions Due Date: 07/01/2025 1:00 PM'] }]).bidDue).toBeNull();
  });

  it('"Notice is hereby given by the Board of Trustees of X that sealed bids are sought" makes X the owner', () => {
    const f = facts([{ text: ['NOTICE TO CONTRACTORS', 'Notice is hereby given by the Board of Trustees of the Valley Library System that sealed bids are sought and requested for a roof replacement project.'] }]);
    expect(f.owner?.value).toMatch(/^Valley Library System$/i);
  });
});

it('says nothing about a document that says nothing', () => {
  expect(values(facts([{ text: ['GENERAL NOTES', '1. ALL WORK SHALL COMPLY WITH THE CODE.'] }]))).toEqual({
    name: null, owner: null, streetAddress: null, city: null, stateOrProvince: null, country: null, zipOrPostcode: null, projectNumber: null, architectOrEngineer: null, bidDue: null, preBidMeeting: null,
  });
});
