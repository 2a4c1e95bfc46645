/**
 * What an addendum's changes touch: the drawing sheets it revises ("Sheet E-201: revise …") and the spec
 * sections it deletes, replaces, revises, adds or answers a question about ("Delete Section 03250 … and
 * replace with …"). An addendum's trades are the trades of what it changes, so each such sheet or section
 * is counted for its division. Its own module because these readings apply to one document type only.
 */
import type { PdfDocumentText } from '../pdf/types.js';
import { normalizeSectionNumber } from '../pdf/sections.js';
import { sheetDivisions } from './disciplines.js';
import { statesRequirement } from './lexicon.js';
import { divisionsOfSection } from './section-division.js';
import { snippetAround } from './evidence-snippets.js';
import { sentencesOf } from './page-sentences.js';
import { NOT_TRADES, type Tally } from './trade-tally.js';

/** "Sheet E-201", "Drawing M101", "Dwg. FP-1.1" — a sheet an addendum item names. */
const CHANGED_SHEET = /\b(?:SHEETS?|DRAWINGS?|DWG\.?)\s+(?:NO\.?\s*)?([A-Z]{1,2}[-.]?\d{1,3}(?:\.\d{1,2})?)\b/gi;

/**
 * "Delete Section 03250 … and replace with the attached Section 03250", "Section 26 05 19 – revise
 * paragraph 2.3", "ADD Section 08 71 00": a spec section an addendum item changes. The number in any
 * printed form, with its quoted or capitalised title when one follows.
 */
const CHANGED_SECTION =
  /\b(?:SECTION|SPECIFICATION|SPEC\.?)\s+((?:\d{2}\s\d{2}\s\d{2}|\d{2}-\d{2}-\d{2}|\d{2}\s\d{4}|\d{6})(?:\.\d{1,2})?|\d{5})\b[\s,:–—-]*(?:["“']([^"”']{3,80})["”']|([A-Z][A-Z ,&/-]{3,80}[A-Z]))?/gi;
const ANSWERED = /^(?:\d{1,3}[.)]\s*)?(?:question|answer|response|q\d{1,3}|a\d{1,3})\b/i;
const CHANGE_VERB = /\b(?:delete|deleted|replace|replaced|revise|revised|add|added|reissue|reissued|substitute|modify|modified|modifications?|amend|amended|insert|supersede|superseded|clarify|clarifications?)\b/i;

/** Counts every sheet and spec section an addendum's items change. */
export function tallyAddendumChanges(doc: PdfDocumentText, tally: Tally): void {
  for (const page of doc.pages) {
    // The sheets it revises ("Sheet E-201: revise …")…
    for (const line of page.lines) {
      for (const m of line.matchAll(CHANGED_SHEET)) {
        for (const x of sheetDivisions(m[1]!)) {
          tally.index(x.division, x.strength, { page: page.page, sheet: m[1]!, snippet: snippetAround(line, m.index, m[0].length), source: 'sheet-index' });
        }
      }
    }
    // …and the spec sections it deletes, replaces, revises or adds: each is work of its division.
    for (const sentence of sentencesOf(page.lines)) {
      // A question answered about a section, or a requirement citing it, touches that section's work too.
      if (!CHANGE_VERB.test(sentence) && !ANSWERED.test(sentence) && !statesRequirement(sentence)) continue;
      for (const m of sentence.matchAll(CHANGED_SECTION)) {
        const number = normalizeSectionNumber(m[1]!);
        for (const division of divisionsOfSection(number, m[2] ?? m[3])) {
          if (NOT_TRADES.has(division)) continue;
          tally.section(division, number, { page: page.page, section: number, snippet: snippetAround(sentence, m.index, m[0].length), source: 'spec-section' });
        }
      }
    }
  }
}
