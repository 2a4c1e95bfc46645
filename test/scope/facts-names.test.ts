/**
 * A candidate that cannot be a project's name is refused (issue #11): each form below is a fragment a
 * reader meets on bid documents, written as a small general case. A title cut at its line end is joined
 * with the line it goes on in, or no name is given.
 */
import { describe, expect, it } from 'vitest';
import { extractProjectFacts, looksLikeProjectName } from '../../src/core/scope/project-facts.js';
import { isPersonTitle, notAName, ownerBeforeName } from '../../src/core/scope/fact-names.js';
import { buildDoc } from './doc-builder.js';

const nameOf = (lines: string[], big = 1) =>
  extractProjectFacts(buildDoc([{ text: lines, items: lines.map((str, i) => ({ str, fontSize: i < big ? 20 : 10 })) }])).name?.value ?? null;

describe('a candidate that cannot be a name', () => {
  it.each([
    ['ends on a preposition, article or conjunction', 'NEW FIRE STATION FOR THE'],
    ['ends on "into a"', 'CONVERSION OF THE OLD BARN INTO A'],
    ['opens on the tail of a line above', 'FOR CONCESSIONS BUILDING'],
    ['starts with a list number', '2.2. Construction Contracts'],
    ['starts with a clause number', '1.4 Location of Work'],
    ['starts with the clause after a place', 'Springfield, for the RIVERSIDE PAVILION REPLACEMENT at the Park'],
    ['runs a contents page number into the next entry', 'Construction Contracts 8 3. PROPOSAL 8'],
    ['carries a contents section number', 'Management and Coordination 01 3216 Construction Progress Schedules'],
    ['names other divisions (related work)', 'EQUIPMENT, Division 12 - FURNISHINGS, Division 13 – SPECIAL CONSTRUCTION'],
    ['cites a building code', '2018 Uniform Building Code (IBC) with current 2020 Supplements'],
    ['cites a standard', 'Portland Cement ASTM C150 Type I Riverside'],
    ["is a table's headings run into a row", 'Location ABC (PhP) Contract Duration Riverside Pavilion'],
    ["is a notice board's category", 'School Districts'],
    ['is a pay item', 'CONSTRUCTION ENGINEERING'],
    ['is a pay item', 'Field Office and Mobilization'],
    ["is an agency's letterhead line", 'NORTHERN STATE HIGHWAY ADMINISTRATION OFFICE OF HIGHWAY DESIGN'],
    ["is a note's sentence wrapped onto its own line", 'CONSTRUCTION DOCUMENTS SO THAT THE MECHANICAL, ELECTRICAL'],
    ["carries the set's issue stamp", 'Lakeside Regional School District 100% Construction Documents'],
    ["is a form's label", 'Project ID'],
    ["is a form's label", 'Tender No.'],
    ["runs a page header into the title", 'PHASE 2 MODERNIZATION Page 1 Bond Program Office'],
    ["is a person's title (a signature block)", 'Assistant Engineer Hilltop Campus'],
    ["is a person's title (a signature block)", 'Secretary General'],
    ['is an address line', 'Regional Secretariat TWELFTH AVENUE'],
  ])('refuses a line that %s', (_why, line) => {
    expect(notAName(line), line).toBeDefined();
    expect(looksLikeProjectName(line), line).toBe(false);
  });

  it('keeps real names, including ones that mention an agency after the work or end in a number', () => {
    for (const good of [
      'Riverside Library Renovation',
      'Office Renovation – at City of Sometown Department of Public Works Building',
      'Districtwide Roof Replacement at Elm Elementary School No. 232',
      'Lot 4 Subdivision Phase 2',
      'Harbour School Redevelopment',
      'Main Street Streetscape Improvements',
      "Engineer's Office Renovation",
      'Percival Road Bridge Replacement',
    ]) {
      expect(notAName(good), good).toBeUndefined();
      expect(looksLikeProjectName(good), good).toBe(true);
    }
  });

  it('joins a title set over two lines where the first ends open, and gives no name when the rest is not printed', () => {
    expect(nameOf(['PROPOSED CONVERSION OF THE OLD BARN INTO A', 'COMMUNITY CENTRE FOR THE RIVERSIDE TRUST.', 'BILL OF QUANTITIES'], 2)).toBe(
      'PROPOSED CONVERSION OF THE OLD BARN INTO A COMMUNITY CENTRE FOR THE RIVERSIDE TRUST',
    );
    expect(nameOf(['CONSTRUCTION OF A STAFF HOUSE AT', 'Issued for tender'])).toBeNull();
  });

  it('ends the title at a middle dot: what follows is another entry', () => {
    expect(nameOf(['RIVERSIDE DAY CARE CENTRE UPGRADE · Relocate door furniture to 1.5m high on door from', 'lobby to the hall and make good to all finishes'])).toBe('RIVERSIDE DAY CARE CENTRE UPGRADE');
  });

  it('splits the owner in mixed case from the name in capitals on one line, and skips a lone "FOR" above it', () => {
    const facts = extractProjectFacts(
      buildDoc([{ text: ['SPECIFICATIONS', 'FOR', 'City of Springfield CONCESSIONS BUILDING', 'SPRINGFIELD, TEXAS', '37B West Elm Avenue Springfield, Tx 76903 p:325.555.2900'], items: [20, 20, 20, 10, 10].map((fontSize, i) => ({ str: ['SPECIFICATIONS', 'FOR', 'City of Springfield CONCESSIONS BUILDING', 'SPRINGFIELD, TEXAS', '37B West Elm Avenue Springfield, Tx 76903 p:325.555.2900'][i]!, fontSize })) }]),
    );
    expect(facts.name?.value).toBe('CONCESSIONS BUILDING');
    expect(facts.owner?.value).toBe('City of Springfield');
    // The architect's office with its phone under the title is not the site's street.
    expect(facts.streetAddress).toBeNull();
  });

  it('reads the work named in capitals in the call for bids when no title is printed', () => {
    const lines = ['Item 1. Invitation to Bid: replace the first paragraph with:', '"Sealed bids will be received by the Riverside Airport Authority, Springfield, Illinois, for the TERMINAL CANOPY REPLACEMENT at the', 'Riverside Airport; Project No. R-15-010."'];
    expect(extractProjectFacts(buildDoc([{ text: lines }])).name?.value).toBe('TERMINAL CANOPY REPLACEMENT');
    // Capitals that name no work ("for the OWNER") are no name.
    expect(extractProjectFacts(buildDoc([{ text: ['Sealed bids will be received by the Town for the OWNER at the Town Hall.'] }])).name).toBeNull();
  });

  it("drops a table row's item number before the title", () => {
    expect(nameOf(['1 RIVERSIDE PAVILION REPAIRS', 'Issued for tender'])).toBe('RIVERSIDE PAVILION REPAIRS');
  });
});

describe('an owner is an organization, never a person\'s title', () => {
  it('gives no owner when the line under "CLIENT" is an officer\'s title, and the organization when it is one', () => {
    const ownerOf = (lines: string[]) => extractProjectFacts(buildDoc([{ text: lines, items: lines.map((str, i) => ({ str, fontSize: i === 0 ? 20 : 10 })) }])).owner?.value ?? null;
    expect(ownerOf(['RIVERSIDE BARRAGE REHABILITATION', 'CLIENT: Secretary General'])).toBeNull();
    expect(ownerOf(['RIVERSIDE BARRAGE REHABILITATION', 'CLIENT: Riverside Water Authority'])).toBe('Riverside Water Authority');
  });
});

describe('fragments that are no name (round 10)', () => {
  it.each([
    ['is an abbreviation list', 'OA OVERALL CEM CEMENT OB OBSCURE CER CERAMIC OC ON CENTER'],
    ['is a list of makers', 'Acme Millwork, Inc., Springfield; Beta Fabrication Inc., Elmwood'],
    ['is a list of makers', 'Armstrong ceiling tile or approved equal'],
    ["is a letterhead: a person's name and title", 'Jane Roe Director Purchasing and Materials Management Division'],
    ["is a letterhead: an office's suite", 'Elm Building Renovation Office Suite 400'],
    ["is a letter's sign-off", 'Yours truly, Jane Roe Manager, Construction Services'],
    ['is a numbered heading after a page number', '2 1.4 REVISIONS TO PROJECT MANUAL A BUILDING INSULATION'],
    ['is a scope sentence', 'Proposed improvements consist of interior renovations at the Public Library'],
    ['is a document-control stamp', "CONTRACTOR'S COPY CLIENT DEPARTMENT SPECIAL CONTRACT"],
    ['is a document-control stamp', 'FILE COPY Riverside Building Works'],
    ["is a bill's heading", 'BILL NO. 3 SUBSTRUCTURE'],
    ["is a bill's heading", 'GRAND SUMMARY'],
    ["is a bill item's list of activities", 'Drilling, Installation, Development, and testing of production borehole'],
    ['is a priced line of a bid tabulation', 'Elm Utility Construction, Inc. $ 1,700,962.50'],
    ['is a priced line of a bill', '2 Construction of Single Generator Room 10,312.00'],
  ])('refuses a line that %s', (_why, line) => {
    expect(notAName(line), line).toBeDefined();
    expect(looksLikeProjectName(line), line).toBe(false);
  });

  it('keeps names that carry a floor, an abbreviation, a lettered street or a list of rooms', () => {
    for (const good of ['Library System Office Building 3rd Floor Air Conditioning Replacement', 'Central Hospital GI Lab Remodeling', 'K Street By-Pass Waterline', 'Cafeteria Renovation, Civic Services Center']) {
      expect(notAName(good), good).toBeUndefined();
      expect(looksLikeProjectName(good), good).toBe(true);
    }
  });
});

describe("an owner's name run into the project's in capitals", () => {
  const isWork = (rest: string) => /\b(?:waterline|upgrade|renovation|station)\b/i.test(rest);
  it('splits where the owner form ends', () => {
    expect(ownerBeforeName('ELM VALLEY WATER AND SEWER AUTHORITY K STREET BY-PASS WATERLINE', isWork)).toEqual({ owner: 'ELM VALLEY WATER AND SEWER AUTHORITY', name: 'K STREET BY-PASS WATERLINE' });
    expect(ownerBeforeName('CITY OF SPRINGFIELD WATER TREATMENT PLANT UPGRADE', isWork)).toEqual({ owner: 'CITY OF SPRINGFIELD', name: 'WATER TREATMENT PLANT UPGRADE' });
    expect(ownerBeforeName('CITY OF PORT ELM FIRE STATION 12 RENOVATION', isWork)).toEqual({ owner: 'CITY OF PORT ELM', name: 'FIRE STATION 12 RENOVATION' });
    expect(ownerBeforeName('RIVERSIDE SCHOOL BOARD OF EDUCATION GYMNASIUM RENOVATION', isWork)).toEqual({ owner: 'RIVERSIDE SCHOOL BOARD OF EDUCATION', name: 'GYMNASIUM RENOVATION' });
  });

  it('leaves a name whose rest names no work, a county in the name, and mixed case alone', () => {
    expect(ownerBeforeName('ELM WATER AUTHORITY ANNUAL REPORT', isWork)).toBeUndefined();
    expect(ownerBeforeName('WARD COUNTY COURTHOUSE RENOVATION', isWork)).toBeUndefined();
    expect(ownerBeforeName('City of Springfield Water Treatment Plant Upgrade', isWork)).toBeUndefined();
  });

  it('gives the project its own name and the owner the rest', () => {
    const facts = extractProjectFacts(buildDoc([{ text: ['ELM VALLEY WATER AND SEWER AUTHORITY K STREET BY-PASS WATERLINE', 'General description of bid items'], items: [{ str: 'ELM VALLEY WATER AND SEWER AUTHORITY K STREET BY-PASS WATERLINE', fontSize: 20 }, { str: 'General description of bid items', fontSize: 10 }] }]));
    expect(facts.name?.value).toBe('K STREET BY-PASS WATERLINE');
    expect(facts.owner?.value).toBe('Elm Valley Water and Sewer Authority');
  });
});

describe('one list of officer words', () => {
  it('is a person title on a line of its own, and an agent in a buyer sentence', () => {
    expect(isPersonTitle('City Clerk')).toBe(true);
    expect(isPersonTitle('Purchasing Manager')).toBe(false);
    expect(extractProjectFacts(buildDoc([{ text: ['Sealed bids will be received by the Deputy City Clerk until 2:00 p.m.'] }])).owner).toBeNull();
    expect(extractProjectFacts(buildDoc([{ text: ['Sealed bids will be received by the Elm Valley Water Authority until 2:00 p.m.'] }])).owner?.value).toBe('Elm Valley Water Authority');
  });
});

describe("a line under a party's label", () => {
  it('is that party, not the project', () => {
    expect(nameOf(['ADDENDUM', 'NOTIFICATION', 'From:', 'Roe & Doe Construction', 'Sent:'], 0)).toBeNull();
    expect(nameOf(['ADDENDUM', 'Elm County Courthouse Remodel', 'From:', 'Roe & Doe Construction'], 0)).toBe('Elm County Courthouse Remodel');
  });
});

describe('fragments that are no name (round 11)', () => {
  it.each([
    ['cites a standard by its edition', 'Standards for Roadway Construction (RC s), latest editio'],
    ['cites a publication by number', 'Elm Transport Publication 72 Standards for Roadway Construction'],
    ['cites the building codes', 'LAWS, STATUTES, ORDINANCES, BUILDING CODES, AND RULES'],
    ["is a note's sentence running into the next", 'ALL RULES AND REGULATIONS. HOWEVER, IF THE'],
    ["is a bill item held by a contract's party", "HOUSING, OFFICES AND LABORATORIES FOR THE ENGINEER'S SITE"],
    ["is a clause about a contract's party", "Protection of the Contractor's Plant"],
    ['opens on a verb and its object (a bill item)', 'FINISHING THE ROAD AND ROAD RESERVE AND TREATING OLD'],
  ])('refuses a line that %s', (_why, line) => {
    expect(notAName(line), line).toBeDefined();
    expect(looksLikeProjectName(line), line).toBe(false);
  });

  it('keeps names with an initial, a saint, an edition-free code word or an owner in the name', () => {
    for (const good of ['St. Mary Parish Hall Renovation', 'Code Enforcement Office Remodel', "Engineer's Depot Roof Replacement", 'Building No. 2 Fire Station Addition', 'Elm Landing Theatre Renovation']) {
      expect(notAName(good), good).toBeUndefined();
      expect(looksLikeProjectName(good), good).toBe(true);
    }
  });
});
