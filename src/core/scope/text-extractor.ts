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
 */
import type { PdfDocumentText } from '../pdf/types.js';
import { logger } from '../log.js';
import { divisionByCode } from './taxonomy.js';
import { isGeneralSheetTitle, sheetDivisions } from './disciplines.js';
import { boilerplateShare, directsWork, findKeywords, type KeywordHit, isBidFormScope, isBoilerplate, isScopeStatement, isUnmistakable, namesTrade, negativeContext, statesRequirement } from './lexicon.js';
import { normalizeSectionNumber, parseSectionFooter, parseSectionHeading } from '../pdf/sections.js';
import { classifyDocument } from './doc-type.js';
import { readContents, type TableOfContents } from './contents.js';
import { runInSectionHeadings, unnumberedSectionWork } from './section-headers.js';
import { divisionsOfSection } from './section-division.js';
import { sectionsAssignedWork } from './section-references.js';
import { scheduleDivision } from './schedules.js';
import { itemAbbreviations, runOnWorkSections, workSectionDivision } from './work-sections.js';
import { pricedItemWorks, statedWorks, workObjects } from './works-vocabulary.js';
import { subcontractorRoles } from './bid-form-roles.js';
import { invitesConsultantOnly } from './invited-party.js';
import { extractProjectFacts } from './project-facts.js';
import type { DetectedTrade, Evidence, ScopeDocument } from './types.js';

export const TEXT_EXTRACTOR_NAME = 'text';
export const TEXT_EXTRACTOR_VERSION = 'text@1';

/** Divisions that are never invited as trades (bidding/contract requirements, general requirements). */
const NOT_TRADES = new Set(['00', '01']);

/** Points needed to report a trade, and how points become a confidence. */
const ACCEPT = 2.5;
const confidenceOf = (points: number) => Math.round(Math.min(0.99, 1 - Math.exp(-points / 3)) * 100) / 100;
/** A trade the document's own structure states (its sheets, sections, schedules, bill sections) is confident however little else says it. */
const AUTHORITATIVE = 0.95;
/**
 * A trade a stated scope names twice in words that mean only that trade (two different phrases, or the
 * project's name and its scope): pre-selected (confidence.ts line). One such word alone stays possible:
 * a scope names minor work of other trades in passing ("minor plumbing modifications", "removal of two skylights").
 * On the development texts (the corpus and five rounds of public texts) these were named by the truth
 * in every case; bench/README.md's "Round 6" paragraph has the figures.
 */
const STATED = 0.9;

/** Keyword points a keyword-only trade needs outside master notes, legends and boilerplate. */
const MIN_SPECIFIC = 1.5;

const MAX_SNIPPET = 160;
const MAX_EVIDENCE = 8;

interface Acc {
  points: number;
  strong: boolean;
  /** Seen in the document's own structure: a strong discipline's sheet, its own spec section, a schedule, a work section. */
  authoritative: boolean;
  /** Unmistakable words of the trade where the document states its work (a scope of work, the project's name). */
  stated: Set<string>;
  /** Best weight per phrase seen outside master notes, legends and boilerplate. */
  specificBest: Map<string, number>;
  /** Independent keyword observations: distinct phrases, plus repeats on other pages. */
  independent: number;
  evidence: Array<Evidence & { weight: number }>;
  sheetCount: number;
  indexCount: number;
  sections: Set<string>;
  phrases: Map<string, { best: number; pages: Set<number>; notes: Set<string> }>;
}

class Tally {
  private readonly acc = new Map<string, Acc>();

  private get(division: string): Acc {
    let a = this.acc.get(division);
    if (!a) {
      a = { points: 0, strong: false, authoritative: false, stated: new Set(), specificBest: new Map(), independent: 0, evidence: [], sheetCount: 0, indexCount: 0, sections: new Set(), phrases: new Map() };
      this.acc.set(division, a);
    }
    return a;
  }

  sheet(division: string, strength: number, ev: Evidence): void {
    const a = this.get(division);
    // A strong discipline (0.8) on one sheet is enough by itself; weak ones need company.
    a.points += a.sheetCount === 0 ? (strength / 0.8) * ACCEPT : Math.min(0.5, strength * 0.6) * (a.sheetCount < 4 ? 1 : 0);
    if (strength >= 0.7) a.strong = a.authoritative = true;
    a.sheetCount++;
    // Strong sheets lead the evidence; a weak discipline ranks like an ordinary keyword.
    a.evidence.push({ ...ev, weight: strength >= 0.7 ? 10 + strength : strength * 3 });
  }

  index(division: string, strength: number, ev: Evidence): void {
    const a = this.get(division);
    a.points += a.indexCount === 0 ? (strength / 0.8) * ACCEPT : Math.min(0.3, strength * 0.4) * (a.indexCount < 4 ? 1 : 0);
    if (strength >= 0.7) a.strong = a.authoritative = true;
    a.indexCount++;
    a.evidence.push({ ...ev, weight: strength >= 0.7 ? 8 + strength : strength * 2 });
  }

  section(division: string, number: string, ev: Evidence, weight = 3): void {
    const a = this.get(division);
    if (a.sections.has(number)) return;
    a.points += a.sections.size === 0 ? weight : Math.min(1, weight / 3);
    a.strong = a.strong || weight >= 3;
    a.authoritative = a.authoritative || weight >= 3;
    a.sections.add(number);
    a.evidence.push({ ...ev, weight: 20 });
  }

  /** A schedule title or a bill's work section: the document's own table or section of the trade. */
  structural(division: string, key: string, ev: Evidence): void {
    const a = this.get(division);
    if (a.sections.has(key)) return;
    a.points += a.sections.size === 0 ? ACCEPT : 0.5;
    a.strong = a.authoritative = true;
    a.sections.add(key);
    a.evidence.push({ ...ev, weight: 15 });
  }

  /** `strong`: a sheet title or a stated scope of work names this trade outright. */
  keyword(division: string, phrase: string, weight: number, page: number, ev: Evidence, strong = false, specific = true): void {
    if (weight <= 0) return;
    const a = this.get(division);
    if (strong) a.strong = true;
    if (specific) a.specificBest.set(phrase, Math.max(a.specificBest.get(phrase) ?? 0, weight));
    const p = a.phrases.get(phrase);
    if (!p) {
      a.phrases.set(phrase, { best: weight, pages: new Set([page]), notes: new Set([`${page}|${ev.snippet}`]) });
      a.evidence.push({ ...ev, weight });
      return;
    }
    if (p.notes.size < 4) p.notes.add(`${page}|${ev.snippet}`);
    if (weight > p.best) {
      p.best = weight;
      a.evidence.push({ ...ev, weight });
    }
    if (!p.pages.has(page)) {
      p.pages.add(page);
      if (p.pages.size <= 3) a.evidence.push({ ...ev, weight: weight * 0.9 });
    }
  }

  /** The document states this trade's work in words that mean only this trade ("Scope of Work: … overhead coiling doors"). */
  stated(division: string, phrase: string): void {
    this.get(division).stated.add(phrase);
  }

  /**
   * `specBook`: the document is a project manual (sections of several trade divisions, no
   * drawings). Its trades are its sections; a trade with no section of its own needs a stated scope.
   */
  results(opts: { specBook?: boolean } = {}): DetectedTrade[] {
    const out: DetectedTrade[] = [];
    for (const [division, a] of this.acc) {
      if (NOT_TRADES.has(division)) continue;
      const d = divisionByCode(division);
      if (!d) continue;
      let kwPoints = 0;
      let independent = 0;
      for (const p of a.phrases.values()) {
        const repeats = Math.min(p.pages.size - 1, 3);
        kwPoints += p.best + repeats * 0.2 * p.best;
        // Repeated in another note or on another page: a second, independent observation.
        if (p.best >= 0.75) independent += 1 + (p.pages.size > 1 || p.notes.size > 1 ? 1 : 0);
      }
      // A sheet of the trade's discipline, even a weak one, is an observation of its own.
      if (a.sheetCount > 0 || a.indexCount > 0) independent += 1;
      const points = a.points + kwPoints;
      // Keyword-only trades need two independent hits, and real weight outside master notes/legends/boilerplate.
      const specific = [...a.specificBest.values()].reduce((x, y) => x + y, 0);
      const ok = points >= ACCEPT && (a.strong || (independent >= 2 && (specific >= MIN_SPECIFIC || a.sheetCount + a.indexCount > 0)));
      if (ok && opts.specBook && a.sections.size === 0 && a.sheetCount + a.indexCount === 0 && !a.strong) continue;
      if (logger.isLevelEnabled('debug')) {
        logger.debug({ division, points: Math.round(points * 100) / 100, strong: a.strong, independent, specific, accepted: ok, phrases: [...a.phrases].map(([k, v]) => `${k}:${v.best.toFixed(1)}x${v.pages.size}`) }, 'trade score');
      }
      if (!ok) continue;
      const evidence = dedupeEvidence(a.evidence)
        .sort((x, y) => y.weight - x.weight || x.page - y.page)
        .slice(0, MAX_EVIDENCE)
        .map(({ weight: _w, ...e }) => e);
      out.push({ division, name: d.name, confidence: a.authoritative ? Math.max(AUTHORITATIVE, confidenceOf(points)) : a.stated.size >= 2 ? Math.max(STATED, confidenceOf(points)) : confidenceOf(points), evidence });
    }
    return out.sort((x, y) => x.division.localeCompare(y.division));
  }
}

function dedupeEvidence<T extends Evidence>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.page}|${e.source}|${e.snippet}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A ≤160-char window of `text` around [index, index+length). */
export function snippetAround(text: string, index = 0, length = 0): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= MAX_SNIPPET) return flat;
  const before = text.slice(0, index).replace(/\s+/g, ' ');
  const at = Math.min(before.length, flat.length);
  const start = Math.max(0, Math.min(at - Math.floor((MAX_SNIPPET - length) / 2), flat.length - MAX_SNIPPET + 2));
  let s = flat.slice(start, start + MAX_SNIPPET - 2).trim();
  if (start > 0) s = `…${s}`;
  if (start + MAX_SNIPPET - 2 < flat.length) s = `${s}…`;
  return s.slice(0, MAX_SNIPPET);
}

/** A bill of quantities or a schedule of prices named on a page. */
const BILL_PAGE = /\bbills?\s+of\s+quantit(?:ies|es)\b|\bschedules?\s+of\s+(?:prices|quantities|rates)\b|\bBILL\s+NO\.?\s*\d/i;

const END_OF_SECTION = /^\s*END\s+OF\s+(?:SECTION|DOCUMENT)\b/i;

interface PageSections {
  /** Section numbers ("21 01 00", legacy "15400") that head or foot this page, with their divisions. */
  own: Array<{ number: string; title?: string; divisions: string[] }>;
  /** The divisions of the section that governs this page (own, or carried from the previous page). */
  governing?: { number: string; divisions: string[] };
}

/** Every printed form of a section number counts: the reader's headings/footers, and heading or footer lines it missed. */
function pageSections(doc: PdfDocumentText, contents: TableOfContents): Map<number, PageSections> {
  const read: Array<{ page: PdfDocumentText['pages'][number]; own: Map<string, string | undefined>; ended: boolean }> = [];
  for (const page of doc.pages) {
    const own = new Map<string, string | undefined>();
    for (const s of page.sections ?? []) {
      if (s.kind !== 'section') continue;
      if (!own.has(s.number) || s.title) own.set(s.number, s.title ?? own.get(s.number));
    }
    let ended = false;
    if (!page.sheet) {
      for (const [number, title] of tableOfContents(page.lines)) if (!own.has(number)) own.set(number, title);
      for (const [number, title] of contents.sections.get(page.page) ?? []) if (!own.has(number)) own.set(number, title);
      for (const [i, line] of page.lines.entries()) {
        const h = parseSectionHeading(line, page.lines[i + 1]);
        if (h && (!own.has(h.number) || h.title)) own.set(h.number, h.title ?? own.get(h.number));
        const f = parseSectionFooter(line);
        if (f && !own.has(f)) own.set(f, undefined);
        if (END_OF_SECTION.test(line)) ended = true;
      }
    }
    read.push({ page, own, ended });
  }
  // No heading at a line start and no footer anywhere: a section's heading may be run into a header or a line.
  // (An addendum citing a section it revises is not that section: its changes are read on their own.)
  if (read.every((r) => r.own.size === 0) && !/\baddendum\b/i.test(doc.pages[0]?.lines.slice(0, 15).join(' ') ?? '')) {
    for (const r of read) if (!r.page.sheet) for (const [number, title] of runInSectionHeadings(r.page.lines)) r.own.set(number, title);
  }
  const out = new Map<number, PageSections>();
  let carried: PageSections['governing'];
  for (const { page, own, ended } of read) {
    const list = [...own].map(([number, title]) => ({ number, divisions: divisionsOfSection(number, title), ...(title ? { title } : {}) }));
    const governing = list.length === 1 ? { number: list[0]!.number, divisions: list[0]!.divisions } : list.length === 0 ? carried : undefined;
    out.set(page.page, { own: list, governing });
    carried = ended ? undefined : list.length > 0 ? { number: list[list.length - 1]!.number, divisions: list[list.length - 1]!.divisions } : carried;
  }
  return out;
}

/** A document that calls itself a project manual or a book of specifications on its cover. */
const PROJECT_MANUAL = /\b(?:project\s+manual|(?:technical\s+)?specifications\s+(?:for|book)|specification\s+book)\b/i;
const CONTENTS_HEADING = /\b(?:TABLE\s+OF\s+CONTENTS|CONTENTS|INDEX\s+OF\s+(?:SPECIFICATIONS|SECTIONS))\b/i;
const CONTENTS_ENTRY = /^(\d{2}\s?\d{2}\s?\d{2})(?:\s+[-–]?\s*([A-Z][^.…]{2,80}?))?(?:\s*\.{3,}.*|\s+\d{1,3})?$/;
const ABSENT_ENTRY = /\b(?:NOT\s+(?:APPLICABLE|USED)|N\/A)\b/i;

/**
 * A project manual's table of contents lists its sections ("09 91 23  Interior Painting ..... 4", or
 * numbers and titles in two columns). A page counts as one when a contents heading opens it and at
 * least three entries follow; entries marked "NOT USED" are absent sections.
 */
function tableOfContents(lines: readonly string[]): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  if (!lines.slice(0, 12).some((l) => CONTENTS_HEADING.test(l))) return out;
  for (const line of lines) {
    const m = CONTENTS_ENTRY.exec(line.trim());
    if (!m || ABSENT_ENTRY.test(line)) continue;
    out.set(normalizeSectionNumber(m[1]!), m[2]?.trim() || undefined);
  }
  return out.size >= 3 ? out : new Map();
}

/** The trade sections (not 00/01) a document prints, and their divisions. */
function tradeSectionsOf(sections: Map<number, PageSections>): { tradeSections: Set<string>; tradeDivisions: Set<string> } {
  const tradeSections = new Set<string>();
  const tradeDivisions = new Set<string>();
  for (const s of sections.values()) {
    for (const o of s.own) {
      const divisions = o.divisions.filter((d) => !NOT_TRADES.has(d));
      if (divisions.length === 0) continue;
      // A dual-numbered section ("SECTION 16010 BASIC ELECTRICAL REQUIREMENTS" over "SECTION 260000 - BASIC
      // ELECTRICAL REQUIREMENTS") is one section printed under its legacy and its current number.
      tradeSections.add(o.title ? o.title.toUpperCase().replace(/[^A-Z]+/g, ' ').trim() : o.number);
      for (const d of divisions) tradeDivisions.add(d);
    }
  }
  return { tradeSections, tradeDivisions };
}

/** Split page text into sentences/notes: terminal punctuation, numbered notes, blank lines. */
export function sentencesOf(lines: readonly string[]): string[] {
  const text = lines.join('\n');
  return text
    // A line that opens with a capitalised order ("Install 3/8 sheetrock", "Paint Lobby") is an item of a list without bullets.
    // "No. 2", "Alternate No. 1 –": a number's abbreviation does not end a sentence.
    .split(/(?<=[.;!?])(?<!\bNo\.)\s+(?=[A-Z0-9("'•])|\n\s*\n|\n(?=\s*(?:\d{1,2}|[A-Z])[.)]\s)|\n(?=\s*[•▪●-]\s)|\n(?=(?:Install|Paint|Replace|Put|Provide|Remove|Repair|Furnish|Supply|Construct|Demolish|Patch|Relocate)\s)/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0)
    .reduce<string[]>((out, s) => {
      // A note label split off by its own period ("P." + "BULLNOSE CMU …") rejoins its note.
      const prev = out[out.length - 1];
      if (prev !== undefined && /^(?:[A-Z]{1,2}|\d{1,2})[.)]$/.test(prev)) out[out.length - 1] = `${prev} ${s}`;
      else out.push(s);
      return out;
    }, []);
}

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

/** A bill abbreviation's hit weighs as a clear trade word. */
const abbreviationEntry = (division: string, phrase: string): KeywordHit['entry'] => ({ division, phrase, weight: 2, re: /$^/, anchor: phrase });

/** Demolition named before "within / in / inside the existing … to remain": work done inside what stays. */
function demolitionWithinRemaining(sentence: string, hit: { index: number; length: number; entry: { division: string } }): boolean {
  if (hit.entry.division !== '02') return false;
  const remain = /\b(?:to\s+remain|shall\s+remain|remain\s+undisturbed)\b/i.exec(sentence);
  if (!remain || remain.index < hit.index) return false;
  return /^\s*(?:\S+\s+){0,3}?(?:within|in|inside|throughout|at)\s+(?:the\s+)?(?:existing\s+)?\w/i.test(sentence.slice(hit.index + hit.length, remain.index));
}

/**
 * A hit that is a whole item of a list ("…, concrete, masonry and painting"): nothing but a separator
 * (comma, semicolon, colon, "and", "&", the list's opening "includes") or the sentence's end on either side of it.
 */
function bareListItem(sentence: string, h: { index: number; length: number }): boolean {
  const before = sentence.slice(Math.max(0, h.index - 16), h.index);
  const after = sentence.slice(h.index + h.length, h.index + h.length + 12);
  return /(?:[,;:]|\band|&|\b(?:includes?|including|comprises?|consists?\s+of))\s*$/i.test(before) && /^\s*(?:[,;.]|and\b|&|$)/i.test(after);
}

/**
 * A list of the sites where the work happens ("across several facilities, including the Depot, X Water
 * Treatment Plant, …"): a facility named in it, in title case, is a place, not the work.
 */
const SITE_LIST_BEFORE = /\b(?:facilities|sites|locations|buildings|premises|properties|venues|campuses)\b[^.;]{0,30}?(?:\bincluding|\bnamely|\bsuch\s+as|:)[^.;]*$/i;
const TITLE_CASE = /^[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*$/;
/** "linking it to the existing water treatment plant": what new work connects to exists already; it is not built. */
const CONNECTED_TO_EXISTING = /\b(?:connect(?:s|ed|ing)?|link(?:s|ed|ing)?|tie(?:s|d)?\s+in|tying\s+in)\s+(?:(?:it|them|this|these|the\s+new\s+\w+)\s+)?(?:in)?to\s+(?:the\s+)?existing\s+$/i;
const namedSite = (sentence: string, h: { index: number; text: string }) =>
  (TITLE_CASE.test(h.text) && SITE_LIST_BEFORE.test(sentence.slice(0, h.index))) || CONNECTED_TO_EXISTING.test(sentence.slice(Math.max(0, h.index - 60), h.index));

/** A trade word right after these is a place the work passes ("under the railroad tracks", "along the sidewalk"). */
// "along with" adds work ("… cupboards along with internal electrification"); "along the sidewalk" is where it runs.
const PLACE_BEFORE = /\b(?:under|beneath|underneath|along(?!\s+with\b)|alongside|across|crossing)\s+(?:(?:the|an?|existing|\w+'s|[A-Z]{2,6})\s+){0,3}$/i;

/** Work nouns that follow what the work is done to in a project name. */
const WORK_NOUN = /^\s*(?:system\s+)?(?:installation|replacement|upgrades?|repairs?|modernization|rehabilitation|restoration|renovation|retrofit|improvements?)\b/i;

const REMOVED_MATERIAL = /\b(?:debris|asbestos|abatement|hazardous\s+materials?|regulated\s+waste|contaminated)\b/i;

/** A title line: capitals, short, no sentence punctuation inside. */
const TITLE_LINE = /^(?=.{4,80}$)[^a-z.;!?]*[A-Z]{3}[^a-z.;!?]*$/;

/** A sentence about the one before it ("The work of this stage …", "This work is …"). */
const BACK_REFERENCE = /^(?:the\s+)?works?\s+(?:of|in|for)\s+(?:this|these|the\s+above)\b|^(?:this|these|such)\s+(?:work|works|items?|stage)\b/i;

/** A contents entry without its leader dots and page number ("1.2 Scope of Works ........ 4" → "1.2 Scope of Works"). */
function contentsEntry(sentence: string): string {
  if (!sentence.includes('..') && !sentence.includes('……')) return sentence;
  return sentence.replace(/(?:\.{4,}|…{2,})[.…\s]*\d*\s*$/, '').trimEnd().replace(/^\d{1,3}\s+(?=\d)/, '');
}

/** The next non-blank line is a bill's work section. */
function nextLineIsWorkSection(lines: readonly string[], i: number): boolean {
  for (let j = i + 1; j < lines.length; j++) if (lines[j]!.trim().length > 0) return workSectionDivision(lines[j]!) !== null;
  return false;
}

/** A numbered item of a scope schedule marked as in the contract. */
const IN_CONTRACT_ITEM = /(?:^|\s)\d{1,2}\s+[A-Z][^.]{2,80}?\s+in\s+contract\b(?!\s+documents)|\bin\s+contract\s+\d{1,2}\s+[A-Z]/i;

const LIST_ITEM = /^(?:[•▪●\-–]|\(?[a-z0-9]{1,2}[.)])\s/i;
const CONSULTANT_ROLE = /^\s*(?:architects?|engineers?|engineering|consultants?|designers?|design\s+consultants?)\b/i;

const sheetKey = (n: string) => n.toUpperCase().replace(/[\s.-]/g, '');

const GENERAL_NOTE = /^[A-Z]{1,2}[.)]\s/;
/** A sentence that announces a list ("the following items", "as follows:", "listed below", a trailing colon). */
// An article headed "WORK BY OWNER OR OTHERS" / "1.4 WORK UNDER SEPARATE CONTRACTS" lists excluded work under it too.
const EXCLUDED_LIST_HEAD = /\b(?:following|as\s+follows|listed\s+below)\b|:\s*$|^(?:\d{1,2}(?:\.\d{1,2})*\s+|[A-Z][.)]\s+)?(?:work\s+(?:by|performed\s+by)\s+(?:the\s+)?(?:owner|others|owner\s+or\s+others)|work\s+under\s+separate\s+contracts?|owner[-\s](?:furnished|provided|supplied)\s+(?:items|products|equipment|work))\s*\.?$/i;
/** A numbered note or list item ("1. Telephone equipment", "2) Carpet"). */
const NUMBERED = /^\d{1,3}[.)]\s/;
/** A spec article number ("1.02 OWNER-FURNISHED …"): a new article ends the list before it. */
const ARTICLE = /^\d{1,2}\.\d{2}\b/;
const PROJECT_INSTRUCTION = /^[A-Z]{1,2}[.)]\s+(?:PROVIDE|CONNECT|INSTALL|FURNISH|EXTEND|RELOCATE|REMOVE|REPLACE)\b[^.]*\b(?:NEW|EXISTING)\b|^[A-Z]{1,2}[.)]\s+(?:PROVIDE|CONNECT|INSTALL|FURNISH)\s+(?:NEW\b|AN?\b|\d)/;
const GENERIC_VOICE = /\b(?:shall|where|unless|typical|all)\b/i;

function withSheet(page: PdfDocumentText['pages'][number], ev: Evidence): Evidence {
  if (page.sheet) ev.sheet = page.sheet.number;
  return ev;
}

export interface TextExtractOptions {
  fileName?: string;
  /** Clock for createdAt (tests). */
  now?: () => Date;
}

/** Trades and project facts from a document's text. Pure: same input, same output. */
export function extractScopeFromText(doc: PdfDocumentText, opts: TextExtractOptions = {}): ScopeDocument {
  const tally = new Tally();
  const contents = readContents(doc.pages.filter((p) => p.hasTextLayer && !p.sheet));
  const sections = pageSections(doc, contents);
  const profile = classifyDocument(doc, tradeSectionsOf(sections));
  logger.debug({ type: profile.type, discipline: profile.discipline }, 'document type');
  // A single spec section speaks for its own division(s) on every page, cover and all.
  const sectionOnly = profile.type === 'spec-section' ? new Set([...sections.values()].flatMap((s) => s.own.flatMap((o) => o.divisions))) : undefined;
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
  if (sectionOnly === undefined && [...sections.values()].every((s) => s.own.length === 0 && !s.governing)) {
    for (const page of doc.pages) {
      if (page.sheet || !page.hasTextLayer) continue;
      for (const name of unnumberedSectionWork(page.lines)) {
        const best = findKeywords(name).sort((x, y) => y.entry.weight - x.entry.weight)[0];
        if (!best || NOT_TRADES.has(best.entry.division)) continue;
        tally.structural(best.entry.division, `unnumbered:${best.entry.division}`, { page: page.page, snippet: snippetAround(name), source: 'spec-section' });
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
  const indexTitles = new Map((doc.sheetIndex ?? []).map((e) => [sheetKey(e.number), e.title]));
  for (const page of doc.pages) {
    if (!page.sheet) continue;
    const { number, discipline } = page.sheet;
    // The title block's title, else the drawing list's title for this sheet number.
    const title = page.sheet.title ?? indexTitles.get(sheetKey(number));
    sheets.push(title ? { page: page.page, number, title } : { page: page.page, number });
    const label = snippetAround(`${number}${title ? ` ${title}` : ''}`);
    for (const x of sheetDivisions(number, title, discipline)) {
      tally.sheet(x.division, x.strength, { page: page.page, sheet: number, snippet: label, source: 'sheet' });
    }
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
    for (const x of sheetDivisions(e.number, e.title)) {
      tally.index(x.division, x.strength, { page: e.page, sheet: e.number, snippet: label, source: 'sheet-index' });
    }
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

  // An addendum speaks for what its changes touch: the sheets it revises ("Sheet E-201: revise …").
  if (profile.type === 'addendum') {
    for (const page of doc.pages) {
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

  // 4. Schedule titles and a bill's work sections: the document's own statement of a trade.
  const measured = profile.type === 'bill-of-quantities' || profile.type === 'cost-estimate';
  // A project manual whose table of contents lists its sections by title alone ("FILL AND BACKFILL").
  const manual = PROJECT_MANUAL.test(doc.pages[0]?.lines.slice(0, 12).join('\n') ?? '');
  const groupHeadings: string[] = [];
  for (const page of doc.pages) {
    if (!page.hasTextLayer || sections.get(page.page)?.governing) continue;
    const contents = manual && !page.sheet && page.lines.slice(0, 12).some((l) => CONTENTS_HEADING.test(l));
    // A tender's schedule of prices or bill index on a page of another kind of document ("Section No. 3 Piling Works").
    const billIndex = !measured && !page.sheet && profile.type !== 'spec-section' && profile.type !== 'project-manual' && /bill|schedule/i.test(page.text) && BILL_PAGE.test(page.text);
    for (const [i, line] of page.lines.entries()) {
      if (contents && TITLE_LINE.test(line.trim()) && !negativeContext(line)) {
        for (const h of findKeywords(line)) {
          if (h.entry.weight < 2) continue;
          tally.structural(h.entry.division, `contents:${h.entry.phrase}`, { page: page.page, snippet: snippetAround(line, h.index, h.length), source: 'spec-section' });
        }
      }
      const schedule = scheduleDivision(line);
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
      if (group) groupHeadings.push(line.replace(/\s+/g, ' ').trim().replace(/^[\d.\s)]*(?:(?:bill|section|chapter|part)\s*(?:no\.?)?\s*\d+\s*[:.)–-]?\s*)?/i, ''));
      if (section && !group) tally.structural(section, `work-section:${section}`, { page: page.page, snippet: snippetAround(line), source: 'work-section' });
      if ((measured || billIndex) && !section) {
        for (const r of runOnWorkSections(line)) tally.structural(r.division, `work-section:${r.division}`, { page: page.page, snippet: snippetAround(r.entry), source: 'work-section' });
      }
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
  for (const page of doc.pages) {
    if (!page.hasTextLayer || page.lines.length === 0) continue;
    const sec = sections.get(page.page);
    const governing = sec?.governing;
    const governingDivisions = governing?.divisions.filter((d) => !NOT_TRADES.has(d));
    const sentences = sentencesOf(page.lines);
    const boilerPage = boilerplateShare(sentences) >= 0.4;
    // A drawing: a sheet was read from its title block, or a large-format page (≥ 11×17 in) whose title block was not found.
    const drawing = page.sheet !== null || Math.max(page.width, page.height) >= 1200;
    const legendPage = legendPageOf(page);
    // A drawing's notes are not a letter's sentences: an unclassified document speaks in prose only on its text pages.
    const proseNarrative = narrative && !(profile.type === 'other' && drawing);
    let inMasterNote = false;
    let removalList = false;
    /** Items left of a list of excluded work, and the label of the note that opened it ("A.", "1.", none). */
    let excluded: { left: number; head: 'letter' | 'number' | 'none' } | undefined;
    // Items listed under a scope statement ("The Work includes:" + bullets) are scope too.
    let scopeItemsLeft = 0;
    for (const [si, sentence] of sentences.entries()) {
      const listItem = LIST_ITEM.test(sentence);
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
      const disowned = sentences[si + 1] !== undefined && BACK_REFERENCE.test(sentences[si + 1]!) && negativeContext(sentences[si + 1]!) === 'by-others';
      const negative = negativeContext(sentence) ?? (disowned ? 'by-others' : null);
      const disowning = negative !== null && negative !== 'existing';
      if (excluded && !disowning) {
        // The list ends at the next note of its head's level or above (a numbered head's items are not numbered notes), an article, or a scope statement.
        const ends = GENERAL_NOTE.test(sentence) || ARTICLE.test(sentence) || scopeHead || (excluded.head === 'number' && NUMBERED.test(sentence)) || (excluded.head === 'none' && !listItem && !NUMBERED.test(sentence) && sentence.length >= 120);
        excluded = ends || excluded.left <= 1 ? undefined : { ...excluded, left: excluded.left - 1 };
        if (!ends) continue;
      }
      // A solicitation's work named as facilities and works ("construction of a parking area", "watermain replacement").
      // A code's name nearby ("… 2021 … Invitation to Tender for …") does not make the work a citation.
      const works = proseNarrative && (!negative || negative === 'code-citation') && !governing ? statedWorks(sentence) : [];
      for (const w of works) {
        if (!speaksFor(w.division, true) || PLACE_BEFORE.test(sentence.slice(Math.max(0, w.index - 40), w.index))) continue;
        tally.keyword(w.division, `works:${w.phrase}`, ACCEPT, page.page, withSheet(page, { page: page.page, snippet: snippetAround(sentence, w.index, w.length), source: 'keyword' }), true);
      }
      if (disowning) {
        // "The following items are provided … by others (N.I.C.)" opens a list of what the contract excludes:
        // its items are not the job's work either, and they end any list of scope above them.
        excluded = EXCLUDED_LIST_HEAD.test(sentence) ? { left: 15, head: GENERAL_NOTE.test(sentence) ? 'letter' : NUMBERED.test(sentence) ? 'number' : 'none' } : undefined;
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
      const stated = !scope && !boilerPage && !isBoilerplate(sentence) && ((measured && !governing) || (proseNarrative && statesRequirement(sentence)));
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
        if (h.entry.weight <= 0) continue;
        // "cross under the railroad tracks", "along the existing sidewalk": where the work runs, not what it is.
        if (PLACE_BEFORE.test(sentence.slice(Math.max(0, h.index - 40), h.index)) || namedSite(sentence, h)) continue;
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
      if (h.entry.weight < (workedOn ? 0.5 : 2) || !speaksFor(h.entry.division, true)) continue;
      tally.keyword(h.entry.division, `name:${h.entry.phrase}`, Math.max(h.entry.weight * 1.5, ACCEPT), project.name.page, { page: project.name.page, snippet: snippetAround(project.name.value, h.index, h.length), source: 'keyword' }, true);
      if (isUnmistakable(h.entry)) tally.stated(h.entry.division, `name:${h.entry.phrase}`);
    }
    // "Granular Road Conversion", "Removal of Pedestrian Bridge", "Splash Park - Design and Construction": the works it names.
    for (const w of statedWorks(name)) {
      if (!speaksFor(w.division, true)) continue;
      tally.keyword(w.division, `name:works:${w.phrase}`, ACCEPT, project.name.page, { page: project.name.page, snippet: snippetAround(name, w.index, w.length), source: 'keyword' }, true);
    }
  }

  const consultantOnly =
    (profile.type === 'solicitation' || profile.type === 'other') && invitesConsultantOnly(doc.pages.slice(0, 3).map((p) => p.text).join('\n'));
  if (consultantOnly) logger.debug('the document invites a consultant, not a builder: no trades');
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
    trades: consultantOnly ? [] : tally.results({ specBook: profile.type === 'project-manual' }),
  };
}

