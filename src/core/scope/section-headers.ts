/**
 * Spec section headings that are not at a line start, for documents where no heading or footer
 * was found the usual way: a running header ("CONCRETE FORMING Section 03 10 00 … Page 1 of 4"),
 * a heading after a contents block on the same line ("Division 15A Plumbing SECTION 15400 - GENERAL
 * PROVISIONS"), dual numbering ("SECTION 15000 (22 05 00) BASIC PLUMBING REQUIREMENTS", the current
 * number in parentheses governs). Cross-references in prose ("see Section 03 30 00 – Cast-in-Place
 * Concrete.") are neither capitalised headings nor followed by a page count, so they are not read.
 */
import { normalizeSectionNumber } from '../pdf/sections.js';

const NUM = String.raw`(\d{2}\s\d{2}\s\d{2}|\d{2}\.\d{2}\.\d{2}|\d{2}\s?\d{4}|\d{6}|\d{5})`;
/**
 * "SECTION 15400 - GENERAL PROVISIONS", "SECTION 15000 (22 05 00) BASIC PLUMBING", "SECTION [26 24 16] [16442]
 * PANELBOARDS": the keyword and the title in capitals.
 */
const CAPITAL_HEADING = new RegExp(String.raw`\bSECTION\s+\[?${NUM}\]?(?:\s*[[(]\s*${NUM}\s*[\])])?\s*[-–—:]?\s*((?:[A-Z][A-Z&,/-]+\s+){1,8}[A-Z][A-Z&,/-]+)\b`, 'g');
/** "… Section 03 10 00 <project> Page 1 of 4": a running header names its section before the page count. */
const RUNNING_HEADER = new RegExp(String.raw`\bSection\s+${NUM}\b(?=[^.]{0,100}?\bPage\s+\d{1,3}\s+of\s+\d{1,3}\b)`, 'gi');
/** Words that introduce a cross-reference to another section. */
const REFERRING_WORD = /\b(?:under|in|see|per|to|of|with|by|from|and|or|specified|specify|refer)\s*[,:]?\s*$/i;
/** Where a page's header (and a heading after a contents block) stands: its opening words. */
const HEADER_CHARS = 1200;

/** Section numbers (with the title when printed) a page names in a heading that is not at a line start. */
export function runInSectionHeadings(lines: readonly string[]): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const text = lines.join(' ').replace(/\s+/g, ' ').slice(0, HEADER_CHARS);
  for (const m of text.matchAll(CAPITAL_HEADING)) {
    // "… except as specified under SECTION 09963 - ELASTOMERIC COATINGS": a reference in a sentence, not a heading.
    if (REFERRING_WORD.test(text.slice(Math.max(0, m.index - 30), m.index))) continue;
    // The current number governs a dual-numbered heading, whichever comes first.
    const legacyFirst = m[2] !== undefined && /^\d{5}$/.test(m[1]!);
    const number = normalizeSectionNumber((legacyFirst ? m[2] : m[1])!);
    const title = m[3]!.replace(/\s+(?:PART|SECTION|DIVISION)$/, '').trim();
    if (/^(?:PART|SECTION|DIVISION)\b/.test(title)) continue;
    if (!out.has(number)) out.set(number, title);
  }
  for (const m of text.matchAll(RUNNING_HEADER)) {
    const number = normalizeSectionNumber(m[1]!);
    if (!out.has(number)) out.set(number, undefined);
  }
  return out;
}

/** A spec section's body: its first part ("PART 1 - GENERAL", "PART ONE – GENERAL"). */
const PART_ONE_GENERAL = /\bPART\s+(?:1|ONE)\s*[-–—.:]?\s*GENERAL\b/;
/** "SECTION PROTECTIVE COATINGS." — a heading with a title and no number ("SECTION INCLUDES", "SECTION PART 1" are not titles). */
const UNNUMBERED_HEADING = /\bSECTION\s+(?!(?:INCLUDES?|PART|SUMMARY|DESCRIPTION|SCOPE|REQUIREMENTS|NOT)\b)((?:[A-Z][A-Z&/-]+\s+){0,5}[A-Z][A-Z&/-]+)(?=\s*(?:[.:]|$|\s+(?:PART|[A-Z1-9][.)])\s))/g;
/** "1.01 DESCRIPTION Painting and coating shall include …": the section's opening statement of its own work. */
const DESCRIBED_WORK = /\b(?:DESCRIPTION|SUMMARY|SCOPE(?:\s+OF\s+WORK)?)\s*:?\s+(?:A\.\s+)?([A-Z][a-z]+(?:\s+(?:and|&)\s+[a-z]+)?)\s+(?:shall\s+include|includes)\b/g;

/** The titles of the unnumbered section headings on a page in spec form (a PART 1 – GENERAL); empty otherwise. */
export function unnumberedSectionHeadings(lines: readonly string[]): string[] {
  const text = lines.join(' ').replace(/\s+/g, ' ');
  if (!PART_ONE_GENERAL.test(text)) return [];
  return [...text.slice(0, HEADER_CHARS).matchAll(UNNUMBERED_HEADING)].map((m) => m[1]!);
}

/**
 * The names a spec section without a number gives its own work: its heading's title and the subject of
 * its description's first sentence. Only for text in spec form (a PART 1 – GENERAL); empty otherwise.
 */
export function unnumberedSectionWork(lines: readonly string[]): string[] {
  const text = lines.join(' ').replace(/\s+/g, ' ');
  if (!PART_ONE_GENERAL.test(text)) return [];
  const out: string[] = [];
  for (const m of text.slice(0, HEADER_CHARS).matchAll(UNNUMBERED_HEADING)) out.push(m[1]!);
  for (const m of text.matchAll(DESCRIBED_WORK)) out.push(m[1]!);
  return out;
}

/** "M60 PAINTING/CLEAR FINISHING", "V21 General lighting and power": an NBS work section heading line. */
const NBS_HEADING = /^([C-Z]\d{2})\s*[-–—:]?\s+([A-Z][A-Za-z&/,()' -]{3,60})$/;
/** NBS clauses: "110 SURFACE PREPARATION", "215 EMULSION PAINT"; or the preamble every NBS section opens with. */
const NBS_CLAUSE = /^\d{3}\s+[A-Z][A-Z ,/&()'-]{3,60}$/;
const NBS_PREAMBLE = /\bTo\s+be\s+read\s+with\s+Preliminaries\b/i;

/**
 * The NBS work sections (UK) a page heads, for documents written in NBS form (its numbered clauses or its
 * "To be read with Preliminaries/General conditions" preamble); a code-like label elsewhere (a room tag, a
 * grid line, a bolt size) is not one. The title is kept: it decides the division (section-division.ts).
 */
export function nbsSectionHeadings(lines: readonly string[], documentIsNbs: boolean): Map<string, string> {
  const out = new Map<string, string>();
  if (!documentIsNbs) return out;
  for (const line of lines) {
    const m = NBS_HEADING.exec(line.trim());
    if (m && !out.has(m[1]!)) out.set(m[1]!, m[2]!.trim());
  }
  return out;
}

/** A document written in NBS form: two numbered clauses, or the NBS preamble, on its text pages. */
export function writtenInNbsForm(pages: ReadonlyArray<{ lines: readonly string[] }>): boolean {
  let clauses = 0;
  for (const p of pages) {
    for (const line of p.lines) {
      if (NBS_PREAMBLE.test(line)) return true;
      if (NBS_CLAUSE.test(line.trim()) && ++clauses >= 2) return true;
    }
  }
  return false;
}
