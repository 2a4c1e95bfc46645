/**
 * Australian NATSPEC worksections and New Zealand Masterspec sections, as a specification prints them:
 * a heading line of the four-digit code and its title ("0331 BRICK AND BLOCK CONSTRUCTION", "0451 Windows
 * and glazed doors", "3101 CONCRETE"). Such a line is only read in a document written in that form (it
 * names NATSPEC or Masterspec, calls its parts worksections, or cites NATSPEC's general worksection): a
 * four-digit number elsewhere is a year, a room or a drawing. The title decides the division
 * (section-division.ts); a heading whose title names no trade of its group is not kept. A list of contents
 * prints the same headings with a page count after the title ("2111 DEMOLITION 4") and Masterspec's branded
 * sections add a letter to the code ("5113G GIB PLASTERBOARD LININGS"); three or more such headings on one page,
 * each agreeing with its code's group, are the form showing itself even where no page names it.
 */
import { divisionsOfSection } from './section-division.js';

const HEADING = /^(0[2-9]\d{2}|[2-7]\d{3})[A-Z]?\s*[-–—:]?\s+([A-Z][A-Za-z&/,()' –-]{2,60}?)(?:\s+\d{1,3})?$/;
const FORM = /\bNATSPEC\b|\bMASTERSPEC\b|\bworksections?\b|\b0171\s+General\s+requirements\b/i;

/** Headings of a page read without asking the document's form (code → title). */
function headingsOf(lines: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of lines) {
    const m = HEADING.exec(line.replace(/\s+/g, ' ').trim());
    if (!m || out.has(m[1]!)) continue;
    const title = m[2]!.trim();
    if (divisionsOfSection(m[1]!, title).length > 0) out.set(m[1]!, title);
  }
  return out;
}

/** Agreeing headings a page must list to show the form by itself: fewer are years or numbers that happen to fit. */
const LISTED_FORM = 3;

/** A document written in NATSPEC or Masterspec form: one of its text pages says so, or lists its worksections. */
export const writtenAsAnzWorksections = (pages: ReadonlyArray<{ lines: readonly string[] }>): boolean =>
  pages.some((p) => p.lines.some((l) => FORM.test(l))) || pages.some((p) => headingsOf(p.lines).size >= LISTED_FORM);

/** The worksections a page heads (code → title), for a document in that form; only those whose title names a trade of the code's group. */
export function anzWorksectionHeadings(lines: readonly string[], documentIsAnz: boolean): Map<string, string> {
  return documentIsAnz ? headingsOf(lines) : new Map();
}
