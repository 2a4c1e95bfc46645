/**
 * Labelled fields run together (issue #11): addenda headers and notice boards print "Label: value"
 * pairs that text extraction runs into one paragraph. A labelled project address wins over every other
 * address; an owner's, architect's, contact's or bid-delivery address is never the site; a labelled
 * name is read up to where the next field, a number or a sentence starts.
 */
import { describe, expect, it } from 'vitest';
import { extractProjectFacts } from '../../src/core/scope/project-facts.js';
import { labelledFields } from '../../src/core/scope/fact-labels.js';
import { placeRole } from '../../src/core/scope/fact-places.js';
import { nameInField } from '../../src/core/scope/fact-names.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const facts = (lines: string[]) => {
  const f = extractProjectFacts(buildDoc([{ text: lines }]));
  return { name: f.name?.value ?? null, street: f.streetAddress?.value ?? null, city: f.city?.value ?? null, state: f.stateOrProvince?.value ?? null, zip: f.zipOrPostcode?.value ?? null };
};

describe('labelled fields in a paragraph', () => {
  it('splits fields at the nearest label word, keeping multi-word labels whole', () => {
    const fields = labelledFields('ADDENDUM Project: Elm Street Fire Hall Project No.: 12-345 Addendum No.: 1 Project Address: 10 Oak Boulevard Springfield, Idaho Date: May 3, 2024');
    expect(fields.map((f) => [f.label, f.value])).toEqual([
      ['project', 'Elm Street Fire Hall'],
      ['project no', '12-345'],
      ['addendum no', '1'],
      ['project address', '10 Oak Boulevard Springfield, Idaho'],
      ['date', 'May 3, 2024'],
    ]);
  });

  it('drops a list letter printed before the next label, and does not read a clock time as a label', () => {
    const fields = labelledFields('A. Project Name : Riverside Library B. Owner: Town of Elm Bids due at 2:00 p.m.');
    expect(fields.map((f) => [f.label, f.value])).toEqual([
      ['project name', 'Riverside Library'],
      ['owner', 'Town of Elm Bids due at 2:00 p.m.'],
    ]);
  });
});

describe('site labels of each region', () => {
  it.each([
    ['US', ['Project: Elm Fire Hall', 'Owner: Elm Fire District, 50 Main Street, Boise, ID 83702', 'Job Site: 10 Oak Road, Meridian, ID 83642'], { city: 'Meridian', state: 'ID' }],
    ['UK', ['Employer: Riverside Council, 1 Civic Way, Leeds, LS1 1UR', 'Site Address: 12 Mill Lane, Little Snoring, NR21 0AB'], { city: 'Little Snoring', zip: 'NR21 0AB' }],
    ['AU', ['Principal: Harbour Shire Council, 2 King Street, Hobart TAS 7000', 'Site: 12 Bay Road, Launceston TAS 7250'], { city: 'Launceston', state: 'TAS' }],
    ['IN', ['Name of Work: Construction of Boundary Wall', 'Location of Work: Andheri East, Mumbai, Maharashtra 400069'], { city: 'Mumbai', state: 'Maharashtra' }],
  ])('%s: the labelled site, not the office printed before it', (_region, lines, where) => expect(facts(lines)).toMatchObject(where));
});

describe('which labels name the site', () => {
  it.each([
    ['project address'],
    ['project location'],
    ['site'],
    ['site address'],
    ['location of work'],
    ['location of the works'],
    ['job site'],
    ['site of the works'],
    ['place of work'],
  ])('"%s" is the site', (label) => expect(placeRole(label, '', '')).toBe('site'));

  it.each([['owner'], ['(architect)'], ['engineer of record'], ['attn'], ['prepared for'], ['mailing address'], ['deliver bids to'], ['client']])('"%s" is a party or a delivery place', (label) =>
    expect(placeRole(label, '', '')).toBe('elsewhere'),
  );

  it('reads a bare "Location:" by the field before it: after a bid date it is where bids go', () => {
    expect(placeRole('location', 'bid date: April 20, 2024 at 2pm', '')).toBe('elsewhere');
    expect(placeRole('location', 'requirements: a. Bid proposals are due May 9, 2024 at 4:00 PM.', '')).toBe('elsewhere');
    expect(placeRole('location', 'contract term: until completion', '')).toBeUndefined();
  });

  it("reads a title block's client line with its office as elsewhere", () => {
    expect(placeRole(undefined, '', 'FOR ACME HOLDINGS 180 EAST BROAD STREET, ')).toBe('elsewhere');
    expect(placeRole(undefined, '', 'Designed for 2 vehicles, ')).toBeUndefined();
  });
});

describe('the labelled project address wins', () => {
  it('over a bid-delivery location and a contact', () => {
    const f = facts([
      'ADDENDUM Project: Elm Street Fire Hall Project No.: 12-345 Project Address: 10 Oak Boulevard Springfield,',
      'Idaho Date: May 3, 2024 Owner: Elm Fire District 2. Changes to Bidding Requirements: a. Bid Proposals are due',
      'May 9, 2024 at 4:00 PM. Location: District Office Building Attn: Jane Roe 50 East Main Street, Boise, ID 83702',
    ]);
    expect(f).toMatchObject({ name: 'Elm Street Fire Hall', street: '10 Oak Boulevard', city: 'Springfield', state: 'Idaho' });
  });

  it("over the architect's office printed in the same paragraph", () => {
    const f = facts(['ADDENDUM NO. 01 PROJECT: Elm Park Pavilion 8600 Oak Drive Round', 'Rock, Texas ARCHITECT: Smith Architecture 6504 Bridge Parkway, Suite 200 Austin, Texas 78730']);
    expect(f).toMatchObject({ street: '8600 Oak Drive', city: 'Round Rock', state: 'Texas' });
  });

  it("never takes a title block's client office as the site", () => {
    const f = facts(['M3.1 Mechanical', 'WPG007 SPACE F30A - TENANT IMPROVEMENTS', 'PROJECT NUMBER: SHEET:', 'FOR ACME HOLDINGS 180 EAST BROAD STREET, COLUMBUS, OH 43215']);
    expect(f.city).toBeNull();
    expect(f.street).toBeNull();
  });
});

describe('a labelled name', () => {
  it('is cut where a number, a heading or a sentence starts, and the place after it is dropped', () => {
    expect(nameInField('ELM VALLEY TWIN MIDDLE SCHOOLS Springfield, Ohio 2024110.00 ADDENDUM TWO The addendum forms a part')).toBe('ELM VALLEY TWIN MIDDLE SCHOOLS');
    expect(nameInField('Riverside High School Renovations Elm County, Georgia')).toBe('Riverside High School Renovations');
    expect(nameInField('Harbour Hall Renovation. The work consists of new roofing.')).toBe('Harbour Hall Renovation');
    // A letter's subject that is a paper about the project is not its name; a trailing addendum number is cut.
    expect(nameInField('Request for Information No. 5')).toBeUndefined();
    expect(nameInField('Award of Contract to Acme Paving')).toBeUndefined();
    expect(nameInField('Elm School Gymnasium – Addendum 2')).toBe('Elm School Gymnasium');
    // A value that runs on for a paragraph is prose, not a name.
    expect(nameInField('the work consists of the renovation of the existing building including all trades and all the associated site works and services as shown')).toBeUndefined();
  });

  it('is read from "Re:", "Bid Title:" and "Name of Work:" fields run into a paragraph', () => {
    expect(facts(['Page 1 of 4 Date: January 15, 2024 Re: ELM VALLEY MIDDLE SCHOOL Springfield,', 'Ohio 2024110.00 ADDENDUM TWO The addendum forms a part of the documents.']).name).toBe('ELM VALLEY MIDDLE SCHOOL');
    expect(facts(['Bid Title: Riverside Public Library Renovations', 'Category: Buildings and Grounds', 'Status: Open']).name).toBe('Riverside Public Library Renovations');
    expect(facts(['NOTICE INVITING TENDER Name of Work: Construction of Boundary Wall at Riverside Campus Estimated Cost: Rs 12 lakh']).name).toBe('Construction of Boundary Wall at Riverside Campus');
  });
});

describe('a name stated in a sentence', () => {
  it.each([
    ['requests sealed bids for construction work on the … project', ['The Board of Trustees of Elm State University hereby requests sealed bids for construction work on', 'the Elm Hall Teacher Center - Phase II project.'], 'Elm Hall Teacher Center - Phase II'],
    ['… construction work on the <name>.', ['The Board hereby requests sealed bids for construction work on the Riverside Hospital Lab Remodeling.'], 'Riverside Hospital Lab Remodeling'],
    ['… on the <name in lower case> project', ['The Board requests sealed bids for construction work on the renovations to Elm Dining Hall project (Bid # E-1).'], 'Renovations to Elm Dining Hall'],
    ['Tender for <name> opening a line', ['Tender', 'Tender for Play Area Works within the Borough of Riverside', 'RIVERSIDE BOROUGH COUNCIL'], 'Play Area Works within the Borough of Riverside'],
    ['CONTRACT NO. … FOR <NAME>', ['March 4, 2024 ADDENDUM NO. 2 TENDER CALL NO. 12-2024', 'CONTRACT NO. 24-001-5555 FOR CIVIC CENTRE INTERIOR OFFICE', 'RENOVATIONS AT HARBOUR PLACE, SPRINGFIELD CLOSING DATE: MARCH 10, 2024'], 'CIVIC CENTRE INTERIOR OFFICE RENOVATIONS AT HARBOUR PLACE'],
    ['proposals … received by the owner for the <Name>, <Town>', ['Separate sealed proposals will be received by the Elm County Board of School Trustees for the', 'Alteration and Renovations of the Riverside Elementary School, Elgin, South Carolina.'], 'Alteration and Renovations of the Riverside Elementary School'],
  ])('%s', (_form, lines, name) => expect(facts(lines).name).toBe(name));

  it('gives no name when the sentence names no work or a party', () => {
    expect(facts(['Sealed proposals will be received by the Town for the Owner, at the Town Hall.']).name).toBeNull();
    expect(facts(['CONTRACT NO. 12-3 FOR THE CITY, SPRINGFIELD']).name).toBeNull();
  });
});

describe("a buyer's procurement reference as the project number (round 11)", () => {
  const number = (lines: string[]) => extractProjectFacts(buildDoc([{ text: lines }])).projectNumber?.value ?? null;
  it.each([
    [['Tender Closed', 'RFx ID : 20571795', 'Tender Name : Elm School Block 5 Alterations'], '20571795'],
    [['Elm High School - Toilet Refurbishment', 'Tender ID: 568302', 'Tender Details'], '568302'],
    [['Time of Completion : 03 Month 1,951,971.00 Tender No.: - 41/Ward/2019 Group- 56 BILL OF QUANTITY'], '41/Ward/2019'],
    [['INVITATION TO BID', 'Solicitation No. 24-0113', 'Elm Park Pavilion'], '24-0113'],
    [['Contract No: C-2041', 'Oak Street Culvert Replacement'], 'C-2041'],
    [['W.O. 7716-B', 'Elm Pump Station Upgrade'], '7716-B'],
  ])('reads %j', (lines, want) => {
    expect(number(lines)).toBe(want);
  });

  it('prefers a printed project number, and takes none from prose or a label without a number', () => {
    expect(number(['Contract No. 3', 'Project No. 2021-118', 'Elm Library Renovation'])).toBe('2021-118');
    expect(number(['The bid number must be written on the envelope.', 'Tender Notes: see the site plan'])).toBeNull();
  });

  it("a memo's subject names the project, without the kind of solicitation printed before it", () => {
    expect(nameInField('Invitation to Bid ITB Flooring Replacement 2015')).toBe('Flooring Replacement 2015');
    expect(nameInField('RFP Roof Replacement')).toBe('Roof Replacement');
    expect(nameInField('Addendum No. 2')).toBeUndefined();
    expect(facts(['ADDENDUM NO. 1', 'TO: All Bid Packet Holders', 'SUBJECT: Invitation to Bid ITB Flooring Replacement', 'DUE DATE: April 8, 2015']).name).toBe('Flooring Replacement');
  });

  it('a project named by its subject line gives the trade it names', () => {
    const doc = buildDoc([{ text: ['ADDENDUM NO. 1', 'SUBJECT: Invitation to Bid Flooring Replacement', 'DUE DATE: April 8, 2015', 'Bidders must acknowledge receipt of this addendum.'] }]);
    expect(extractScopeFromText(doc).trades.map((t) => t.division)).toContain('09');
  });

  it('a call for proposals names the project after a colon, and the project gives its trade', () => {
    const lines = ['Elm County Schools', 'Request for Proposals: Gymnasium Bleacher Replacement', 'Proposals due April 2.'];
    expect(facts(lines).name).toBe('Gymnasium Bleacher Replacement');
    expect(extractScopeFromText(buildDoc([{ text: lines }])).trades.map((t) => t.division)).toContain('12');
    expect(facts(['Request for Proposals: see the attached instructions', 'Proposals due April 2.']).name).not.toBe('See the attached instructions');
  });
});
