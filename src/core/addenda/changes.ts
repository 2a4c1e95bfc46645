/**
 * What an addendum changes, worked out from the PDF reader's output of the job's earlier documents
 * and of the addendum: sheets added / revised / removed (by sheet number and revision marks), spec
 * sections added or revised, and the addendum's own list of changes — each change mapped to the
 * trades it concerns through the same readers that find the job's trades in an addendum
 * (scope/addendum-changes.ts: the sections an item changes, by number in every printed form or by
 * title through the one section-title table, and what a named drawing touches), so a notice to subs
 * and the job's trades agree. Pure: same input, same output.
 */
import type { PageText, PdfDocumentText } from '../pdf/types.js';
import { sheetKey } from '../pdf/sheet-number.js';
import { parseSectionFooter, parseSectionHeading } from '../pdf/sections.js';
import { sheetDivisions, isGeneralSheetTitle } from '../scope/disciplines.js';
import { divisionsOfSection } from '../scope/section-division.js';
import { changedSections, changedSheets, sheetTouches, type SectionChange } from '../scope/addendum-changes.js';
import { titleKey } from '../scope/section-titles.js';
import { findKeywords, negativeContext } from '../scope/lexicon.js';
import { extractScopeFromText } from '../scope/text-extractor.js';
import { CONFIDENT_AT } from '../scope/confidence.js';
import { actionAt, readChangeItems, type ChangeAction, type ChangeItem, type ItemReference, type ItemSource } from './change-items.js';
import { describeRevision, isNewerRevision, revisionState, type RevisionState } from './revision-marks.js';

export type { ChangeAction } from './change-items.js';

export interface DocumentChange {
  kind: 'sheet' | 'section' | 'note';
  action: ChangeAction;
  /** Sheet number ("E-201") or section number ("26 05 19"); none for a note or a section named by title alone. */
  ref?: string;
  title?: string;
  /** What a person reads about the change (the addendum's own words when it lists the change). */
  detail: string;
  /** The addendum's page the change was read on. */
  page?: number;
  /** How it was found: the reissued sheet or section itself, the addendum's sheet index, or its list of changes. */
  found: Array<'sheet' | 'index' | 'section' | 'item'>;
  /** Two-digit MasterFormat divisions the change concerns (never 00/01). */
  divisions: string[];
}

export interface AddendumChanges {
  schema: 'redbutton.addendum-changes';
  version: 1;
  changes: DocumentChange[];
  /**
   * The trades whose work the addendum adds or changes, sorted: what the job's trades gain. A change
   * that only removes work, or a weak designator's guess ("S" for concrete or steel), tells the
   * invitees of its trades but adds no trade to the job.
   */
  divisions: string[];
}

/** Divisions that are bidding and contract requirements, never a trade to notify. */
const NOT_TRADES = new Set(['00', '01']);
/** Trade words an item's text must weigh to concern a trade on its own (a clear item of the trade). */
const ITEM_KEYWORD_WEIGHT = 2;
/** The addendum's list ends here; what follows are reissued documents. */
const END_OF_LIST = /^\s*END\s+OF\s+ADDENDUM\b/i;
/** An index entry marked as taken out of the set. */
const DELETED_TITLE = /\b(?:DELETED|VOID(?:ED)?|NOT\s+USED|REMOVED)\b/i;
const MAX_DETAIL = 240;

interface KnownSheet {
  number: string;
  title?: string;
  revision?: RevisionState;
  page?: PageText;
}

/** Sheets of the earlier documents: drawn on a page, or listed in a sheet index. */
function sheetsOf(docs: readonly PdfDocumentText[]): Map<string, KnownSheet> {
  const out = new Map<string, KnownSheet>();
  for (const doc of docs) {
    const indexTitles = new Map(doc.sheetIndex.map((e) => [sheetKey(e.number), e.title]));
    for (const page of doc.pages) {
      if (!page.sheet) continue;
      const title = page.sheet.title ?? indexTitles.get(sheetKey(page.sheet.number));
      out.set(sheetKey(page.sheet.number), { number: page.sheet.number, ...(title ? { title } : {}), revision: revisionState(page), page });
    }
    for (const e of doc.sheetIndex) if (!out.has(sheetKey(e.number))) out.set(sheetKey(e.number), { number: e.number, title: e.title });
  }
  return out;
}

/** Trade sections of documents (headings and page footers), number → title. */
function sectionsOf(docs: readonly PdfDocumentText[]): Map<string, { title?: string; page: number }> {
  const out = new Map<string, { title?: string; page: number }>();
  for (const doc of docs) {
    for (const page of doc.pages) {
      for (const s of page.sections) {
        if (s.kind !== 'section' || tradeDivisions(divisionsOfSection(s.number, s.title)).length === 0) continue;
        const known = out.get(s.number);
        if (!known || (!known.title && s.title)) out.set(s.number, { ...(s.title ? { title: s.title } : {}), page: page.page });
      }
    }
  }
  return out;
}

const tradeDivisions = (divisions: readonly string[]) => divisions.filter((d) => !NOT_TRADES.has(d));

/**
 * The pages that carry the addendum's own list: from the first page, the pages that are not a
 * drawing sheet and belong to the same document as the first (no other spec section begins), up
 * to "END OF ADDENDUM".
 */
function listPages(addendum: PdfDocumentText): ItemSource[] {
  const out: ItemSource[] = [];
  const firstSections = new Set(addendum.pages[0]?.sections.map((s) => s.number) ?? []);
  for (const page of addendum.pages) {
    if (page.sheet) break;
    if (out.length > 0 && page.sections.some((s) => !firstSections.has(s.number))) break;
    const end = page.lines.findIndex((l) => END_OF_LIST.test(l));
    // The addendum's own heading and page footers ("DOCUMENT 00 91 13", "00 91 13 - 1 of 3") are not changes.
    const own = (l: string) => parseSectionFooter(l) !== null || firstSections.has(parseSectionHeading(l)?.number ?? '');
    out.push({ page: page.page, lines: (end >= 0 ? page.lines.slice(0, end) : page.lines).filter((l) => !own(l)) });
    if (end >= 0) break;
  }
  return out;
}

/** Trade words in a piece of text that state work of a trade, outside coordination language. */
function keywordDivisions(text: string): string[] {
  if (negativeContext(text)) return [];
  return tradeDivisions(findKeywords(text).filter((h) => h.entry.weight >= ITEM_KEYWORD_WEIGHT).map((h) => h.entry.division));
}

/** The trades one drawing page shows on its own, by the same extractor that read the job (confident ones only). */
function pageDivisions(page: PageText, doc: PdfDocumentText): string[] {
  const one: PdfDocumentText = { info: { ...doc.info, pageCount: 1 }, pages: [{ ...page, page: 1 }], sheetIndex: [] };
  return tradeDivisions(extractScopeFromText(one).trades.filter((t) => t.confidence >= CONFIDENT_AT).map((t) => t.division));
}

/**
 * A sheet's trades, read as the detector reads a sheet an addendum names: a strong designator's
 * discipline, else the work its title names; a sheet of neither (architectural, general) speaks
 * through its own content; a weak designator ("S" for concrete or steel) is only a clue (`sure` false).
 */
function sheetTrades(sheet: KnownSheet, doc: PdfDocumentText | undefined): { divisions: string[]; sure: boolean } {
  const content = () => (sheet.page && doc ? pageDivisions(sheet.page, doc) : []);
  if (isGeneralSheetTitle(sheet.title)) return { divisions: content(), sure: true };
  const touched = tradeDivisions(sheetTouches(sheet.number, sheet.title).map((x) => x.division));
  if (touched.length > 0) return { divisions: uniqueSorted(touched), sure: true };
  const shown = content();
  if (shown.length > 0) return { divisions: shown, sure: true };
  return { divisions: uniqueSorted(tradeDivisions(sheetDivisions(sheet.number, sheet.title, sheet.page?.sheet?.discipline).map((x) => x.division))), sure: false };
}

const clip = (s: string) => (s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL - 1)}…` : s);
const uniqueSorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/**
 * The changes an addendum makes to the documents a job already has. `previous` = the job's earlier
 * documents (the first set and any earlier addenda), oldest first.
 */
export function detectAddendumChanges(previous: readonly PdfDocumentText[], addendum: PdfDocumentText): AddendumChanges {
  const before = sheetsOf(previous);
  const beforeSections = sectionsOf(previous);
  const sectionByTitle = new Map([...beforeSections].filter(([, s]) => s.title).map(([number, s]) => [titleKey(s.title!), number]));
  const changes = new Map<string, DocumentChange>();
  /** Per change, the divisions it surely concerns (not a weak designator's guess). */
  const sure = new Map<string, Set<string>>();
  const keyOf = (kind: DocumentChange['kind'], ref: string) => `${kind}:${kind === 'sheet' ? sheetKey(ref) : ref}`;
  const upsert = (key: string, change: DocumentChange, sureDivisions: readonly string[] = change.divisions) => {
    sure.set(key, new Set([...(sure.get(key) ?? []), ...sureDivisions]));
    const known = changes.get(key);
    if (!known) {
      changes.set(key, change);
      return;
    }
    for (const f of change.found) if (!known.found.includes(f)) known.found.push(f);
    known.divisions = uniqueSorted([...known.divisions, ...change.divisions]);
    known.title ??= change.title;
    known.page ??= change.page;
    // The addendum's own words describe a change best; a removal it states beats a reissue.
    if (change.found.includes('item')) {
      known.detail = change.detail;
      known.action = change.action;
    }
  };
  const upsertSheet = (change: DocumentChange & { ref: string }, trades: { divisions: string[]; sure: boolean }, words: readonly string[] = []) =>
    upsert(keyOf('sheet', change.ref), { ...change, divisions: uniqueSorted([...trades.divisions, ...words]) }, [...(trades.sure ? trades.divisions : []), ...words]);

  // 1. Sheets reissued in the addendum.
  const addendumIndexTitles = new Map(addendum.sheetIndex.map((e) => [sheetKey(e.number), e.title]));
  const reissued = new Set<string>();
  for (const page of addendum.pages) {
    if (!page.sheet) continue;
    const key = sheetKey(page.sheet.number);
    if (reissued.has(key)) continue;
    reissued.add(key);
    const title = page.sheet.title ?? addendumIndexTitles.get(key) ?? before.get(key)?.title;
    const sheet: KnownSheet = { number: page.sheet.number, ...(title ? { title } : {}), revision: revisionState(page), page };
    const earlier = before.get(key);
    const revision = describeRevision(sheet.revision!);
    let detail: string;
    let action: ChangeAction;
    if (!earlier) {
      action = 'added';
      detail = `new sheet${revision ? ` (${revision})` : ''}`;
    } else {
      action = 'revised';
      detail = earlier.revision && isNewerRevision(earlier.revision, sheet.revision!) ? `revised${revision ? ` (${revision})` : ''}` : 'reissued';
    }
    upsertSheet({ kind: 'sheet', action, ref: sheet.number, ...(title ? { title } : {}), detail, page: page.page, found: ['sheet'], divisions: [] }, sheetTrades(sheet, addendum));
  }

  // 2. The addendum's sheet index, when it is the set's index: sheets it drops or marks deleted are removed.
  const isSetIndex = addendum.sheetIndex.length >= 2 && [...before.keys()].filter((k) => addendumIndexTitles.has(k)).length * 2 >= before.size;
  const ownerOf = (sheet: KnownSheet | undefined) => (sheet?.page ? previous.find((d) => d.pages.includes(sheet.page!)) : undefined);
  for (const e of addendum.sheetIndex) {
    const key = sheetKey(e.number);
    const earlier = before.get(key);
    if (DELETED_TITLE.test(e.title) && earlier) {
      upsertSheet({ kind: 'sheet', action: 'removed', ref: earlier.number, ...(earlier.title ? { title: earlier.title } : {}), detail: 'deleted from the sheet index', page: e.page, found: ['index'], divisions: [] }, sheetTrades(earlier, ownerOf(earlier)));
    } else if (!earlier && !reissued.has(key)) {
      upsertSheet({ kind: 'sheet', action: 'added', ref: e.number, title: e.title, detail: 'added to the sheet index', page: e.page, found: ['index'], divisions: [] }, sheetTrades({ number: e.number, title: e.title }, undefined));
    }
  }
  if (isSetIndex) {
    for (const [key, earlier] of before) {
      if (addendumIndexTitles.has(key) || reissued.has(key)) continue;
      upsertSheet({ kind: 'sheet', action: 'removed', ref: earlier.number, ...(earlier.title ? { title: earlier.title } : {}), detail: 'no longer in the sheet index', found: ['index'], divisions: [] }, sheetTrades(earlier, ownerOf(earlier)));
    }
  }

  // 3. Spec sections reissued in the addendum.
  for (const [number, s] of sectionsOf([addendum])) {
    const earlier = beforeSections.get(number);
    const title = s.title ?? earlier?.title;
    upsert(keyOf('section', number), {
      kind: 'section',
      action: earlier ? 'revised' : 'added',
      ref: number,
      ...(title ? { title } : {}),
      detail: earlier ? 'section reissued' : 'new section',
      page: s.page,
      found: ['section'],
      divisions: tradeDivisions(divisionsOfSection(number, title)),
    });
  }

  // 4. The addendum's own list of changes.
  for (const item of readChangeItems(listPages(addendum))) addItem(item);

  function addItem(item: ChangeItem): void {
    const words = keywordDivisions(item.text);
    const detail = clip(item.text);
    // The detector's reading of the item: the sections it changes and the drawings it names.
    const read = changedSections([item.text]);
    const drawn = changedSheets([item.text]);
    const references: Array<ItemReference & { title?: string }> = [...item.references, ...readReferences(item.text, read, drawn, item.references)];
    if (references.length === 0) {
      upsert(`note:${changes.size}`, { kind: 'note', action: 'revised', detail, page: item.page, found: ['item'], divisions: uniqueSorted(words) });
      return;
    }
    for (const r of references) {
      if (r.kind === 'sheet') {
        const key = sheetKey(r.ref);
        const known = before.get(key);
        const title = known?.title ?? addendumIndexTitles.get(key) ?? drawn.find((d) => sheetKey(d.sheet) === key && d.title)?.title;
        const sheet: KnownSheet = known ?? { number: r.ref, ...(title ? { title } : {}) };
        // "Add sheet X" for a sheet the job already has is a reissue; "revise sheet X" for one it lacks adds it.
        const action: ChangeAction = r.action === 'added' && known ? 'revised' : r.action === 'revised' && !known && !reissued.has(key) ? 'added' : r.action;
        upsertSheet({ kind: 'sheet', action, ref: known?.number ?? r.ref, ...(sheet.title ? { title: sheet.title } : {}), detail, page: item.page, found: ['item'], divisions: [] }, sheetTrades(sheet, ownerOf(known)), words);
        continue;
      }
      // A section named by title alone is the earlier section of that title, when the job has one.
      const named = beforeSections.has(r.ref) ? r.ref : /^\d/.test(r.ref) ? undefined : sectionByTitle.get(titleKey(r.ref));
      const known = named ? beforeSections.get(named) : undefined;
      const byNumber = named ?? (/^\d/.test(r.ref) ? r.ref : undefined);
      const title = known?.title ?? (byNumber ? undefined : r.title);
      // The detector's reading decides: a section the item changes is its trade's; one it deletes outright
      // tells that trade's invitees; one named in passing ("Section 03 30 00 governs testing") concerns no trade.
      const changed = read.filter((s) => s.key === r.ref).flatMap((s) => s.divisions);
      const removed = r.action === 'removed' && byNumber ? divisionsOfSection(byNumber, known?.title) : [];
      const divisions = uniqueSorted(tradeDivisions([...changed, ...removed, ...(changed.length + removed.length > 0 ? words : [])]));
      const action: ChangeAction = r.action === 'added' && known ? 'revised' : r.action;
      upsert(keyOf('section', byNumber ?? titleKey(r.ref)), { kind: 'section', action, ...(byNumber ? { ref: byNumber } : {}), ...(title ? { title } : {}), detail, page: item.page, found: ['item'], divisions });
    }
  }

  const list = [...changes.entries()];
  // A change that only removes work tells its trades' invitees; it adds no trade to the job.
  const adding = list.filter(([, c]) => c.action !== 'removed').flatMap(([key]) => [...(sure.get(key) ?? [])]);
  return { schema: 'redbutton.addendum-changes', version: 1, changes: list.map(([, c]) => c), divisions: uniqueSorted(tradeDivisions(adding)) };
}

/**
 * What the detector's readers find in an item beyond the references the item names with "Sheet" or
 * "Section" and a number: a section named by its title alone ("ADD Section Gypsum Board"), by another
 * printed form ("Specification 23 05 00", "o 092216 Non-Structural Metal Framing"), a drawing listed
 * by its designator and title (`C700 "Utility Details"`).
 */
function readReferences(text: string, sections: readonly SectionChange[], sheets: ReturnType<typeof changedSheets>, named: readonly ItemReference[]): Array<ItemReference & { title?: string }> {
  const out: Array<ItemReference & { title?: string }> = [];
  const has = (kind: ItemReference['kind'], ref: string) => [...named, ...out].some((r) => r.kind === kind && (kind === 'sheet' ? sheetKey(r.ref) === sheetKey(ref) : r.ref === ref));
  const actionOf = (index: number, length: number) => actionAt(text.slice(0, index), text.slice(index + length));
  for (const s of sections) {
    if (has('section', s.key)) continue;
    const title = /^\d/.test(s.key) ? undefined : text.slice(s.index, s.index + s.length).replace(/^\s*section\s*[-–—:]?\s*/i, '').trim();
    out.push({ kind: 'section', ref: s.key, action: actionOf(s.index, s.length), ...(title ? { title } : {}) });
  }
  for (const s of sheets) if (!has('sheet', s.sheet)) out.push({ kind: 'sheet', ref: s.sheet, action: actionOf(s.index, s.length) });
  return out;
}
