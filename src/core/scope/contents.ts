/**
 * A project manual's table of contents, read as the manual's own list of its trades. Contents are
 * printed in many shapes: one entry per line ("02 41 19 Selective Demolition"), entries run together
 * on one line ("DIVISION 26 - ELECTRICAL 26 05 00 Common Work Results 6 26 05 01 …"), division
 * headings followed by section titles without numbers ("DIVISION 03 Concrete Cast-In-Place
 * Concrete"), below a cover block on the same page, and continued on the next page without a new
 * heading. A division the contents lists with anything but "Not Used" is a division the manual has.
 * Section numbers come in the current forms ("26 05 00", "260500", "03 2000") and, under a division
 * heading of the same two digits, in the legacy five-digit form with or without a title
 * ("DIVISION 15 MECHANICAL 15400 15500 Ventilation"). A contents list that runs straight into the
 * first section on the same page ends where that section's PART 1 begins. Specifications outside North
 * America often print only titles and page numbers ("CARPENTRY AND JOINERY 39", "Plumber ........ 47"):
 * a line that is a known section title (section-titles.ts) and its page is an entry of that title's division.
 */
import { normalizeSectionNumber, SECTION_FORM as F } from '../pdf/sections.js';
import { divisionOfSectionTitle } from './section-titles.js';

export interface ContentsPage {
  page: number;
  lines: readonly string[];
}

export interface ContentsDivision {
  division: string;
  page: number;
  /** The division's entry as printed (heading and what follows it, shortened). */
  entry: string;
}

export interface TableOfContents {
  /** Section entries per page: number → title (when printed). */
  sections: Map<number, Map<string, string | undefined>>;
  /** Divisions listed with content. */
  divisions: ContentsDivision[];
  /** Divisions the contents marks "Not Used" / "Not Applicable" (or lists with nothing under them). */
  absentDivisions: Set<string>;
}

const HEADING = /\bTABLE\s+OF\s+CONTENTS|\b(?:INDEX\s+OF\s+(?:SPECIFICATIONS|SECTIONS)|SPECIFICATIONS?\s+(?:SECTION\s+)?INDEX)\b|^\s*CONTENTS\s*$/i;
const END = /\bEND\s+OF\s+(?:TABLE\s+OF\s+CONTENTS|(?:SPECIFICATIONS?\s+)?INDEX|CONTENTS)\b/i;
/** A page where spec text begins: the contents do not carry on into it. */
const SPEC_TEXT = /^\s*(?:SECTION\s+\d{2}\s?\d{2}\s?\d{2}\b|PART\s+(?:1|ONE)\b)|\bPART\s+(?:1|ONE)\s*[-–—]\s*GENERAL\b/im;
/** The line where a section's text begins ("PART 1 - GENERAL", "PART ONE – GENERAL"): the contents end above it. */
const PART_ONE = /^\s*PART\s+(?:1|ONE)\b/i;
const ABSENT_MARK = /\b(?:NOT\s+(?:USED|APPLICABLE|IN\s+CONTRACT)|N\/A)\b/i;
/**
 * "26 05 00 Common Work Results": a six-digit number followed by a title (a page count or another number is not a title).
 * Fewer forms than pdf/sections.ts on purpose: no keyword says a bare number in a list is a section, so not the
 * dashed form (a date, "03-15-23 Addendum 1") nor "dddd dd" (a year and a count, "2023 10 Bid Set"); legacy
 * five-digit numbers are read only under their division's heading (LEGACY_ENTRY).
 */
const ENTRY = new RegExp(String.raw`(?<![\d.])(${F.spaced}|${F.twoFour}|${F.solid})${F.level4}\s+[-–]?\s*([A-Z][^\d…]{1,80})`, 'g');
const DIVISION = /\bDIVISION\s+(\d{1,2})\b\s*[-–—:]?\s*/gi;
/**
 * Text taken from a PDF often loses the space where one printed entry ends and the next begins
 * ("EXISTING CONDITIONSSection 02 41 19", "SummarySection 01 2000", "MASONRYNot Used"): a space goes
 * back in before an entry word that follows a letter with none.
 */
const GLUED_ENTRY = /(?<=[A-Za-z)])(?=(?:SECTION|Section|DIVISION|Division)\s+\d)|(?<=[A-Z]{2})(?=(?:Not|NOT)\s+(?:Used|USED|Applicable|APPLICABLE)\b)/g;
export const unglueEntries = (line: string): string => line.replace(GLUED_ENTRY, ' ');
/** Pages a contents may run on without a new heading. */
const MAX_CONTINUATION = 6;

/** The tables of contents of a document's text pages (drawings excluded by the caller). */
export function readContents(pages: readonly ContentsPage[]): TableOfContents {
  const out: TableOfContents = { sections: new Map(), divisions: [], absentDivisions: new Set() };
  let i = 0;
  while (i < pages.length) {
    const first = pages[i]!;
    const at = first.lines.findIndex((l) => HEADING.test(l));
    if (at < 0) {
      i++;
      continue;
    }
    // The contents' text, page by page, from the heading to its end marker or the first page of spec text.
    const parts: Array<{ page: number; text: string; lines: readonly string[] }> = [];
    let ended = false;
    let j = i;
    for (; j < pages.length && j <= i + MAX_CONTINUATION && !ended; j++) {
      const p = pages[j]!;
      if (j > i && (p.lines.some((l) => HEADING.test(l)) || SPEC_TEXT.test(p.lines.join('\n')))) break;
      const own = (j === i ? p.lines.slice(at) : p.lines).map(unglueEntries);
      // The first section may begin on the contents' own page: its text is not part of the list.
      const part = own.findIndex((l) => PART_ONE.test(l));
      const lines = part >= 0 ? own.slice(0, part) : own;
      let text = lines.join('\n');
      if (part >= 0) ended = true;
      // The heading line is the first one: the contents begin at the heading's words.
      if (j === i) text = text.slice(HEADING.exec(own[0]!)?.index ?? 0);
      const end = END.exec(text);
      if (end) {
        text = text.slice(0, end.index);
        ended = true;
      }
      parts.push({ page: p.page, text: text.replace(/\s+/g, ' '), lines: end ? text.split('\n') : lines });
    }
    readEntries(parts, out);
    i = Math.max(i + 1, j);
  }
  return out;
}

/** "15500 Ventilation", "15400" (no title): a legacy five-digit number of the division it is listed under. */
const LEGACY_ENTRY = /(?<![\d.])(\d{5})(?![\d.])\s*[-–]?\s*([A-Z][^\d…]{1,80})?/g;

/**
 * Legacy entries under "DIVISION 15 …", line by line (a title ends with its line): only numbers that
 * begin with the digits of the division they are listed under (not a ZIP code, a phone number or a page).
 */
function legacyEntries(parts: ReadonlyArray<{ page: number; lines: readonly string[] }>, sections: Map<string, { page: number; title: string | undefined }>): void {
  let division: string | undefined;
  for (const part of parts) {
    for (const line of part.lines) {
      const headings = [...line.matchAll(DIVISION)];
      for (const m of line.matchAll(LEGACY_ENTRY)) {
        const under = headings.filter((h) => h.index < m.index).pop();
        const current = under ? under[1]!.padStart(2, '0') : division;
        if (!current || !m[1]!.startsWith(current)) continue;
        const title = m[2]?.split(/\bDIVISION\b/i)[0]!.trim().replace(/[\s.,-]+$/, '');
        if (title && ABSENT_MARK.test(title)) continue;
        if (!sections.has(m[1]!)) sections.set(m[1]!, { page: part.page, title: title || undefined });
      }
      const last = headings[headings.length - 1];
      if (last) division = last[1]!.padStart(2, '0');
    }
  }
}

/** "CARPENTRY AND JOINERY 39", "Painter ......... 50", "3. Plumbing 47 to 52": a title, then its page or pages. */
const TITLED_ENTRY = /^(?:\d{1,2}[.)]?\s+)?([A-Za-z][A-Za-z&,'’()/ -]{2,70}?)\s*(?:\.{2,}|…+)?\s*\d{1,3}(?:\s*(?:to|-|–)\s*\d{1,3})?$/;

/** Entries printed as a known section title and a page, one per line. */
function titledEntries(parts: ReadonlyArray<{ page: number; lines: readonly string[] }>): ContentsDivision[] {
  const out: ContentsDivision[] = [];
  for (const part of parts) {
    for (const line of part.lines) {
      const m = TITLED_ENTRY.exec(line.replace(/\s+/g, ' ').trim());
      const division = m ? divisionOfSectionTitle(m[1]!) : null;
      if (division && !ABSENT_MARK.test(line)) out.push({ division, page: part.page, entry: line.trim().slice(0, 120) });
    }
  }
  return out;
}

function readEntries(parts: ReadonlyArray<{ page: number; text: string; lines: readonly string[] }>, out: TableOfContents): void {
  const flat = parts.map((p) => p.text).join(' ');
  const pageAt = (index: number): number => {
    let offset = 0;
    for (const p of parts) {
      offset += p.text.length + 1;
      if (index < offset) return p.page;
    }
    return parts[parts.length - 1]!.page;
  };
  const sections = new Map<string, { page: number; title: string | undefined }>();
  for (const m of flat.matchAll(ENTRY)) {
    // "01 10 00 Summary Section 01 2000 …": the next entry's "Section" is not part of this title.
    const title = m[2]!.split(/\bDIVISION\b/i)[0]!.trim().replace(/[\s.-]+$/, '').replace(/\s+SECTION$/i, '');
    if (ABSENT_MARK.test(title)) continue;
    sections.set(normalizeSectionNumber(m[1]!), { page: pageAt(m.index), title: title || undefined });
  }
  const divisions: ContentsDivision[] = [];
  const absent = new Set<string>();
  const headings = [...flat.matchAll(DIVISION)];
  for (const [k, h] of headings.entries()) {
    const division = h[1]!.padStart(2, '0');
    const body = flat.slice(h.index + h[0].length, headings[k + 1]?.index ?? flat.length).trim();
    // "DIVISION 04 – MASONRY Not Used", "DIVISION 03 CONCRETE NOT APPLICABLE", "DIVISION 14" with nothing after it:
    // the manual has no such division (the mark stands before any section of the division).
    const head = body.split(/\d{2}\s\d{2}\s\d{2}/)[0]!;
    if (body === '' || ABSENT_MARK.test(head)) {
      absent.add(division);
      continue;
    }
    divisions.push({ division, page: pageAt(h.index), entry: `DIVISION ${division} ${body}`.slice(0, 120) });
  }
  legacyEntries(parts, sections);
  const titled = titledEntries(parts);
  // Three entries make a contents; fewer is a cross-reference in prose.
  if (sections.size < 3 && divisions.length < 3 && titled.length < 3) return;
  out.divisions.push(...divisions);
  // Titles alone, where the contents number nothing: with numbers, the numbers already speak.
  if (sections.size < 3 && divisions.length < 3) out.divisions.push(...titled);
  for (const d of absent) out.absentDivisions.add(d);
  for (const [number, { page, title }] of sections) {
    const map = out.sections.get(page) ?? new Map<string, string | undefined>();
    map.set(number, title);
    out.sections.set(page, map);
  }
}
