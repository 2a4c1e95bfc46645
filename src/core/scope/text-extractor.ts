/**
 * The default trade extractor: offline and deterministic, structure first. The document's type
 * (doc-type.ts) decides which evidence may speak for which trades; then, strongest first:
 *  - spec sections in every printed form (section-division.ts). A page governed by a spec section
 *    counts only for that section's division(s); a single spec section is only its own trade; a
 *    project manual's trades are its sections and table of contents;
 *  - drawing sheets (discipline designator, title), the sheet index, drawing and schedule titles
 *    (schedules.ts), a bill's work sections (work-sections.ts), the sheets an addendum revises;
 *  - a one-discipline set speaks for its discipline, and for others only where a note directs
 *    their work or states scope;
 *  - trade words in notes, keynotes and prose only corroborate: never in coordination language
 *    ("by others", "by Div 26", "coordinate with", "N.I.C.", "existing to remain"), discounted on
 *    boilerplate/legend pages and master notes, and a keyword-only trade needs two independent hits;
 *    requirement sentences of an RFP/addendum and line items of a bill or estimate are stated scope.
 * Confidence: structure-stated trades ≥ 0.95, keyword trades by their points (confidence.ts line).
 * This module is the orchestration (the steps and the page loop); the jobs it calls live beside it:
 * section-pages.ts (which section governs a page), contents-page.ts, addendum-changes.ts, bill-index.ts,
 * page-sentences.ts, excluded-work.ts (N.I.C. lists), work-sites.ts (places, not work), requirements-text.ts
 * (Division 01 requirements, temporary facilities, tested materials, places kept open: no trade),
 * evidence-snippets.ts, and trade-tally.ts (the scoring).
 */
import type { PdfDocumentText } from '../pdf/types.js';
import { sheetKey } from '../pdf/sheet-number.js';
import { logger } from '../log.js';
import { divisionByCode } from './taxonomy.js';
import { drawingTitleDivisions, hydraulicsConvention, isGeneralSheetTitle, sheetDivisions } from './disciplines.js';
import { boilerplateShare, directsWork, findKeywords, forgetDocumentTexts, isBarePaint, isBidFormScope, isBoilerplate, isScopeStatement, isUnmistakable, namesTrade, negativeContext, paintLaidOnPavement, readsAsOtherTrade, statesRequirement } from './lexicon.js';
import { classifyDocument, opensAsAddendum } from './doc-type.js';
import { readContents } from './contents.js';
import { unnumberedSectionHeadings, unnumberedSectionWork } from './section-headers.js';
import { divisionsOfSection } from './section-division.js';
import { sectionsAssignedWork } from './section-references.js';
import { scheduleDivision } from './schedules.js';
import { panelScheduleOf } from './panel-schedule.js';
import { billTitleWork, BUILDING_TRADES, isBillSummary, itemAbbreviations, runOnWorkSections, workSectionDivision } from './work-sections.js';
import { divisionOfSectionTitle } from './section-titles.js';
import { pricedItemWorks, statedWorks, workObjects } from './works-vocabulary.js';
import { subcontractorRoles } from './bid-form-roles.js';
import { invitesConsultantOnly, invitesSupplierOnly } from './invited-party.js';
import { asksLiaisonWithOthers, isCloseoutExample, isMadeGood, isPlaceOfAccess, isRequirementsSection, isTemporaryFacility, isTestedMaterial, opensTemporaryList } from './requirements-text.js';
import { extractProjectFacts } from './project-facts.js';
import { ACCEPT, NOT_TRADES, Tally } from './trade-tally.js';
import { snippetAround, withSheet } from './evidence-snippets.js';
import { GENERAL_NOTE, LIST_ITEM, sentencesOf } from './page-sentences.js';
import { contentsEntry, opensWithContents, PROJECT_MANUAL } from './contents-page.js';
import { pageSections, tradeSectionsOf } from './section-pages.js';
import { QUESTION_END, answerStatesChange, tallyAddendumChanges } from './addendum-changes.js';
import { demolitionWithinRemaining, disownedByNext, endsExcludedList, type ExcludedList, excludedListOpenedBy } from './excluded-work.js';
import { namedSite, placeBefore } from './work-sites.js';
import { elementWork, requiredSubTrades, solicitedSubject } from './element-work.js';
import { continuedScopeItems, listedScopeItems, opensScopeList, type ScopeItem, scopeSentenceItems } from './scope-sentence.js';
import { abbreviationEntry, groupHeadingName, namesBill, nextLineIsWorkSection } from './bill-index.js';
import { bidItemTrades } from './bid-items.js';
import { BILL_NOTE_WEIGHT, billNoteWorks, elementTitleWork } from './bill-notes.js';
import type { Evidence, ScopeDocument } from './types.js';

export const TEXT_EXTRACTOR_NAME = 'text';
export const TEXT_EXTRACTOR_VERSION = 'text@1';

/**
 * A hit that is a whole item of a list ("…, concrete, masonry and painting"): nothing but a separator
 * (comma, semicolon, colon, "and", "&", the list's opening "includes") or the sentence's end on either side of it.
 */
function bareListItem(sentence: string, h: { index: number; length: number }): boolean {
  const before = sentence.slice(Math.max(0, h.index - 16), h.index);
  const after = sentence.slice(h.index + h.length, h.index + h.length + 12);
  return /(?:[,;:]|\band|&|\b(?:includes?|including|comprises?|consists?\s+of))\s*$/i.test(before) && /^\s*(?:[,;.]|and\b|&|$)/i.test(after);
}

/** Work nouns that follow what the work is done to in a project name. */
const WORK_NOUN = /^\s*(?:system\s+)?(?:installation|replacement|upgrades?|repairs?|modernization|rehabilitation|restoration|renovation|retrofit|improvements?)\b/i;

const REMOVED_MATERIAL = /\b(?:debris|asbestos|abatement|hazardous\s+materials?|regulated\s+waste|contaminated)\b/i;

/** A title line: capitals, short, no sentence punctuation inside. */
const TITLE_LINE = /^(?=.{4,80}$)[^a-z.;!?]*[A-Z]{3}[^a-z.;!?]*$/;

/** A numbered item of a scope schedule marked as in the contract. */
const IN_CONTRACT_ITEM = /(?:^|\s)\d{1,2}\s+[A-Z][^.]{2,80}?\s+in\s+contract\b(?!\s+documents)|\bin\s+contract\s+\d{1,2}\s+[A-Z]/i;

const CONSULTANT_ROLE = /^\s*(?:architects?|engineers?|engineering|consultants?|designers?|design\s+consultants?)\b/i;

const PROJECT_INSTRUCTION = /^[A-Z]{1,2}[.)]\s+(?:PROVIDE|CONNECT|INSTALL|FURNISH|EXTEND|RELOCATE|REMOVE|REPLACE)\b[^.]*\b(?:NEW|EXISTING)\b|^[A-Z]{1,2}[.)]\s+(?:PROVIDE|CONNECT|INSTALL|FURNISH)\s+(?:NEW\b|AN?\b|\d)/;
const GENERIC_VOICE = /\b(?:shall|where|unless|typical|all)\b/i;

/** A temporary facility, a tested material, a place kept open, existing work made good, a closeout clause's examples or others' work to liaise about (requirements-text.ts). */
const notWorkAsked = (sentence: string, index: number, division: string): boolean =>
  isTemporaryFacility(sentence, index, division) || isTestedMaterial(sentence, index) || isPlaceOfAccess(sentence, index) || isMadeGood(sentence, index) || isCloseoutExample(sentence, index) || asksLiaisonWithOthers(sentence);

export interface TextExtractOptions {
  fileName?: string;
  /** Clock for createdAt (tests). */
  now?: () => Date;
}

/** The strongest trade word of a section's name, when it names a trade. */
function divisionOfName(name: string): string | undefined {
  const best = findKeywords(name).sort((x, y) => y.entry.weight - x.entry.weight)[0];
  return best && !NOT_TRADES.has(best.entry.division) ? best.entry.division : undefined;
}

/** The division of a document that is one spec section without a number: one heading title across its text pages, naming a trade. */
function unnumberedSectionDivision(doc: PdfDocumentText): Set<string> | undefined {
  const titles = new Set(doc.pages.filter((p) => p.hasTextLayer && !p.sheet).flatMap((p) => unnumberedSectionHeadings(p.lines)));
  const division = titles.size === 1 ? divisionOfName([...titles][0]!) : undefined;
  return division ? new Set([division]) : undefined;
}

/** Trades and project facts from a document's text. Pure: same input, same output. */
export function extractScopeFromText(doc: PdfDocumentText, opts: TextExtractOptions = {}): ScopeDocument {
  forgetDocumentTexts();
  const tally = new Tally();
  const contents = readContents(doc.pages.filter((p) => p.hasTextLayer && !p.sheet));
  const sections = pageSections(doc, contents);
  const profile = classifyDocument(doc, tradeSectionsOf(sections));
  logger.debug({ type: profile.type, discipline: profile.discipline }, 'document type');
  const numbered = [...sections.values()].some((s) => s.own.length > 0 || s.governing);
  // A single spec section speaks for its own division(s) on every page, cover and all; so does one printed without a
  // number ("SECTION CONCRETE FORMS AND ACCESSORIES … PART 1 GENERAL"): its related sections and cited standards are not its work.
  const sectionOnly =
    profile.type === 'spec-section'
      ? new Set([...sections.values()].flatMap((s) => s.own.flatMap((o) => o.divisions)))
      : profile.type === 'other' && !numbered
        ? unnumberedSectionDivision(doc)
        : undefined;
  const speaksFor = (division: string, scope: boolean): boolean => {
    if (sectionOnly) return sectionOnly.has(division);
    // A one-discipline set speaks for its discipline, and for others only where it states or directs their work.
    if (profile.disciplineDivisions && !profile.disciplineDivisions.has(division)) return scope;
    return true;
  };

  // 1. Spec sections.
  for (const page of doc.pages) {
    for (const s of sections.get(page.page)?.own ?? []) {
      for (const division of s.divisions) tally.section(division, s.number, {
        page: page.page,
        section: s.number,
        snippet: snippetAround(`SECTION ${s.number}${s.title ? ` ${s.title}` : ''}`),
        source: 'spec-section',
      });
    }
    for (const s of page.sections ?? []) {
      if (s.kind !== 'division') continue;
      const d = divisionByCode(s.number.replace(/\D/g, '').slice(0, 2));
      // A division heading the contents marks "Not Used" on the next line or page is absent.
      if (!d || contents.absentDivisions.has(d.code)) continue;
      tally.section(d.code, `DIVISION ${d.code}`, {
        page: page.page,
        snippet: snippetAround(`DIVISION ${d.code}${s.title ? ` ${s.title}` : ''}`),
        source: 'spec-section',
      }, 2);
    }
  }

  // A division the table of contents lists with sections or titles under it is one the manual has.
  for (const c of contents.divisions) {
    if (NOT_TRADES.has(c.division) || !divisionByCode(c.division)) continue;
    tally.structural(c.division, `contents-division:${c.division}`, { page: c.page, snippet: snippetAround(c.entry), source: 'spec-section' });
  }

  // A spec section printed without a number names its own work in its heading and its description.
  if (profile.type !== 'spec-section' && !numbered) {
    for (const page of doc.pages) {
      if (page.sheet || !page.hasTextLayer) continue;
      for (const name of unnumberedSectionWork(page.lines)) {
        const division = divisionOfName(name);
        if (!division || !speaksFor(division, true)) continue;
        tally.structural(division, `unnumbered:${division}`, { page: page.page, snippet: snippetAround(name), source: 'spec-section' });
      }
    }
  }

  // A sentence that puts work into a section of this contract ("… are part of work of Section 16000") states that
  // section's trade; every other reference to a section is left alone (section-references.ts).
  for (const page of doc.pages) {
    if (!page.hasTextLayer) continue;
    const text = page.text;
    for (const a of sectionsAssignedWork(text)) {
      for (const division of divisionsOfSection(a.number)) {
        if (NOT_TRADES.has(division) || !speaksFor(division, true)) continue;
        tally.section(division, a.number, withSheet(page, { page: page.page, section: a.number, snippet: snippetAround(text, a.index, a.length), source: 'spec-section' }));
      }
    }
  }

  // 2. Drawing sheets: discipline letter and title words.
  const sheets: ScopeDocument['sheets'] = [];
  /**
   * A drawing titled for its work ("FIRST FLOOR POWER PLAN", "PLUMBING RISER DIAGRAM") is that trade's sheet where its
   * letter names no trade (A, G, an unknown designator) or the same one: a set states that work by drawing it. On another
   * trade's sheet the title names what that trade connects to ("MECHANICAL POWER PLAN" on an E sheet), not a trade.
   */
  const titledWork = (title: string | undefined, byLetter: ReadonlyArray<{ division: string; strength: number }>): string[] => {
    const own = byLetter.filter((x) => x.strength >= 0.7).map((x) => x.division);
    return drawingTitleDivisions(title).filter((d) => (own.length === 0 || own.includes(d)) && speaksFor(d, true));
  };
  const indexTitles = new Map((doc.sheetIndex ?? []).map((e) => [sheetKey(e.number), e.title]));
  // Whether "H" sheets are hydraulics (Australia, New Zealand) or hazardous materials (NCS): the set's titles and sheets say.
  const hydraulics = hydraulicsConvention([...indexTitles.values(), ...doc.pages.filter((p) => p.sheet).map((p) => `${p.sheet!.title ?? ''}\n${p.text}`)]);
  for (const page of doc.pages) {
    if (!page.sheet) continue;
    const { number, discipline } = page.sheet;
    // The title block's title, else the drawing list's title for this sheet number.
    const title = page.sheet.title ?? indexTitles.get(sheetKey(number));
    sheets.push(title ? { page: page.page, number, title } : { page: page.page, number });
    const label = snippetAround(`${number}${title ? ` ${title}` : ''}`);
    const byLetter = sheetDivisions(number, title, discipline, { hydraulics });
    for (const x of byLetter) {
      tally.sheet(x.division, x.strength, { page: page.page, sheet: number, snippet: label, source: 'sheet' });
    }
    for (const division of titledWork(title, byLetter)) tally.sheet(division, 0.8, { page: page.page, sheet: number, snippet: label, source: 'sheet' });
    if (title && !isGeneralSheetTitle(title)) {
      for (const h of findKeywords(title)) {
        if (!speaksFor(h.entry.division, false)) continue;
        tally.keyword(h.entry.division, `sheet:${h.entry.phrase}`, h.entry.weight * 1.5, page.page, { page: page.page, sheet: number, snippet: label, source: 'sheet' }, h.entry.weight >= 2);
      }
    }
  }

  // 3. The sheet index (drawing list).
  for (const e of doc.sheetIndex ?? []) {
    const label = snippetAround(`${e.number} ${e.title}`);
    const byLetter = sheetDivisions(e.number, e.title, undefined, { hydraulics });
    for (const x of byLetter) {
      tally.index(x.division, x.strength, { page: e.page, sheet: e.number, snippet: label, source: 'sheet-index' });
    }
    for (const division of titledWork(e.title, byLetter)) tally.index(division, 0.8, { page: e.page, sheet: e.number, snippet: label, source: 'sheet-index' });
    if (!isGeneralSheetTitle(e.title)) {
      for (const h of findKeywords(e.title)) {
        if (!speaksFor(h.entry.division, false)) continue;
        tally.keyword(h.entry.division, `index:${h.entry.phrase}`, h.entry.weight, e.page, { page: e.page, sheet: e.number, snippet: label, source: 'sheet-index' }, h.entry.weight >= 2.5);
      }
    }
  }

  /** Cover, notes, legend and abbreviation sheets. */
  const legendPageOf = (page: PdfDocumentText['pages'][number]): boolean =>
    page.sheet
      ? isGeneralSheetTitle(page.sheet.title ?? indexTitles.get(sheetKey(page.sheet.number)))
      : Math.max(page.width, page.height) >= 1200 && /\bABBREVIATIONS\b/.test(page.text);

  // An addendum speaks for what its changes touch: the sheets it revises and the spec sections it changes.
  // An addendum that reissues sections reads as a spec book; its change list is still its changes.
  if (profile.type === 'addendum' || opensAsAddendum(doc)) tallyAddendumChanges(doc, tally);

  // 4. Schedule titles and a bill's work sections: the document's own statement of a trade.
  const measured = profile.type === 'bill-of-quantities' || profile.type === 'cost-estimate';
  // A project manual whose table of contents lists its sections by title alone ("FILL AND BACKFILL").
  const manual = PROJECT_MANUAL.test(doc.pages[0]?.lines.slice(0, 12).join('\n') ?? '');
  const groupHeadings: string[] = [];
  const buildingBills: Array<{ page: number; line: string }> = [];
  const billSections = new Set<string>();
  for (const page of doc.pages) {
    if (!page.hasTextLayer || sections.get(page.page)?.governing) continue;
    const contents = manual && !page.sheet && opensWithContents(page.lines);
    // A tender's schedule of prices or bill index on a page of another kind of document ("Section No. 3 Piling Works").
    const billIndex = !measured && !page.sheet && profile.type !== 'spec-section' && profile.type !== 'project-manual' && namesBill(page.text);
    // A panelboard's header with its values, or its circuit tags, is the page's electrical work (panel-schedule.ts).
    const panel = speaksFor('26', false) ? panelScheduleOf(page.text) : null;
    if (panel) tally.structural('26', 'panel-schedule', withSheet(page, { page: page.page, snippet: snippetAround(page.text.slice(panel.index, panel.index + panel.length)), source: 'schedule' }));
    const summary = (measured || billIndex) && isBillSummary(page.text);
    // The sheet's own trade, for a schedule whose title names none ("EQUIPMENT SCHEDULE" on an M sheet).
    const sheetTrades = page.sheet ? sheetDivisions(page.sheet.number, page.sheet.title, page.sheet.discipline, { hydraulics }).filter((x) => x.strength >= 0.6) : [];
    const sheetTrade = sheetTrades.length === 1 ? sheetTrades[0]!.division : undefined;
    // A bill's notes name the work it measures ("All excavations in this BoQ have been measured net"): possible trades.
    if (measured || billIndex) {
      for (const n of billNoteWorks(page.text)) {
        if (speaksFor(n.division, true)) tally.keyword(n.division, `bill-note:${n.phrase.toLowerCase()}`, BILL_NOTE_WEIGHT, page.page, { page: page.page, snippet: snippetAround(page.text.replace(/\s+/g, ' '), n.index, n.length), source: 'work-section' }, true);
      }
    }
    for (const [i, line] of page.lines.entries()) {
      if (contents && TITLE_LINE.test(line.trim()) && !negativeContext(line)) {
        for (const h of findKeywords(line)) {
          if (h.entry.weight < 2) continue;
          tally.structural(h.entry.division, `contents:${h.entry.phrase}`, { page: page.page, snippet: snippetAround(line, h.index, h.length), source: 'spec-section' });
        }
      }
      const schedule = scheduleDivision(line, sheetTrade);
      if (schedule && speaksFor(schedule, false)) {
        const ev = withSheet(page, { page: page.page, snippet: snippetAround(line), source: 'schedule' });
        // A schedule on a legend/notes sheet may be a blank template or a symbol key: a clue, not the table.
        if (legendPageOf(page)) tally.keyword(schedule, `schedule:${line.trim().toUpperCase()}`, 1, page.page, ev, false, false);
        else tally.structural(schedule, `schedule:${line.trim().toUpperCase()}`, ev);
      }
      // A drawing title naming the trade outright ("POWER PLAN", "GRADING PLAN") is the document's own
      // structure, like a sheet title — not on a legend sheet, not in boilerplate or coordination notes.
      if (TITLE_LINE.test(line) && !legendPageOf(page) && !negativeContext(line) && !isBoilerplate(line)) {
        for (const h of findKeywords(line)) {
          if (h.entry.weight < 3 || !speaksFor(h.entry.division, false)) continue;
          tally.structural(h.entry.division, `title:${h.entry.phrase}`, withSheet(page, { page: page.page, snippet: snippetAround(line, h.index, h.length), source: 'sheet' }));
        }
      }
      const section = measured || billIndex ? workSectionDivision(line) : null;
      // "BILL NO. 3: MECHANICAL INSTALLATIONS:" over "SECTION 05 : SANITARY, PLUMBING & DRAINAGE": the group is read through its sections.
      const group = section !== null && /:\s*$/.test(line) && nextLineIsWorkSection(page.lines, i);
      if (group) groupHeadings.push(groupHeadingName(line));
      if (section && !group) tally.structural(section, `work-section:${section}`, { page: page.page, snippet: snippetAround(line), source: 'work-section' });
      if ((measured || billIndex) && !section) {
        for (const r of runOnWorkSections(line)) {
          tally.structural(r.division, `work-section:${r.division}`, { page: page.page, snippet: snippetAround(r.entry), source: 'work-section' });
          billSections.add(r.division);
        }
        // A summary's bill titles ("6 ELECTRICALS -OFFICE", "7 YARD FENCING", "3 OFFICE BLOCK") are its work sections.
        // So is an elemental bill's element titled under its number ("ELEMENT NO.1" over "SUBSTRUCTURE", bill-notes.ts).
        const bill = summary || /^\s*bill\b/i.test(line) ? billTitleWork(line) : elementTitleWork(page.lines, i);
        for (const division of bill?.divisions ?? []) {
          tally.structural(division, `work-section:${division}`, { page: page.page, snippet: snippetAround(line), source: 'work-section' });
          billSections.add(division);
        }
        if (bill?.building && summary) buildingBills.push({ page: page.page, line });
        for (const division of bill?.possible ?? []) tally.keyword(division, 'bill:element', ACCEPT, page.page, { page: page.page, snippet: snippetAround(line), source: 'work-section' }, true);
      }
      if (section) billSections.add(section);
      if (contents) {
        // "Non-Structural Metal Framing ........ 4": a contents entry that is a section's title alone.
        const division = divisionOfSectionTitle(contentsEntry(line.trim()).replace(/\s+\d{1,3}$/, ''));
        if (division && !NOT_TRADES.has(division)) tally.structural(division, `contents-title:${division}`, { page: page.page, snippet: snippetAround(line), source: 'spec-section' });
      }
    }
  }

  // A summary's bill titled by a building alone holds that building's trades: possible ones, and only where
  // no bill of the document names a building trade itself.
  if (buildingBills.length > 0 && !BUILDING_TRADES.some((d) => billSections.has(d))) {
    const first = buildingBills[0]!;
    for (const division of BUILDING_TRADES) {
      tally.keyword(division, 'bill:building', ACCEPT, first.page, { page: first.page, snippet: snippetAround(first.line), source: 'work-section' }, true);
    }
  }

  // A bid schedule's priced items name their works ("13 Asphalt Trail SY 930").
  if (profile.type !== 'spec-section' && profile.type !== 'project-manual') {
    for (const page of doc.pages) {
      if (!page.hasTextLayer || page.sheet || sections.get(page.page)?.governing) continue;
      const text = page.lines.join(' ');
      for (const w of pricedItemWorks(text)) {
        if (!speaksFor(w.division, true)) continue;
        tally.keyword(w.division, `item:${w.phrase}`, ACCEPT, page.page, { page: page.page, snippet: snippetAround(text, w.index, w.length), source: 'keyword' }, true);
      }
      // Rows with dotted US units or metric ones ("2 Unclassified Excavation C.Y. 1,200"), read row by row (bid-items.ts).
      for (const b of bidItemTrades(page.lines)) {
        if (!speaksFor(b.division, true)) continue;
        tally.keyword(b.division, `item:${b.phrase.toLowerCase()}`, ACCEPT, page.page, { page: page.page, snippet: snippetAround(b.row, b.index, b.length), source: 'keyword' }, true);
      }
    }
  }

  // A bid form's list of subcontractors names the job's trades ("Fire Protection Contractor", "Sheet Metal Contractor").
  if (!sectionOnly) {
    for (const page of doc.pages) {
      if (!page.hasTextLayer || page.sheet) continue;
      for (const r of subcontractorRoles(page.text)) {
        if (!speaksFor(r.division, true)) continue;
        tally.structural(r.division, `role:${r.division}`, { page: page.page, snippet: snippetAround(r.role), source: 'schedule' });
      }
    }
  }

  // 5. Trade words in notes, schedules and prose.
  // Documents that state their work item by item or sentence by sentence: a line item of a bill or
  // estimate is scope, and so is a requirement sentence of a solicitation or an addendum's change.
  // A document of no recognised kind (a letter, a tender notice, a work list) states its work the same way.
  const narrative = profile.type === 'solicitation' || profile.type === 'addendum' || profile.type === 'other';
  // Paint laid on pavement: the document's bare paint words are its marking, not finishes (lexicon.ts).
  const markingPaint = paintLaidOnPavement(doc.pages.filter((p) => p.hasTextLayer).map((p) => p.text));
  const finishPaint = (division: string, phrase: string): boolean => !(markingPaint && division === '09' && isBarePaint(phrase));
  for (const page of doc.pages) {
    if (!page.hasTextLayer || page.lines.length === 0) continue;
    const sec = sections.get(page.page);
    const governing = sec?.governing;
    const governingDivisions = governing?.divisions.filter((d) => !NOT_TRADES.has(d));
    // A page of a Division 01 requirements section (testing, temporary facilities, closeout …) names trades as examples.
    if (governing && governingDivisions!.length === 0 && isRequirementsSection(governing.number)) continue;
    const sentences = sentencesOf(page.lines);
    const boilerPage = boilerplateShare(sentences) >= 0.4;
    // A drawing: a sheet was read from its title block, or a large-format page (≥ 11×17 in) whose title block was not found.
    const drawing = page.sheet !== null || Math.max(page.width, page.height) >= 1200;
    const legendPage = legendPageOf(page);
    // A drawing's notes are not a letter's sentences: an unclassified document speaks in prose only on its text pages.
    const proseNarrative = narrative && !(profile.type === 'other' && drawing);
    // The subject line under a solicitation's heading ("REQUEST FOR PROPOSAL" / "PHOTOVOLTAIC SYSTEM") is what it solicits.
    if (proseNarrative && !governing && page.page <= 2) {
      for (const w of solicitedSubject(page.lines)) {
        if (!speaksFor(w.division, true)) continue;
        tally.element(w.division, withSheet(page, { page: page.page, snippet: snippetAround(page.lines[w.line]!, w.index, w.length), source: 'keyword' }));
      }
    }
    let inMasterNote = false;
    let removalList = false;
    let excluded: ExcludedList | undefined;
    // Items listed under a scope statement ("The Work includes:" + bullets) are scope too.
    let scopeItemsLeft = 0;
    /** Sentences left of the description of the work that the document's own scope sentence opens. */
    let ownScopeLeft = 0;
    /** Lines left of the list under a scope head that leaves its items to them ("The Work includes:"). */
    let ownListLeft = 0;
    /** The sentences after an addendum's question, up to the next question, answer it. */
    let afterQuestion = false;
    /** Items left of a list of facilities for the time of construction ("Temporary utilities required include:"). */
    let temporaryItemsLeft = 0;
    for (const [si, sentence] of sentences.entries()) {
      const asked = QUESTION_END.test(sentence);
      const answer = afterQuestion && !asked;
      afterQuestion = profile.type === 'addendum' && (asked || afterQuestion);
      const listItem = LIST_ITEM.test(sentence);
      const temporaryItem = temporaryItemsLeft > 0 && listItem;
      temporaryItemsLeft = opensTemporaryList(sentence) ? 20 : temporaryItem ? temporaryItemsLeft - 1 : 0;
      const scopeHead = isScopeStatement(sentence) || (!drawing && isBidFormScope(sentence));
      // A scope statement that opens a list ("… consists of the construction of: Removal of …") carries on into
      // its items, with or without bullets, until a long sentence or bidding terms end the list.
      // A contents entry's leader dots and page number ("1.2 Scope of Works ........ 4") are not its words: the entries under it are its items.
      const entry = scopeHead || scopeItemsLeft > 0 ? contentsEntry(sentence) : sentence;
      if (scopeHead) scopeItemsLeft = /[:;]\s*$|^[A-Z0-9 .,&-]{0,40}:?$|:\s/.test(entry) || entry.length < 60 ? 20 : 0;
      else if (scopeItemsLeft > 0) scopeItemsLeft = (listItem || entry.length < 120) && !isBoilerplate(sentence) ? scopeItemsLeft - 1 : 0;
      // A lettered note's later sentences belong to it; a numbered keynote ends it.
      // A lettered note that instructs this job's work ("B. PROVIDE …", "E. CONNECT NEW …") is not a master note.
      if (GENERAL_NOTE.test(sentence)) inMasterNote = !PROJECT_INSTRUCTION.test(sentence);
      else if (/^\d{1,3}[.)]?\s+[A-Z]/.test(sentence) || /\b(?:KEY\s?NOTES|SHEET\s+NOTES)\b/i.test(sentence)) inMasterNote = false;
      // "Stage 3: Construct the electrical room … The work of this stage "by others"": the next sentence disowns this one.
      const disowned = disownedByNext(sentences, si);
      const negative = negativeContext(sentence) ?? (disowned ? 'by-others' : null);
      const disowning = negative !== null && negative !== 'existing';
      if (excluded && !disowning) {
        const ends = endsExcludedList(excluded, sentence, scopeHead, listItem);
        excluded = ends || excluded.left <= 1 ? undefined : { ...excluded, left: excluded.left - 1 };
        if (!ends) continue;
      }
      if (temporaryItem) continue;
      // A solicitation's work named as facilities and works ("construction of a parking area", "watermain replacement").
      // A code's name nearby ("… 2021 … Invitation to Tender for …") does not make the work a citation.
      const works = proseNarrative && (!negative || negative === 'code-citation') && !governing ? statedWorks(sentence) : [];
      for (const w of works) {
        if (!speaksFor(w.division, true) || placeBefore(sentence, w.index) || notWorkAsked(sentence, w.index, w.division)) continue;
        tally.keyword(w.division, `works:${w.phrase}`, ACCEPT, page.page, withSheet(page, { page: page.page, snippet: snippetAround(sentence, w.index, w.length), source: 'keyword' }), true);
      }
      // The document's own scope sentence names a trade in every item ("Work consists of new ceilings, windows,
      // plumbing …"), and the sentences after it that go on listing the work do too (scope-sentence.ts).
      // So do the lines of a list under a head that leaves its items to them ("The Work includes:" + bullets).
      const own = legendPage ? null : scopeSentenceItems(sentence);
      let scopeItems: ScopeItem[] | null = own;
      if (own === null && ownListLeft > 0) {
        scopeItems = listedScopeItems(sentence);
        ownListLeft = scopeItems ? ownListLeft - 1 : 0;
      }
      if (scopeItems === null && ownScopeLeft > 0) scopeItems = continuedScopeItems(sentence);
      ownScopeLeft = own !== null ? 12 : scopeItems !== null ? ownScopeLeft - 1 : 0;
      if (own !== null && opensScopeList(sentence)) ownListLeft = 20;
      for (const item of scopeItems ?? []) {
        if (item.minor || !speaksFor(item.division, true) || notWorkAsked(sentence, item.index, item.division) || !finishPaint(item.division, item.phrase)) continue;
        // A word of several trades ("M&E services") is each of them: the lexicon's one-trade reading of it does not overrule.
        const severalTrades = (scopeItems ?? []).some((o) => o !== item && o.index === item.index && o.length === item.length);
        if (!severalTrades && readsAsOtherTrade(sentence, item.index, item.length, item.division)) continue;
        if (governingDivisions && governingDivisions.length > 0 && !governingDivisions.includes(item.division)) continue;
        const ev: Evidence = withSheet(page, { page: page.page, snippet: snippetAround(sentence, item.index, item.length), source: 'scope-sentence' });
        if (governing) ev.section = governing.number;
        tally.scopeItem(item.division, ev);
      }
      // Work done to a named element ("Installation of new doors", "Providing and laying lime concrete", "Re-roof …",
      // "a 10 kW photovoltaic system", "Sub-Contractor for … Painting"): the element's trade, possible on its own (element-work.ts).
      // Coordination language is judged in the element's own clause: a form's fields run together into one sentence.
      // A bill's notes on its own work are read page by page above (bill-notes.ts).
      if (proseNarrative && !disowned && !governing && !legendPage) {
        for (const w of [...elementWork(sentence), ...requiredSubTrades(sentence)]) {
          if (!speaksFor(w.division, true) || placeBefore(sentence, w.index) || notWorkAsked(sentence, w.index, w.division) || !finishPaint(w.division, w.phrase)) continue;
          tally.element(w.division, withSheet(page, { page: page.page, snippet: snippetAround(sentence, w.index, w.length), source: 'keyword' }));
        }
      }
      if (disowning) {
        // "The following items are provided … by others (N.I.C.)" opens a list of what the contract excludes:
        // its items are not the job's work either, and they end any list of scope above them.
        excluded = excludedListOpenedBy(sentence);
        scopeItemsLeft = 0;
        continue;
      }
      // "Selective demolition within the existing building to remain": what remains is the building;
      // demolition inside it is still this job's work. Every other trade word in such a sentence is what stays.
      let hits = negative ? findKeywords(sentence).filter((h) => demolitionWithinRemaining(sentence, h)) : findKeywords(sentence);
      // "abatement of … floor tile; roof tile flashing; pipe insulation", "removal of ALL debris, i.e. rocks, masonry …":
      // what is abated or hauled away is demolition (and its earthwork), not the trades whose materials are named.
      // The list goes on after a semicolon: "…; 70 L.F. of roof tile flashing; 295 S.F. of pipe insulation; …".
      removalList = REMOVED_MATERIAL.test(sentence) ? /[;:]$/.test(sentence) : removalList && /;$/.test(sentence);
      if (removalList || REMOVED_MATERIAL.test(sentence)) hits = hits.filter((h) => h.entry.division === '02' || h.entry.division === '31');
      // A bill item's trade abbreviation ("12mm thick CP (1:6)") is the item's trade.
      if (measured && !negative) hits = [...hits, ...itemAbbreviations(sentence).map(({ division, phrase, index, length }) => ({ entry: abbreviationEntry(division, phrase), index, length, text: sentence.slice(index, index + length) }))];
      // A bill's group heading read through its sections ("MECHANICAL INSTALLATIONS:" over "SANITARY, PLUMBING & DRAINAGE") is not a trade itself.
      if (measured) hits = hits.filter((h) => !groupHeadings.some((g) => { const at = sentence.indexOf(g); return at >= 0 && h.index >= at && h.index < at + g.length; }));
      if (hits.length === 0) continue;
      // Trade words inside a work verb's object ("construction of timber framed and blockwork clad extensions") are stated work.
      const objects = proseNarrative && !negative && !governing ? workObjects(sentence).filter((o) => !o.removal) : [];
      // A schedule of scope marking its numbered items "In Contract" ("1 Demolition and Disposal In Contract 2 …") lists the work.
      const scope = scopeHead || scopeItemsLeft > 0 || (!negative && /in contract/i.test(sentence) && IN_CONTRACT_ITEM.test(sentence));
      const stated = !scope && !boilerPage && !isBoilerplate(sentence) && ((measured && !governing) || (proseNarrative && (statesRequirement(sentence) || (answer && answerStatesChange(sentence)))));
      let factor = 1;
      let specific = true;
      if (scope) factor = 1.5;
      else if (stated) factor = 1.2;
      else {
        if (isBoilerplate(sentence)) factor *= 0.3;
        // A table-of-contents line ("10.4 Electrical System ........ 42") names a part, it is not the part.
        if (/\.{6,}|…{3,}/.test(sentence)) factor *= 0.7;
        if (boilerPage) factor *= 0.5;
        if (legendPage) factor *= 0.3;
        // Lettered general notes on a drawing ("P. ALL MASONRY SHALL BE …") are master notes: they
        // describe conditions that may not exist in this project, unlike numbered keynotes.
        const masterNote = drawing && inMasterNote;
        if (masterNote) factor *= GENERIC_VOICE.test(sentence) ? 0.4 : 0.6;
        specific = !(masterNote || legendPage || boilerPage);
      }
      // A list of trades: at least two of the sentence's list items are trades named outright.
      const tradeList = scope && hits.filter((h) => (namesTrade(h.entry) || isUnmistakable(h.entry)) && bareListItem(sentence, h)).length >= 2;
      for (const h of hits) {
        // A zero-weight phrase only shields its words from a shorter match ("masonry anchor", "stone aggregate").
        if (h.entry.weight <= 0 || !finishPaint(h.entry.division, h.entry.phrase)) continue;
        // "cross under the railroad tracks", "along the existing sidewalk": where the work runs, not what it is.
        if (placeBefore(sentence, h.index) || namedSite(sentence, h) || notWorkAsked(sentence, h.index, h.entry.division)) continue;
        // A spec section speaks for its own division only.
        if (governingDivisions && governingDivisions.length > 0 && !governingDivisions.includes(h.entry.division)) continue;
        if (!speaksFor(h.entry.division, scope || stated || directsWork(sentence, h.index))) continue;
        // "LANDSCAPE ARCHITECT", "ELECTRICAL ENGINEER": a consultant's role, not work.
        if (CONSULTANT_ROLE.test(sentence.slice(h.index + h.length))) continue;
        const ev: Evidence = withSheet(page, { page: page.page, snippet: snippetAround(sentence, h.index, h.length), source: 'keyword' });
        if (governing) ev.section = governing.number;
        const objectOfWork = !scope && !stated && objects.some((o) => h.index >= o.start && h.index + h.length <= o.end);
        const hitStated = stated || objectOfWork;
        // A trade named outright where the work is stated ("… electrical, HVAC, plumbing …") is that trade's scope.
        // So is a bare shared word listed among trade names ("includes concrete, masonry, metal fabrication, …").
        const named = namesTrade(h.entry) || (scope && tradeList && bareListItem(sentence, h));
        const weight = (scope || hitStated) && named ? Math.max(h.entry.weight, 2) : h.entry.weight;
        // In a stated scope of work a clear word of the trade (weight ≥ 1.5: "grading", "turf", "dismantling") is enough;
        // a requirement sentence elsewhere needs an unmistakable one.
        const strong = (scope && weight >= 1.5) || (hitStated && weight >= 2);
        const hitFactor = objectOfWork ? 1.2 : factor;
        // A clear trade word in a sentence that states the work is enough on its own.
        tally.keyword(h.entry.division, h.entry.phrase, strong ? Math.max(weight * hitFactor, ACCEPT) : weight * hitFactor, page.page, ev, strong, specific || objectOfWork);
        // A scope of work naming the trade in its own words ("Scope of Work: … curtain wall …") is the document saying so.
        if (scope && !governing && isUnmistakable(h.entry)) tally.stated(h.entry.division, h.entry.phrase);
      }
    }
  }

  // 6. A project named for its trade ("Elevator Modernization", "Roof Replacement", "Water Main Replacement") is that trade's job.
  const project = extractProjectFacts(doc);
  if (project.name && !negativeContext(project.name.value)) {
    const name = project.name.value;
    for (const h of findKeywords(name)) {
      // "Generator Installation", "Window Replacement", "Sewer Rehabilitation": the thing the work is done to names the trade, even a plain word.
      const workedOn = WORK_NOUN.test(name.slice(h.index + h.length));
      if (h.entry.weight < (workedOn ? 0.5 : 2) || !speaksFor(h.entry.division, true) || notWorkAsked(name, h.index, h.entry.division)) continue;
      tally.keyword(h.entry.division, `name:${h.entry.phrase}`, Math.max(h.entry.weight * 1.5, ACCEPT), project.name.page, { page: project.name.page, snippet: snippetAround(project.name.value, h.index, h.length), source: 'keyword' }, true);
      if (isUnmistakable(h.entry)) tally.stated(h.entry.division, `name:${h.entry.phrase}`);
    }
    // "Granular Road Conversion", "Removal of Pedestrian Bridge", "Splash Park - Design and Construction": the works it names.
    for (const w of statedWorks(name)) {
      if (!speaksFor(w.division, true)) continue;
      tally.keyword(w.division, `name:works:${w.phrase}`, ACCEPT, project.name.page, { page: project.name.page, snippet: snippetAround(name, w.index, w.length), source: 'keyword' }, true);
    }
  }

  const opening = profile.type === 'solicitation' || profile.type === 'other' ? doc.pages.slice(0, 3).map((p) => p.text).join('\n') : '';
  const consultantOnly = opening !== '' && invitesConsultantOnly(opening);
  if (consultantOnly) logger.debug('the document invites a consultant, not a builder: no trades');
  // A tender for the supply of goods that asks for nothing to be installed or built buys products, not a trade's work.
  const supplierOnly = opening !== '' && !consultantOnly && invitesSupplierOnly(opening);
  if (supplierOnly) logger.debug('the document invites a supplier of goods, not a builder: no trades');
  const now = opts.now?.() ?? new Date();
  const source: ScopeDocument['source'] = { sha256: doc.info.sha256, pages: doc.info.pageCount };
  if (opts.fileName) source.fileName = opts.fileName;
  return {
    schema: 'redbutton.scope',
    version: 2,
    extractor: TEXT_EXTRACTOR_NAME,
    createdAt: now.toISOString(),
    source,
    project,
    sheets,
    // A tender for a consultant's services buys no construction: the works it describes are what the consultant designs.
    trades: consultantOnly || supplierOnly ? [] : tally.results({ specBook: profile.type === 'project-manual' }),
  };
}

