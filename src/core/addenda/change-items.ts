/**
 * The addendum's own list of changes, as addenda print it: numbered items ("ITEM 1 – Sheet E-201:
 * revise panel schedule", "3. SECTION 26 05 19 – replace paragraph 2.3.A", "Drawing A-101 reissued"),
 * lettered sub-items that belong to the item above them, and the sheets and spec sections each
 * item names. What an item does to a sheet or section is read from the verb next to its reference:
 * "delete sheet E-202" removes the sheet, "Section 26 05 19 – delete paragraph 2.3" revises the section.
 *
 * Beside scope/addendum-changes.ts, which also reads change verbs: this module answers how each named
 * document changes (added, revised or removed), for the notice that tells a document's invitees; that one
 * answers whether an item changes a section's or a sheet's work at all, for the job's trades. So here a
 * section named in passing ("Bidders are reminded that Section 03 30 00 governs …") is still a reference
 * (revised, the default), and only a verb beside the reference counts; there it is no change, and a change
 * verb anywhere in the item counts. addenda/changes.ts asks both and lets the second decide the trades.
 */
import { parseSheetNumber } from '../pdf/sheet-number.js';
import { normalizeSectionNumber, SECTION_NUMBER } from '../pdf/sections.js';

export type ChangeAction = 'added' | 'revised' | 'removed';

export interface ItemReference {
  kind: 'sheet' | 'section';
  /** Sheet number as printed ("E-201") or a normalized section number ("26 05 19"). */
  ref: string;
  action: ChangeAction;
}

export interface ChangeItem {
  /** The item's label as printed ("ITEM 1", "3."), or "" for an item that starts with its reference. */
  label: string;
  /** The item's text, sub-items included, on one line. */
  text: string;
  page: number;
  references: ItemReference[];
}

/** "ITEM 1", "ITEM NO. 2:", "1.", "2)", "12 -": the start of a numbered item. */
const NUMBERED = /^(ITEM\s+(?:NO\.?\s*)?\d{1,3}\b[.:)]?|\d{1,3}[.)](?!\d)|\d{1,3}\s+[-–—](?=\s))\s*(?:[-–—:]\s+)?/i;
/** "A.", "b)", "(c)", "•", "-": a sub-item, or a first-level item in a list that has no numbers. */
const LETTERED = /^(\(?[A-Za-z][.)](?=\s)|[•▪●‣-](?=\s))\s*/;
/** A line that starts with what it changes: "Sheet E-201 …", "Drawing A-101 …", "Section 26 05 19 …". */
const REFERENCE_FIRST = /^(?:(?:SHEETS?|DRAWINGS?|DWG\.?)\s+(?:NO\.?\s*)?[A-Z]{1,2}[-.]?\d|(?:SPEC(?:IFICATION)?\s+)?(?:SECTION|DOCUMENT)\s+\d{2})/i;
/** Headings that group items ("CHANGES TO THE DRAWINGS", "PROJECT MANUAL") end the item above them. */
const GROUP_HEADING = /^(?:CHANGES?\s+TO\s+(?:THE\s+)?(?:DRAWINGS|SPECIFICATIONS|PROJECT\s+MANUAL|BIDDING\s+REQUIREMENTS|CONTRACT\s+DOCUMENTS)|DRAWINGS|SPECIFICATIONS|PROJECT\s+MANUAL|BIDDING\s+REQUIREMENTS|CLARIFICATIONS|ATTACHMENTS|END\s+OF\s+ADDENDUM.*)\s*:?$/i;

/** A sheet an item names: "Sheet E-201", "Sheets E-201 and E-202", "Drawing No. M101", "Dwg. FP-1.1". */
const SHEET_REF = /\b(?:SHEETS?|DRAWINGS?|DWGS?\.?)\s+(?:NO\.?\s*|NOS\.?\s*)?((?:[A-Z]{1,2}[-.]?\d{1,3}(?:\.\d{1,2})?[A-Z]?)(?:\s*(?:,|and|&|through|thru)\s*[A-Z]{1,2}[-.]?\d{1,3}(?:\.\d{1,2})?[A-Z]?)*)/gi;
const SHEET_NUMBER = /[A-Z]{1,2}[-.]?\d{1,3}(?:\.\d{1,2})?[A-Z]?/gi;
/** A spec section or document an item names, in every printed form ("26 05 19", "260519", "26-05-19", "15400"). */
const SECTION_REF = new RegExp(String.raw`\b(?:SPEC(?:IFICATION)?\s+)?(?:SECTIONS?|DOCUMENTS?)\s+(${SECTION_NUMBER})\b`, 'gi');

/** Verbs just before a reference, or just after it, that say what happens to the sheet or section itself. */
const ADD_BEFORE = /\b(?:ADD|ADDED|INSERT|NEW)[;:,]?\s+(?:THE\s+)?(?:NEW\s+)?(?:ATTACHED\s+)?$/i;
const REMOVE_BEFORE = /\b(?:DELETE|DELETED|REMOVE|REMOVED|OMIT|VOID)[;:,]?\s+(?:THE\s+)?(?:ENTIRE\s+)?(?:EXISTING\s+)?$/i;
const ADD_AFTER = /^\s*[:\-–—,]?\s*(?:\((?:NEW|ADDED)\)|(?:IS\s+|HAS\s+BEEN\s+)?ADDED\b|NEW\s+SHEET\b)/i;
const REMOVE_AFTER = /^\s*[:\-–—,]?\s*(?:\((?:DELETED|VOID|REMOVED)\)|(?:IS\s+|HAS\s+BEEN\s+|SHALL\s+BE\s+)?(?:DELETED|VOIDED|VOID|REMOVED|OMITTED)(?=\s*(?:$|[.;,)]|IN\s+ITS|FROM\b|AND\b))|(?:IN\s+ITS\s+)?ENTIRETY\s+(?:IS\s+)?DELETED)/i;

/** Lines of the addendum's text, page by page, with the pages to read (its narrative pages, not reissued sheets). */
export interface ItemSource {
  page: number;
  lines: readonly string[];
}

/** The addendum's items in order. An item without a label starts at a line that begins with its reference. */
export function readChangeItems(pages: readonly ItemSource[]): ChangeItem[] {
  const items: Array<{ label: string; parts: string[]; page: number; numbered: boolean }> = [];
  let current: (typeof items)[number] | undefined;
  let anyNumbered = false;
  for (const p of pages) {
    for (const raw of p.lines) {
      const line = raw.trim();
      if (!line) continue;
      if (GROUP_HEADING.test(line)) {
        current = undefined;
        continue;
      }
      const numbered = NUMBERED.exec(line);
      if (numbered) {
        anyNumbered = true;
        current = { label: numbered[1]!.replace(/\s*[-–—:]$/, '').trim(), parts: [line.slice(numbered[0].length)], page: p.page, numbered: true };
        items.push(current);
        continue;
      }
      const lettered = LETTERED.exec(line);
      // A lettered line under a numbered item is its sub-item; in a list without numbers it is an item.
      if (lettered && (!current || !current.numbered) && !anyNumbered) {
        current = { label: lettered[1]!, parts: [line.slice(lettered[0].length)], page: p.page, numbered: false };
        items.push(current);
        continue;
      }
      // An unlabelled list ("Sheet E-201 …", "Drawing A-101 …") starts an item at every line that begins with its reference.
      if ((!current || current.label === '') && REFERENCE_FIRST.test(line)) {
        current = { label: '', parts: [line], page: p.page, numbered: false };
        items.push(current);
        continue;
      }
      current?.parts.push(line);
    }
  }
  return items
    .map((it) => {
      const text = it.parts.join(' ').replace(/\s+/g, ' ').trim();
      return { label: it.label, text, page: it.page, references: referencesIn(text) };
    })
    .filter((it) => it.text.length > 0);
}

/** The sheets and sections a piece of text names, each with what happens to it. */
export function referencesIn(text: string): ItemReference[] {
  const out: ItemReference[] = [];
  const add = (r: ItemReference) => {
    const same = out.find((o) => o.kind === r.kind && o.ref === r.ref);
    if (!same) out.push(r);
    // "Remove document X and add document X (revised)" is a revision of X.
    else if (same.action !== r.action) same.action = 'revised';
  };
  for (const m of text.matchAll(SHEET_REF)) {
    const before = text.slice(0, m.index);
    const after = text.slice(m.index + m[0].length);
    const action = actionAt(before, after);
    for (const n of m[1]!.matchAll(SHEET_NUMBER)) {
      const parsed = parseSheetNumber(n[0]);
      if (parsed) add({ kind: 'sheet', ref: parsed.number, action });
    }
  }
  for (const m of text.matchAll(SECTION_REF)) {
    add({ kind: 'section', ref: normalizeSectionNumber(m[1]!), action: actionAt(text.slice(0, m.index), text.slice(m.index + m[0].length)) });
  }
  return out;
}

/** What the words around a reference do to it: `before` ends where the reference starts, `after` starts where it ends. */
export function actionAt(before: string, after: string): ChangeAction {
  if (REMOVE_BEFORE.test(before) || REMOVE_AFTER.test(after)) return 'removed';
  if (ADD_BEFORE.test(before) || ADD_AFTER.test(after)) return 'added';
  return 'revised';
}
