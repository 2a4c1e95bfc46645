/**
 * What kind of document a PDF is, read from its structure before any trade word is weighed: the
 * type decides which evidence may speak for which trades (a spec section speaks for its own
 * division, a one-discipline drawing set for its discipline's divisions, a bill of quantities for
 * its work sections, a solicitation for the scope its sentences state).
 */
import type { PdfDocumentText } from '../pdf/types.js';
import { disciplineOfSheet, isGeneralSheetTitle } from './disciplines.js';
import { UNIT } from './units.js';
import { workSectionDivision } from './work-sections.js';

export type DocumentType =
  | 'drawing-set'
  | 'single-discipline-set'
  | 'project-manual'
  | 'spec-section'
  | 'solicitation'
  | 'addendum'
  | 'bill-of-quantities'
  | 'cost-estimate'
  | 'other';

export interface DocumentProfile {
  type: DocumentType;
  /** single-discipline-set: the divisions that discipline's sheets speak for. */
  disciplineDivisions?: ReadonlySet<string>;
  /** single-discipline-set: the discipline's family letter ("E", "S", "A" …). */
  discipline?: string;
}

/**
 * The divisions a set of one discipline's sheets speaks for. An electrical set covers power,
 * communications and safety systems (E, T and Y sheets are one engineer's package); a structural
 * set covers concrete, masonry, steel, framing and the footings' earthwork; an architectural set
 * covers the building's fabric and finishes, never MEP or fire systems. Every set may demolish.
 */
const FAMILY_DIVISIONS: Readonly<Record<string, readonly string[]>> = {
  E: ['02', '26', '27', '28', '48'],
  S: ['02', '03', '04', '05', '06', '31'],
  M: ['02', '23', '25'],
  P: ['02', '22'],
  F: ['02', '21'],
  C: ['02', '31', '32', '33', '34'],
  L: ['32'],
  A: ['02', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14'],
};

/** Sheet designators grouped into the families above (T/Y low-voltage sheets are electrical; I = interiors). */
function familyOf(code: string): string | undefined {
  const c = code.toUpperCase();
  if (c === 'FA' || c === 'LV') return 'E';
  if (c === 'HY') return 'P';
  if (c === 'MEP' || c === 'ME') return undefined;
  const first = c[0]!;
  if (first === 'T' || first === 'E') return 'E';
  if (first === 'I' || first === 'A' || first === 'Q') return 'A';
  if (first === 'D') return undefined;
  return FAMILY_DIVISIONS[first] ? first : undefined;
}

const BOQ = /\bbills?\s+of\s+quantities\b|\bschedules?\s+of\s+(?:prices|quantities)\b|\bBill\s+No\b|\bcarried\s+to\s+(?:collection|(?:main\s+)?summary)\b|\bschedule\s+of\s+rates\b|\brate\s+schedule\b/i;
const ESTIMATE = /\bengineer'?s\s+(?:opinion|estimate)\b|\bopinion\s+of\s+probable\b|\b(?:construction\s+)?cost\s+estimate\b|\bestimate\s+of\s+(?:probable\s+)?(?:construction\s+)?costs?\b|\bprobable\s+construction\s+costs?\b/i;
/** "Addendum No. 2", "ADDENDUM NUMBER: 1", "Addendum #1", "ADDENDUM II", "Addendum One". */
const ADDENDUM = /\baddendum\s*(?:no\.?|number|#)?\s*[:.]?\s*(?:\d+|[IVX]{1,4}|one|two|three|four|five|six|seven|eight|nine|ten)\b/i;
/**
 * An addendum whose number was not printed or not kept ("DOCUMENT ADDENDA No", "ADDENDA #") says what it
 * does in its first sentences: "This Addendum serves to clarify, revise, and supersede information in the
 * Project Manual", "This addendum modifies the Bidding Documents".
 */
const ADDENDA_TITLE = /\bADDEND(?:UM|A)\b/;
const AMENDS = /\bthis\s+(?:addend(?:um|a)\s+)?(?:serves\s+to\s+|is\s+issued\s+to\s+)?(?:clarif(?:y|ies)|revis(?:e|es)|supersedes?|modif(?:y|ies)|amends?|changes?)\b[^.]{0,80}\b(?:project\s+manual|bidding\s+documents|contract\s+documents|drawings|specifications)\b/i;
const SOLICITATION =
  /\brequest\s+for\s+(?:proposals?|qualifications|quotations?|tenders?)\b|\binvitation\s+(?:for|to)\s+(?:bids?|tender)\b|\binstructions\s+to\s+(?:bidders|proponents|tenderers)\b|\bnotice\s+to\s+(?:bidders|contractors)\b|\bdesign[-\s]build\b|\bstatement\s+of\s+requirements\b|\b(?:scope|statement)\s+of\s+(?:works?|services)\b|\b(?:requests?|requesting|solicit(?:s|ing)?|invit(?:es|ing))\s+(?:sealed\s+)?(?:bids|proposals|tenders|quotes|quotations)\b|\bsealed\s+(?:bids|proposals|tenders)\b|\btenders?\s+(?:are|is)\s+invited\b|\btender\s+(?:invitation|submissions?)\b|\b(?:bids|tenders|proposals)\s+will\s+be\s+received\b|\badvertisement\s+for\s+bids\b|\brequest\s+for\s+(?:[\w-]+\s+){1,3}(?:proposals?|bids|tenders?)\b|\bbid\s+(?:schedule|form|items?\s+\d)|\bmeasurement\s+and\s+payment\b/i;
/**
 * A measured line item: a quantity with a unit of measure (units.ts: metric, imperial dotted or plain, NRM,
 * Indian schedules), or — where a table's columns come out as separate lines — a unit or a money amount on
 * its own. Units of time are left out: any line of prose may count days.
 */
const MEASURED_ITEM = new RegExp(String.raw`\b\d[\d,]*(?:\.\d+)?\s*${UNIT}\b|^${UNIT}\.?$|^[£$€₹]\s?\d[\d,]*(?:\.\d{2})?$`, 'i');

/** Spec section numbers of the document (normalized "dd dd dd" or legacy five digits), page by page. */
export interface SectionPages {
  /** Distinct trade section numbers (not 00/01) printed as headings or footers. */
  tradeSections: ReadonlySet<string>;
  /** Divisions of those sections. */
  tradeDivisions: ReadonlySet<string>;
}

/**
 * The first page says it is an addendum (its title and number, or its title and what it amends). An
 * addendum that reissues spec sections is read as those sections too; its change list still counts.
 */
export function opensAsAddendum(doc: PdfDocumentText): boolean {
  const first = doc.pages.find((p) => p.hasTextLayer);
  const opening = first?.lines.slice(0, 15).join('\n') ?? '';
  return ADDENDUM.test(opening) || (ADDENDA_TITLE.test(opening.slice(0, 300)) && AMENDS.test(first?.text.slice(0, 3000) ?? ''));
}

export function classifyDocument(doc: PdfDocumentText, sections: SectionPages): DocumentProfile {
  const pages = doc.pages.filter((p) => p.hasTextLayer);
  const sheetPages = doc.pages.filter((p) => p.sheet);
  if (sheetPages.length >= 2 || (sheetPages.length >= 1 && doc.pages.length <= 2)) {
    const families = new Set<string>();
    for (const p of sheetPages) {
      const title = p.sheet!.title ?? doc.sheetIndex.find((e) => e.number === p.sheet!.number)?.title;
      if (isGeneralSheetTitle(title)) continue;
      const code = disciplineOfSheet(p.sheet!.number, p.sheet!.discipline)?.code;
      // A general (G) sheet or an unknown designator says nothing about the set's disciplines.
      if (!code || code === 'G') continue;
      families.add(familyOf(code) ?? `?${code}`);
    }
    // A drawing list naming other disciplines' sheets means the set is larger than the pages at hand.
    for (const e of doc.sheetIndex) {
      if (isGeneralSheetTitle(e.title)) continue;
      const code = disciplineOfSheet(e.number)?.code;
      if (code && code !== 'G') families.add(familyOf(code) ?? `?${code}`);
    }
    if (families.size === 1) {
      const only = [...families][0]!;
      const divisions = FAMILY_DIVISIONS[only];
      if (divisions) return { type: 'single-discipline-set', discipline: only, disciplineDivisions: new Set(divisions) };
    }
    return { type: 'drawing-set' };
  }
  if (sections.tradeSections.size === 1 && pages.length <= 40) return { type: 'spec-section' };
  if (sections.tradeDivisions.size >= 3 || sections.tradeSections.size >= 2) return { type: 'project-manual' };

  const firstPages = pages.slice(0, 3).map((p) => p.text).join('\n');
  const pagesWith = (re: RegExp) => pages.filter((p) => re.test(p.text)).length;
  const measuredShare = share(pages.flatMap((p) => p.lines), (l) => MEASURED_ITEM.test(l));
  // A bill's index lists its trade bills ("4 MASONRY 26", "9 IRONMONGERY 37") without a single measured item.
  const indexed = BOQ.test(firstPages) && pages.flatMap((p) => p.lines).filter((l) => workSectionDivision(l)).length >= 3;
  // A bill's title and "carried to collection" may stand on its first page only: one page of two is enough.
  const billPages = pagesWith(BOQ) >= (pages.length <= 2 ? 1 : 2) && measuredShare >= 0.05;
  if (billPages || indexed || itemTable(pages.flatMap((p) => p.lines))) return { type: 'bill-of-quantities' };
  if (ESTIMATE.test(firstPages) && measuredShare >= 0.05) return { type: 'cost-estimate' };
  if (opensAsAddendum(doc)) return { type: 'addendum' };
  if (SOLICITATION.test(firstPages)) return { type: 'solicitation' };
  return { type: 'other' };
}

/** "| 12 | Brickwork in foundation … |": a numbered row of an item table. */
const ITEM_ROW = /^\|\s*\d{1,3}\s*\|\s*\S/;

/**
 * An item table without a title (a tender's list of items: "| 1 | Earthwork excavation … |", "| 2 |
 * Brickwork …"): its rows are the document, so it is read like a bill, item by item.
 */
function itemTable(lines: readonly string[]): boolean {
  const rows = lines.filter((l) => ITEM_ROW.test(l.trim())).length;
  return rows >= 4 && rows / Math.max(1, lines.length) >= 0.5;
}

function share<T>(xs: readonly T[], pred: (x: T) => boolean): number {
  if (xs.length === 0) return 0;
  let n = 0;
  for (const x of xs) if (pred(x)) n++;
  return n / xs.length;
}
