import PDFDocument from 'pdfkit';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * The demo's sample plan set: a small, fictional, multi-discipline drawing set on 36×24 in sheets,
 * drawn the way real sets are: a cover with a sheet index and project data, and on every sheet a
 * title block in the bottom-right corner with the sheet number in large type, plus the notes and
 * schedules a trade is recognised by. Fictional, so the demo never depends on the test corpus.
 */
export interface DemoSheet {
  number: string;
  title: string;
  notes: string[];
}

export const DEMO_PROJECT = {
  name: 'Riverside Community Library Renovation',
  address: '1200 Main Street, Anoka, MN 55303',
  bidsDue: 'December 18, 2026 at 2:00 PM',
  architect: 'Example Architects, Inc.',
};

export const DEMO_SHEETS: DemoSheet[] = [
  { number: 'G001', title: 'COVER SHEET', notes: [] },
  {
    number: 'C101',
    title: 'SITE PLAN',
    notes: [
      'REMOVE EXISTING ASPHALT PAVING AND BASE AT NEW ENTRY DRIVE.',
      'NEW HEAVY DUTY ASPHALT PAVING, 3" WEAR COURSE OVER 6" AGGREGATE BASE.',
      'PAVEMENT STRIPING: 4" WHITE, ACCESSIBLE PARKING STALL SYMBOLS.',
      'EXCAVATE AND PLACE COMPACTED FILL TO 98% STANDARD PROCTOR BELOW NEW SIDEWALK.',
      'NEW 12" HDPE STORM SEWER TO EXISTING CATCH BASIN; CONNECT NEW SANITARY SEWER SERVICE.',
      'CONCRETE SIDEWALK 5" THICK WITH CONTROL JOINTS AT 5\'-0" O.C.',
    ],
  },
  {
    number: 'A101',
    title: 'FIRST FLOOR PLAN',
    notes: [
      'DEMOLITION: REMOVE EXISTING PARTITIONS, CEILINGS AND FLOOR FINISHES WHERE SHOWN DASHED.',
      'NEW PARTITIONS: 3-5/8" METAL STUDS AT 16" O.C. WITH 5/8" TYPE X GYPSUM BOARD EACH SIDE TO DECK.',
      'SOUND ATTENUATION BATT INSULATION IN ALL OFFICE PARTITIONS.',
      'ALL EXPOSED SURFACES OF NEW GYPSUM BOARD: PRIME AND PAINT, TWO COATS EGGSHELL.',
      'PROVIDE FIRESTOPPING AND SEALANTS AT ALL RATED PENETRATIONS.',
      'NEW CMU INFILL AT FORMER EXTERIOR OPENING; MATCH EXISTING BRICK VENEER.',
    ],
  },
  {
    number: 'A601',
    title: 'DOOR SCHEDULE AND HARDWARE',
    notes: [
      'DOOR SCHEDULE: 101 3070 HOLLOW METAL FRAME, WOOD DOOR, HARDWARE SET 1.',
      'HARDWARE SET 1: HINGES, LOCKSET, CLOSER, KICK PLATE, WALL STOP.',
      'STOREFRONT: ALUMINUM STOREFRONT SYSTEM WITH 1" INSULATED GLAZING AT NEW ENTRY.',
      'AUTOMATIC DOOR OPERATOR AT MAIN ENTRY VESTIBULE.',
    ],
  },
  {
    number: 'A701',
    title: 'FINISH SCHEDULE AND CASEWORK',
    notes: [
      'FINISH SCHEDULE: CPT-1 CARPET TILE, LVT-1 LUXURY VINYL TILE, RB-1 RUBBER BASE.',
      'ACT-1 ACOUSTICAL CEILING TILE 2x2 IN SUSPENDED GRID.',
      'PLASTIC LAMINATE CASEWORK AT CIRCULATION DESK; SOLID SURFACE COUNTERTOPS.',
      'TOILET ACCESSORIES: GRAB BARS, MIRRORS, SOAP DISPENSERS. MARKER BOARDS IN STUDY ROOMS.',
      'INTERIOR SIGNAGE: ROOM IDENTIFICATION SIGNS WITH BRAILLE.',
    ],
  },
  {
    number: 'S101',
    title: 'FOUNDATION AND FRAMING PLAN',
    notes: [
      'CONCRETE FOOTINGS: 3000 PSI, #5 REINFORCING BARS CONTINUOUS.',
      'NEW STEEL LINTEL AND W8x18 BEAM AT ENLARGED OPENING; STRUCTURAL STEEL PER AISC 360.',
      'SLAB ON GRADE: 4" CONCRETE SLAB WITH VAPOR RETARDER AT INFILL AREAS.',
    ],
  },
  {
    number: 'FP101',
    title: 'FIRE PROTECTION PLAN',
    notes: [
      'RELOCATE EXISTING SPRINKLER HEADS TO SUIT NEW CEILING LAYOUT.',
      'NEW CONCEALED PENDENT SPRINKLER HEADS IN STUDY ROOMS; HYDRAULIC CALCULATIONS BY CONTRACTOR.',
    ],
  },
  {
    number: 'P101',
    title: 'PLUMBING PLAN',
    notes: [
      'NEW WATER CLOSETS AND LAVATORIES IN RESTROOMS 110 AND 111 (ADA).',
      'DOMESTIC WATER: TYPE L COPPER; SANITARY WASTE AND VENT: PVC DWV.',
      'ELECTRIC WATER COOLER WITH BOTTLE FILLER AT CORRIDOR.',
    ],
  },
  {
    number: 'M101',
    title: 'HVAC PLAN',
    notes: [
      'NEW SUPPLY DIFFUSERS AND RETURN GRILLES PER SCHEDULE; RECONNECT TO EXISTING VAV BOXES.',
      'NEW ROOFTOP UNIT RTU-2 ON EXISTING CURB; EXTEND DUCTWORK AS SHOWN.',
      'EXHAUST FAN EF-1 FOR RESTROOMS; BALANCE ALL AIR DEVICES (TEST AND BALANCE).',
    ],
  },
  {
    number: 'E101',
    title: 'LIGHTING PLAN',
    notes: [
      'LIGHTING FIXTURE SCHEDULE: TYPE A 2x4 LED TROFFER, TYPE B LED DOWNLIGHT, TYPE X EXIT SIGN.',
      'OCCUPANCY SENSORS IN ALL STUDY ROOMS; EMERGENCY LIGHTING ON BATTERY BACKUP.',
    ],
  },
  {
    number: 'E201',
    title: 'POWER PLAN AND PANEL SCHEDULES',
    notes: [
      'PANEL SCHEDULE LP-1: 208Y/120V 3PH 4W, 42 CIRCUITS.',
      'DUPLEX RECEPTACLES AT 18" AFF; GFCI RECEPTACLES IN RESTROOMS.',
      'DATA OUTLETS: 2 CAT6 CABLES TO EACH WORKSTATION; WIRELESS ACCESS POINTS IN CEILING.',
      'FIRE ALARM: NEW HORN/STROBES AND PULL STATIONS TIED TO EXISTING FIRE ALARM CONTROL PANEL.',
    ],
  },
];

const W = 36 * 72;
const H = 24 * 72;

/** Write the demo plan set to `path`. */
export async function writeDemoPlanSet(path: string): Promise<void> {
  const doc = new PDFDocument({ size: [W, H], margin: 0, autoFirstPage: false, info: { Title: DEMO_PROJECT.name, Author: DEMO_PROJECT.architect } });
  const out = createWriteStream(path);
  doc.pipe(out);
  for (const sheet of DEMO_SHEETS) {
    doc.addPage({ size: [W, H], margin: 0 });
    drawBorder(doc);
    if (sheet.number === 'G001') drawCover(doc);
    else drawDrawing(doc, sheet);
    drawTitleBlock(doc, sheet);
  }
  doc.end();
  await once(out, 'finish');
}

function drawBorder(doc: PDFKit.PDFDocument): void {
  doc.lineWidth(3).rect(36, 36, W - 72, H - 72).stroke();
}

function drawCover(doc: PDFKit.PDFDocument): void {
  doc.font('Helvetica-Bold').fontSize(64).text(DEMO_PROJECT.name.toUpperCase(), 120, 160, { width: 1700 });
  doc.font('Helvetica').fontSize(28).text(DEMO_PROJECT.address, 120, 330);
  doc.text('CONSTRUCTION DOCUMENTS — ISSUED FOR BID', 120, 380);
  doc.text(`BIDS DUE: ${DEMO_PROJECT.bidsDue}`, 120, 430);
  doc.font('Helvetica-Bold').fontSize(30).text('SHEET INDEX', 120, 560);
  doc.font('Helvetica').fontSize(20);
  DEMO_SHEETS.forEach((s, i) => {
    const y = 620 + i * 34;
    doc.text(s.number, 120, y);
    doc.text(s.title, 300, y);
  });
}

function drawDrawing(doc: PDFKit.PDFDocument, sheet: DemoSheet): void {
  // A schematic "plan": a grid of rooms, so the sheet has vector content like a real drawing.
  doc.lineWidth(1.5);
  for (let x = 0; x < 6; x++) for (let y = 0; y < 4; y++) doc.rect(120 + x * 240, 120 + y * 220, 240, 220).stroke();
  doc.font('Helvetica-Bold').fontSize(22).text('GENERAL NOTES', 1700, 120);
  doc.font('Helvetica').fontSize(16);
  sheet.notes.forEach((n, i) => doc.text(`${i + 1}. ${n}`, 1700, 160 + i * 90, { width: 760 }));
}

function drawTitleBlock(doc: PDFKit.PDFDocument, sheet: DemoSheet): void {
  const x = W - 36 - 620;
  const y = H - 36 - 300;
  doc.lineWidth(2).rect(x, y, 620, 300).stroke();
  doc.font('Helvetica').fontSize(14).text(DEMO_PROJECT.architect, x + 16, y + 16);
  doc.text(DEMO_PROJECT.name, x + 16, y + 40, { width: 590 });
  doc.text(DEMO_PROJECT.address, x + 16, y + 64, { width: 590 });
  doc.fontSize(12).text('SHEET TITLE', x + 16, y + 120);
  doc.font('Helvetica-Bold').fontSize(22).text(sheet.title, x + 16, y + 140, { width: 400 });
  doc.font('Helvetica').fontSize(12).text('SHEET NUMBER', x + 440, y + 120);
  doc.font('Helvetica-Bold').fontSize(54).text(sheet.number, x + 440, y + 150);
  doc.font('Helvetica').fontSize(10).text('DATE: 11/02/2026   SCALE: 1/8" = 1\'-0"', x + 16, y + 270);
}
