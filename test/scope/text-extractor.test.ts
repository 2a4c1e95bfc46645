import { describe, expect, it } from 'vitest';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { extractScope, TextScopeExtractor } from '../../src/core/scope/index.js';
import { buildDoc } from './doc-builder.js';

const divisions = (doc: ReturnType<typeof buildDoc>) => extractScopeFromText(doc).trades.map((t) => t.division);

describe('text extractor: spec sections', () => {
  it('a single spec section is only its own division, whatever it cites', () => {
    const doc = buildDoc([
      {
        text: [
          'SECTION 21 13 13',
          'WET-PIPE SPRINKLER SYSTEMS',
          'PART 1 - GENERAL',
          'A. Provide the necessary interface with other Divisions: coordinate with Division 26 for electrical power and Division 23 for ductwork.',
          'B. All work shall comply with the International Plumbing Code and the National Electrical Code, 2017 Edition.',
          'C. Provide sprinkler heads, standpipes and a fire department connection.',
          'D. Branch circuit wiring, receptacles and panelboards are specified in Section 26 05 19.',
          'E. Domestic water, lavatories and water closets: see plumbing drawings.',
        ],
        sections: [{ number: '21 13 13', title: 'WET-PIPE SPRINKLER SYSTEMS', kind: 'section' }],
      },
      { text: ['Sprinkler piping shall be schedule 40 steel. Exhaust fans and diffusers by Division 23.', 'WET-PIPE SPRINKLER SYSTEMS 21 13 13-2'] },
    ]);
    const scope = extractScopeFromText(doc);
    expect(scope.trades.map((t) => t.division)).toEqual(['21']);
    const ev = scope.trades[0]!.evidence;
    expect(ev.some((e) => e.source === 'spec-section' && e.section === '21 13 13' && e.page === 1)).toBe(true);
  });

  it('reads section headings from the text when the reader found none ("SECTION 26 0519")', () => {
    const doc = buildDoc([{ text: ['SECTION 26 0519', 'LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS AND CABLES', 'PART 1 - GENERAL'] }]);
    expect(divisions(doc)).toEqual(['26']);
  });

  it('a project manual table of contents yields each listed division', () => {
    const doc = buildDoc([{ text: ['SECTION 03 30 00 CAST-IN-PLACE CONCRETE', 'SECTION 09 29 00 GYPSUM BOARD', 'SECTION 26 05 00 COMMON WORK RESULTS FOR ELECTRICAL'] }]);
    expect(divisions(doc)).toEqual(['03', '09', '26']);
  });
});

describe('text extractor: drawing sets', () => {
  const sheetDoc = () =>
    buildDoc(
      [
        { text: 'COVER SHEET\nSHEET INDEX', sheet: { number: 'G001', title: 'COVER SHEET' } },
        { text: 'FINISH SCHEDULE\nGYPSUM BOARD PAINT PT-1\nCARPET TILE CPT-1', sheet: { number: 'A601', title: 'FINISH SCHEDULE' } },
        { text: 'LIGHTING PLAN\nKEYNOTES\n1. PROVIDE NEW LED LIGHT FIXTURE.', sheet: { number: 'E201', title: 'LIGHTING PLAN', discipline: 'E' } },
        { text: 'PLUMBING PLAN', sheet: { number: 'P101', title: 'FIRST FLOOR PLUMBING PLAN', discipline: 'P' } },
        { text: 'ARCHITECTURAL PLAN\nROOM 101', sheet: { number: 'A101', title: 'FLOOR PLAN', discipline: 'A' } },
      ],
      {
        sheetIndex: [
          { number: 'A101', title: 'FLOOR PLAN', page: 1 },
          { number: 'M101', title: 'FIRST FLOOR HVAC PLAN', page: 1 },
        ],
      },
    );

  it('finds trades from sheet disciplines, sheet titles and the sheet index, with evidence', () => {
    const scope = extractScopeFromText(sheetDoc());
    const byDiv = new Map(scope.trades.map((t) => [t.division, t]));
    expect([...byDiv.keys()].sort()).toEqual(['09', '22', '23', '26']);
    expect(byDiv.get('26')!.evidence[0]).toMatchObject({ page: 3, sheet: 'E201', source: 'sheet' });
    expect(byDiv.get('23')!.evidence.some((e) => e.source === 'sheet-index' && e.sheet === 'M101')).toBe(true);
    expect(scope.sheets).toContainEqual({ page: 3, number: 'E201', title: 'LIGHTING PLAN' });
    for (const t of scope.trades) {
      expect(t.confidence).toBeGreaterThan(0);
      expect(t.confidence).toBeLessThanOrEqual(1);
      for (const e of t.evidence) expect(e.snippet.length).toBeLessThanOrEqual(160);
    }
  });

  it('an A sheet by itself implies no trade, and a T title sheet is not telecommunications', () => {
    const doc = buildDoc([
      { text: 'TITLE SHEET\nDRAWING LIST', sheet: { number: 'T001', title: 'TITLE SHEET' } },
      { text: 'FLOOR PLAN\nROOM 101', sheet: { number: 'A101', title: 'FLOOR PLAN' } },
    ]);
    expect(divisions(doc)).toEqual([]);
  });

  it('plumbing and HVAC work inferred from keynotes on another discipline’s sheet', () => {
    const doc = buildDoc([
      {
        sheet: { number: 'E101', title: 'FIRST FLOOR DEMOLITION PLAN' },
        text: [
          'KEYNOTES:',
          '3. CONTRACTOR SHALL REMOVE ABANDONED HOT WATER COIL.',
          '4. CONTRACTOR SHALL CUT AND CAP DOMESTIC WATER AND SANITARY WASTE LINES AT LAVATORY.',
          '6. CONTRACTOR SHALL REMOVE HEATING WATER SUPPLY AND RETURN LINES.',
        ],
      },
    ]);
    expect(divisions(doc)).toEqual(expect.arrayContaining(['02', '22', '23', '26']));
  });
});

describe('text extractor: master notes and project manuals', () => {
  it('lettered general notes describe conditions, numbered keynotes describe this project', () => {
    const doc = buildDoc([
      {
        sheet: { number: 'A011', title: 'WALL TYPES' },
        text: [
          'GENERAL WALL TYPE NOTES',
          'P. BULLNOSE CMU SHALL BE USED AT ALL OUTSIDE CORNERS. OMIT BULLNOSE AT FIRST COURSE OF MASONRY.',
          'Q. ALL MASONRY SHALL BE INSTALLED WITH HORIZONTAL MASONRY REINFORCEMENT. PROVIDE MASONRY REINFORCEMENT IN PARAPETS.',
          'S. STONE VENEERS TO UTILIZE TOP AND BOTTOM STONE ANCHORS.',
        ],
      },
      {
        sheet: { number: 'A121', title: 'ENLARGED PLAN' },
        text: ['ARCH PLAN KEYNOTES', '4 REFINISH EXISTING EPOXY COUNTERTOP, PATCH AND FILL.', '12 INSTALL NEW ADA EPOXY COUNTERTOP WITH BACKSPLASH.'],
      },
    ]);
    const got = divisions(doc);
    expect(got).toContain('12');
    expect(got).not.toContain('04');
  });

  it('treats a large-format page as a drawing even when no title block was read', () => {
    const notes = [
      'GENERAL NOTES',
      'P. BULLNOSE CMU SHALL BE USED AT ALL OUTSIDE CORNERS. OMIT BULLNOSE AT FIRST COURSE OF MASONRY.',
      'Q. ALL MASONRY SHALL BE INSTALLED WITH HORIZONTAL MASONRY REINFORCEMENT.',
      'R. STONE VENEERS TO UTILIZE STAINLESS STEEL TIES.',
    ];
    expect(divisions(buildDoc([{ text: notes, size: [2592, 1728] }]))).not.toContain('04');
    // The same lettered paragraphs on a letter-size page are spec requirements and count.
    expect(divisions(buildDoc([{ text: notes }]))).toContain('04');
  });

  it('in a project manual, trades are its sections: passing mentions in Division 01 add none', () => {
    const doc = buildDoc([
      { text: ['SECTION 01 10 00', 'SUMMARY', 'Coordinate the elevator cab finishes and the fire sprinkler system shutdowns with the Owner.', 'Elevator pit sump pump and sprinkler heads in the atrium are existing.'] },
      { text: ['SECTION 03 30 00', 'CAST-IN-PLACE CONCRETE'] },
      { text: ['SECTION 09 29 00', 'GYPSUM BOARD'] },
      { text: ['SECTION 26 05 19', 'LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS AND CABLES'] },
      { text: ['Provide new elevator machine room lighting. Elevator shaft ventilation by others.', 'LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS AND CABLES 26 05 19 - 2'] },
    ]);
    expect(divisions(doc)).toEqual(['03', '09', '26']);
  });
});

describe('text extractor: negative contexts and boilerplate', () => {
  it('does not invent trades from code citations, coordination notes, work by others or existing to remain', () => {
    const doc = buildDoc([
      {
        text: [
          'GENERAL NOTES',
          '1. All work shall be in accordance with NFPA 13, the NEC and the International Plumbing Code.',
          '2. Coordinate all work with the mechanical, electrical and plumbing drawings.',
          '3. Fire alarm devices by others.',
          '4. Existing sprinkler heads to remain.',
          '5. Elevator is not in contract.',
        ],
      },
    ]);
    expect(divisions(doc)).toEqual([]);
  });

  it('one passing mention is not a trade; two independent mentions are', () => {
    const one = buildDoc([{ text: 'Room 12: mechanical/sprinkler room with key fob access.' }]);
    expect(divisions(one)).not.toContain('21');
    const two = buildDoc([
      { text: 'Provide new sprinkler heads throughout the addition.' },
      { text: 'Extend the existing sprinkler system main to the new wing; relocate the fire department connection.' },
    ]);
    expect(divisions(two)).toContain('21');
  });

  it('reads the scope paragraph of an invitation to bid inside Division 00 boilerplate', () => {
    const doc = buildDoc([
      {
        text: [
          'DOCUMENT 00 11 00',
          'INVITATION FOR BIDS',
          'Bidders shall furnish a bid bond. The Owner reserves the right to reject any bid. Prevailing wage rates apply.',
          'Scope of Work: The project includes repair of existing asphalt paving, Type II slurry seal, crack routing and filling, concrete walkways and accessible signage.',
          'Insurance: the Contractor shall carry general liability insurance per the General Conditions.',
        ],
        sections: [{ number: '00 11 00', title: 'INVITATION FOR BIDS', kind: 'section' }],
      },
    ]);
    const got = divisions(doc);
    expect(got).toContain('32');
    expect(got).toContain('10');
    expect(got).not.toContain('00');
    expect(got).not.toContain('03');
  });

  it('reads the items listed under "The Work includes:" as scope', () => {
    const doc = buildDoc([
      {
        text: [
          'INVITATION TO BID. Bidders shall submit a bid bond. The Owner reserves the right to reject any bid.',
          'The Work includes:',
          '• Replacement of the roof membrane and flashing',
          '• New rooftop units',
          '• Insurance certificates per the General Conditions.',
        ],
      },
    ]);
    const got = divisions(doc);
    expect(got).toContain('07');
    expect(got).toContain('23');
  });

  it('a consultant named in the title block is not a trade', () => {
    const block = 'LANDSCAPE ARCHITECT: GREEN SPACES LLC. IRRIGATION CONSULTANT: RAIN DESIGN. PLUMBING ENGINEER: FLOW INC.';
    const doc = buildDoc(['A101', 'A102', 'A103'].map((n) => ({ sheet: { number: n, title: 'FLOOR PLAN' }, text: [`ROOM 10${n.slice(-1)}`, block] })));
    expect(divisions(doc)).toEqual([]);
  });

  it('returns no trades for an image-only document instead of guessing', () => {
    const doc = buildDoc([{ text: '', hasTextLayer: false }, { text: '', hasTextLayer: false }]);
    const scope = extractScopeFromText(doc);
    expect(scope.trades).toEqual([]);
    expect(scope.source.pages).toBe(2);
  });
});

describe('text extractor: project facts and document shape', () => {
  it('finds project name, location with zip, and bid due date', () => {
    const doc = buildDoc([
      {
        text: [
          'PROJECT: Riverside Library Renovation',
          'Architect: Smith Design Studio, 100 Main St, Suite 200, Indianapolis, IN 46202 (317) 555-1212',
          'Project site: 2300 Elm Street, Lafayette, IN 47904',
          'Sealed bids due: March 3, 2026 at 2:00 PM',
        ],
      },
    ]);
    const scope = extractScopeFromText(doc, { fileName: 'itb.pdf', now: () => new Date('2026-01-01T00:00:00Z') });
    expect(scope.project).toMatchObject({ name: { value: 'Riverside Library Renovation' }, zipOrPostcode: { value: '47904' }, city: { value: 'Lafayette' }, stateOrProvince: { value: 'IN' }, bidDue: { value: { date: '2026-03-03' } } });
    expect(scope).toMatchObject({ schema: 'redbutton.scope', version: 1, extractor: 'text', createdAt: '2026-01-01T00:00:00.000Z', source: { fileName: 'itb.pdf', pages: 1 } });
  });

  it('takes the new date when an addendum changes the bid due date', () => {
    const doc = buildDoc([{ text: 'CHANGE bid due date from April 10, 2025 to April 15, 2025.' }]);
    expect(extractScopeFromText(doc).project.bidDue?.value.date).toBe('2025-04-15');
  });

  it('falls back to the cover’s largest type for the project name', () => {
    const doc = buildDoc([{ text: ['100% CONSTRUCTION DOCUMENTS', 'Lily Hall Teaching Lab Renovation', 'Sheet G000'], items: [
      { str: '100% CONSTRUCTION DOCUMENTS', fontSize: 30 }, { str: 'Lily Hall Teaching Lab Renovation', fontSize: 24 }, { str: 'Sheet G000', fontSize: 8 },
    ] }]);
    expect(extractScopeFromText(doc).project.name?.value).toBe('Lily Hall Teaching Lab Renovation');
  });

  it('prefers the project over the owner on a cover, and joins a title set on two lines', () => {
    const cover = (rows: Array<[string, number]>) =>
      extractScopeFromText(buildDoc([{ text: rows.map((r) => r[0]), items: rows.map(([str, fontSize]) => ({ str, fontSize })) }])).project.name?.value;
    expect(cover([['UNIVERSITY OF SOUTH CAROLINA', 60], ['LONGSTREET THEATRE EXTERIOR RESTORATION', 60], ['USC PROJECT # H27-Z147-B', 60]])).toBe('LONGSTREET THEATRE EXTERIOR RESTORATION');
    expect(cover([['LILY HALL TEACHING LAB 1-129', 100], ['RENOVATION', 100], ['PURDUE UNIVERSITY', 37]])).toBe('LILY HALL TEACHING LAB 1-129 RENOVATION');
    expect(cover([['REAL ESTATE SERVICES DIVISION', 14], ['ADDENDUM No. 1', 14], ['Bid Due Date – April 15, 2025', 11], ['DSH COALINGA ROAD REPAIRS', 11]])).toBe('DSH COALINGA ROAD REPAIRS');
  });

  it('is deterministic and usable through the extractor interface', async () => {
    const doc = buildDoc([{ text: 'PANEL SCHEDULE\nLIGHTING FIXTURE SCHEDULE', sheet: { number: 'E601', title: 'ELECTRICAL SCHEDULES' } }]);
    const a = await extractScope(doc, { extractor: new TextScopeExtractor() });
    const b = await new TextScopeExtractor().extract(doc, { pdfPath: '/nowhere.pdf' });
    expect(a.trades).toEqual(b.trades);
    expect(a.trades.map((t) => t.division)).toEqual(['26']);
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(new TextScopeExtractor().extract(buildDoc([{ text: 'x' }]), { pdfPath: '', signal: ac.signal })).rejects.toThrow();
  });
});
