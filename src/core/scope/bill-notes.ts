/**
 * What a bill of quantities' preamble notes say it measures. A bill often opens with notes before its
 * first priced item: "All excavations in this BoQ have been measured net", "All reinforcement in these
 * Bills of Quantities shall be to …", "The blockwork in this section is measured …". The subject of
 * such a note is work the bill prices, named by the bill itself — a trade of the job, though not a
 * priced line (so never pre-selected on a note alone). An elemental bill's "ELEMENT NO. 1" over
 * "SUBSTRUCTURE" is the element's title on the next line.
 */
import { findKeywords } from './lexicon.js';
import { billTitleWork, type BillTitleWork, workSectionDivision } from './work-sections.js';

/**
 * "all excavations in this BoQ have been measured", "the reinforcement in these Bills of Quantities shall be":
 * a subject (up to five words) of this bill, then what is said of it. A negated subject ("no", "not") is none.
 */
const NOTE = /(?<!\bnot\s)\b(?:all|the|any)\s+((?:[A-Za-z-]+\s+){0,4}?[A-Za-z-]+)\s+(?:in|of|for|within|throughout)\s+(?:this|these|the)\s+(?:BoQs?|B\.\s?O\.\s?Q\.?|bills?(?:\s+of\s+quantities)?|sections?|elements?)\s+(?:have|has|are|is|shall|will|must)\b/gi;
/** A subject that is a bill's bookkeeping, not its work ("all items", "the rates", "the prices"). */
const BOOKKEEPING = /\b(?:items?|rates?|prices?|quantit(?:y|ies)|sums?|amounts?|descriptions?|measurements?|works?|materials?|tenderers?|contractors?|clauses?|notes?|preambles?)$/i;

/**
 * A note's subject weighs as a clear trade word, below a priced line: with the bill's other words it makes
 * the trade, alone it stays possible (round 11's notes-only bill: earthwork and concrete at 0.86–0.89).
 */
export const BILL_NOTE_WEIGHT = 2;

export interface BillNoteWork {
  division: string;
  /** The subject as printed ("excavations"). */
  phrase: string;
  index: number;
  length: number;
}

/** The work a page's bill notes name as measured in the bill, each subject once per division. */
export function billNoteWorks(text: string): BillNoteWork[] {
  const flat = text.replace(/\s+/g, ' ');
  const out: BillNoteWork[] = [];
  NOTE.lastIndex = 0;
  for (let m = NOTE.exec(flat); m; m = NOTE.exec(flat)) {
    const subject = m[1]!;
    if (BOOKKEEPING.test(subject)) continue;
    const index = m.index + m[0].indexOf(subject);
    // The subject as a bill's own section name ("Reinforcement", "Walling"), else a clear word of one trade.
    const section = workSectionDivision(subject.replace(/^./, (c) => c.toUpperCase()));
    const words = section ? [section] : [...new Set(findKeywords(subject).filter((h) => h.entry.weight >= 1.5).map((h) => h.entry.division))];
    if (words.length !== 1) continue;
    if (out.some((o) => o.division === words[0] && o.phrase.toLowerCase() === subject.toLowerCase())) continue;
    out.push({ division: words[0]!, phrase: subject, index, length: subject.length });
  }
  return out;
}

/** "ELEMENT NO. 1" / "ELEMENT 2:": an elemental bill's element number, alone on its line. */
const ELEMENT_NUMBER = /^element\s*(?:no\.?\s*)?(\d{1,2})\s*[.:–-]?$/i;

/**
 * The work of an elemental bill's element titled on the line after its number ("ELEMENT NO.1" over
 * "SUBSTRUCTURE", "ELEMENT NO. 6" over "ELECTRICAL INSTALLATION"), or null when line `i` is no such title.
 */
export function elementTitleWork(lines: readonly string[], i: number): BillTitleWork | null {
  let j = i - 1;
  while (j >= 0 && lines[j]!.trim() === '') j--;
  const number = j >= 0 ? ELEMENT_NUMBER.exec(lines[j]!.trim()) : null;
  return number ? billTitleWork(`${number[1]} ${lines[i]!.trim()}`) : null;
}
