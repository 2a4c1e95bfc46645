/**
 * How a bill of quantities shows its trades: a page that names a bill or a schedule of prices (a
 * tender's bill index inside another kind of document), a group heading read through the work sections
 * under it ("BILL NO. 3: MECHANICAL INSTALLATIONS:" over "SECTION 05 : SANITARY, PLUMBING & DRAINAGE"),
 * and a bill item's trade abbreviation. work-sections.ts knows the section names; this module knows the
 * bill's layout around them, so the page loop only asks.
 */
import type { KeywordHit } from './lexicon.js';
import { workSectionDivision } from './work-sections.js';

/** A bill of quantities or a schedule of prices named on a page. */
const BILL_PAGE = /\bbills?\s+of\s+quantit(?:ies|es)\b|\bschedules?\s+of\s+(?:prices|quantities|rates)\b|\bBILL\s+NO\.?\s*\d/i;

/** A tender's schedule of prices or bill index printed on this page. */
export const namesBill = (text: string): boolean => /bill|schedule/i.test(text) && BILL_PAGE.test(text);

/** The next non-blank line is a bill's work section. */
export function nextLineIsWorkSection(lines: readonly string[], i: number): boolean {
  for (let j = i + 1; j < lines.length; j++) if (lines[j]!.trim().length > 0) return workSectionDivision(lines[j]!) !== null;
  return false;
}

/** A group heading's name without its bill, section or chapter number ("BILL NO. 3: MECHANICAL INSTALLATIONS:" → "MECHANICAL INSTALLATIONS:"). */
export const groupHeadingName = (line: string): string =>
  line.replace(/\s+/g, ' ').trim().replace(/^[\d.\s)]*(?:(?:bill|section|chapter|part)\s*(?:no\.?)?\s*\d+\s*[:.)–-]?\s*)?/i, '');

/** A bill abbreviation's hit weighs as a clear trade word. */
export const abbreviationEntry = (division: string, phrase: string): KeywordHit['entry'] => ({ division, phrase, weight: 2, re: /$^/, anchor: phrase });
