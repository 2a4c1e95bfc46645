/**
 * Null beats a guess (issue #11, round 12): each rule that turns a plausible-but-wrong fact into null,
 * with the case it must still read. Neutral, made-up names and places throughout.
 */
import { describe, expect, it } from 'vitest';
import { extractProjectFacts } from '../../src/core/scope/project-facts.js';
import { notAName } from '../../src/core/scope/fact-names.js';
import { eventDate } from '../../src/core/scope/fact-dates.js';
import { buildDoc, type PageSpec } from './doc-builder.js';

const factsOf = (pages: PageSpec[]) => extractProjectFacts(buildDoc(pages));
/** A cover: the first line in large type, the rest at body size. */
const cover = (lines: string[], big = 0): PageSpec => ({ text: lines, items: lines.map((str, i) => ({ str, fontSize: i === big ? 20 : 10 })) });

describe('fragments that are no project name', () => {
  it.each([
    ['2.01Elm Hall Roof Repairs - North Side', 'a list number opens it'],
    ['Northvale Clinic Renovation 233113- 2 DUCTWORK', "a specification's page footer"],
    ['01040-8 Section 01310 Sequence of Construction 01310-1', "a specification's page footer"],
    ['CONSTRUCTION STANDARD SPECIFICATION - Northvale Works Agency', "an owner's standard specification"],
    ['Replacement Requirements >= 40 Ton capacity', "a requirement's value"],
    ['A.B.C. 123-45 Phase 1 TC-1', 'a reference (numbers and designators), no name'],
    ['CONSTRUCTION ACTIVITY K', 'a pay item or kind of work'],
    ['IF THE CONTRACTOR PERFORMS ANY', 'cut at its line end'],
  ])('%j: %s', (line, why) => {
    expect(notAName(line)).toBe(why);
  });

  it.each(['Elm Hall Roof Repairs - North Side', 'Northvale Clinic Renovation', 'Elm Hall Phase 1', 'BUILDING K RENOVATION', 'Harbour Pump Station Upgrade'])('still a name: %j', (line) => {
    expect(notAName(line)).toBeUndefined();
  });

  it("a standard specification's cover names no project, a project's specification does", () => {
    const standard = factsOf([cover(['CONSTRUCTION STANDARD SPECIFICATION - Northvale Works Agency', 'FACILITIES OPERATIONS CENTER', 'Section 07 54 23'])]);
    expect(standard.name).toBeNull();
    const project = factsOf([cover(['ELM VALLEY LIBRARY RENOVATION', 'SPECIFICATIONS', 'Section 07 54 23'])]);
    expect(project.name?.value).toBe('ELM VALLEY LIBRARY RENOVATION');
  });

  it("a title's tail under an open line is no name; a title under its document kind's lead is", () => {
    const tail = factsOf([cover(['NORTHVALE COUNCIL WORKS DEPARTMENT REPAIR OF', 'OLD MILL POND TO RESTORE IT & REPAIRING OF STEPS & PROVIDING RAILS', 'Tender notice'], 1)]);
    expect(tail.name).toBeNull();
    const led = factsOf([cover(['PROJECT MANUAL FOR', 'ELM VALLEY LIBRARY RENOVATION', 'Bid set'], 1)]);
    expect(led.name?.value).toBe('ELM VALLEY LIBRARY RENOVATION');
  });

  it("an item of a list under a sentence's lead-in is no name; the title above it is", () => {
    const lines = ['Works Specification & Tender Summary', 'Changing Rooms Refurbishment - Elm Lane, Northvale', 'The rooms are used at weekends. Contractors must:', 'Keep the fire exits clear', 'Manage access to the car park carefully'];
    expect(factsOf([{ text: lines }]).name?.value).toBe('Changing Rooms Refurbishment - Elm Lane, Northvale');
    expect(factsOf([{ text: lines.filter((l) => !l.startsWith('Changing')) }]).name).toBeNull();
  });
});

describe('dates the text says are not the event', () => {
  it('a site visit that is "Not applicable" has no date, even with another event after it', () => {
    const lines = ['SITE VISIT:', 'Not applicable', 'PUBLIC TENDER OPENING:', 'A public tender opening will be held on Friday, August 5, 2016 at 3:00pm.'];
    expect(factsOf([{ text: lines }]).preBidMeeting).toBeNull();
    const held = ['SITE VISIT:', 'Friday, July 22, 2016 at 10:00am at the north gate.'];
    expect(factsOf([{ text: held }]).preBidMeeting?.value.date).toBe('2016-07-22');
  });

  it('a deadline "previously due" is not the deadline; the date it was extended to is', () => {
    const cut = ['Notice is hereby given that the closing date for the reception of tenders previously due on October 3, 2019'];
    expect(factsOf([{ text: cut }]).bidDue).toBeNull();
    const whole = ['Notice is hereby given that the closing date for tenders previously due on October 3, 2019 at 14:00 hours is extended to October 8, 2019 at 14:00 hours.'];
    expect(factsOf([{ text: whole }]).bidDue?.value).toMatchObject({ date: '2019-10-08', time: '14:00' });
    expect(eventDate('due on October 3, 2019 at 14:00 hours is extended to October 8, 2019 at 14:00 hours.', 0)?.date).toBe('2019-10-08');
    expect(eventDate('due on October 3, 2019 at 14:00 hours. Questions by October 1, 2019.', 0)?.date).toBe('2019-10-03');
  });
});

describe('an owner named over a line break', () => {
  it('reads the name on into the next line, not into the clause after it', () => {
    const wrapped = ['Sealed Bids for the Roofing Project will be received by Elmside County School', 'District at its office until 2:00 p.m.'];
    expect(factsOf([{ text: wrapped }]).owner?.value).toBe('Elmside County School District');
    const clause = ['Separate sealed proposals will be received by the Elmside County Board of School Trustees for the', 'Alteration and Renovations of the North Elementary School.'];
    expect(factsOf([{ text: clause }]).owner?.value).toBe('Elmside County Board of School Trustees');
  });
});

describe("a place must be the site's", () => {
  const block = ['Contact address', 'Northern Region, Tendering Office', '12th Floor, 4900 Elm Street', 'Springfield, Ontario', 'M2N 6A6'];
  it("an address block under a contact's label is an office, not the site", () => {
    const f = factsOf([{ text: ['Laboratory Fit-up', 'Tender Notice', ...block] }]);
    expect(f.city).toBeNull();
    expect(f.zipOrPostcode).toBeNull();
  });
  it('the same block labelled as the project address is the site', () => {
    const f = factsOf([{ text: ['Laboratory Fit-up', 'Tender Notice', 'Project address', ...block.slice(1)] }]);
    expect(f.city?.value).toBe('Springfield');
  });

  const notice = (town: string) => [
    'Location: 30 Elm St, Springfield, Queensland 4000, Australia',
    'Buyer: Department of Works',
    `The Department is inviting qualified contractors to submit tenders for a new shelter at North School, located at Oak Ave & Smith St, ${town}, QLD. The works include paths.`,
  ];
  it('a sentence that locates the work in another town nulls the town, postcode and street read elsewhere (the region stands)', () => {
    const f = factsOf([{ text: notice('Northvale') }]);
    expect([f.city, f.zipOrPostcode, f.streetAddress]).toEqual([null, null, null]);
    expect(f.stateOrProvince?.value).toBe('Queensland');
  });
  it('a sentence that agrees keeps them', () => {
    const f = factsOf([{ text: notice('Springfield') }]);
    expect(f.city?.value).toBe('Springfield');
    expect(f.zipOrPostcode?.value).toBe('4000');
  });
});
