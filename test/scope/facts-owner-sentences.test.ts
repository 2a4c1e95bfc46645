/**
 * Owners stated in a sentence or an inline field (issue #11), in the wordings of US, Canadian, UK, Irish,
 * Australian, Asian and African calls for bids: the legal body, bounded where its name ends — never a
 * person, an office, an agent acting for it or a consultant.
 */
import { describe, expect, it } from 'vitest';
import { extractProjectFacts } from '../../src/core/scope/project-facts.js';
import { buildDoc } from './doc-builder.js';

const ownerOf = (lines: string[]) => extractProjectFacts(buildDoc([{ text: lines }])).owner?.value ?? null;

describe('owner from the sentence that calls for bids', () => {
  it.each([
    [['The Board of Trustees of Elm State University Northfield hereby requests sealed bids for construction work on the stage.'], 'Elm State University Northfield'],
    [['The Riverside and North Vale Borough Council has announced a tender for the provision of new play areas.'], 'Riverside and North Vale Borough Council'],
    [['Northfield Council wishes to appoint a Construction Partner to carry out the construction of a new centre.'], 'Northfield Council'],
    [['Elmford City Council requires a general builder to carry out minor structural works.'], 'Elmford City Council'],
    [['The Town of Elmvale is currently accepting bids for the demolition of a dangerous building.'], 'Town of Elmvale'],
    [['The City of Northfield is seeking to hire a qualified, experienced contractor to perform boiler service.'], 'City of Northfield'],
    [['Elm County Public School is soliciting bids to replace the fire alarm panel.'], 'Elm County Public School'],
    [['Hope International Kenya invites tenders from approved and reputable Contractors for the above works.'], 'Hope International Kenya'],
    [['Riverbend Shire Council (“Council”) invites tenders from suitably qualified contractors.'], 'Riverbend Shire Council'],
    [['The Elm County Land Bank (ECLB), in partnership with state grant sources, is seeking proposals from qualified firms.'], 'Elm County Land Bank'],
    [['The DepED Northvale City Division, through its Bids and Awards Committee (BAC), now invites bids for the above works.'], 'DepED Northvale City Division'],
    [['INVITATION FOR BIDS — Elm Valley Water Authority invites sealed bids for the reservoir.'], 'Elm Valley Water Authority'],
    [['This Agreement is made between Harbour Port Corporation (hereinafter called the Employer) and the Contractor.'], 'Harbour Port Corporation'],
    [['Northfield Housing Trust (the Owner) will receive tenders at its office.'], 'Northfield Housing Trust'],
  ])('reads %j', (lines, owner) => {
    expect(ownerOf(lines)).toBe(owner);
  });

  it.each([
    [['The Town of Elmvale reserves the right to reject any and all bids, or part of such bid.'], 'Town of Elmvale'],
    [['Notice is hereby given that the Elm Valley Unified School District ("District") will receive sealed bids for the project.'], 'Elm Valley Unified School District'],
    [['Elmside County may also be referred to in this document as County, Municipality, Corporation or Owner.'], 'Elmside County'],
    [['Sealed bid proposals for a OFFICE RENOVATION will be received by the City of Elmvale at the office of the City Clerk.'], 'City of Elmvale'],
    [['1.1 The City of Elmvale invites quotations from qualified contractors to provide upgrades.'], 'City of Elmvale'],
    [['Reference No. E060 The Township of Elmside invites tenders for: Crosswalk installations'], 'Township of Elmside'],
    [['FORM OF QUOTATION INSTRUCTIONS Elmford City Council requires a general builder to carry out: Minor Works'], 'Elmford City Council'],
    [['Union County Public School is soliciting bids to replace the fire alarm panel.'], 'Union County Public School'],
    [['Elm Coast Regional Council (Council) thanks you for your interest and invites your submission for this contract.'], 'Elm Coast Regional Council'],
    [['GENERAL: The South Elm Water and Sewer Authority (SEWSA) proposes to construct a waterline from the plant.'], 'South Elm Water and Sewer Authority'],
    [['Elmford Town Council is spearheading a Decarbonisation Project involving the historic hall.'], 'Elmford Town Council'],
  ])('reads the buyer\'s other sentences: %j', (lines, owner) => {
    expect(ownerOf(lines)).toBe(owner);
  });

  it('does not take an agent that receives bids, a generic name or an owner by role as the buyer', () => {
    expect(ownerOf(['Proposals must be delivered to the Elm Valley Purchasing Office and will be received by the Project Architect.'])).toBeNull();
    expect(ownerOf(['School District calls for bids'])).toBeNull();
    expect(ownerOf(['The Owner reserves the right to reject any and all bids.'])).toBeNull();
    expect(ownerOf(['Smith Architects, Inc. reserves the right to reject incomplete submittals.'])).toBeNull();
    // A firm or a person who plans work is no buyer; only a body's name is taken from such a sentence.
    expect(ownerOf(['Jane Elmwood proposes to construct a garage behind the house.'])).toBeNull();
    expect(ownerOf(['Smith Design Studio is delivering a project for the county.'])).toBeNull();
  });

  it('does not take an agent, a consultant, a role or a person as the owner', () => {
    expect(ownerOf(['The Purchasing Division is requesting proposals on behalf of Facilities Maintenance & Operations.'])).toBeNull();
    expect(ownerOf(['Smith Design Group invites proposals from subconsultants.'])).toBeNull();
    expect(ownerOf(['The Contractor requires a licensed electrician on site.'])).toBeNull();
    expect(ownerOf(['The Council invites tenders for the works.'])).toBeNull();
    expect(ownerOf(['This tender invites bids for comprehensive mechanical work.'])).toBeNull();
    expect(ownerOf(['John Smith (the Engineer) will answer questions.'])).toBeNull();
  });
});

describe('owner from a field inside a line', () => {
  it.each([
    [['A. Project Name : High School Renovations B. Owner: Elm County Public Board of Education 8810 Highway 280 Black Creek GA C. Architect : Smith & Associates, Inc.'], 'Elm County Public Board of Education'],
    [['Project No.: 500-8404 Owner: Corporation of the Presiding Bishop of The Church of Elm Valley, a corporation sole From (Architect): JRW & Associates'], 'Corporation of the Presiding Bishop of The Church of Elm Valley'],
    [['TENDER NO: ST/2013/09/004 EMPLOYER: THE VISITOR IN NORTHVALE OF THE BROTHERS SCHOOLS'], 'The Visitor in Northvale of the Brothers Schools'],
    [['SPECIFICATIONS FOR CONTROL CENTER PREPARED FOR: ELM POWER & LIGHT 700 UNIVERSE BLVD JUNO BEACH'], 'Elm Power & Light'],
    [['Procuring Entity: Northvale Provincial Hospital Board'], 'Northvale Provincial Hospital Board'],
  ])('reads %j', (lines, owner) => {
    expect(ownerOf(lines)).toBe(owner);
  });

  it('does not take a person, a firm or a representative from a field', () => {
    expect(ownerOf(['Principal: Jane Doe, AIA'])).toBeNull();
    expect(ownerOf(['Client: Smith Engineering Group 12 Main Street'])).toBeNull();
    expect(ownerOf(["1. Owner's Representative: Charlie Brown (413) 585-2424"])).toBeNull();
  });
});
