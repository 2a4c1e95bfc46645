/**
 * Rules of the structure-first extractor (issue #11), each on a small synthetic document that states
 * the general case: the document's type decides which evidence speaks for which trades.
 */
import { describe, expect, it } from 'vitest';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { classifyDocument } from '../../src/core/scope/doc-type.js';
import { scheduleDivision } from '../../src/core/scope/schedules.js';
import { workSectionDivision } from '../../src/core/scope/work-sections.js';
import { buildDoc, type PageSpec } from './doc-builder.js';

const divisions = (pages: PageSpec[], opts: Parameters<typeof buildDoc>[1] = {}) => extractScopeFromText(buildDoc(pages, opts)).trades.map((t) => t.division);
const noSections = { tradeSections: new Set<string>(), tradeDivisions: new Set<string>() };
const D = [2592, 1728] as [number, number];

describe('document type comes first', () => {
  it('tells drawing sets, one-discipline sets, bills, estimates, addenda and solicitations apart', () => {
    const sheet = (number: string, title: string): PageSpec => ({ text: title, sheet: { number, title }, size: D });
    expect(classifyDocument(buildDoc([sheet('A101', 'FLOOR PLAN'), sheet('E101', 'POWER PLAN')]), noSections).type).toBe('drawing-set');
    const e = classifyDocument(buildDoc([sheet('E001', 'SYMBOLS AND ABBREVIATIONS'), sheet('E101', 'POWER PLAN'), sheet('T201', 'TECHNOLOGY PLAN')]), noSections);
    expect(e.type).toBe('single-discipline-set');
    expect([...e.disciplineDivisions!].sort()).toContain('26');
    // A drawing list naming other disciplines' sheets: the set is larger than the pages at hand.
    const partial = buildDoc([sheet('E101', 'POWER PLAN'), sheet('E201', 'LIGHTING PLAN')], { sheetIndex: [{ number: 'M101', title: 'HVAC PLAN', page: 1 }, { number: 'E101', title: 'POWER PLAN', page: 1 }, { number: 'E201', title: 'LIGHTING PLAN', page: 1 }] });
    expect(classifyDocument(partial, noSections).type).toBe('drawing-set');
    const bill = buildDoc([
      { text: ['BILL OF QUANTITIES', '14 Masonry Bill No. 6', '14.1.1 Facing brickwork 120 m2 45.00 5400.00', 'Carried to summary'] },
      { text: ['28 Decoration Bill No. 15', '28.1.1 Emulsion to walls 300 m2 4.00 1200.00', 'Carried to summary'] },
    ]);
    expect(classifyDocument(bill, noSections).type).toBe('bill-of-quantities');
    // A bill whose quantity, unit and amount columns come out as lines of their own.
    const columns = buildDoc([
      { text: ['Bill No. 6 Masonry', '6.14.1.1 Facing brickwork', '102.5mm stretcher bond facing brick', 'm2', '55.20', '£2,980.80', 'Carried to collection'] },
      { text: ['Bill No. 15 Decoration', '15.29.1.1 Emulsion paint to walls', 'm2', '310.00', '£1,240.00', 'Carried to collection'] },
    ]);
    expect(classifyDocument(columns, noSections).type).toBe('bill-of-quantities');
    const estimate = buildDoc([{ text: ["ENGINEER'S OPINION OF PROBABLE CONSTRUCTION COST", '1 Mobilization 1 LS 5,000', '2 Asphalt paving 1,200 SY 30.00', '3 8" PVC storm drain 400 LF 55.00'] }]);
    expect(classifyDocument(estimate, noSections).type).toBe('cost-estimate');
    expect(classifyDocument(buildDoc([{ text: ['ADDENDUM NO. 2', 'Change the bid date.'] }]), noSections).type).toBe('addendum');
    expect(classifyDocument(buildDoc([{ text: ['REQUEST FOR PROPOSALS', 'Design-Build Services for a Public Works Building'] }]), noSections).type).toBe('solicitation');
  });
});

describe('a one-discipline set speaks for its discipline, plus the work it directs', () => {
  it('materials and mounting conditions named in electrical details are not other trades', () => {
    const got = divisions([
      { sheet: { number: 'E101', title: 'POWER PLAN' }, size: D, text: ['KEYNOTES', '1. PROVIDE DOOR HARDWARE POWER SUPPLY AT EACH SECURED DOOR.', '2. PROVIDE JUNCTION BOX ABOVE GYPSUM BOARD CEILING.'] },
      { sheet: { number: 'E501', title: 'ELECTRICAL DETAILS' }, size: D, text: ['PANEL IDENTIFICATION: ENGRAVED PLASTIC LAMINATE LABEL, WHITE ON BLACK.', 'MOUNT RECEPTACLE IN GYPSUM BOARD WALL WITH METAL STUD BRACING.', 'ACOUSTICAL CEILING TILE TO BE REMOVED AND REINSTALLED BY CONTRACTOR FOR ACCESS.'] },
    ]);
    expect(got).toContain('26');
    for (const d of ['06', '08', '09']) expect(got).not.toContain(d);
  });

  it('a finish plan does not make a plumbing job out of the drain its sealant goes around', () => {
    const got = divisions([
      { sheet: { number: 'A601', title: 'FINISH PLAN' }, size: D, text: ['FINISH KEYNOTES', '1. PROVIDE SEALANT AT THE PERIMETER OF THE PLUMBING FLOOR DRAIN.', '2. NEW RESILIENT FLOORING AND RUBBER BASE.'] },
      { sheet: { number: 'A602', title: 'ROOM FINISH SCHEDULE' }, size: D, text: ['ROOM FINISH SCHEDULE', 'FLOOR DRAIN AREAS: EPOXY FLOORING', 'LAVATORY WALLS: CERAMIC TILE'] },
    ]);
    expect(got).toContain('09');
    expect(got).not.toContain('22');
  });

  it('numbered keynotes that direct another trade’s work do assign it', () => {
    const got = divisions([
      { sheet: { number: 'E101', title: 'DEMOLITION PLAN' }, size: D, text: ['KEYNOTES', '3. CONTRACTOR SHALL REMOVE ABANDONED HOT WATER COIL.', '4. CONTRACTOR SHALL CUT AND CAP DOMESTIC WATER AND SANITARY WASTE LINES AT LAVATORY.', '6. REMOVE HEATING WATER SUPPLY AND RETURN LINES.'] },
      { sheet: { number: 'E201', title: 'POWER PLAN' }, size: D, text: ['1. NEW DUPLEX RECEPTACLE.'] },
    ]);
    expect(got).toEqual(expect.arrayContaining(['22', '23', '26']));
  });
});

describe('a single spec section, however it prints its number', () => {
  it('"SECTION 200553" with footers "200553 - 4" is a mechanical section, and only that', () => {
    const got = divisions([
      { text: ['SECTION 200553', 'IDENTIFICATION FOR PIPING AND EQUIPMENT', 'PART 1 - GENERAL', 'A. Electrical panelboards and conduit are identified under Division 26.', '200553 - 1'] },
      { text: ['B. Provide valve tags and pipe markers. Label sprinkler risers per the fire protection drawings.', '200553 - 2'] },
    ]);
    expect(got).toEqual(['22', '23']);
  });

  it('a legacy five-digit section speaks for its current division', () => {
    expect(divisions([{ text: ['SECTION 15400', 'PLUMBING FIXTURES', 'PART 1 GENERAL', 'Provide water closets and lavatories. Electrical connections by Division 16.', '15400 - 1'] }])).toEqual(['22']);
  });
});

describe('authoritative signals: schedule titles and work sections', () => {
  it.each([
    ['DOOR SCHEDULE', '08'],
    ['PANEL SCHEDULE - LP1', '26'],
    ['PLUMBING FIXTURE SCHEDULE', '22'],
    ['ROOM FINISH SCHEDULE', '09'],
    ['Air Device Schedule', '23'],
    ['FOOTING SCHEDULE', '03'],
    ['FLOOR FRAMING SCHEDULE', '06'],
  ])('"%s" → %s', (line, division) => expect(scheduleDivision(line)).toBe(division));

  it('a pointer to a schedule or prose about one is not a schedule', () => {
    expect(scheduleDivision('NEW DOOR, SEE DOOR SCHEDULE')).toBeNull();
    expect(scheduleDivision('LIGHT FIXTURE ID - REFER TO LIGHT FIXTURE SCHEDULE')).toBeNull();
    expect(scheduleDivision('The contractor shall submit a schedule of values.')).toBeNull();
  });

  it('a schedule on a sheet of another discipline still names its trade', () => {
    const got = divisions([
      { sheet: { number: 'A101', title: 'FLOOR PLAN' }, size: D, text: ['FLOOR PLAN'] },
      { sheet: { number: 'A601', title: 'SCHEDULES' }, size: D, text: ['DOOR SCHEDULE', 'NO. WIDTH HEIGHT TYPE', '101 3-0 7-0 HM'] },
    ]);
    expect(got).toEqual(['08']);
  });

  it('bill work sections map by name (UK and Indian conventions), never by item number', () => {
    expect(workSectionDivision('14 Masonry Bill No. 6')).toBe('04');
    expect(workSectionDivision('28 Decoration')).toBe('09');
    expect(workSectionDivision('34 Drainage below ground')).toBe('33');
    expect(workSectionDivision('CHAPTER 13 FINISHING')).toBe('09');
    expect(workSectionDivision('Furniture, fittings and equipment')).toBeNull();
    expect(workSectionDivision('Bill No. 2 Excavating & filling')).toBe('31');
    // A heading wrapped onto a second line: the lower-case continuation is not a section of its own.
    expect(workSectionDivision('transportation installations')).toBeNull();
    const got = divisions([
      { text: ['SCHEDULE OF RATES - BILL OF QUANTITIES', 'Bill No. 2 Earth work', '2.1 Excavation in foundation trenches 45 cum 210.00', 'Bill No. 13 Finishing', 'Carried to summary'] },
      { text: ['13.1 12 mm cement plaster 1:6 to walls 320 sqm 180.00', '13.2 Painting with acrylic emulsion 320 sqm 95.00', 'Carried to summary'] },
    ]);
    expect(got).toEqual(['09', '31']);
  });
});

describe('solicitations state their scope in sentences', () => {
  it('a design-build RFP’s requirement sentences are its trades', () => {
    const got = divisions([
      { text: ['REQUEST FOR PROPOSALS', 'DESIGN-BUILD PUBLIC WORKS SHOP', 'Proposals shall be submitted by the closing date with a bid bond.'] },
      {
        text: [
          'OWNER STATEMENT OF REQUIREMENTS',
          'The shop shall include three-phase power and welding receptacles at each bay.',
          'The repair bays shall be equipped with two 5-tonne overhead cranes.',
          'The building shall have a high-volume air exchanger for the vehicle bays.',
          'Each bay shall be provided with overhead roll-up doors.',
        ],
      },
    ]);
    expect(got).toEqual(expect.arrayContaining(['08', '23', '26', '41']));
  });
});

describe('coordination language never creates a trade', () => {
  it.each([
    'Power wiring for the fans by Div 26.',
    'Sprinkler heads by the fire protection contractor.',
    'Owner-furnished appliances; refrigerator and range are owner furnished, contractor installed.',
    'Coordinate the location of diffusers and sprinkler heads with lighting.',
    'Existing fire alarm devices to remain.',
    'Elevator: N.I.C.',
  ])('%s', (sentence) => {
    const got = divisions([
      { sheet: { number: 'A101', title: 'FLOOR PLAN' }, size: D, text: ['KEYNOTES', `1. ${sentence}`, `2. ${sentence}`] },
      { sheet: { number: 'A102', title: 'SECOND FLOOR PLAN' }, size: D, text: ['KEYNOTES', `1. ${sentence}`] },
    ]);
    expect(got).toEqual([]);
  });
});

describe('project manuals and lettered notes', () => {
  it('a division the table of contents marks "NOT APPLICABLE" is not a trade', () => {
    const got = divisions([
      { text: ['SECTION 00 01 10', 'TABLE OF CONTENTS', 'DIVISION 04 – MASONRY', 'NOT APPLICABLE', 'DIVISION 07 - THERMAL AND MOISTURE PROTECTION', 'DIVISION 08 – OPENINGS (NOT APPLICABLE)', 'DIVISION 09 - FINISHES'] },
      { text: ['SECTION 07 55 00', 'EPDM ROOFING', 'Sealants for door frames are specified in', 'Section 08 44 33'] },
      { text: ['SECTION 09 90 00', 'PAINTING', 'Paint concrete masonry units where exposed.'] },
    ]);
    expect(got).toEqual(['07', '09']);
  });

  it('a lettered note that instructs this job’s work counts; a master note does not', () => {
    const got = divisions([
      { sheet: { number: 'E400', title: 'SIGNAL PLAN' }, size: D, text: ['GENERAL NOTES', 'B. PROVIDE FIRE ALARM INTERFACE TO NEW SECURITY DOORS.', 'C. PROVIDE NEW CARD READER AT EACH SECURED DOOR.', 'E. CONNECT NEW FIRE ALARM DEVICES TO EXISTING ADDRESSABLE SYSTEM.'] },
      { sheet: { number: 'E200', title: 'LIGHTING PLAN' }, size: D, text: ['P. ALL MASONRY SHALL BE CORED FOR CONDUIT WHERE REQUIRED.'] },
    ]);
    expect(got).toContain('28');
    expect(got).not.toContain('04');
  });
});

describe('tables of contents and addenda', () => {
  it('a project manual’s table of contents lists its trades; entries marked NOT USED are not', () => {
    const got = divisions([
      { text: ['TABLE OF CONTENTS', '01 10 00 Summary', '03 30 00 Cast-in-Place Concrete ........ 12', '05 50 00 Metal Fabrications - NOT USED', '09 91 23 Interior Painting', '26 05 19 Low-Voltage Electrical Power Conductors'] },
      { text: ['SECTION 03 30 00', 'CAST-IN-PLACE CONCRETE', 'PART 1 - GENERAL'] },
    ]);
    expect(got).toEqual(['03', '09', '26']);
  });

  it('an addendum speaks for the sheets its changes revise', () => {
    const got = divisions([
      { text: ['ADDENDUM NO. 1', 'This addendum forms part of the contract documents.', 'ITEM 1 - Sheet M-201: revise the duct size at the corridor.', 'ITEM 2 - Drawing E101: add a receptacle in Room 104.'] },
    ]);
    expect(got).toEqual(['23', '26']);
  });

  it('an addendum speaks for the spec sections it deletes, replaces or adds, however it numbers itself', () => {
    const doc = buildDoc([
      { text: ['ADDENDUM NUMBER: 3', 'CHANGES TO SPECIFICATIONS:', '1. Delete Section 03250, "Concrete Anchors in Cured Concrete," and replace with the attached Section 03250.', '2. Section 00100 INSTRUCTIONS TO BIDDERS: add Article 23.'] },
    ]);
    expect(classifyDocument(doc, noSections).type).toBe('addendum');
    expect(extractScopeFromText(doc).trades.map((t) => t.division)).toEqual(['03']);
    // Naming a section without changing it is not a change.
    expect(divisions([{ text: ['ADDENDUM NO. 4', 'Bidders are reminded that Section 03 30 00 governs concrete testing.'] }])).toEqual([]);
  });

  it('demolition inside a building that remains is demolition; the things that remain are not work', () => {
    const got = divisions([
      { text: ['ADDENDUM #2', 'This addendum forms part of the contract documents.', 'Stage 3: Demolition of the rear additions.', 'Stage 4: Selective demolition within the existing building to remain, as noted on the drawings.', 'Existing light fixtures in the corridor to remain.'] },
    ]);
    expect(got).toEqual(['02']);
  });
});

describe('bid schedules state their scope item by item', () => {
  it('a bid item and what it includes are scope, even "in accordance with these bid documents"', () => {
    const doc = buildDoc([
      { text: ['BID SCHEDULE', 'Bid Item 4 - Concrete Foundation. This bid item includes all labor and materials required to furnish and install concrete foundations in accordance with these bid documents, including formwork and reinforcement.'] },
    ]);
    expect(classifyDocument(doc, noSections).type).toBe('solicitation');
    expect(extractScopeFromText(doc).trades.map((t) => t.division)).toEqual(['03']);
  });

  it('"in accordance with" a code or standard still cites rather than states work', () => {
    expect(divisions([{ text: ['BID SCHEDULE', 'Bid Item 2 - General. All conduit bends in accordance with NEC Article 352 and NFPA 70.'] }])).toEqual([]);
  });
});

describe('non-US terms map to their trades', () => {
  it('Australian and UK words for plumbing, power and drainage', () => {
    const got = divisions([
      { text: ['SCOPE OF WORK', 'The works include:', '- hydraulic services to the new amenities, sanitary plumbing and hot and cold water;', '- GPOs and light fittings to the new rooms, new MCB board;', '- stormwater drainage to the legal point of discharge, new downpipes.'] },
    ]);
    expect(got).toEqual(expect.arrayContaining(['22', '26', '33']));
  });
});

describe('confidence means something', () => {
  it('a trade the document’s structure states is confident; one seen only in passing words is possible', () => {
    const scope = extractScopeFromText(
      buildDoc([
        { text: ['POWER PLAN - PANELS AND RECEPTACLES', 'Keynotes: 1. New duplex receptacle.'] },
        { text: ['Existing fire alarm system; new smoke detector in the corridor ceiling. Relocate smoke detector in room 104 for the new heat detector layout.'] },
      ]),
    );
    const conf = new Map(scope.trades.map((t) => [t.division, t.confidence]));
    expect(conf.get('26')).toBeGreaterThanOrEqual(0.9);
    expect(conf.get('28')).toBeGreaterThan(0);
    expect(conf.get('28')).toBeLessThan(0.9);
  });

  it('a plan title on a legend sheet or inside a coordination note is not authoritative', () => {
    const got = divisions([
      { sheet: { number: 'G002', title: 'SYMBOLS AND LEGENDS' }, size: D, text: ['LIGHTING PLAN SYMBOLS', 'TECHNOLOGY PLAN SYMBOLS'] },
      { sheet: { number: 'A101', title: 'FLOOR PLAN' }, size: D, text: ['SEE MECHANICAL PLAN BY OTHERS'] },
    ]);
    expect(got).toEqual([]);
  });
});

describe('a house plan read by OCR (letter pages, no title block, no sheet numbers)', () => {
  const floorPlan: PageSpec = {
    text: ['BEDROOM', 'KITCHEN', 'db GFI', 'Floor Plan', 'LEGEND', 'Smoke Detector', 'Outlet', 'Light', 'Switch', 'GFI Ground Fault Interrupt', 'Hose Bib'],
  };

  it('an electrical symbol legend with its ground-fault devices is electrical work', () => {
    expect(divisions([floorPlan])).toContain('26');
  });

  it('plain outlets and switches alone are not enough to call an electrician', () => {
    expect(divisions([{ text: ['Floor Plan', 'LEGEND', 'Outlet', 'Light', 'Switch'] }])).not.toContain('26');
  });

  it('gypsum board called out with its thickness on two sheets is finishes work; one bare mention is not', () => {
    expect(divisions([
      { text: ['GARAGE', '5/8" Gyp Bd. Type "X" Between House & Garage'] },
      { text: ['Cross Section', '1/2" Gyp Bd', 'R-30 Batt Insulation'] },
    ])).toContain('09');
    expect(divisions([{ text: ['Cross Section', 'Gyp Bd', 'R-30 Batt Insulation'] }])).not.toContain('09');
  });
});

describe('tenders and bid notices say their work in sentences', () => {
  it('a notice that requests bids, invites tenders or lists a scope of works is a solicitation', () => {
    for (const text of [
      ['The Board of Trustees hereby requests sealed bids for construction work on the classroom renovation project.'],
      ['TENDER INVITATION', 'Tenders are invited for the construction of a replacement amenities building.'],
      ['Project: Kitchen Replacements', 'General Specification', 'Scope of Works'],
      ['Request for Construction Contractor Proposals for the Renovation of the Library'],
    ]) expect(classifyDocument(buildDoc([{ text }]), noSections).type, text[0]).toBe('solicitation');
  });

  it('trades named outright in the stated work are that work; named in passing they are not', () => {
    const got = divisions([
      { text: ['This project is soliciting bids from general contractors for the renovation of classrooms and corridors.', 'Work will include, but may not be limited to: general construction, altering existing electrical, HVAC, plumbing, fire suppression/alarm, and telephone/data systems.'] },
    ]);
    expect(got).toEqual(['21', '22', '23', '26', '27', '28']);
    expect(divisions([{ text: ['INVITATION TO BID', 'Our firm has completed many electrical and plumbing projects for the county.'] }])).toEqual([]);
    expect(divisions([{ text: ['INVITATION TO BID', 'Work will include general construction. Electrical and plumbing work by others.'] }])).toEqual([]);
  });

  it('a list of orders without bullets under "the scope of the project … requesting bids on" is scope item by item', () => {
    const got = divisions([
      { text: ['Request for Proposals', 'Below is the scope of the project the Village is requesting bids on;', 'Lobby Area', 'Install 3/8 sheetrock', 'Paint Lobby', 'Replace carpet with flooring', 'Put baseboard and shoe molding & crown molding in Lobby area', 'Break Area', 'Paint cabinets top and bottom of sink'] },
    ]);
    expect(got).toEqual(['06', '09']);
  });

  it('"Work included under this project consists of …" states the work, words between and all', () => {
    const got = divisions([
      { text: ['Tender submissions are to be received electronically.', 'Work included under this project consists of water line and drain line piping, all siteworks including site grading, grubbing, fencing, access road, connection to existing and appurtenances.'] },
    ]);
    expect(got).toEqual(['31', '32', '33']);
  });

  it('"the typical works to each property is to strip out …" lists the work of a UK schedule', () => {
    const got = divisions([
      { text: ['Project: Kitchen Replacements', 'Scope of Works', 'The typical works to each property is to strip out existing kitchen units, remove existing wall and floor coverings, overboard existing ceiling with skim finish, re-wire kitchen circuit complete, renew consumer unit if necessary, provide new vinyl floor coverings and ceramic tiling.'] },
    ]);
    expect(got).toEqual(expect.arrayContaining(['02', '09', '26']));
  });

  it('schedule items of an Indian tender notice ("providing and laying …") are scope; the buyer\'s sector label is not', () => {
    const got = divisions([
      { text: ['Details: earth work in excavation in foundation trenches including disposal of surplus excavated soil. providing and laying in position cement concrete of specified grade 1:4:8 (1 cement : 4 coarse sand : 8 graded stone aggregate 40 mm nominal size). brick work with common burnt clay bricks in foundation in cement mortar 1:6. Providing and applying 12 mm cement plaster 1:4 on brick walls.', 'Sector: Irrigation'] },
    ]);
    expect(got).toEqual(['03', '04', '09', '31']);
  });
});

describe('an addendum of questions and answers speaks for what its answers settle', () => {
  it('answers and "or approved equal" items are the work; a section an answer holds bidders to is its division', () => {
    const got = divisions([
      { text: ['ADDENDUM NO. 2', 'Addendum Item No. 1a', 'The underground storage system shall be Brand SC-740 or APPROVED EQUAL.', 'QUESTIONS AND ANSWERS', '1. Question: Structure D11: Is this a junction box or a drop inlet?', 'Answer: It is a drop inlet.', '2. Question: May we use a fly ash-lime mixture?', 'Response: For bidding purposes, requirements of Section 31 32 13.26 shall be adhered to.'] },
    ]);
    expect(got).toEqual(['31', '33']);
  });
});

describe('a notice names its trade in its call for bids, its project name or its section summary', () => {
  it('"calling for bids on reroofing", "soliciting bids to replace the fire alarm panel"', () => {
    expect(divisions([{ text: ['The County School District Board of Trustees is calling for bids on reroofing two elementary schools.', 'Late bids will not be considered.'] }])).toEqual(['07']);
    expect(divisions([{ text: ['The County Public Schools is soliciting bids to replace the fire alarm panel and devices at the middle school. Conduit and wire may be reused.'] }])).toEqual(['28']);
  });

  it('a project named for its trade is that trade’s job; a name without a trade word adds none', () => {
    expect(divisions([{ text: ['PROJECT NAME: Elevator Modernization', 'LOCATION: 301 Main Street, Springfield, MO 65583', 'Sealed Bid Opening at 9:00 am August 15, 2011'] }])).toEqual(['14']);
    expect(divisions([{ text: ['PROJECT NAME: Fire Station No. 3 Renovation', 'LOCATION: 301 Main Street, Springfield, MO 65583'] }])).toEqual([]);
  });

  it('"This Section includes …" states the section’s own work even when its number was not printed', () => {
    expect(divisions([{ text: ['SECTION ELEVATOR REPAIRS AND RESTORATION', 'PART 1 - GENERAL', '1.2 SUMMARY', 'A. This Section includes performing hydraulic elevator repairs and restoration as indicated on the Drawings.'] }])).toEqual(['14']);
  });

  it('one clear trade word in a sentence that requires the work is enough', () => {
    expect(divisions([{ text: ['INVITATION TO BID', 'The contractor must also install new window coverings in each classroom.'] }])).toEqual(['12']);
    // The same word where nothing is required stays a passing mention.
    expect(divisions([{ text: ['INVITATION TO BID', 'The classrooms have old window coverings.'] }])).toEqual([]);
  });
});

describe('what a notice says is removed, and what "will be part of this work"', () => {
  it('materials listed as abated or hauled away are demolition, not their trades', () => {
    const got = divisions([{ text: ['Specifications include, but are not limited to: demolition of one building and 50,000 S.F. of asphalt pavement. The work will also include abatement of the following quantities of asbestos containing material; 430 S.F. of floor tile; 70 L.F. of roof tile flashing; 295 S.F. of pipe insulation.', 'The demolition process will include the removal of ALL debris, i.e., all rocks, masonry, and wood/metal scraps.'] }]);
    expect(got).toContain('02');
    for (const d of ['04', '07', '09']) expect(got).not.toContain(d);
  });

  it('"… painting, door hardware updates, new lighting, roofing … will be part of this work"', () => {
    const got = divisions([{ text: ['PROJECT TITLE: Boiler Replacement & Related Work', 'In addition there will be minor concrete slab work, wall and floor patching, painting, door and frame replacement, door hardware updates, new lighting, roofing, and other related items will be part of this work.'] }]);
    expect(got).toEqual(expect.arrayContaining(['03', '07', '08', '09', '23', '26']));
  });

  it('"accepting bids … to demolish", "the work requires … installing sod"', () => {
    expect(divisions([{ text: ['The Town is currently accepting bids for the labor, equipment, and materials necessary to demolish the primary buildings per the attached specifications.'] }])).toEqual(['02']);
    expect(divisions([{ text: ['This contract facilitates restoration of public parkways following utility excavations.', 'The work requires removing the back fill material, backfilling with top soil, and installing sod.'] }])).toEqual(['31', '32']);
  });
});

describe('scopes written as lists, descriptions and calls for bids (held-out round 5)', () => {
  it('"Specifications include, but are not limited to:" heads a scope list; its lettered orders are the work', () => {
    const got = divisions([{ text: ['Specifications include, but are not limited to:', 'A. Pour a new foundation pad to support the equipment.', 'B. Install a new transfer switch.', 'C. Maintain a safe working environment.'] }]);
    expect(got).toEqual(['03', '26']);
  });

  it('in a stated scope a clear word of the trade is enough; the same word in passing is not', () => {
    expect(divisions([{ text: ['Specifications include, but are not limited to: dismantling the current play area, leveling/grading of land, and installation of turf for the specified area.'] }])).toEqual(['02', '31', '32']);
    expect(divisions([{ text: ['INVITATION TO BID', 'The school grounds have uneven grading and worn turf.'] }])).toEqual([]);
  });

  it('a scope statement that opens a list mid-sentence carries into its items; bidding terms end the list', () => {
    const got = divisions([{ text: ['The project generally consists of the construction of: Removal and replacement of existing asphalt surfaces.', 'New playground equipment.', 'Exterior site improvements and grading to establish access to buildings.', 'All bidders must hold a bid bond for the plumbing and electrical subcontracts.'] }]);
    expect(got).toEqual(['11', '31', '32']);
  });

  it('"sealed bids are sought … for", "furnishing all labor and material … for", a prime contract named for its trade', () => {
    expect(divisions([{ text: ['Notice is hereby given that sealed bids are sought and requested for an air conditioning system replacement.'] }])).toEqual(['23']);
    expect(divisions([{ text: ['Sealed bids will be received until noon for furnishing all labor and material necessary for the replacement of the HVAC system.'] }])).toEqual(['23']);
    expect(divisions([{ text: ['NOTICE TO CONTRACTORS', 'The Proposals will be for one (1) prime contract: Heating, Ventilating, and Air Conditioning.'] }])).toEqual(['23']);
  });

  it('a solicitation that describes the building to be built states its trades', () => {
    const got = divisions([{ text: ['INVITATION TO BID', 'The structure will be one story, slab-on-grade, load bearing CMU walls.', 'The building will also have a standing seam metal roof.', 'The space will be heated and cooled.'] }]);
    expect(got).toEqual(['03', '04', '07', '23']);
    expect(divisions([{ text: ['INVITATION TO BID', 'The building will be open to the public during the asphalt and concrete work season.'] }])).toEqual([]);
  });

  it('a project named "<thing> Installation / Replacement" is that thing’s trade, even a plain word', () => {
    expect(divisions([{ text: ['PROJECT NAME: Senior Center Generator Installation', 'Bids will be opened publicly and read aloud.'] }])).toEqual(['26']);
    expect(divisions([{ text: ['PROJECT NAME: Senior Center Generator Study', 'Bids will be opened publicly and read aloud.'] }])).toEqual([]);
  });

  it('what the work passes under or along is a place, not a trade', () => {
    const got = divisions([{ text: ['This project consists of installation of 640 linear feet of water main, including 150 linear feet of casing installed by jack and bore to cross under the railroad tracks.'] }]);
    expect(got).toEqual(['33']);
  });

  it('a scope naming "mechanical, electrical, and plumbing work", walk-in coolers and finishes lists each trade', () => {
    const got = divisions([{ text: ['INVITATION TO BID', 'Each project generally includes walk-in cooler replacements, patch and repair adjacent architectural finishes, mechanical, electrical, and plumbing work.'] }]);
    expect(got).toEqual(['09', '11', '22', '23', '26']);
  });
});

describe('a bill of quantities known by its index (South African trade bills)', () => {
  const index = ['PROVISIONAL BILLS OF QUANTITIES FOR the renovation of the second floor', 'INDEX TO BILLS OF QUANTITIES', 'Bill No Page No', '1 PRELIMINARIES 1', '2 ALTERATIONS 25', '3 MASONRY 26', '4 CARPENTRY AND JOINERY 27', '5 IRONMONGERY 37', '6 PAINTWORK 56', '7 PLUMBING AND DRAINAGE 50', '8 PROVISIONAL SUMS 57'];

  it('an index of trade bills makes a bill of quantities without one measured item', () => {
    expect(classifyDocument(buildDoc([{ text: index }]), noSections).type).toBe('bill-of-quantities');
    expect(divisions([{ text: index }])).toEqual(['02', '04', '06', '08', '09', '22']);
    // The same trade words in a letter that is no bill are not its work sections.
    expect(classifyDocument(buildDoc([{ text: ['Dear Sir,', 'MASONRY', 'IRONMONGERY', 'PAINTWORK'] }]), noSections).type).toBe('other');
  });

  it('maps the trade bills’ names, with "(PROVISIONAL)" and page numbers after them', () => {
    expect(workSectionDivision('1 EARTHWORKS (PROVISIONAL) 29')).toBe('31');
    expect(workSectionDivision('2 CONCRETE, FORMWORK REINFORCEMENT 34')).toBe('03');
    expect(workSectionDivision('6 CEILINGS PARTITIONS AND ACCESS FLOORING 30')).toBe('09');
    expect(workSectionDivision('7 JOINERY FITTINGS 33')).toBe('06');
    expect(workSectionDivision('8 FLOOR COVERINGS 36')).toBe('09');
    expect(workSectionDivision('12 TILING 46')).toBe('09');
    expect(workSectionDivision('16 PROVISIONAL SUMS 57')).toBeNull();
  });
});

describe('an addendum’s questions touch the sections they ask to change', () => {
  it('"we ask for the following modifications and clarifications: Specification 02571 Steel Pipe" is that section’s division', () => {
    const got = divisions([{ text: ['ADDENDUM NO. 3', '2. In review of the plans and bid form, we ask for the following modifications and clarifications: Specification 02571 Steel Pipe', 'Section 1.01.D: Please clarify the origin requirements.'] }]);
    expect(got).toEqual(['33']);
  });
});

describe('a project manual’s contents without numbers, and a contractor sought to perform the work', () => {
  it('a project manual’s table of contents that lists sections by title alone names its trades', () => {
    const manual = ['PROJECT MANUAL', 'SPECIFICATIONS FOR BUILDING REMOVAL', 'TABLE OF CONTENTS', 'NOTICE AND INSTRUCTION TO BIDDERS', 'GENERAL REQUIREMENTS', 'HAZARDOUS MATERIALS REMOVAL', 'FILL AND BACKFILL', 'INSURANCE REQUIREMENTS'];
    expect(divisions([{ text: manual }])).toEqual(['02', '31']);
    // The same titles on a page that is no project manual's contents are passing words.
    expect(divisions([{ text: ['MEETING AGENDA', 'FILL AND BACKFILL'] }])).toEqual([]);
  });

  it('"is seeking to hire a contractor to perform boiler … maintenance" states the work on a page of bidding terms', () => {
    const got = divisions([{ text: ['The City is seeking to hire a qualified, experienced contractor to perform boiler cleaning, repair, or maintenance services at all schools.', 'The successful bidder will be responsible for all insurance.', 'One contract will be awarded to the lowest responsible bidder.'] }]);
    expect(got).toEqual(['23']);
  });
});
