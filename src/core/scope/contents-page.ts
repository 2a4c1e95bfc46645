/**
 * A page that is itself a table of contents, read on its own: the section entries printed one to a line
 * ("09 91 23  Interior Painting ..... 4"), a contents entry stripped of its leader dots and page number,
 * and the cover words that make a document a project manual. contents.ts reads the whole contents of a
 * manual across pages; this is the narrower per-page reading the page loop needs, kept apart from it so
 * each reader has one job.
 */
import { normalizeSectionNumber } from '../pdf/sections.js';

/** A document that calls itself a project manual or a book of specifications on its cover. */
export const PROJECT_MANUAL = /\b(?:project\s+manual|(?:technical\s+)?specifications\s+(?:for|book)|specification\s+book)\b/i;
const CONTENTS_HEADING = /\b(?:TABLE\s+OF\s+CONTENTS|CONTENTS|INDEX\s+OF\s+(?:SPECIFICATIONS|SECTIONS))\b/i;
const CONTENTS_ENTRY = /^(\d{2}\s?\d{2}\s?\d{2})(?:\s+[-–]?\s*([A-Z][^.…]{2,80}?))?(?:\s*\.{3,}.*|\s+\d{1,3})?$/;
const ABSENT_ENTRY = /\b(?:NOT\s+(?:APPLICABLE|USED)|N\/A)\b/i;

/** A contents heading ("TABLE OF CONTENTS", "INDEX OF SECTIONS") among a page's first twelve lines. */
export const opensWithContents = (lines: readonly string[]): boolean => lines.slice(0, 12).some((l) => CONTENTS_HEADING.test(l));

/**
 * A project manual's table of contents lists its sections ("09 91 23  Interior Painting ..... 4", or
 * numbers and titles in two columns). A page counts as one when a contents heading opens it and at
 * least three entries follow; entries marked "NOT USED" are absent sections.
 */
export function tableOfContents(lines: readonly string[]): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  if (!opensWithContents(lines)) return out;
  for (const line of lines) {
    const m = CONTENTS_ENTRY.exec(line.trim());
    if (!m || ABSENT_ENTRY.test(line)) continue;
    out.set(normalizeSectionNumber(m[1]!), m[2]?.trim() || undefined);
  }
  return out.size >= 3 ? out : new Map();
}

/** A contents entry without its leader dots and page number ("1.2 Scope of Works ........ 4" → "1.2 Scope of Works"). */
export function contentsEntry(sentence: string): string {
  if (!sentence.includes('..') && !sentence.includes('……')) return sentence;
  return sentence.replace(/(?:\.{4,}|…{2,})[.…\s]*\d*\s*$/, '').trimEnd().replace(/^\d{1,3}\s+(?=\d)/, '');
}
