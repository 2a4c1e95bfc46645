/**
 * Which spec sections each page prints and which section governs it. A section number is printed in
 * many forms (the PDF reader's headings and footers, heading and footer lines it missed, a contents page,
 * a heading run into a running header), and a page without one is governed by the section before it
 * until an "END OF SECTION". The detector needs this map before it scores anything (a governed page
 * speaks only for its section's division), so it is built here in one pass.
 */
import type { PdfDocumentText } from '../pdf/types.js';
import { parseSectionFooter, parseSectionHeading } from '../pdf/sections.js';
import type { TableOfContents } from './contents.js';
import { tableOfContents } from './contents-page.js';
import { nbsSectionHeadings, runInSectionHeadings, writtenInNbsForm } from './section-headers.js';
import { anzWorksectionHeadings, writtenAsAnzWorksections } from './anz-worksections.js';
import { divisionsOfSection } from './section-division.js';
import { NOT_TRADES } from './trade-tally.js';

const END_OF_SECTION = /^\s*END\s+OF\s+(?:SECTION|DOCUMENT)\b/i;
/**
 * An article that lists other sections ("1.02 RELATED SECTIONS", "RELATED WORK", "WORK IN OTHER SECTIONS",
 * "SECTIONS SPECIFIED ELSEWHERE", "REFERENCED SECTIONS"): the section lines under it are cross-references.
 */
const REFERENCE_ARTICLE =
  /^(?:(?:\d{1,2}(?:\.\d{1,2})+|[A-Z]|\d{1,2})[.)]?\s+)?(?:RELATED\s+(?:SECTIONS?|WORK|REQUIREMENTS|DOCUMENTS)|(?:WORK|ITEMS)\s+(?:SPECIFIED\s+|INCLUDED\s+|PERFORMED\s+|DESCRIBED\s+)?(?:IN|UNDER|BY)\s+OTHER\s+SECTIONS|(?:WORK\s+|SECTIONS\s+)?SPECIFIED\s+ELSEWHERE|REFERENCED?\s+SECTIONS|OTHER\s+SECTIONS)\b/i;
/** A list of related sections is short: past this many lines without a next article, the text has lost its structure. */
const REFERENCE_LIST_LINES = 30;
/** The next article or part ("1.03 SUBMITTALS", "B. QUALITY ASSURANCE", "PART 2 – PRODUCTS") ends that list. */
const NEXT_ARTICLE = /^(?:\d{1,2}\.\d{1,2}\.?\s+[A-Z]{3}|[A-Z][.)]\s+[A-Z][A-Z ,&/-]{3,}$|PART\s+(?:\d|[A-Z]+)\b|END\s+OF\s+SECTION\b)/;

export interface PageSections {
  /** Section numbers ("21 01 00", legacy "15400") that head or foot this page, with their divisions. */
  own: Array<{ number: string; title?: string; divisions: string[] }>;
  /** The divisions of the section that governs this page (own, or carried from the previous page). */
  governing?: { number: string; divisions: string[] };
}

/** Every printed form of a section number counts: the reader's headings/footers, and heading or footer lines it missed. */
export function pageSections(doc: PdfDocumentText, contents: TableOfContents): Map<number, PageSections> {
  const read: Array<{ page: PdfDocumentText['pages'][number]; own: Map<string, string | undefined>; ended: boolean }> = [];
  /** Dual numbering: the other number of a section printed under two ("SECTION 26 24 16 (16442)") → its governing number. */
  const aliases = new Map<string, string>();
  let referenceLinesLeft = 0;
  const nbs = writtenInNbsForm(doc.pages.filter((p) => !p.sheet));
  const anz = writtenAsAnzWorksections(doc.pages.filter((p) => !p.sheet));
  for (const page of doc.pages) {
    const own = new Map<string, string | undefined>();
    for (const s of page.sections ?? []) {
      if (s.kind !== 'section') continue;
      if (!own.has(s.number) || s.title) own.set(s.number, s.title ?? own.get(s.number));
    }
    let ended = false;
    if (!page.sheet) {
      for (const [number, title] of tableOfContents(page.lines)) if (!own.has(number)) own.set(number, title);
      for (const [number, title] of contents.sections.get(page.page) ?? []) if (!own.has(number)) own.set(number, title);
      for (const [i, line] of page.lines.entries()) {
        const trimmed = line.trim();
        if (REFERENCE_ARTICLE.test(trimmed)) referenceLinesLeft = REFERENCE_LIST_LINES;
        else if (referenceLinesLeft > 0) referenceLinesLeft = NEXT_ARTICLE.test(trimmed) ? 0 : referenceLinesLeft - 1;
        const inReferences = referenceLinesLeft > 0;
        const h = inReferences ? null : parseSectionHeading(line, page.lines[i + 1]);
        if (h?.alias) aliases.set(h.alias, h.number);
        if (h && (!own.has(h.number) || h.title)) own.set(h.number, h.title ?? own.get(h.number));
        const f = parseSectionFooter(line);
        if (f && !own.has(f)) own.set(f, undefined);
        if (END_OF_SECTION.test(line)) ended = true;
      }
      for (const [code, title] of nbsSectionHeadings(page.lines, nbs)) if (!own.has(code)) own.set(code, title);
      for (const [code, title] of anzWorksectionHeadings(page.lines, anz)) if (!own.has(code)) own.set(code, title);
    }
    read.push({ page, own, ended });
  }
  // No heading at a line start and no footer anywhere: a section's heading may be run into a header or a line.
  // (An addendum citing a section it revises is not that section: its changes are read on their own.)
  if (read.every((r) => r.own.size === 0) && !/\baddendum\b/i.test(doc.pages[0]?.lines.slice(0, 15).join(' ') ?? '')) {
    for (const r of read) if (!r.page.sheet) for (const [number, title] of runInSectionHeadings(r.page.lines)) r.own.set(number, title);
  }
  // A page whose heading was run into one line with its body (a flattened transcript) still titles its footer's number.
  for (const r of read) {
    if (r.page.sheet || ![...r.own.values()].some((t) => t === undefined)) continue;
    for (const [number, title] of runInSectionHeadings(r.page.lines)) if (title && r.own.has(number) && !r.own.get(number)) r.own.set(number, title);
  }
  // One section, one name: a number printed under its alias is the section itself, and a footer or a
  // running header without a title takes the title the section's heading gives it elsewhere.
  const titles = new Map<string, string>();
  for (const r of read) {
    for (const [alias, number] of aliases) {
      if (!r.own.has(alias)) continue;
      const title = r.own.get(alias);
      r.own.delete(alias);
      if (!r.own.has(number) || title) r.own.set(number, title ?? r.own.get(number));
    }
    for (const [number, title] of r.own) if (title && !titles.has(number)) titles.set(number, title);
  }
  for (const r of read) for (const [number, title] of r.own) if (!title && titles.has(number)) r.own.set(number, titles.get(number));
  const out = new Map<number, PageSections>();
  let carried: PageSections['governing'];
  for (const { page, own, ended } of read) {
    const list = [...own].map(([number, title]) => ({ number, divisions: divisionsOfSection(number, title), ...(title ? { title } : {}) }));
    const governing = list.length === 1 ? { number: list[0]!.number, divisions: list[0]!.divisions } : list.length === 0 ? carried : undefined;
    out.set(page.page, { own: list, governing });
    carried = ended ? undefined : list.length > 0 ? { number: list[list.length - 1]!.number, divisions: list[list.length - 1]!.divisions } : carried;
  }
  return out;
}

/** The trade sections (not 00/01) a document prints, and their divisions. */
export function tradeSectionsOf(sections: Map<number, PageSections>): { tradeSections: Set<string>; tradeDivisions: Set<string> } {
  const tradeSections = new Set<string>();
  const tradeDivisions = new Set<string>();
  for (const s of sections.values()) {
    for (const o of s.own) {
      const divisions = o.divisions.filter((d) => !NOT_TRADES.has(d));
      if (divisions.length === 0) continue;
      // A dual-numbered section ("SECTION 16010 BASIC ELECTRICAL REQUIREMENTS" over "SECTION 260000 - BASIC
      // ELECTRICAL REQUIREMENTS") is one section printed under its legacy and its current number.
      tradeSections.add(o.title ? o.title.toUpperCase().replace(/[^A-Z]+/g, ' ').trim() : o.number);
      for (const d of divisions) tradeDivisions.add(d);
    }
  }
  return { tradeSections, tradeDivisions };
}
