/**
 * A single spec section in every printed form gives exactly its own trade (issue #11). The fixtures are
 * generated, not picked: every way a section number is printed (current, run-together, hyphenated,
 * dotted, four-digit, legacy five-digit, dual, footer-only, with and without a title) is crossed with
 * every common body layout, as printed and flattened to one line per page, (PART 1/2/3 with "1.01", "1.1" or "A." paragraphs; related-sections, related-
 * work, section-includes and work-in-other-sections articles naming other trades; "Coordinate with
 * Division nn"; "provided under Section nn nn nn"; END OF SECTION). Each cell states which divisions come
 * out and that nothing else does.
 */
import { describe, expect, it } from 'vitest';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc, type PageSpec } from './doc-builder.js';

interface NumberForm {
  /** What the cell is. */
  name: string;
  /** The lines that open the section (heading, title), or none when only the running footer names it. */
  heading: string[];
  /** The running footer of page n (or header, printed as the page's first line when `headerAtTop`). */
  footer: (n: number) => string;
  headerAtTop?: boolean;
  /** How "END OF SECTION" prints this number. */
  end: string;
  /** A sentence of the section's own work. */
  own: string;
  expected: string[];
}

const ELECTRICAL_OWN = 'A. Provide copper conductors in raceways, mounted on concrete housekeeping pads where indicated.';
const forms: NumberForm[] = [
  { name: 'spaced "26 05 19" with title', heading: ['SECTION 26 05 19 - LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS AND CABLES'], footer: (n) => `26 05 19 - ${n}`, end: 'END OF SECTION 26 05 19', own: ELECTRICAL_OWN, expected: ['26'] },
  { name: 'run-together "260519"', heading: ['SECTION 260519 - LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS AND CABLES'], footer: (n) => `260519 - ${n}`, end: 'END OF SECTION 260519', own: ELECTRICAL_OWN, expected: ['26'] },
  { name: 'hyphenated "26-05-19"', heading: ['SECTION 26-05-19 LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS AND CABLES'], footer: (n) => `26-05-19 - ${n}`, end: 'END OF SECTION 26-05-19', own: ELECTRICAL_OWN, expected: ['26'] },
  { name: 'four-digit "26 0519"', heading: ['SECTION 26 0519', 'LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS AND CABLES'], footer: (n) => `26 0519 - ${n}`, end: 'END OF SECTION 26 0519', own: ELECTRICAL_OWN, expected: ['26'] },
  { name: 'dotted "26.05.19"', heading: ['SECTION 26.05.19 - LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS AND CABLES'], footer: (n) => `26.05.19 - ${n}`, end: 'END OF SECTION 26.05.19', own: ELECTRICAL_OWN, expected: ['26'] },
  { name: 'Title Case "Section 09 91 23"', heading: ['Section 09 91 23 - Interior Painting'], footer: (n) => `Interior Painting 09 91 23 - ${n}`, end: 'End of Section 09 91 23', own: 'A. Apply two finish coats of latex paint over primed gypsum board and wood trim.', expected: ['09'] },
  { name: '"SECTION 200553" with "200553 - 4" footers', heading: ['SECTION 200553', 'IDENTIFICATION FOR PIPING AND EQUIPMENT'], footer: (n) => `200553 - ${n}`, end: 'END OF SECTION 200553', own: 'A. Provide valve tags and pipe markers on piping and equipment.', expected: ['22', '23'] },
  { name: 'level-4 "26 24 16.13"', heading: ['SECTION 26 24 16.13 - LIGHTING AND APPLIANCE BRANCH-CIRCUIT PANELBOARDS'], footer: (n) => `26 24 16.13 - ${n}`, end: 'END OF SECTION 26 24 16.13', own: ELECTRICAL_OWN, expected: ['26'] },
  { name: 'legacy "16442" panelboards', heading: ['SECTION 16442 - PANELBOARDS'], footer: (n) => `PANELBOARDS 16442 - ${n}`, end: 'END OF SECTION 16442', own: ELECTRICAL_OWN, expected: ['26'] },
  { name: 'legacy "15440" plumbing pumps', heading: ['SECTION 15440', 'PLUMBING PUMPS'], footer: (n) => `15440 - ${n}`, end: 'END OF SECTION 15440', own: 'A. Provide in-line circulating pumps for domestic hot water recirculation.', expected: ['22'] },
  { name: 'legacy "15950" testing and balancing', heading: ['SECTION 15950 - TESTING, ADJUSTING, AND BALANCING'], footer: (n) => `15950 - ${n}`, end: 'END OF SECTION 15950', own: 'A. Balance air distribution systems to the airflows indicated.', expected: ['23'] },
  { name: 'legacy "02220" without a title', heading: ['SECTION 02220'], footer: (n) => `02220 - ${n}`, end: 'END OF SECTION 02220', own: 'A. Excavate, backfill and compact to the subgrade elevations indicated.', expected: ['31'] },
  { name: 'bracketed dual "[26 24 16] [16442]"', heading: ['SECTION [26 24 16] [16442]', 'PANELBOARDS'], footer: (n) => `[26 24 16] [16442] - ${n}`, end: 'END OF SECTION', own: ELECTRICAL_OWN, expected: ['26'] },
  { name: 'dual "SECTION 26 24 16 (16442)"', heading: ['SECTION 26 24 16 (16442) PANELBOARDS'], footer: (n) => `26 24 16 - ${n}`, end: 'END OF SECTION 26 24 16', own: ELECTRICAL_OWN, expected: ['26'] },
  { name: 'footer-only "PUMPS 15440 - 3"', heading: ['PUMPS'], footer: (n) => `PUMPS 15440 - ${n}`, end: 'END OF SECTION', own: 'A. Provide in-line circulating pumps for domestic hot water recirculation.', expected: ['22'] },
  { name: 'footer-only "230593 - 1"', heading: ['TESTING, ADJUSTING, AND BALANCING FOR HVAC'], footer: (n) => `230593 - ${n}`, end: 'END OF SECTION', own: 'A. Balance air distribution systems to the airflows indicated.', expected: ['23'] },
  { name: 'running header "Project – Section 23 31 13 Page n of 3"', heading: [], headerAtTop: true, footer: (n) => `Municipal Garage Renovation METAL DUCTS Section 23 31 13 Page ${n} of 3`, end: 'END OF SECTION', own: 'A. Provide galvanized steel supply and return ductwork.', expected: ['23'] },
  { name: 'footer-only with a page count "Interior Painting 09 91 23 Page 2 of 2"', heading: ['INTERIOR PAINTING'], footer: (n) => `Interior Painting 09 91 23 Page ${n} of 2`, end: 'END OF SECTION', own: 'A. Apply two finish coats of latex paint over primed gypsum board and wood trim.', expected: ['09'] },
  { name: 'NMS running header "Section 26 05 21 WIRES AND CABLES (0-1000 V) Page n of 2"', heading: [], headerAtTop: true, footer: (n) => `Section 26 05 21 WIRES AND CABLES (0-1000 V) Page ${n} of 2`, end: 'END OF SECTION', own: ELECTRICAL_OWN, expected: ['26'] },
  { name: 'number without a title', heading: ['SECTION 23 31 13'], footer: (n) => `23 31 13 - ${n}`, end: 'END OF SECTION 23 31 13', own: 'A. Provide galvanized steel supply and return ductwork.', expected: ['23'] },
  { name: 'title on the next line', heading: ['SECTION 21 13 13', 'WET-PIPE SPRINKLER SYSTEMS'], footer: (n) => `21 13 13 - ${n}`, end: 'END OF SECTION 21 13 13', own: 'A. Provide automatic wet-pipe sprinkler systems with listed pendent sprinklers.', expected: ['21'] },
  { name: 'legacy "16721" fire alarm', heading: ['SECTION 16721 - FIRE ALARM SYSTEM'], footer: (n) => `16721 - ${n}`, end: 'END OF SECTION 16721', own: 'A. Provide an addressable fire alarm control panel, manual stations and notification appliances.', expected: ['28'] },
  { name: 'legacy "15900" building automation', heading: ['SECTION 15900 - BUILDING AUTOMATION SYSTEM'], footer: (n) => `15900 - ${n}`, end: 'END OF SECTION 15900', own: 'A. Provide a direct digital control system with operator workstation.', expected: ['25'] },
  { name: 'Division 40 process piping', heading: ['SECTION 40 05 13 - COMMON WORK RESULTS FOR PROCESS PIPING'], footer: (n) => `40 05 13 - ${n}`, end: 'END OF SECTION 40 05 13', own: 'A. Provide process piping, supports and pipe identification.', expected: ['40'] },
  { name: 'current "033000" concrete', heading: ['SECTION 033000 - CAST-IN-PLACE CONCRETE'], footer: (n) => `CAST-IN-PLACE CONCRETE 033000 - ${n}`, end: 'END OF SECTION 033000', own: 'A. Provide formwork, reinforcement and cast-in-place concrete for footings and slabs.', expected: ['03'] },
  { name: '"08 71 00" door hardware, no separator', heading: ['SECTION 08 71 00 DOOR HARDWARE'], footer: (n) => `08 71 00 - ${n}`, end: 'END OF SECTION 08 71 00', own: 'A. Provide hinges, locksets, closers and stops for hollow metal and wood doors.', expected: ['08'] },
];

/** Other trades' sections a body refers to, by division: references never become trades. */
const REFERENCES: ReadonlyArray<{ division: string; number: string; title: string }> = [
  { division: '07', number: '07 84 00', title: 'Firestopping' },
  { division: '09', number: '09 91 23', title: 'Interior Painting' },
  { division: '03', number: '03 30 00', title: 'Cast-in-Place Concrete' },
  { division: '26', number: '26 05 26', title: 'Grounding and Bonding for Electrical Systems' },
  { division: '23', number: '23 09 23', title: 'Direct-Digital Control System for HVAC' },
  { division: '22', number: '22 05 00', title: 'Common Work Results for Plumbing' },
];
const DIVISION_NAMES: Readonly<Record<string, string>> = { '22': 'Plumbing', '23': 'Heating, Ventilating and Air Conditioning', '26': 'Electrical', '09': 'Finishes' };

interface Layout {
  name: string;
  pages: (form: NumberForm, refs: typeof REFERENCES, other: string) => string[][];
}

const layouts: Layout[] = [
  {
    name: 'PART 1 - GENERAL with "1.01" articles and a lettered RELATED SECTIONS list',
    pages: (f, [a, b, c], other) => [
      [...f.heading, 'PART 1 - GENERAL', '1.01 SECTION INCLUDES', f.own, '1.02 RELATED SECTIONS', `A. Section ${a!.number} - ${a!.title}.`, `B. Section ${b!.number} - ${b!.title}.`, `C. Division ${other} - ${DIVISION_NAMES[other]}.`, '1.03 SUBMITTALS', 'A. Product data for each type of product.'],
      ['PART 2 - PRODUCTS', '2.01 MATERIALS', f.own, 'PART 3 - EXECUTION', '3.01 INSTALLATION', `A. Install the work plumb and level. Controls are provided under Section ${c!.number}.`, `B. Coordinate with Division ${other} for connections.`, f.end],
    ],
  },
  {
    name: 'PART 1 GENERAL with "1.1" articles and a RELATED WORK list of bare section lines',
    pages: (f, [a, b, c], other) => [
      [...f.heading, 'PART 1 GENERAL', '1.1 SUMMARY', f.own, '1.2 RELATED WORK', `Section ${a!.number} - ${a!.title}.`, `Section ${b!.number} - ${b!.title}.`, `Section ${c!.number} - ${c!.title}.`, '1.3 QUALITY ASSURANCE', 'A. Comply with NFPA 70.'],
      ['PART 2 PRODUCTS', '2.1 MANUFACTURERS', f.own, 'PART 3 EXECUTION', '3.1 EXAMINATION', `A. Coordinate with Division ${other}.`, f.end],
    ],
  },
  {
    name: '"A." paragraphs with WORK IN OTHER SECTIONS and "provided under Section …"',
    pages: (f, [a, b, c], other) => [
      [...f.heading, 'PART 1 GENERAL', 'A. SECTION INCLUDES', f.own, 'B. WORK IN OTHER SECTIONS', `1. ${a!.title}: Section ${a!.number}.`, `2. ${b!.title}: Section ${b!.number}.`, `3. Work of Division ${other} - ${DIVISION_NAMES[other]}.`],
      ['PART 2 PRODUCTS', f.own, `A. Power to equipment is provided under Section ${c!.number}.`, 'PART 3 EXECUTION', 'A. Install per manufacturer instructions.', f.end],
    ],
  },
];

/** The pages of one cell: the layout's pages with the form's running footer (or header). */
function cell(form: NumberForm, layout: Layout): PageSpec[] {
  const refs = REFERENCES.filter((r) => !form.expected.includes(r.division));
  const other = Object.keys(DIVISION_NAMES).find((d) => !form.expected.includes(d))!;
  return layout.pages(form, refs, other).map((lines, i) => ({ text: form.headerAtTop ? [form.footer(i + 1), ...lines] : [...lines, form.footer(i + 1)] }));
}

const divisions = (pages: PageSpec[]) =>
  extractScopeFromText(buildDoc(pages))
    .trades.map((t) => t.division)
    .filter((d) => d !== '00' && d !== '01')
    .sort();

describe('a single spec section in every printed form gives exactly its trade', () => {
  for (const form of forms) {
    for (const layout of layouts) {
      it(`${form.name} × ${layout.name} → ${form.expected.join(', ')} and nothing else`, () => {
        expect(divisions(cell(form, layout))).toEqual(form.expected);
      });
      // A web transcript flattens each page to one line: headings, articles and footers run together.
      it(`${form.name} × ${layout.name}, each page flattened to one line → ${form.expected.join(', ')} and nothing else`, () => {
        expect(divisions(cell(form, layout).map((p) => ({ text: [(p.text as string[]).join(' ')] })))).toEqual(form.expected);
      });
    }
  }
});

describe('a spec section embedded in a longer document gives its division too', () => {
  const D = [2592, 1728] as [number, number];
  const rfp = ['REQUEST FOR PROPOSALS', 'Public Works Building Reroofing', 'Sealed proposals will be received until 2:00 PM on March 3.', 'INSTRUCTIONS TO PROPOSERS', 'Proposers shall hold a current license. The Owner reserves the right to reject any proposal.'];
  const conditions = ['GENERAL CONDITIONS', 'The Contractor shall carry insurance.', 'Prevailing wages apply.'];
  const roofing = ['SECTION 07 54 23 - THERMOPLASTIC-POLYOLEFIN (TPO) ROOFING', 'PART 1 - GENERAL', '1.01 SECTION INCLUDES', 'A. Adhered TPO membrane roofing over tapered insulation.', '1.02 RELATED SECTIONS', 'A. Section 06 10 53 - Miscellaneous Rough Carpentry: wood nailers.', 'B. Section 22 14 23 - Storm Drainage Piping Specialties: roof drains.', 'PART 2 - PRODUCTS', 'A. TPO membrane 60 mil.', 'PART 3 - EXECUTION', 'A. Install membrane per manufacturer.', 'END OF SECTION 07 54 23'];
  const ducts = ['SECTION 23 31 13 - METAL DUCTS', 'PART 1 - GENERAL', 'A. Galvanized steel ductwork.', 'B. Related sections: Section 09 91 23 - Interior Painting.', 'END OF SECTION 23 31 13'];
  const wiring = ['SECTION 26 05 19 - LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS AND CABLES', 'PART 1 - GENERAL', 'A. Copper building wire. Coordinate with Division 23.', 'END OF SECTION 26 05 19'];

  it('an RFP whose technical specification is one section', () => {
    expect(divisions([{ text: rfp }, { text: conditions }, { text: roofing }])).toEqual(['07']);
    // The section run on after the solicitation's text on the same page.
    expect(divisions([{ text: [...rfp, ...roofing] }])).toEqual(['07']);
  });

  it('an RFP whose technical specifications are two sections', () => {
    expect(divisions([{ text: rfp }, { text: ducts }, { text: wiring }])).toEqual(['07', '23', '26']);
    expect(divisions([{ text: ['REQUEST FOR PROPOSALS', 'Sealed proposals will be received until 2:00 PM on March 3.'] }, { text: ducts }, { text: wiring }])).toEqual(['23', '26']);
  });

  it('a drawing sheet carrying a spec section’s text', () => {
    expect(divisions([{ text: ['SPECIFICATIONS', ...ducts], sheet: { number: 'SP-1', title: 'SPECIFICATIONS' }, size: D }, { text: ['MECHANICAL PLAN', 'SUPPLY DUCT'], sheet: { number: 'M-101', title: 'MECHANICAL PLAN' }, size: D }])).toEqual(['23']);
    expect(divisions([{ text: ['GENERAL NOTES', ...roofing], sheet: { number: 'G-002', title: 'SPECIFICATIONS' }, size: D }, { text: ['ROOF PLAN', 'NEW TPO ROOFING'], sheet: { number: 'A-101', title: 'ROOF PLAN' }, size: D }])).toEqual(['07']);
  });
});

describe('a UK NBS work section gives its trade from its code and title together', () => {
  const painting = (heading: string[]) => [
    { text: [...heading, 'To be read with Preliminaries/ General conditions.', 'TYPES OF COATING', '110 EMULSION PAINT', 'Manufacturer: Contractor\u2019s choice. Surfaces: plasterboard walls and ceilings.', '120 GLOSS PAINT', 'Surfaces: timber skirtings and door frames. Do not paint sanitary appliances or ironmongery.'] },
    { text: ['EXECUTION', '210 PREPARATION', 'Remove ironmongery before painting and refix on completion.', 'M60 Painting/clear finishing Page 2 of 2'] },
  ];
  it('"M60 PAINTING/CLEAR FINISHING" and "M60 Painting/clear finishing" are a painting section and only that', () => {
    expect(divisions(painting(['M60 PAINTING/CLEAR FINISHING']))).toEqual(['09']);
    expect(divisions(painting(['M60 Painting/clear finishing']))).toEqual(['09']);
  });
  it('services sections: V21 lighting and power is electrical, R11 foul drainage is plumbing or drainage', () => {
    expect(divisions([{ text: ['V21 GENERAL LIGHTING AND POWER', '110 CABLE', 'Type: PVC insulated.', '120 SOCKET OUTLETS', 'Type: twin switched.'] }])).toEqual(['26']);
  });
  it('a code-like label is no section: room tags on a page not in NBS form, a code whose title names another group’s trade', () => {
    expect(divisions([{ text: ['S01 SHOWER', 'K02 KITCHEN', 'G01 OFFICE'] }]).filter((d) => d === '22' || d === '11')).toEqual([]);
    // "M20 BOLTS" in an NBS document: M is surface finishes, bolts are metals — not a section heading.
    expect(divisions([{ text: ['E10 IN SITU CONCRETE', '110 CONCRETE', 'Mix: C32/40.', '120 FIXINGS', 'M20 BOLTS', 'Grade 8.8 to anchor plates.'] }])).toEqual(['03']);
  });
});
