/**
 * Project facts from page text, each with the page it was read on — or null. Null beats a guess: a
 * wrong name in an invitation is worse than none, so every value must pass a check of what such a
 * value looks like (a name is not a legend entry, a room tag, a sheet title, a file name or an
 * address; a firm is not a person's initials; a project number has a digit).
 *
 * Where facts are read from, strongest first:
 *  - labelled fields ("PROJECT NAME:", "OWNER:", "PROJECT No:", "ARCHITECT:") — the value on the
 *    same line or, in title blocks, on the next one;
 *  - the cover's title (largest type) and the lines printed under it (owner, street, city);
 *  - the running header of a specification (printed at the top of every page);
 *  - sentences for dates: "sealed bids will be received … before 2:00 P.M., April 15, 2025".
 */
import type { PageText, PdfDocumentText, TextItem } from '../pdf/types.js';
import type { Fact, ProjectFacts } from './types.js';
import { emptyFacts } from './scope-document.js';
import { datesIn } from './fact-dates.js';
import { bidDueDate, numericOrderIn, preBidMeetingDate } from './fact-events.js';
import { ownerInField, ownerInSentences } from './fact-owners.js';
import { endsOpen, isPersonTitle, letterheadBuilding, NAME_FIELD_LABEL, nameInField, nameInSentence, notAName, OFFICER, ownerBeforeName, PARTY_LABEL_LINE, STANDARD_DOCUMENT } from './fact-names.js';
import { COUNTRY_NAMES, countryAtEnd, placeRole, placesIn, regionCode, SITE_FIELD_LABEL, streetIn, titleCase, type CountryCode, type Place } from './fact-places.js';
import { fieldAt, labelledFields, type LabelledField } from './fact-labels.js';

/** Pages searched for labelled fields and addresses: covers, title blocks and front matter. */
const FRONT_PAGES = 40;

interface Found {
  value: string;
  page: number;
  /** Line index on the page. */
  line: number;
  /** An owner's name printed run into the project's on the same line. */
  owner?: string;
}

const fact = <T>(value: T, page: number): Fact<T> => ({ value, page, source: 'text' });
const tidy = (s: string) => s.replace(/\s+/g, ' ').replace(/^[\s:;,.–—-]+|[\s:;,–—-]+$/g, '').trim();

// ---------------------------------------------------------------------------------------------
// What a value may look like

/** Titles of a document's kind or part, not of a project. */
const GENERIC_TITLE =
  /^(?:(?:\d+%\s*)?(?:construction|bid(?:ding)?|permit|tender|design\s+development|schematic\s+design|review)\s+(?:documents?|set|drawings)|issued\s+for\s+\w+|addendum.*|invitation\s+(?:for|to)\s+(?:bids?|tender)|advertisement\s+for\s+(?:bids?|tenders?)|notice\s+(?:to|of)\s+(?:bidders|contractors|tender)|tender\s+(?:notice|invitation)|request\s+for\s+(?:bids?|tenders?)|request\s+for\s+(?:proposals?|qualifications|quotations?)|table\s+of\s+contents|project\s+manual|specifications?|technical\s+specifications?|drawings?|(?:structural\s+|architectural\s+|electrical\s+)?(?:title|cover)\s+sheet|general\s+notes?|structural\s+notes?|bill\s+of\s+quantities|work\s+sections?|engineer'?s?\s+(?:opinion|estimate).*|opinion\s+of\s+probable.*|(?:preliminary\s+)?cost\s+estimate|estimated?\s+costs?|bid\s+form|proposal\s+form|section\b.*|part\s+\d.*|document\s+[\d .]+|division\s+\d+.*|not\s+for\s+construction|state\s+of\s+\w+|department\s+of\s+.*|sheet\s+index|drawing\s+(?:list|index)|project\s+(?:information|overview|details|data|directory|team)|vicinity\s+map|location\s+map|key\s+plan|code\s+(?:summary|analysis)|legend|abbreviations|symbols(?:\s+legend)?|schedule.*)$/i;
/** Sheet titles end with the kind of drawing. */
const SHEET_TITLE_END = /\b(?:plans?|elevations?|sections?|details?|schedules?|legends?|notes|diagrams?|risers?|abbreviations|symbols|views?|specifications|index)\s*$/i;
/** A room label: a room word and its number, nothing else. */
const ROOM_TAG = /^(?:room|rm|office|lab(?:oratory)?|corridor|corr|storage|stor|toilet|restroom|mech(?:anical)?|elec(?:trical)?|janitor|jan|closet|vestibule|vest|lobby|stair|classroom|conference|conf|break\s+room|kitchen|utility|it|data|tel(?:ecom)?|shower|locker|hall)\.?\s*(?:#|no\.?)?\s*[A-Z]?[-.]?\d+(?:[-.]\d+)?[A-Z]?$/i;
/** A sheet number inside a line ("CEILING E001"): legend and index entries carry them, project names do not. */
const SHEET_NUMBER_TOKEN = /\b[A-Z]{1,2}[-.]?\d{3}[A-Z]?\b/;
const FILE_NAME = /\.(?:pdf|dwg|dxf|rvt|docx?|xlsx?|png|jpe?g|tiff?)\b|[\\/]|_\w+_/i;
const PHONE = /\(\d{3}\)\s*\d{3}[-.\s]\d{4}|\b\d{3}[-.]\d{3}[-.]\d{4}\b/;
const NOT_NAME_PART = /["#:]|\b(?:calls?\s+for|calling\s+for|seeks|seeking|invites|inviting|solicits|soliciting)\b|\b(?:date|bids?\s+due|addendum|sheet|drawing|scale|revision|issued|(?:project|job|contract|solicitation|bid|tender)\s+(?:no|number)|phone|fax|e-?mail|www|http)\b/i;

/** True when `v` could be a project's name as printed. */
export function looksLikeProjectName(v: string, open = false): boolean {
  const s = tidy(v);
  if (s.length < 4 || s.length > 100 || !/[A-Za-z]{3,}/.test(s)) return false;
  if (notAName(s, open)) return false;
  if (GENERIC_TITLE.test(s) || SHEET_TITLE_END.test(s) || ROOM_TAG.test(s)) return false;
  if (SHEET_NUMBER_TOKEN.test(s) || FILE_NAME.test(s) || PHONE.test(s) || NOT_NAME_PART.test(s)) return false;
  if (/^(?:\d+|[A-Za-z])[.)]\s/.test(s) || /\b(?:shall|must|should|will|are|is|be|has|have)\b/i.test(s) || (/\.$/.test(s) && s.split(/\s+/).length > 3 && s !== s.toUpperCase())) return false; // a note or a sentence (a title in capitals may end with a full stop)
  // A wrapped line of prose: it opens mid-sentence in lower case, or one sentence ends inside it ("… Center. The project …").
  if (/^[a-z]/.test(s) || /[a-z]{3,}\.\s+[A-Z][a-z]/.test(s)) return false;
  if (/^[A-Z]\s+[A-Z]/.test(s) && !/^[A-Z]\s+(?:street|avenue|road)\b/i.test(s)) return false; // a legend's symbol letter then its meaning ("F SPEAKER, CEILING"); "H STREET …" is a lettered street
  if (/^[A-Za-z][\w ]*,\s*[A-Za-z]+$/.test(s) && s.split(/\s+/).length <= 4 && !placesIn(s).length && !/\b(?:phase|building|hall)\b/i.test(s)) return false; // "SPEAKER, CEILING": a legend's inverted noun
  if (placesIn(s).length > 0 || /^\d+\s/.test(s) && streetIn(s)) return false; // an address
  if (datesIn(s).length > 0) return false;
  if (TABLE_HEADER.test(s) || DIVISION_HEADING.test(s) || POSTCODE_IN.test(s) || MONTH_YEAR.test(s) || SECTION_NUMBER_IN.test(s)) return false;
  // "… Workmanship 2k1404 … 1 1 1 2 2 2 3": a contents page's page numbers.
  if (/\b\d{1,3}(?:\s+\d{1,3}){3,}\b/.test(s)) return false;
  // "… WATERMAIN (BAY": a parenthesis left open is a line cut mid-title.
  if ((s.match(/\(/g) ?? []).length !== (s.match(/\)/g) ?? []).length) return false;
  // "… in the subject line. H": a sentence ends inside it and more follows.
  if (/[a-z]{3,}\.\s+\S/.test(s)) return false;
  // "(BAY STREET TO FRANK STREET)": the limits printed under a title, not the title.
  if (/^\(.*\)$/.test(s)) return false;
  // "… Highway 43. The … Drain extends …": a sentence ends inside it.
  if (/\w\.\s+(?:The|This|These|It|A|An|All|Each)\s/.test(s)) return false;
  return !headingRun(s);
}

/** A table's column headings ("Building Item Description Total"): two or more of the words bills print over columns. */
const TABLE_HEADER = /\b(?:item|description|qty|quantity|unit|rate|amount|total)\b(?:\s+\w+)?\s+\b(?:item|description|qty|quantity|unit|rate|amount|total)\b/i;
/** A title cut at its line end: it ends on a word that needs a next one ("CONSTRUCTION OF A STAFF HOUSE AT"). */
const CUT_TITLE = /\b(?:at|of|for|the|to|and|in|on|a|an|with|from)$/i;
/** "… DIVISION 15A PLUMBING WORKS": a spec division's heading run into the line. */
const DIVISION_HEADING = /\bDIVISION\s+\d{1,2}[A-Z]?\b/;
/** "SEPTEMBER 2015": a cover's issue date run into the line. */
const MONTH_YEAR = /\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?:19|20)\d{2}\b/i;
/** "… Schedule 2 01 33 00 Submittal Procedures": a contents entry's section number. */
const SECTION_NUMBER_IN = /\b\d{2}\s\d{2}\s\d{2}\s+[A-Z][a-z]|\bPage\s+\d{1,3}\s+of\s+\d{1,3}\b/;
/** A postcode (Canadian, US state + ZIP): an address, not a name. */
const POSTCODE_IN = /\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b/;

/** A run of headings ("PRICING FOR SAFETY PRICING THE WORKS ACCESSING THE WORKS"): two words of substance each printed twice. */
function headingRun(s: string): boolean {
  const words = s.toLowerCase().match(/[a-z]+/g) ?? [];
  const counts = new Map<string, number>();
  for (const w of words) if (w.length >= 4) counts.set(w, (counts.get(w) ?? 0) + 1);
  if ([...counts.values()].filter((n) => n >= 2).length < 2) return false;
  // A place named twice ("FLAT CREEK … UPPER FORK FLAT CREEK") repeats a whole phrase; headings repeat single words.
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) {
    if (words[i]!.length < 4 || words[i + 1]!.length < 4) continue;
    const pair = `${words[i]} ${words[i + 1]}`;
    if (pairs.has(pair)) return false;
    pairs.add(pair);
  }
  return true;
}

/** Organizations that own projects. */
const ORGANIZATION =
  /^(?:the\s+)?(?:(?:university|college|state|commonwealth|department|dept|town|city|county|village|district|office|board|government|province|ministry|borough|council|port|authority)\s+of\b.*|.*\b(?:university|college|school\s+district|schools|county|hospitals?|health(?:care)?|medical\s+center|council|authority|agency|ministry|department|district|division|branch|services|corporation|institute|church|diocese|trust|(?:library|school|health|water|transit)\s+system)$)/i;
const FIRM = /\b(?:architects?|architecture|engineers?|engineering|consult(?:ing|ants?)|design|studio|associates|partners(?:hip)?|group|llc|l\.l\.c|inc|incorporated|ltd|limited|pllc|p\.?c|pty|llp|corp)\b\.?/i;
const LEGAL_SUFFIX = /\b(?:llc|l\.l\.c|inc|incorporated|ltd|limited|pllc|pty|llp|p\.c)\b\.?/i;

function looksLikeOrganization(v: string): boolean {
  const s = tidy(v);
  return s.length >= 3 && s.length <= 80 && /[A-Za-z]{2,}/.test(s) && !isPersonTitle(s) && !PHONE.test(s) && !placesIn(s).length && !streetIn(s) && !/[@:]|www\.|http/i.test(s) && datesIn(s).length === 0;
}

/** A design firm's name: not initials ("AJL"), not an address or phone. */
function looksLikeFirm(v: string): boolean {
  const s = tidy(v);
  return looksLikeOrganization(s) && (s.length >= 4 || /^[A-Z&+]{2,}$/.test(s) === false) && !/^[A-Z]{2,3}$/.test(s) && !/^-+$/.test(s) && !SHEET_NUMBER_TOKEN.test(s);
}

const PROJECT_NUMBER = /^[A-Z]{0,4}[-.#]?\s?[A-Z0-9][A-Z0-9.\-_/]*\d[A-Z0-9.\-_/]*$/i;
function looksLikeProjectNumber(v: string): boolean {
  const s = v.trim();
  return s.length >= 3 && s.length <= 30 && PROJECT_NUMBER.test(s) && /\d/.test(s) && !PHONE.test(s) && datesIn(s).length === 0;
}

// ---------------------------------------------------------------------------------------------
// Labelled fields

/**
 * Values printed after a label: "LABEL: value" on one line, or the label alone on its line with the
 * value on the next (title blocks). `label` must match at the start of a line.
 */
function labelled(pages: PageText[], label: RegExp, accept: (v: string) => boolean): Found[] {
  const out: Found[] = [];
  for (const page of pages) {
    const lines = page.lines;
    for (let i = 0; i < lines.length; i++) {
      const m = label.exec(lines[i]!);
      if (!m) continue;
      const rest = tidy(lines[i]!.slice(m.index + m[0].length).replace(/^\s*[:#.\-–—]\s*/, ''));
      const candidates = rest ? [rest] : [lines[i + 1], `${lines[i + 1] ?? ''} ${lines[i + 2] ?? ''}`].filter((l): l is string => !!l).map(tidy);
      const value = candidates.find((c) => c && accept(c));
      if (value) out.push({ value, page: page.page, line: rest ? i : i + 1 });
    }
  }
  return out;
}

const NAME_LABEL = /^\s*(?:[A-Z0-9]{1,2}[.)]\s+)?(?:project\s+(?:name|title|details|identification)|contract\s+(?:name|title)|name\s+of\s+(?:the\s+)?project|project|job\s+name|re)\b\s*(?=[:–—-]|$)/i;
const OWNER_LABEL = /^\s*(?:owner|client|prepared\s+for|owner'?s?\s+name)\b\s*(?=[:–—-]|$)/i;
const NUMBER_LABEL = /\b(?:client\s+)?(?:project|proj\.?|job|commission)\s*(?:no\.?|number|num\.?|#)\s*[:.]?\s*(?:#\s*)?/i;
/** A buyer's procurement reference where no project number is printed: "Tender No.", "Contract No.", "RFT number", "Bid No.", "Solicitation No.", "RFx ID", "W.O. No." (every region prints its own). */
const PROCUREMENT_NUMBER_LABEL = /\b(?:contract|tender|bid|solicitation|rf[xtpq]|itb|ifb|itt|work\s+order)\s*(?:no\.?|number|num\.?|#|id(?:\s+(?:no\.?|number|#))?)(?![a-z])\s*[:.]?\s*(?:#\s*)?|\bW\.\s?O\.\s*(?:no\.?|#)?\s*[:.]?\s*/i;
const DESIGN_LABEL = /^\s*(?:architects?|engineers?|architect\s+of\s+record|(?:structural|civil|mechanical|electrical|mep|m\/e\/p|landscape|plumbing)\s+engineers?|mep|consultants?|prepared\s+by)\b\s*(?=[:–—-]|$)/i;

// ---------------------------------------------------------------------------------------------
// Name

const PROJECT_WORDS = /\b(?:repairs?|renovations?|refurbishments?|restoration|replacement|improvements?|addition|expansion|redevelopment|development|building|facility|center|centre|hall|lab|laboratory|theat(?:re|er)|library|school|station|park|road|street|bridge|campus|phase|remodel|upgrades?|construction|tenant|fit-?out|housing|apartments|clinic|hospital|subdivision|interiors|plot|house|residence|restack)\b/i;

interface Row {
  text: string;
  size: number;
  y: number;
  x0: number;
  x1: number;
}

/** "City of Springfield CONCESSIONS BUILDING": the owner in mixed case, then the project's name in capitals, on one line. */
const OWNER_BEFORE_TITLE = /^((?:The\s+)?(?:City|Town|County|Village|District|State|University|Province|Municipality|Borough|Township)\s+of\s+[A-Z][a-z][\w'’.-]*(?:\s+[A-Z][a-z][\w'’.-]*){0,2})\s+([A-Z][A-Z0-9&'’.-]*(?:\s+[A-Z0-9&'’.-]+)+)$/;

/** The cover's title: large type, project words preferred over owner names, a title set on two lines joined. */
function coverTitle(page: PageText): Found | undefined {
  const rows = new Map<number, TextItem[]>();
  for (const it of page.items) {
    if (!it.str.trim() || it.angle) continue;
    const key = Math.round(it.y / Math.max(2, it.fontSize * 0.6));
    const row = rows.get(key);
    if (row) row.push(it);
    else rows.set(key, [it]);
  }
  // A row of a drawing holds several columns (legend, notes, title block): split it where the gap is wide.
  const ordered: Row[] = [];
  for (const items of rows.values()) {
    items.sort((a, b) => a.x - b.x);
    let run: TextItem[] = [];
    const flush = () => {
      if (run.length) {
        const last = run[run.length - 1]!;
        // "RIVERSIDE … UPGRADE · Relocate door furniture …": a middle dot or bullet ends the title; what follows is another entry.
        const text = tidy(run.map((r) => r.str.trim()).join(' ').split(/\s[·•]\s/)[0]!);
        ordered.push({ text: OWNER_BEFORE_TITLE.exec(text)?.[2] ?? text, size: Math.max(...run.map((r) => r.fontSize)), y: run[0]!.y, x0: run[0]!.x, x1: last.x + last.width });
      }
      run = [];
    };
    for (const it of items) {
      const last = run[run.length - 1];
      if (last && it.x - (last.x + last.width) > 2.5 * Math.max(it.fontSize, last.fontSize)) flush();
      run.push(it);
    }
    flush();
  }
  ordered.sort((a, b) => a.y - b.y);
  const max = Math.max(0, ...ordered.map((r) => r.size));
  // Title type stands out from the body text; without that, only a line that names a kind of project counts.
  const sizes = ordered.map((r) => r.size).sort((a, b) => a - b);
  const body = sizes[Math.floor(sizes.length / 2)] ?? 0;
  const usable = (r: { text: string; size: number }) => looksLikeProjectName(r.text, true) && !ORGANIZATION.test(r.text) && (r.size >= body * 1.2 || (PROJECT_WORDS.test(r.text) && !readsAsProse(r.text)));
  let best = -1;
  let bestScore = -Infinity;
  ordered.forEach((r, i) => {
    if (r.size < max * 0.5 || !usable(r) || PARTY_LABEL_LINE.test(ordered[i - 1]?.text ?? '')) return;
    let score = r.size / max;
    if (PROJECT_WORDS.test(r.text)) score += 0.5;
    if (/\d{3,}/.test(r.text)) score -= 0.3;
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  if (best < 0) return undefined;
  const same = (a: { size: number }, b: { size: number }) => Math.abs(a.size - b.size) <= a.size * 0.05;
  // The other line of a title set on two lines: same type, just above or below, in the same column.
  const joinable = (r: Row | undefined, to: Row): r is Row =>
    r !== undefined && r !== to && same(r, to) && Math.abs(r.y - to.y) < to.size * 2.2 && r.x0 < to.x1 && to.x0 < r.x1 &&
    !ORGANIZATION.test(r.text) && !GENERIC_TITLE.test(r.text) && !PARTY_LABEL_LINE.test(r.text) && /[A-Za-z]{4,}/.test(r.text) && !NOT_NAME_PART.test(r.text) && !placesIn(r.text).length && !streetIn(r.text);
  const chosen = ordered[best]!;
  const parts = [chosen.text];
  // A line that ends on "OF", "INTO A", "FOR" goes on in the line under it, whatever their lengths: joined, or no name.
  const below = (r: Row) => ordered.find((o) => o.y > r.y && same(o, r) && o.y - r.y < r.size * 2.2 && o.x0 < r.x1 && r.x0 < o.x1);
  const above = ordered.filter((o) => o.y < chosen.y && same(o, chosen) && chosen.y - o.y < chosen.size * 2.2 && o.x0 < chosen.x1 && chosen.x0 < o.x1).pop();
  const prev = ordered.filter((r) => r.y < chosen.y && joinable(r, chosen)).pop();
  const next = ordered.find((r) => r.y > chosen.y && joinable(r, chosen));
  // …but "SPECIFICATIONS / FOR / <title>": a line of small words alone joins nothing.
  if (above && endsOpen(above.text) && above.text.split(/\s+/).some((w) => w.length > 3)) parts.unshift(above.text);
  if (endsOpen(chosen.text)) {
    const more = below(chosen);
    if (!more) return undefined;
    parts.push(more.text);
  } else if (parts.length === 1 && prev && (chosen.text.length <= 25 || prev.text.length <= 25)) parts.unshift(prev.text);
  else if (parts.length === 1 && next && (chosen.text.length <= 25 || next.text.length <= 25)) parts.push(next.text);
  if (parts.length > 1 && endsOpen(tidy(parts.join(' ')))) return undefined;
  // "… FOR THE CITY HOSPITAL.": a title in capitals may end with a full stop.
  const value = tidy(parts.join(' ')).replace(/(?<=[A-Z]{3})\.$/, '');
  // A title wrapped over two lines is a name only whole: its last words alone ("SCHOOL BONDO") are a fragment.
  if (!looksLikeProjectName(value) && ((parts.length > 1 && chosen.text.length <= 25) || !looksLikeProjectName(chosen.text))) return undefined;
  // "… EXCAVATION OF" / "CENTRE WELL OF …": a title that goes on from an open line above it is a name only whole, else a title's or a sentence's tail;
  // "Contractors must:" / "Manage access …": a line under a sentence's lead-in is an item of its list.
  if (above && endsOpen(above.text) && parts[0] === above.text && !looksLikeProjectName(value)) return undefined;
  const first = page.lines.findIndex((l) => tidy(l).includes(parts[0]!));
  if (first >= 0) {
    const line = tidy(page.lines[first]!);
    const before = line.slice(0, line.indexOf(parts[0]!)).trim() || (first > 0 ? tidy(page.lines[first - 1]!) : '');
    if (continuesAbove(before) || listItem(page.lines, first)) return undefined;
    if (parts.length === 1 && letterheadBuilding(tidy(page.lines[first - 1] ?? ''), tidy(page.lines[first + 1] ?? ''), (l) => ORGANIZATION.test(l))) return undefined;
  }
  const line = page.lines.findIndex((l) => tidy(l) === parts[parts.length - 1] || tidy(l) === value || OWNER_BEFORE_TITLE.exec(tidy(l))?.[2] === value);
  return { value: looksLikeProjectName(value) ? value : chosen.text, page: page.page, line };
}

/** The words printed before a title (on its line, else the line above) end open ("… EXCAVATION OF", "… PERFORMS ANY") and is no document kind's lead ("SPECIFICATIONS FOR", "PROJECT MANUAL FOR"). */
function continuesAbove(above: string): boolean {
  if (!endsOpen(above) || !above.split(/\s+/).some((w) => w.length > 3)) return false;
  const lead = above.replace(/\s+\S+$/, '');
  return !GENERIC_TITLE.test(lead) && !DOCUMENT_KIND_PREFIX.test(`${above} x`) && !SOLICITATION_PREFIX.test(`${above} x`);
}

/** "Contractors must:", "The tenderer shall:", "Bidders are required to:": a sentence's lead-in to a list of what someone must do. */
const OBLIGATION_LEAD = /\b(?:must|shall|should|are\s+(?:required\s+)?to|is\s+(?:required\s+)?to|will\s+be\s+required\s+to)(?:\s+\w+){0,3}\s*:$/i;

/** An item of a list of duties: the lines above it, back to a lead-in ending with a colon ("Contractors must:"), have no full stop. */
function listItem(lines: string[], at: number): boolean {
  for (let k = at - 1; k >= Math.max(0, at - 8); k--) {
    const l = (lines[k] ?? '').trim();
    if (/[.!?]$/.test(l)) return false;
    if (/:$/.test(l)) return OBLIGATION_LEAD.test(l);
  }
  return false;
}

/**
 * A line of body text that reads as a sentence, not a title: titles capitalize their words, while a
 * wrapped line of prose ("The scope of work and design solutions for each project vary per school,
 * but …") carries many lower-case words besides the small ones a title keeps lower-case.
 */
const TITLE_SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);
function readsAsProse(text: string): boolean {
  return text.split(/\s+/).filter((w) => /^[a-z]/.test(w) && !TITLE_SMALL_WORDS.has(w.replace(/\W+$/, ''))).length > 4;
}

/** Lines at the top of most pages (a specification's running header), in order. */
function runningHeader(doc: PdfDocumentText): Found[] {
  const pages = doc.pages.filter((p) => p.lines.length > 3).slice(0, 30);
  if (pages.length < 3) return [];
  const counts = new Map<string, number>();
  for (const p of pages) for (const l of new Set(p.lines.slice(0, 6).map(tidy))) counts.set(l, (counts.get(l) ?? 0) + 1);
  const first = pages[0]!;
  return first.lines
    .slice(0, 6)
    .map((l, i) => ({ value: tidy(l), page: first.page, line: i }))
    .filter((f) => (counts.get(f.value) ?? 0) >= pages.length * 0.6);
}

/** "Request for Construction Contractor Proposals for the Renovation of City Hall": the kind of document before the project's name. */
const SOLICITATION_PREFIX = /^(?:(?:request|call)\s+for\s+(?:[\w-]+\s+){0,3}(?:proposals?|bids?|tenders?|quotations?|qualifications)|invitation\s+(?:to|for)\s+(?:bids?|tenders?)|(?:notice|advertisement)\s+(?:to|for)\s+(?:bids?|bidders|tenders?|contractors)|sealed\s+(?:bid\s+)?(?:bids?|proposals?|tenders?))(?:\s*[–—:-]\s*|\s+(?:for|on)\s+(?:the\s+|an?\s+)?)(?=\S)/i;

/** "SPECIFICATIONS FOR <name>": the document's kind before the name. */
const DOCUMENT_KIND_PREFIX = /^(?:(?:technical\s+)?specifications?|bills?\s+of\s+quantities|boqs?|drawings(?:\s+(?:and|&)\s+specifications)?|project\s+manual|bid\s+documents?|contract\s+documents?)\s+(?:for|of)\s+(?:the\s+)?(?=\S)/i;
/** "<name> ISSUE FOR CONSTRUCTION", "<name> SUPPLEMENTARY CONDITIONS": an issue status or the next part's heading run on. */
const RUN_ON_TAIL = /\s+(?:[-–—]\s*)?(?:ISSUED?\s+FOR\s+(?:CONSTRUCTION|BID(?:DING)?|TENDER|PERMIT|REVIEW)|(?:SUPPLEMENTARY|GENERAL|SPECIAL)\s+CONDITIONS|INSTRUCTIONS\s+TO\s+(?:BIDDERS|TENDERERS)|TABLE\s+OF\s+CONTENTS|FORM\s+OF\s+(?:TENDER|QUOTATION|BID))\s*$/;

const OWNER_START_TAIL = /\s+(?:the\s+)?(?:city|town|county|village|township|district|municipality|state)\s+of$/i;

/** "<name> 120 Elm Avenue <Town>, BC": the site's address printed after the name on its line. */
const ADDRESS_TAIL = /\s+\d{1,5}\s+(?:[\w.'-]+\s+){0,3}(?:avenue|ave|street|st|road|rd|drive|dr|boulevard|blvd|highway|hwy|way|lane|ln|court|ct|place|pl|crescent|parkway)\b\.?(?:[\s,]+.*)?$/i;

function projectName(doc: PdfDocumentText, front: PageText[]): Found | undefined {
  // An owner's standard specification ("CONSTRUCTION STANDARD SPECIFICATION") is written for no one project: any name on it is a guess.
  if (front[0]?.lines.slice(0, 3).some((l) => STANDARD_DOCUMENT.test(l))) return undefined;
  const printed = projectNameAsPrinted(doc, front);
  if (!printed) return undefined;
  const bare = tidy(printed.value.replace(DOCUMENT_KIND_PREFIX, '').replace(RUN_ON_TAIL, '').replace(ADDRESS_TAIL, ''));
  const trimmed = bare !== printed.value && looksLikeProjectName(bare) ? { ...printed, value: bare } : printed;
  // "<name> CITY OF": the owner's name begins at the line's end; "… STAFF HOUSE AT": the title is cut, its place on a line not read.
  const withoutOwner = tidy(trimmed.value.replace(OWNER_START_TAIL, ''));
  if (CUT_TITLE.test(withoutOwner)) return undefined;
  let found: Found = withoutOwner !== trimmed.value && looksLikeProjectName(withoutOwner) ? { ...trimmed, value: withoutOwner } : trimmed;
  // "1 REPAIR OF CLASSROOMS …": a table row's item number before the title.
  const unnumbered = found.value.replace(/^\d{1,2}\s+(?=[A-Z]{2})/, '');
  if (unnumbered !== found.value && looksLikeProjectName(unnumbered)) found = { ...found, value: unnumbered };
  const value = found.value.replace(SOLICITATION_PREFIX, '');
  if (value !== found.value && looksLikeProjectName(value)) found = { ...found, value };
  // "ELM WATER AND SEWER AUTHORITY K STREET WATERLINE": the owner's name run into the project's.
  const split = ownerBeforeName(found.value, (rest) => PROJECT_WORDS.test(rest) || WORK_WORDS.test(rest));
  return split && looksLikeProjectName(split.name) ? { ...found, value: split.name, owner: split.owner } : found;
}

/** Kinds of civil and utility work a project is named for, besides the building words of PROJECT_WORDS. */
const WORK_WORDS = /\b(?:water(?:line|main)?s?|sewer(?:s|age)?|sanitary|storm(?:water)?|drainage|pump(?:ing)?\s+station|treatment\s+plant|reservoir|paving|resurfacing|overlay|sidewalks?|streetscape|culvert|pipeline|force\s+main|lift\s+station|roof(?:ing)?|hvac|elevators?)\b/i;

function projectNameAsPrinted(doc: PdfDocumentText, front: PageText[]): Found | undefined {
  const byLabel = labelled(front.slice(0, 5), NAME_LABEL, looksLikeProjectName)[0];
  if (byLabel) return byLabel;
  const inField = nameInFields(front.slice(0, 5));
  if (inField) return inField;
  const header = runningHeader(doc).find((f) => looksLikeProjectName(f.value) && !ORGANIZATION.test(f.value) && !doc.pages[0]?.sections.some((s) => s.title && tidy(s.title) === f.value));
  const first = doc.pages.find((p) => p.hasTextLayer && p.items.length > 0);
  // Type sizes of OCR words are estimates and a logo reads as a word: on a scanned cover the name
  // is taken only from a label or a running header, never from the largest type.
  const cover = first && !first.ocr ? coverTitle(first) : undefined;
  if (header && (!cover || PROJECT_WORDS.test(header.value) || !PROJECT_WORDS.test(cover.value))) return header;
  if (cover) return cover;
  const called = nameInCallForBids(front.slice(0, 3));
  if (called) return called;
  const title = doc.info.title?.trim();
  if (title && looksLikeProjectName(title) && PROJECT_WORDS.test(title) && !/^(?:microsoft|untitled)/i.test(title)) return { value: tidy(title), page: 1, line: -1 };
  return undefined;
}

/** "… Project: New Town Hall Project No.: 12 …": a name field run into a paragraph with the other fields. */
function nameInFields(pages: PageText[]): Found | undefined {
  for (const page of pages) {
    for (const f of labelledFields(page.lines.join(' '))) {
      if (!NAME_FIELD_LABEL.test(f.label)) continue;
      const value = nameInField(f.value);
      if (value && looksLikeProjectName(value)) return { value, page: page.page, line: -1 };
    }
  }
  return undefined;
}

/** "Sealed bids will be received by the Authority … for the TERMINAL CANOPY REPLACEMENT at …": the work named in capitals in the call for bids. */
const CALL_FOR_NAMED_WORK = /\b(?:[Bb]ids|[Pp]roposals|[Tt]enders|[Qq]uotations)\b[^.]{0,160}?\bfor\s+(?:the\s+)?([A-Z][A-Z0-9&'’-]+(?:\s+[A-Z0-9&'’-]+){1,8})(?=\s+(?:at|in|on|located|for)\b|\s*[,;.]|$)/;

function nameInCallForBids(pages: PageText[]): Found | undefined {
  for (const page of pages) {
    const text = page.lines.join(' ').replace(/\s+/g, ' ');
    const m = CALL_FOR_NAMED_WORK.exec(text);
    if (m && looksLikeProjectName(m[1]!) && PROJECT_WORDS.test(m[1]!)) return { value: m[1]!, page: page.page, line: -1 };
    const stated = nameInSentence(text, page.lines, (n) => PROJECT_WORDS.test(n) || WORK_WORDS.test(n));
    if (stated && looksLikeProjectName(stated)) return { value: stated, page: page.page, line: -1 };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Place

interface SiteCandidate {
  place: Place;
  street?: string;
  page: number;
  score: number;
  /** Printed under a contact person's line (a role or a phone number): that person's office, not the site. */
  contact: boolean;
  /** The place's own line reads as an office, a mailbox or where bids go ("City Clerk, 500 W. … until 10:00"). */
  notSite: boolean;
  /** Printed in an organization's letterhead ("… DIVISION 707 N. MAIN STREET TOWN, STATE"): its office. */
  letterhead: boolean;
  countryPrinted?: CountryCode;
}

const SITE_WORDS = /\b(?:project|site|location|located|job|premises|facility|campus|inspection|address)\b/i;
const NOT_SITE_WORDS = /\b(?:inc|llc|ltd|p\.?c|suite|ste|p\.?\s?o\.?\s+box|mail\w*|deliver\w*|bids?|proposals?|office|attention|attn|submit\w*|phone|tel|fax|e-?mail|meeting|return\w*)\b/i;
/** Words of a firm's name, capitalized as names are ("Smith Design Studio"); "design and construction of" is prose. */
const FIRM_NAME_WORDS = /\b(?:[Aa]rchitects?|ARCHITECTS?|[Ee]ngineer(?:s|ing)?|ENGINEER(?:S|ING)?|Consult\w*|CONSULT\w*|Design|DESIGN|Studio|STUDIO)\b/;
const ELSEWHERE = /\b(?:meeting|mailing|delivery|return|submission|office|billing|remit)\s+(?:location|address|place)\b/i;
const SITE_LABEL = /^\s*(?:project\s+(?:address|location|site)|site\s+(?:address|location)|job\s+(?:site|address|location)|location|address|site)\s*[:–—-]\s*/i;

/** "OWNER: OAKLAND COUNTY 2100 PONTIAC LAKE ROAD …", "CONSULTANT: …": a party's own address, not the site's. */
const PARTY_LABEL = /^\s*(?:owner|client|consultant|architect|engineer|prepared\s+(?:by|for)|issued\s+by|submittal\s+address)\s*:/i;
/** "Bids will be received by the City at the office of the City Clerk, 500 W. …": where bids go, not where work is. */
const RECEIVED_AT = /\b(?:received|delivered|submitted|mailed|addressed)\s+(?:by|to|at)\b/i;
/** Where bids are handed in, opened and read: a board room's or an office's address, not the site's street. */
const BIDS_GO = /\b(?:received|accepted|delivered|submitted)\s+(?:by|to|at)\b|\bopened\b|\bread\s+aloud\b/i;
/** "… in Springfield, Illinois": a place named in a sentence as where something is. */
const IN_PLACE = /\b(?:in|at|near)\s+(?:\([^)]*\)\s*)?(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}$/;
/** A street number starting an address inside a line. */
const STREET_NUMBER_START = /(?<=\s)\d{1,5}\s+(?:[NSEW]\.?\s+|north\s+|south\s+|east\s+|west\s+)?[A-Za-z]/i;
const CONTACT_ROLE = /\b(?:project\s+manager|contact|inquiries|enquiries|attention|attn|coordinator|purchasing\s+officer|procurement\s+officer)\b/i;
/** "… located at <street>, <Town>, <Region>", "situated in <Town>, <Region>": the town a sentence says the work is in. */
const LOCATED_IN = /\b(?:located|situated|sited)\s+(?:at|in|on)\s+(?:[^.;:]{3,100}?,\s*)?([A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+){0,2}),\s*([A-Z]{2,3}|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b(?![ \t]*\d)/;
const fold = (s: string) => s.toLowerCase().replace(/[^a-z]+/g, ' ').trim();

/** The town (and its region's code) a sentence on the first pages says the work is in, when its region is one of `country`'s. */
function townStated(pages: PageText[], country: CountryCode): { town: string; region: string } | undefined {
  for (const page of pages) {
    const m = LOCATED_IN.exec(page.lines.join(' ').replace(/\s+/g, ' '));
    const region = m ? regionCode(m[2]!, country) : undefined;
    if (m && region) return { town: m[1]!, region };
  }
  return undefined;
}

/** A contact's or a party's address block's own label line ("Contact address", "Contact Information", "Mailing Address"). */
const CONTACT_BLOCK_LABEL = /^(?:contact|mailing|postal|office|head\s+office|registered\s+office|correspondence)\s+(?:address|information|details)\s*:?$/i;
const POSTCODE_ONLY = /^\s*(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{4}|\d{3}\s?\d{3})\s*$/;

function siteCandidates(front: PageText[], near: Found | undefined): SiteCandidate[] {
  const out: SiteCandidate[] = [];
  for (const page of front.slice(0, 20)) {
    const lines = page.lines;
    // The page's labelled fields: a place under "Project Address:" is the site's, one under "Owner:" or "Attn:" an office.
    const joined = lines.join(' ');
    const starts: number[] = [];
    lines.reduce((at, l) => (starts.push(at), at + l.length + 1), 0);
    const fields = labelledFields(joined);
    out.push(...labelledSites(fields, page.page));
    lines.forEach((line, i) => {
      // Title blocks break an address over lines: "SPRINGFIELD, IL" / "62701", "1 Main Street, Town," / "AB T4N 1X1".
      const next = lines[i + 1];
      const prev = lines[i - 1];
      let text = next !== undefined && POSTCODE_ONLY.test(next) ? `${line} ${next.trim()}` : line;
      let places = placesIn(text);
      let streetLine = i - 1;
      let textAt = starts[i]!;
      if (prev !== undefined && /,\s*$/.test(prev) && places.every((p) => !p.city)) {
        text = `${prev} ${text}`;
        places = placesIn(text);
        streetLine = i - 2;
        textAt = starts[i - 1]!;
      }
      for (const place of places) {
        const before = lines.slice(Math.max(0, i - 2), i).join(' ');
        const around = [lines[i - 2], prev, line, next].filter((l): l is string => l !== undefined).join(' ');
        let score = -page.page * 0.05;
        const lead = `${before} ${text.slice(0, place.index)}`;
        const field = fieldAt(fields, textAt + place.index);
        const previous = field ? fields[fields.indexOf(field) - 1] : undefined;
        const role = placeRole(field?.label, previous ? `${previous.label}: ${previous.value}` : '', text.slice(0, place.index));
        // "Meeting location:", "mailing address:": a place named for something other than the work.
        const party = PARTY_LABEL.test(line) || RECEIVED_AT.test(lead) || role === 'elsewhere';
        if (ELSEWHERE.test(lead) || party) score -= 3;
        else if (role === 'site') score += 6;
        else if (SITE_LABEL.test(line) || (prev !== undefined && SITE_LABEL.test(prev))) score += 4;
        else if (SITE_WORDS.test(lead)) score += 2;
        const notSite = (t: string) => NOT_SITE_WORDS.test(t) || FIRM_NAME_WORDS.test(t);
        // In running prose ("… owns a team in Springfield, Illinois.") only the words just before the place speak for it, not the whole line.
        const prose = readsAsProse(text);
        const own = prose ? text.slice(0, place.index).split(/\s+/).slice(-6).join(' ') : text;
        // "TECHNICAL SERVICES DIVISION 707 NORTH … STREET SPRINGFIELD, ILLINOIS": an organization's letterhead, its office.
        const letterhead = !prose && ORGANIZATION.test(tidy(text.slice(0, STREET_NUMBER_START.exec(text)?.index ?? 0)));
        const against = notSite(own) || letterhead ? 2 : (!prose && notSite(around)) || (prose && BIDS_GO.test(lead)) ? 1 : 0;
        if (prose && IN_PLACE.test(own)) score += 1;
        // A firm's block ends with its phone number; a person's contact block ("Project Manager: … (770) 533-5886") has it above the address.
        const phone = PHONE.test([line, next].join(' ')) ? 1.5 : 0;
        // "Contact address" / "Ontario Region, Tendering Office" / "12th Floor, 4900 …" / "Town, Province": a contact's block, its label a few lines up.
        const block = lines.slice(Math.max(0, i - 4), i).filter((l) => l.length <= 60 && !placesIn(l).length);
        const contact = prev !== undefined && !SITE_LABEL.test(line) && !placesIn(prev).length && (PHONE.test(prev) || CONTACT_ROLE.test(prev) || block.some((l) => CONTACT_BLOCK_LABEL.test(l.trim()))) ? 2.5 : 0;
        score -= against + phone + contact;
        // Printed under the project's name on its cover, with nothing of a firm about it: the site.
        const underName = near !== undefined && near.page === page.page && near.line >= 0 && i > near.line && i - near.line <= 5;
        if (underName && against + phone === 0 && !party) score += 3;
        let street = streetIn(text.slice(0, place.index))?.street;
        if (!street && streetLine >= 0 && !placesIn(lines[streetLine]!).length) {
          street = streetIn(lines[streetLine]!)?.street;
          // An address printed under an organization's name, away from the project's, is that organization's office.
          const owner = lines[streetLine - 1];
          if (street && owner && ORGANIZATION.test(tidy(owner)) && !(near && near.page === page.page && streetLine - near.line <= 3)) street = undefined;
        }
        // "… publicly opened in the School Board Building, located at 1701 …": where bids go or are opened is not the site's street.
        if (BIDS_GO.test(lead)) street = undefined;
        out.push({ place, street: score >= 0 ? street : undefined, page: page.page, score, contact: contact > 0, notSite: against === 2 || party, letterhead, countryPrinted: countryAtEnd(text) ?? (next ? countryAtEnd(next) : undefined) });
      }
    });
  }
  return out.sort((a, b) => b.score - a.score);
}

/**
 * Places printed as a labelled site ("Project Address: 1370 Elm Boulevard Springfield, Idaho"), read from
 * the field's whole value (text extraction may wrap it over lines), and a "Project:" field that prints
 * the name with its street address.
 */
const PARTY_IN_VALUE = /\b(?:architects?|engineers?|owner|client|consultants?|prepared|llc|inc|ltd|suite|ste|phone|tel|fax|p\.?\s?o\.?\s+box)\b/i;

function labelledSites(fields: LabelledField[], page: number): SiteCandidate[] {
  const out: SiteCandidate[] = [];
  for (const f of fields) {
    const value = f.value.slice(0, 200);
    const site = SITE_FIELD_LABEL.test(f.label);
    if (!site && !NAME_FIELD_LABEL.test(f.label)) continue;
    const place = placesIn(value)[0];
    if (!place) continue;
    // A name field holds the site only as "<name> <number> <street> <town>, <region>": nothing of a party's block between.
    if (!site && (!STREET_NUMBER_START.test(` ${value.slice(0, 80)}`) || PARTY_IN_VALUE.test(value.slice(0, place.index)))) continue;
    const street = streetIn(value.slice(0, place.index))?.street;
    out.push({ place, street, page, score: 6 - page * 0.05, contact: false, notSite: false, letterhead: false, countryPrinted: countryAtEnd(value) });
  }
  return out;
}

/** "12-14 HARBOUR STREET, PORT TOWN" under the project's name: a street and its town, no state. */
function streetUnderName(front: PageText[], near: Found | undefined): { street: string; town?: string; page: number } | undefined {
  if (!near || near.line < 0) return undefined;
  const page = front.find((p) => p.page === near.page);
  if (!page) return undefined;
  for (const [k, line] of page.lines.slice(near.line + 1, near.line + 3).entries()) {
    const above = page.lines[near.line + k] ?? '';
    if (ELSEWHERE.test(above) || PHONE.test(above) || CONTACT_ROLE.test(above)) return undefined;
    const s = streetIn(line);
    if (!s || !/^\s*\d/.test(line)) continue;
    // "37B West … Avenue Town, ST 76903 p:325.653.2900": an office with its phone number, not the site.
    if (PHONE.test(line)) return undefined;
    const town = /^\s*,\s*([A-Za-z][A-Za-z .'-]{1,30})\s*$/.exec(s.rest)?.[1];
    return { street: s.street, town: town ? titleCase(tidy(town)) : undefined, page: page.page };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

function splitPair(label: string, value: string): { owner?: string; design?: string } {
  // "CLIENT / ARCHITECT:" over "STAR COLLEGE / SMITH ARCHITECTS": the parts go with the labels in order.
  const labels = label.split('/').map((s) => s.trim().toLowerCase());
  const values = value.split(/\s+\/\s+/);
  if (labels.length !== 2 || values.length !== 2) return {};
  const out: { owner?: string; design?: string } = {};
  labels.forEach((l, i) => {
    if (/client|owner/.test(l)) out.owner = tidy(values[i]!);
    if (/architect|engineer|design/.test(l)) out.design = tidy(values[i]!);
  });
  return out;
}

export function extractProjectFacts(doc: PdfDocumentText): ProjectFacts {
  const facts = emptyFacts();
  const front = doc.pages.slice(0, FRONT_PAGES).filter((p) => p.hasTextLayer);

  const name = projectName(doc, front);
  if (name) facts.name = fact(name.value, name.page);

  // Owner and designers labelled together, then apart.
  const design: Found[] = [];
  for (const f of labelled(front.slice(0, 5), /^\s*(?:client|owner)\s*\/\s*(?:architect|engineer|designer)\s*:?\s*$/i, (v) => v.includes('/'))) {
    const pair = splitPair('client / architect', f.value);
    if (pair.owner && looksLikeOrganization(pair.owner) && !facts.owner) facts.owner = fact(pair.owner, f.page);
    if (pair.design && looksLikeFirm(pair.design)) design.push({ ...f, value: pair.design });
  }
  if (!facts.owner) {
    const owner = labelled(front.slice(0, 10), OWNER_LABEL, (v) => looksLikeOrganization(v) && !v.includes('/'))[0];
    if (owner) facts.owner = fact(owner.value, owner.page);
  }
  if (!facts.owner && name && name.line >= 0) {
    // An organization printed right under (or over) the project's name on the cover owns it.
    const lines = doc.pages[name.page - 1]?.lines ?? [];
    const isOwner = (l: string) => ORGANIZATION.test(l) && !FIRM.test(l) && looksLikeOrganization(l) && !/^(?:state|commonwealth)\s+of\s+\w+$/i.test(l);
    const before = OWNER_BEFORE_TITLE.exec(tidy(lines[name.line] ?? ''))?.[1];
    const org = before ?? [lines[name.line + 1], lines[name.line + 2], lines[name.line - 1]].map((l) => (l ? tidy(l) : '')).find((l) => l && isOwner(l));
    // Or an organization printed with its address on the cover ("CITY OF … / 210 … AVE. / …, OREGON 97401").
    const withAddress = lines.findIndex((l, i) => i > name.line && isOwner(tidy(l)) && (streetIn(lines[i + 1] ?? '') !== undefined || placesIn(lines[i + 1] ?? '').length > 0));
    const owner = org ?? (withAddress >= 0 ? tidy(lines[withAddress]!) : undefined);
    if (owner) facts.owner = fact(titleCase(owner), name.page);
  }

  if (!facts.owner && name?.owner) facts.owner = fact(titleCase(name.owner), name.page);

  // "The City of X requests sealed bids …", "B. Owner: <X> 8810 Highway …", "<X> (hereinafter called the Employer)": the buyer stated.
  if (!facts.owner) {
    const stated = ownerInSentences(front.slice(0, 3), buyerName) ?? ownerInField(front.slice(0, 5), buyerName);
    if (stated) facts.owner = fact(stated.value, stated.page);
  }

  // Under a discipline label a firm's name has a firm word, or is one acronym ("MEP" over "ACME").
  design.push(...labelled(front.slice(0, 10), DESIGN_LABEL, (v) => looksLikeFirm(v) && (FIRM.test(v) || /^[A-Z][A-Z&+]{2,}$/.test(v))));
  // "Smith & Jones, Inc. – Project #2021.01": a firm with a legal name before its project number.
  for (const page of front.slice(0, 10)) {
    for (const line of page.lines) {
      const m = /^(.{3,60}?)\s*[–—,-]\s*(?:project|proj\.?|job)\s*(?:no\.?|#|number)/i.exec(line);
      if (m && LEGAL_SUFFIX.test(m[1]!) && looksLikeFirm(m[1]!)) design.push({ value: tidy(m[1]!), page: page.page, line: 0 });
    }
  }
  const firms = [...new Map(design.map((d) => [d.value.toLowerCase().replace(/[^a-z0-9]/g, ''), d])).values()].filter((d) => d.value !== facts.owner?.value);
  if (firms.length) facts.architectOrEngineer = fact(firms.slice(0, 4).map((f) => f.value), firms[0]!.page);

  const numbered = (label: RegExp) => labelled(front.slice(0, 10), label, looksLikeProjectNumber)[0] ?? labelledInline(front.slice(0, 10), label);
  const number = numbered(NUMBER_LABEL) ?? numbered(PROCUREMENT_NUMBER_LABEL);
  if (number) facts.projectNumber = fact(number.value, number.page);

  const sites = siteCandidates(front, name);
  /** The country the place read is in, printed or implied by its region or postcode. */
  let read: string | null = null;
  // A party's office (an owner's, a designer's, where bids go) is never the site unless a label says so.
  const site = sites.find((c) => !c.notSite);
  const bare = streetUnderName(front, name);
  if (site && site.score > -2) {
    // The same town printed elsewhere with its street and postcode ("… 1200 W Oak Ave, Selma, CA 93662") completes it.
    const same = sites.find((c) => c !== site && c.score > -1 && c.place.postcode && c.place.city && c.place.city.toLowerCase() === site.place.city?.toLowerCase() && c.place.region?.code === site.place.region?.code);
    const p = site.place;
    if (p.city) facts.city = fact(p.city, site.page);
    if (p.region) facts.stateOrProvince = fact(p.region.value, site.page);
    // A contact person's postcode is their office's, not the site's.
    const zipFrom = p.postcode && !site.contact && !site.notSite ? site : same;
    if (zipFrom?.place.postcode) facts.zipOrPostcode = fact(zipFrom.place.country === 'US' ? zipFrom.place.postcode.slice(0, 5) : zipFrom.place.postcode, zipFrom.page);
    // The country is a fact only where the text prints it; the one its region implies still sets how numeric dates read.
    read = COUNTRY_NAMES[site.countryPrinted ?? p.country];
    if (site.countryPrinted) facts.country = fact(COUNTRY_NAMES[site.countryPrinted], site.page);
    const streetFrom = site.street ? site : same?.street ? same : undefined;
    if (streetFrom?.street) facts.streetAddress = fact(streetFrom.street, streetFrom.page);
  } else if (bare) {
    facts.streetAddress = fact(bare.street, bare.page);
    if (bare.town) facts.city = fact(bare.town, bare.page);
  }
  if (!facts.streetAddress && bare && (!site || site.page === bare.page)) facts.streetAddress = fact(bare.street, bare.page);
  // "… located at Kumbari Ave & Smith St, Southport, QLD": a sentence that says where the work is names another town than the address read —
  // two readers disagree, so the town, its postcode and street are null (the region stands when both name the same).
  const stated = site ? townStated(front.slice(0, 3), site.place.country) : undefined;
  if (stated && facts.city && fold(stated.town) !== fold(facts.city.value)) {
    facts.city = facts.zipOrPostcode = facts.streetAddress = null;
    if (stated.region !== site?.place.region?.code) facts.stateOrProvince = null;
  }
  // An agency writes from the state or province it works in: its letterhead's region stands when no site is printed; its town and street do not.
  const office = !facts.city && !facts.stateOrProvince ? sites.find((c) => c.letterhead && c.place.region) : undefined;
  if (office?.place.region) {
    facts.stateOrProvince = fact(office.place.region.value, office.page);
    read = COUNTRY_NAMES[office.countryPrinted ?? office.place.country];
    if (office.countryPrinted) facts.country = fact(COUNTRY_NAMES[office.countryPrinted], office.page);
  }

  const order = numericOrderIn(facts.country?.value ?? read);
  const due = bidDueDate(doc, order);
  if (due) facts.bidDue = fact(due.value, due.page);
  const meeting = preBidMeetingDate(doc, due?.value ?? null, order);
  if (meeting) facts.preBidMeeting = fact(meeting.value, meeting.page);
  // A fact read from an OCR'd page says so: the estimator sees where a shaky value came from.
  for (const f of Object.values(facts) as (Fact<unknown> | null)[]) {
    if (f && doc.pages[f.page - 1]?.ocr) f.source = 'ocr';
  }
  return facts;
}

/** Who handles the paper for the buyer, not the buyer: "the Purchasing Office", "the City Clerk", "the Owner". */
const AGENT_OR_ROLE = new RegExp(String.raw`^(?:(?:\w+\s+)?(?:purchasing|procurement|buyer|owner|contractor|undersigned|bidders?|tenderers?|${OFFICER})\b|.*\b(?:${OFFICER}|purchasing\s+(?:office|department|division)|procurement\s+(?:office|department|division|services))$)`, 'i');

/** The buyer's name from `m`: the board's "of" dropped, dangling "of"/"and"/"the" trimmed; undefined when it is no buyer's name. */
function buyerName(raw: string, strong: boolean): string | undefined {
  // "Board of Trustees of X", "Fiscal Officer of the X": the body or officer acting for X.
  const value = tidy(raw.replace(new RegExp(String.raw`^(?:board\s+of\s+(?:trustees|education|directors)|governing\s+board|(?:[A-Z]\w+\s+){0,2}${OFFICER})\s+of\s+(?:the\s+)?`, 'i'), '').replace(/(?:\s+(?:of|and|the|for|&))+$/i, '').replace(/(?<=[a-z]{3})\.$/, ''));
  if (!looksLikeOrganization(value) || AGENT_OR_ROLE.test(value) || value.split(/\s+/).length < 2) return undefined;
  // A design firm is no buyer; a company with a legal suffix may be one ("Harbor Field, Inc is seeking proposals").
  if (FIRM.test(value.replace(LEGAL_SUFFIX, ''))) return undefined;
  if (ORGANIZATION.test(value) || LEGAL_SUFFIX.test(value)) return value;
  // A sentence that says outright who receives the bids or runs the tender names the buyer whatever its name's words.
  return strong && /^[A-Z]/.test(value) ? value : undefined;
}

/** "PROJECT NO. 000000000009928" where the label is inside a line (the NUMBER_LABEL match is not at its start). */
function labelledInline(pages: PageText[], label: RegExp): Found | undefined {
  for (const page of pages) {
    for (let i = 0; i < page.lines.length; i++) {
      const m = label.exec(page.lines[i]!);
      if (!m) continue;
      // "Tender No.: - 41/Ward/2019 Group- 56": a dash between the label and its value.
      const v = /^\s*(?:[-–—]\s*)?([A-Z0-9][A-Z0-9.\-_/]*)/i.exec(page.lines[i]!.slice(m.index + m[0].length))?.[1];
      if (v && looksLikeProjectNumber(v)) return { value: v, page: page.page, line: i };
    }
  }
  return undefined;
}
