/**
 * What an addendum's changes touch. An addendum is a list of changes ("Changes to Specifications",
 * "Revisions to Project Manual", "Item No. 4 – Section …", "Changes to Drawings", questions and
 * answers), and it speaks for the work those changes touch:
 *  - a spec section it adds, replaces, revises or answers about, named by its number in any printed
 *    form ("07 5419", "075419", "07-54-19", "07 54 19.13", "Spec Section 09 51 16", "Specification 23 05
 *    00, paragraph 2.3.A") or by its title alone ("ADD; Section Gypsum Board", "092216 Non-Structural
 *    Metal Framing"): an item that opens with the section is a change to it, whatever its verb;
 *  - a drawing it revises or reissues ("Revise Sheet C700 Utility Details", "Replace drawing E-201",
 *    `C700 "Utility Details"` in a list of attached drawings): the sheet's discipline, or for a civil or
 *    architectural sheet the work its title names. A sheet is weaker evidence than a section: a
 *    reissued drawing may change a dimension of work that is another trade's.
 * A section the addendum deletes outright ("DELETE; Section Performance Coatings in its entirety") is
 * no longer work; a section named in passing ("Bidders are reminded that Section 03 30 00 governs …",
 * "refer to Section 01 2300") is a reference, not a change.
 *
 * Beside addenda/change-items.ts, which also reads change verbs: this module answers whether an item
 * changes a section's or a sheet's work (a trade of the job); that one answers how each document it names
 * changes (added, revised or removed) for the notice to that document's invitees, which this one never
 * says: a section added and one revised are the same trade here.
 */
import type { PdfDocumentText } from '../pdf/types.js';
import { normalizeSectionNumber, SECTION_NUMBER, SIX_DIGIT_NUMBER } from '../pdf/sections.js';
import { sheetDivisions } from './disciplines.js';
import { findKeywords, statesRequirement } from './lexicon.js';
import { divisionsOfSection } from './section-division.js';
import { leadingSectionTitle } from './section-titles.js';
import { snippetAround } from './evidence-snippets.js';
import { sentencesOf } from './page-sentences.js';
import { ACCEPT, NOT_TRADES, type Tally } from './trade-tally.js';

export interface SectionChange {
  /** "07 54 19", legacy "03250", or the title's words when the section is named by title alone. */
  key: string;
  divisions: string[];
  index: number;
  length: number;
}

export interface SheetChange {
  sheet: string;
  title?: string;
  division: string;
  /** The sheet's designator says so ("E-201"), not its title. */
  byDiscipline: boolean;
  /** Its discipline strength (0..1) when `byDiscipline`: ≥ 0.7 names the trade, below is only a clue. */
  strength: number;
  index: number;
  length: number;
}

/** "Section 07 5419", "Spec Section 09 51 16", "Specification 23 05 00", "SECTION NO. 03250": every form pdf/sections.ts prints. */
const NUMBERED = new RegExp(String.raw`\b(?:spec(?:ification)?s?\.?\s+)?(?:section|specification|spec\.?)\s+(?:no\.?\s*)?(${SECTION_NUMBER})(?![\d])(?:\s*[-–—:,]?\s*["“']?((?:(?!\bsection\b|\.\s)[^"”'\n]){3,80}))?`, 'gi');
/** "Section Building Insulation", "SECTION – GYPSUM BOARD": the word, then a title (read against the title table). */
// "Wall Section Flashing …", "Building section 3": a drawing's section view, not a spec section.
const TITLED = /(?<!\b(?:wall|building|typical|cross|longitudinal|transverse|detail|roof|stair|site|partial|enlarged)\s+)\bsection\s*[-–—:]?\s+(?=[A-Za-z])/gi;
/** A list item's label: "a.", "1)", "B.", "(c)", a bullet, "Item No. 3 –", "Item 4:" — or a line start. */
const ITEM_LABEL = /(?:^|\s)(?:\(?[a-zA-Z][.)]|\(?\d{1,2}[.)]|\(\w{1,2}\)|[o•▪●]|item\s+(?:no\.?\s*)?\d{1,3}[a-z]?\s*[-–—:.)]?)(?=\s)/gi;
/** A line that ends an item: short (a heading, a list line) or closed by punctuation. A long line without it wraps on. */
const ENDS_ITEM = /(?:^.{0,59}|[.:;!?"”)])$/;
/** A bare number that opens an item ("o 092216 Non-Structural Metal Framing (New … specification section)"). */
const BARE_NUMBER = new RegExp(String.raw`^\s*(${SIX_DIGIT_NUMBER})\s*[-–—:]?\s*["“']?(?=[A-Za-z])`);
/** What follows a section title that heads a change item: a colon or dash, or the paragraph it changes. */
const TITLE_HEAD_END = /^\s*(?:[:–—]|-\s|,\s*(?:paragraphs?|para\.?|articles?|parts?|items?)\b)/i;
const CHANGE_VERB = /\b(?:delete[sd]?|replace[sd]?|revise[sd]?|add(?:ed|s)?|reissue[sd]?|substitute[sd]?|modif(?:y|ied|ies|ications?)|amend(?:s|ed)?|insert(?:ed)?|supersede[sd]?|clarif(?:y|ied|ies|ications?)|change[sd]?|correct(?:ed)?)\b/i;
const ANSWERED = /^(?:\d{1,3}[.)]\s*)?(?:question|answer|response|q\d{1,3}|a\d{1,3})\b|\b(?:answer|response)\s*:/i;
/** The end of a question of an addendum's questions and answers: "?", perhaps with its answer's label ("… removed? a."). */
export const QUESTION_END = /\?\s*(?:\(?[a-z][.)]|a\d{1,3}\s*[.:)]|(?:answer|response)\s*:)?\s*$/i;
/** A change to the work in an answer: it confirms ("Yes, …"), or provides, removes, replaces, relocates or adds something. */
const ANSWER_CHANGE = /^yes\b|\b(?:provide[sd]?|install(?:ed)?|replace[sd]?|remove[sd]?|relocate[sd]?|add(?:ed)?|demolish(?:ed)?|abate[sd]?|upgrade[sd]?|extend(?:ed)?|new)\b/i;

/**
 * An answer of an addendum's questions and answers that changes the work ("Yes, provide …", "Galvanized
 * pipe to be replaced throughout", "Remove existing …"): its trade words are the job's work, like a
 * change item's. An answer that declines ("No.", "No, the existing … remains") changes nothing.
 */
export function answerStatesChange(answer: string): boolean {
  const t = answer.replace(/^\s*(?:\(?[a-z][.)]|a\d{0,3}\s*[.:)]|(?:answer|response)\s*:)\s*/i, '');
  return !/^no\b/i.test(t) && ANSWER_CHANGE.test(t);
}

/** Words that make what follows a reference to another section ("refer to", "as specified in", "per"). */
const REFERRING = /\b(?:under|in|see|per|to|of|with|by|from|and|or|specified|refer|reminded\s+that|accordance\s+with)\s*[,:]?\s*$/i;
/** "DELETE; Section …", "Delete Specification Section 12 24 13": the item removes the section itself. */
const DELETES = /\b(?:delete|omit|remove|void)[;:,]?\s*(?:the\s+)?(?:entire\s+)?$/i;
const REPLACES = /\b(?:replace[sd]?|substitute[sd]?|add(?:ed)?|insert(?:ed)?|reissue[sd]?|revised|new)\b|\bin\s+lieu\b/i;

/** The items of a page: text between list labels (a flattened page keeps its labels). */
function itemBounds(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(ITEM_LABEL)) starts.push(m.index + (/^\s/.test(m[0]) ? 1 : 0));
  let at = 0;
  for (const line of text.split('\n')) {
    at += line.length + 1;
    if (at < text.length && ENDS_ITEM.test(line.trimEnd())) starts.push(at);
  }
  starts.push(text.length);
  return [...new Set(starts)].sort((a, b) => a - b);
}

function itemAt(bounds: readonly number[], index: number): { start: number; end: number } {
  let start = 0;
  let end = bounds[bounds.length - 1]!;
  for (const b of bounds) {
    if (b <= index) start = b;
    else {
      end = b;
      break;
    }
  }
  return { start, end };
}

/** The item's label, stripped: what stands between it and `index` ("" when the reference opens the item). */
function lead(text: string, start: number, index: number): string {
  return text.slice(start, index).replace(/^\s*(?:\(?[a-zA-Z][.)]|\(?\d{1,2}[.)]|\(\w{1,2}\)|[o•▪●]|item\s+(?:no\.?\s*)?\d{1,3}[a-z]?\s*[-–—:.)]?)?\s*/i, '');
}

/**
 * Is the section named at `index` changed by its item? It opens the item, or the item's words change
 * or answer something (and the section is not named after a referring word), and the item does not
 * delete it outright.
 */
function changes(text: string, bounds: readonly number[], index: number): boolean {
  const { start, end } = itemAt(bounds, index);
  const item = text.slice(start, end);
  const before = lead(text, start, index);
  if (DELETES.test(before) && !REPLACES.test(item)) return false;
  if (before.trim() === '' || /^(?:spec(?:ification)?s?\.?|item\s+(?:no\.?\s*)?\d{1,3}[a-z]?\s*[-–—:.]?)\s*$/i.test(before)) {
    // A wrapped cross-reference ("as specified in\nSection 08 14 00") is not an item of its own.
    return !REFERRING.test(text.slice(Math.max(0, start - 30), start).replace(/\n/g, ' '));
  }
  return CHANGE_VERB.test(item) || ANSWERED.test(item.trim()) || statesRequirement(item);
}

/** The spec sections a page of an addendum changes. */
export function changedSections(lines: readonly string[]): SectionChange[] {
  const text = lines.join('\n');
  const bounds = itemBounds(text);
  const out: SectionChange[] = [];
  const seen = new Set<number>();
  for (const m of text.matchAll(NUMBERED)) {
    if (!changes(text, bounds, m.index)) continue;
    const number = normalizeSectionNumber(m[1]!);
    out.push({ key: number, divisions: divisionsOfSection(number, m[2]), index: m.index, length: m[0].length });
    seen.add(m.index);
  }
  for (const m of text.matchAll(TITLED)) {
    if (seen.has(m.index)) continue;
    const rest = text.slice(m.index + m[0].length);
    const title = leadingSectionTitle(rest);
    if (!title || !changes(text, bounds, m.index)) continue;
    out.push({ key: title.title.toLowerCase(), divisions: [title.division], index: m.index, length: m[0].length + title.length });
  }
  // "1. Gypsum Board: revise paragraph 2.1.A", "2. Unit Masonry, paragraph 2.3: delete …": a change item headed by a section's title.
  for (const [k, start] of bounds.entries()) {
    const end = bounds[k + 1] ?? text.length;
    const body = lead(text, start, end);
    const title = leadingSectionTitle(body);
    if (!title || !TITLE_HEAD_END.test(body.slice(title.length))) continue;
    const item = text.slice(start, end);
    // A question about the work ("Roofing: is the roof to be replaced?") changes nothing until it is answered.
    if ((!CHANGE_VERB.test(item) && !statesRequirement(item)) || item.includes('?')) continue;
    const key = title.title.toLowerCase();
    if (out.some((o) => o.key === key)) continue;
    out.push({ key, divisions: [title.division], index: end - body.length, length: title.length });
  }
  // "o 092216 Non-Structural Metal Framing": a bare number that opens an item, with the title of a known section.
  for (const [k, start] of bounds.entries()) {
    const end = bounds[k + 1] ?? text.length;
    const body = lead(text, start, end);
    const m = BARE_NUMBER.exec(body);
    if (!m) continue;
    const title = leadingSectionTitle(body.slice(m[0].length));
    if (!title) continue;
    const number = normalizeSectionNumber(m[1]!);
    if (out.some((o) => o.key === number)) continue;
    const divisions = divisionsOfSection(number, title.title);
    // The number and the title must agree: a quantity or an item code followed by a title is not a section.
    if (!divisions.includes(title.division)) continue;
    out.push({ key: number, divisions, index: end - body.length, length: m[0].length + title.length });
  }
  // "The following CSI Sections are hereby added to the Contract:" + "064020 - ARCHITECTURAL CABINET WOODWORK": a list of sections it announces.
  const lineStart = (line: number) => lines.slice(0, line).join('\n').length + (line > 0 ? 1 : 0);
  const announced = announcedSections(lines);
  for (const c of announced.changed) if (!out.some((o) => o.key === c.key)) out.push({ ...c, index: lineStart(c.line) });
  // A section on a line of a list the addendum deletes is no longer work, whatever else names it there.
  const deleted = announced.deleted.map((line) => [lineStart(line), lineStart(line) + lines[line]!.length] as const);
  return out.filter((o) => !deleted.some(([from, to]) => o.index >= from && o.index < to));
}

/**
 * A line announcing a list of sections the addendum adds, revises or replaces ("The following CSI Sections are
 * hereby added to the Contract:", "The following specification sections are revised and reissued:"). A list it
 * deletes without replacing is no longer work.
 */
const SECTION_LIST_HEAD = /\bfollowing\s+(?:[\w-]+\s+){0,2}(?:spec(?:ification)?s?\s+)?sections?\s+(?:is|are|has\s+been|have\s+been)\s+(?:hereby\s+)?([^:]{0,120}):?\s*$/i;
const LIST_CHANGES = /\b(?:add(?:ed)?|revised?|replaced?|reissued?|issued|amended|modified|included|attached|substituted|inserted|incorporated)\b/i;
/** "064020 - ARCHITECTURAL CABINET WOODWORK", "087100-DOORHARDWARE": a six-digit number and a title, opening its line. */
const LISTED_SECTION = new RegExp(String.raw`^\s*(?:[-•▪●o]\s+|\(?[a-z0-9]{1,2}[.)]\s+)?(${SIX_DIGIT_NUMBER})\s*[-–—:]?\s*(?=[A-Za-z])([^\n]{3,80})$`);

/** The sections listed under a head that announces them, each by its number's division, and the lines of a list it deletes. */
function announcedSections(lines: readonly string[]): { changed: Array<SectionChange & { line: number }>; deleted: number[] } {
  const out: Array<SectionChange & { line: number }> = [];
  const deleted: number[] = [];
  let open = false;
  let deleting = false;
  let wrapped = false;
  for (const [i, line] of lines.entries()) {
    if (wrapped) {
      wrapped = false;
      continue;
    }
    // A head may wrap onto a short second line ("… replaced with the attached like-named" / "CSI Sections:").
    const next = lines[i + 1];
    const joined = !/:\s*$/.test(line) && next !== undefined && next.length < 60 && /:\s*$/.test(next) ? `${line} ${next}` : line;
    const head = SECTION_LIST_HEAD.exec(joined) ?? SECTION_LIST_HEAD.exec(line);
    if (head) {
      open = LIST_CHANGES.test(head[1]!);
      deleting = !open && /\b(?:delete[sd]?|omitted|withdrawn|removed)\b/i.test(head[1]!);
      wrapped = head.input !== line;
      continue;
    }
    if (!open && !deleting) continue;
    const m = LISTED_SECTION.exec(line);
    if (!m) {
      open = deleting = false;
      continue;
    }
    if (deleting) {
      deleted.push(i);
      continue;
    }
    const number = normalizeSectionNumber(m[1]!);
    out.push({ key: number, divisions: divisionsOfSection(number, m[2]), index: 0, length: line.length, line: i });
  }
  return { changed: out, deleted };
}

/** "Sheet E-201", "Drawing M101", "Dwg. FP-1.1", "drawings C-700 and C-701": a sheet an item names. */
const DESIGNATOR = String.raw`[A-Z]{1,2}[-.]?\d{1,3}(?:\.\d{1,2})?[A-Z]?`;
const NAMED_SHEET = new RegExp(String.raw`\b(?:SHEETS?|[Ss]heets?|DRAWINGS?|[Dd]rawings?|DWGS?\.?|[Dd]wgs?\.?)(?:\s+|\s*:\s*)(?:[Nn][Oo][Ss]?\.?\s*)?(${DESIGNATOR}(?:\s*(?:,|and|&|AND)\s*${DESIGNATOR}\b)*)\b(?:\s*[-–—:,]?\s*(?:["“]([^"”\n]{3,60})["”]|((?:[A-Z][A-Za-z&/,-]*\s*){1,6})))?`, 'g');
/** `C700 "Utility Details"`, `A504 – CORNICE REPAIRS` opening an item of a list of attached drawings. */
const BARE_SHEET = new RegExp(String.raw`^\s*(${DESIGNATOR})\s*[-–—:]?\s*(?:["“]([^"”\n]{3,60})["”]|((?:[A-Z][A-Za-z&/,-]*\s*){1,6}))`);

/** Civil sheet titles → the work they draw (a "C" designator alone says only "site"). */
const CIVIL_TITLES: ReadonlyArray<readonly [division: string, re: RegExp]> = [
  ['33', /\b(?:utilit(?:y|ies)|water(?:\s*main|\s+line|\s+service)?|sanitary|sewer|storm|drainage|culvert)\b/i],
  ['31', /\b(?:grading|erosion|sediment|earthwork|excavation)\b/i],
  ['32', /\b(?:paving|pavement|striping|landscap\w*|planting|irrigation|fenc\w*|site\s+improvements?)\b/i],
  ['02', /\b(?:demolition|removals?)\b/i],
];

/** The divisions a changed sheet touches: a strong designator's, else those its title names. */
export function sheetTouches(sheet: string, title: string | undefined): Array<{ division: string; byDiscipline: boolean; strength: number }> {
  const strong = sheetDivisions(sheet, title).filter((x) => x.strength >= 0.7);
  if (strong.length > 0) return strong.map((x) => ({ division: x.division, byDiscipline: true, strength: x.strength }));
  if (!title) return [];
  const out = new Map<string, { division: string; byDiscipline: boolean; strength: number }>();
  if (/^C/i.test(sheet)) for (const [division, re] of CIVIL_TITLES) if (re.test(title)) out.set(division, { division, byDiscipline: false, strength: 0 });
  for (const h of findKeywords(title)) if (h.entry.weight >= 2 && !out.has(h.entry.division)) out.set(h.entry.division, { division: h.entry.division, byDiscipline: false, strength: 0 });
  return [...out.values()];
}

/** What a sheet touches: strong designator, else its title's work, else its designator's weak divisions (a clue, never enough alone). */
function sheetTouchesOrWeak(sheet: string, title: string | undefined): Array<{ division: string; byDiscipline: boolean; strength: number }> {
  const touches = sheetTouches(sheet, title);
  return touches.length > 0 ? touches : sheetDivisions(sheet, title).map((x) => ({ division: x.division, byDiscipline: true, strength: x.strength }));
}

/** The drawings a page of an addendum revises, reissues or adds, and what each touches. */
export function changedSheets(lines: readonly string[]): SheetChange[] {
  const text = lines.join('\n');
  const out: SheetChange[] = [];
  const push = (sheet: string, rawTitle: string | undefined, index: number, length: number) => {
    const title = rawTitle?.replace(/\s+/g, ' ').trim() || undefined;
    for (const t of sheetTouchesOrWeak(sheet, title)) out.push({ sheet, ...(title ? { title } : {}), ...t, index, length });
  };
  for (const m of text.matchAll(NAMED_SHEET)) {
    // "Sheets E-201, E-202 and P-101": each sheet of the list; a title follows the last one only.
    const list = m[1]!.split(/\s*(?:,|and|&|AND)\s*/);
    for (const [i, sheet] of list.entries()) push(sheet, i === list.length - 1 ? (m[2] ?? m[3]) : undefined, m.index, m[0].length);
  }
  const bounds = itemBounds(text);
  for (const [k, start] of bounds.entries()) {
    const end = bounds[k + 1] ?? text.length;
    const body = lead(text, start, end);
    const m = BARE_SHEET.exec(body);
    // A bare designator needs its title beside it: "A201" alone could be a room or a keynote.
    if (!m || !(m[2] ?? m[3])) continue;
    if (out.some((o) => o.sheet === m[1])) continue;
    push(m[1]!, m[2] ?? m[3], end - body.length, m[0].length);
  }
  return out;
}

/**
 * "Delete Section 03250 … and replace with the attached Section 03250", "Section 26 05 19 – revise
 * paragraph 2.3": a section named anywhere in a sentence that changes, answers or requires something.
 */
const SENTENCE_SECTION = new RegExp(
  String.raw`\b(?:SECTION|SPECIFICATION|SPEC\.?)\s+(${SECTION_NUMBER})\b[\s,:–—-]*(?:["“']([^"”']{3,80})["”']|([A-Z][A-Z ,&/-]{3,80}[A-Z]))?`,
  'gi',
);

/** Confidence points of a revised sheet: its discipline's designator, or only its title — both below a section's. */
const SHEET_POINTS = { discipline: 4.8, title: ACCEPT } as const;

/** Counts every sheet and spec section an addendum's items change. */
export function tallyAddendumChanges(doc: PdfDocumentText, tally: Tally): void {
  for (const page of doc.pages) {
    // The sheets it revises ("Sheet E-201: revise …", `C700 "Utility Details"`): weaker than a section.
    for (const s of changedSheets(page.lines)) {
      const ev = { page: page.page, sheet: s.sheet, snippet: snippetAround(page.lines.join('\n'), s.index, s.length), source: 'sheet-index' as const };
      // A weak designator ("S3.0" for concrete or steel) only adds to what the addendum's words say.
      if (s.byDiscipline && s.strength < 0.7) tally.index(s.division, s.strength, ev);
      else tally.keyword(s.division, `addendum-sheet:${s.byDiscipline ? 'discipline' : 'title'}`, s.byDiscipline ? SHEET_POINTS.discipline : SHEET_POINTS.title, page.page, ev, true);
    }
    // The spec sections it changes, by number or title, at the head of an item or in a sentence that changes them.
    const text = page.lines.join('\n');
    for (const c of changedSections(page.lines)) {
      for (const division of c.divisions) {
        if (NOT_TRADES.has(division)) continue;
        tally.section(division, c.key, { page: page.page, section: c.key, snippet: snippetAround(text, c.index, c.length), source: 'spec-section' });
      }
    }
    for (const sentence of sentencesOf(page.lines)) {
      // A question answered about a section, or a requirement citing it, touches that section's work too.
      if (!CHANGE_VERB.test(sentence) && !ANSWERED.test(sentence) && !statesRequirement(sentence)) continue;
      for (const m of sentence.matchAll(SENTENCE_SECTION)) {
        if (DELETES.test(sentence.slice(0, m.index)) && !REPLACES.test(sentence)) continue;
        const number = normalizeSectionNumber(m[1]!);
        for (const division of divisionsOfSection(number, m[2] ?? m[3])) {
          if (NOT_TRADES.has(division)) continue;
          tally.section(division, number, { page: page.page, section: number, snippet: snippetAround(sentence, m.index, m[0].length), source: 'spec-section' });
        }
      }
    }
  }
}
