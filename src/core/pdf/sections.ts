import type { TextLine } from './layout.js';
import type { SpecSectionHeading } from './types.js';

/**
 * MasterFormat numbers in every printed form: "26 05 19", "260519", "26-05-19", "26 0519", "2605 19",
 * "26 05 19.13", and legacy five-digit "15400" / "16010". One separator style per number, so a date
 * ("2021-04-23") is not read as section 20 21 04, page 23. The one source of these forms: every reader
 * of a section number (addenda/change-items.ts, scope/addendum-changes.ts, scope/section-references.ts,
 * scope/contents.ts) builds its pattern from them. Regex sources.
 */
export const SECTION_FORM = {
  spaced: String.raw`\d{2}\s\d{2}\s\d{2}`,
  dashed: String.raw`\d{2}-\d{2}-\d{2}`,
  twoFour: String.raw`\d{2}\s\d{4}`,
  fourTwo: String.raw`\d{4}\s\d{2}`,
  solid: String.raw`\d{6}`,
  /** A level-4 extension after a six-digit number (".13"), optional. */
  level4: String.raw`(?:\.\d{1,2})?`,
  /** "26.05.19": a heading led by its keyword may print it; a bare dotted number may be a date. */
  dotted: String.raw`\d{2}\.\d{2}\.\d{2}`,
  /** MasterFormat 1995's five digits ("15400"). */
  legacy: String.raw`\d{5}`,
} as const;
const F = SECTION_FORM;
/** A current number in any of its printed forms, with its level-4 extension. */
export const SIX_DIGIT_NUMBER = `(?:${F.spaced}|${F.dashed}|${F.twoFour}|${F.fourTwo}|${F.solid})${F.level4}`;
/**
 * A current or legacy number; current first, so "260519" is not read as legacy "26051". An alternation:
 * put it in a group.
 */
export const SECTION_NUMBER = `${SIX_DIGIT_NUMBER}|${F.legacy}`;
const NUM = `(${SECTION_NUMBER})`;
/** A heading, led by its keyword, may also print the number with dots ("SECTION 26.05.19"). */
const HEADING_NUM = `(${F.dotted}${F.level4}|${SECTION_NUMBER})`;
/**
 * "SECTION 26 05 19 - BASIC ELECTRICAL MATERIALS", "Section 09 91 23 - Interior Painting": the
 * keyword at line start, then an uppercase or Title Case title or nothing. A body reference that
 * wraps to a line start ("Section 26 05 33 for raceways applies …") has lowercase words, so it is not one.
 */
const HEADING = new RegExp(String.raw`^(?:SECTION|Section|DOCUMENT|Document)\s+(?:(?:No\.?|NO\.?|#)\s*)?\[?${HEADING_NUM}\]?(?:\s*[[(]\s*${HEADING_NUM}\s*[\])])?(?!\w)\s*(?:[-–—:.]\s*)?(.*)$`);
const DIVISION = /^DIVISION\s+(\d{1,2})\b\s*(?:[-–—:.]\s*)?([^a-z]*)$/;
/** Page footer/header "21 0100-3", "00 91 13 - 1 of 3", "GENERAL FIRE PROTECTION 21 0100 - 3", "200553 - 4". */
const FOOTER = new RegExp(String.raw`(?:^|\s)${NUM}\s*[-–—]\s*\d{1,3}(?:\s+of\s+\d{1,3})?$`, 'i');
/**
 * "Interior Painting 09 91 23 Page 3 of 8", "26 0519 - Page 2": a spaced number before the page count. Only
 * the spaced forms: an unspaced five- or six-digit number before "Page" is as often a project or job number.
 */
const PAGE_FOOTER = new RegExp(String.raw`(?:^|\s)(${F.spaced}${F.level4}|${F.twoFour})\s*(?:[-–—]\s*)?(?:Page|Pg\.?)\s*\d{1,3}(?:\s+of\s+\d{1,3})?$`, 'i');
/** "Project No. 23 05 12 Page 2", "Job # 26 0519 - Page 1": an identifier, not a section. */
const IDENTIFIER_BEFORE = /(?:\b(?:no\.?|number|project|job|contract|file|ref\.?)|#)\s*[:.]?\s*$/i;
/** Small words a Title Case title may keep in lower case. */
const MINOR_WORD = /^(?:a|an|and|or|of|for|the|to|in|on|at|by|with|&)$/;

/** A heading's title as printed: uppercase, or Title Case; anything else is prose. */
function isTitleText(t: string): boolean {
  if (t === '') return true;
  if (!/[a-z]/.test(t)) return true;
  if (t.length > 80) return false;
  return t.split(/\s+/).every((w) => MINOR_WORD.test(w) || !/^[a-z]/.test(w));
}

/** "NOT APPLICABLE", "NOT USED": a table of contents saying a division or section is absent. */
const ABSENT = /\b(?:NOT\s+APPLICABLE|NOT\s+USED|NOT\s+IN\s+CONTRACT|N\.?I\.?C\.?|N\/A)\b/i;
const isAbsent = (title: string | undefined, next: string | undefined): boolean =>
  (title !== undefined && ABSENT.test(title)) || (next !== undefined && /^\(?\s*(?:NOT\s+APPLICABLE|NOT\s+USED|N\/A)\b/i.test(next.trim()));

/**
 * A spec section heading in one line of text ("SECTION 200553", "Section 09 91 23 - Painting"), or
 * null. A mixed-case "Section 08 44 33" alone on a line is a wrapped cross-reference unless an
 * uppercase title follows it; a heading marked "NOT APPLICABLE" says the section is absent.
 */
export function parseSectionHeading(line: string, next?: string): { number: string; title?: string; alias?: string } | null {
  const m = HEADING.exec(line.trim());
  if (!m) return null;
  // A running header's page count is not part of the title ("Section 26 05 21 WIRES AND CABLES Page 1 of 5").
  const title = m[3]!.replace(/\s*[-–—]?\s*\bPage\s+\d{1,3}(?:\s+of\s+\d{1,3})?$/i, '').trim();
  // "Section 08 14 00, WOOD DOORS.": a cross-reference wrapped to a line start names its section after a comma; a heading never does.
  if (title.startsWith(',')) return null;
  if (!isTitleText(title) || isAbsent(title, next)) return null;
  // "Section 07 84 00 - Firestopping.": a related-sections entry; a heading's title is not a sentence.
  if (/[a-z]/.test(title) && /\.$/.test(title)) return null;
  if (title === '' && /^[SD][a-z]/.test(line.trim()) && !(next && isUpperTitle(next.trim()))) return null;
  // Dual numbering ("SECTION 26 24 16 (16442)", "SECTION [16442] [26 24 16]"): the current number governs, the other is an alias.
  const [first, second] = [normalizeSectionNumber(m[1]!), m[2] ? normalizeSectionNumber(m[2]) : undefined];
  const legacyFirst = second !== undefined && /^\d{5}$/.test(first) && !/^\d{5}$/.test(second);
  const number = legacyFirst ? second : first;
  const alias = legacyFirst ? first : second;
  // The title on the heading line, else on the next line when that is an all-caps title ("SECTION 21 13 13" / "WET-PIPE SPRINKLER SYSTEMS").
  const named = title && /[A-Za-z]{2}/.test(title) ? title : next && isUpperTitle(next.trim()) ? next.trim() : undefined;
  return { number, ...(named ? { title: named } : {}), ...(alias ? { alias } : {}) };
}

/** The section number of a spec page footer ("26 05 19 - 4", "200553-4 of 6"), or null. */
export function parseSectionFooter(line: string): string | null {
  const t = line.trim();
  const m = FOOTER.exec(t);
  if (m) return normalizeSectionNumber(m[1]!);
  const p = PAGE_FOOTER.exec(t);
  return p && !IDENTIFIER_BEFORE.test(t.slice(0, p.index + (p[0].length - p[0].trimStart().length))) ? normalizeSectionNumber(p[1]!) : null;
}

/** Footers/headers live in the outer band of the page. */
const MARGIN_BAND = 0.1;

/** "210100" / "21 0100" / "21-01-00" / "21.01.00" → "21 01 00"; five digits stay (legacy MasterFormat 1995). */
export function normalizeSectionNumber(raw: string): string {
  // "26.05.19" is "26 05 19"; a dot after six digits ("26 24 16.13") starts the level-4 extension.
  const [main = '', ext] = raw.replace(/^(\d{2})\.(\d{2})\.(\d{2})/, '$1$2$3').replace(/[\s-]+/g, '').split('.');
  const six = main.length === 6 ? `${main.slice(0, 2)} ${main.slice(2, 4)} ${main.slice(4, 6)}` : main;
  return ext ? `${six}.${ext}` : six;
}

/**
 * Spec section and division headings on a page, plus the section named in a page footer (spec
 * pages repeat "21 0100-3" at the bottom, so every page of a section is attributed to it).
 */
export function detectSections(lines: TextLine[], pageHeight: number): SpecSectionHeading[] {
  const out: SpecSectionHeading[] = [];
  const seen = new Set<string>();
  const add = (h: SpecSectionHeading) => {
    const key = `${h.kind}:${h.number}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(h);
  };
  const horizontal = lines.filter((l) => l.angle === 0);
  horizontal.forEach((line, i) => {
    const text = line.text.trim();
    const heading = parseSectionHeading(text, horizontal[i + 1]?.text);
    if (heading) {
      add({ kind: 'section', number: heading.number, ...titleOf(heading.title, horizontal[i + 1]) });
      return;
    }
    const division = DIVISION.exec(text);
    if (division && isAbsent(division[2], horizontal[i + 1]?.text)) return;
    if (division) {
      add({ kind: 'division', number: division[1]!.padStart(2, '0'), ...titleOf(division[2], horizontal[i + 1]) });
      return;
    }
    const inMargin = pageHeight > 0 && (line.y > pageHeight * (1 - MARGIN_BAND) || line.y + line.height < pageHeight * MARGIN_BAND);
    const footer = inMargin ? parseSectionFooter(text) : null;
    if (footer) add({ kind: 'section', number: footer });
  });
  return out;
}

/** Title on the heading line, else the next line when it is an all-caps title ("GENERAL FIRE PROTECTION REQUIREMENTS"). */
function titleOf(inline: string | undefined, next: TextLine | undefined): { title?: string } {
  const own = inline?.trim();
  if (own && /[A-Za-z]{2}/.test(own)) return { title: own };
  const t = next?.text.trim();
  if (t && isUpperTitle(t)) return { title: t };
  return {};
}

function isUpperTitle(t: string): boolean {
  // An article ("1.01 SUMMARY", "A. SECTION INCLUDES") is the body beginning, not a title.
  return /[A-Z]{3}/.test(t) && !/[a-z]/.test(t) && t.length <= 100 && !/^(?:PART|SECTION|DIVISION|DOCUMENT)\b/.test(t) && !/^(?:\d+(?:\.\d+)*[.)]?|[A-Z][.)])\s/.test(t);
}
