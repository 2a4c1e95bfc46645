/**
 * What a document says about other spec sections in its prose. A reference to another section
 * ("see Section 08 14 00", "as specified in Section 09 91 23", "coordinate with the work of Section
 * 26 05 00") never creates a trade: it points at work described elsewhere, which may be another
 * contract's. A sentence that puts named work into a section of this contract ("conduit and pull
 * wires … are part of work of Section 16000") is different: it states in-contract work of that
 * section's trade, even inside a list of items excluded from the contract ("by others", N.I.C.),
 * where it is the one part that is not excluded.
 */
import { normalizeSectionNumber, SECTION_NUMBER } from '../pdf/sections.js';

/** Section numbers in every printed form (a flattened transcript may run "of" into "Section"). */
const NUM = `(${SECTION_NUMBER})`;
/** "… are part of work of Section 16000", "is part of the Work of Section 26 05 33", "…devices part of work ofSection 16000". */
const ASSIGNED = new RegExp(String.raw`\bpart\s+of\s+(?:the\s+)?work\s+(?:of|under|in)\s*Section\s*${NUM}(?![\d])`, 'gi');

/** The section numbers a text assigns work to (negated statements — "not part of the work of Section …" — excluded). */
export function sectionsAssignedWork(text: string): Array<{ number: string; index: number; length: number }> {
  const out: Array<{ number: string; index: number; length: number }> = [];
  for (const m of text.matchAll(ASSIGNED)) {
    if (/\bnot\s+$/i.test(text.slice(Math.max(0, m.index - 8), m.index))) continue;
    out.push({ number: normalizeSectionNumber(m[1]!), index: m.index, length: m[0].length });
  }
  return out;
}
