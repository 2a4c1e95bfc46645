/**
 * The two dated events of a call for bids (issue #11): when bids are due and when the pre-bid meeting
 * is — each with its time and zone as printed, or null. Null beats a guess: a date is taken only where
 * a cue says what it is the date of, and a year is never invented (a meeting printed without one takes
 * the bid date's year only when that puts it in the weeks before the bids, and its weekday agrees).
 *
 * How documents word the deadline, in every region:
 *  - receipt: "sealed bids will be received … until 2:00 p.m., April 15, 2025", "Tenders close at 12 noon
 *    on …", "submit their tenders … by 4pm on 23rd January 2026", "until 19th January 2026, 12:00 noon";
 *  - a label: "Bid Date: April 20, 2017 at 2pm", "BID DATE 2:00 PM Central May 2, 2017", "Deadline January
 *    23, 2017", "Closing date: 23/01/2026 12:00", "Close Date: …", "Last date of submission …";
 *  - the opening, when the text gives no receipt date: "bids will be opened … on <date> at 11:00 a.m.",
 *    "Sealed Bid Opening at 9:00 am August 15, 2011" (bids are due when they are opened);
 *  - an award memo's past tense: "bids were received / opened on <date>", "On <date>, the following bids
 *    were received".
 */
import type { PdfDocumentText } from '../pdf/types.js';
import type { FactDate } from './types.js';
import { datesIn, eventDate, laterTime, monthDayOf, type NumericOrder } from './fact-dates.js';

/** What a dated event's value is read from: the date and the page it was printed on. */
export interface DatedEvent {
  value: FactDate;
  page: number;
}

const BID = String.raw`(?:bids?|proposals?|quotes?|quotations?|submissions?|responses?|offers?|tenders?|rfps|rfqs)`;
/** A label's value starts here: a date or a time ("Deadline January 23, 2017", "BID DATE 2:00 PM …"), not a word ("Bid date may change"). */
const VALUE_FOLLOWS = String.raw`(?=\s*(?:[:\-–—]\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d))`;

const BID_DUE_CUE = new RegExp(
  [
    String.raw`\b${BID}\b[^.]{0,100}?\b(?:due|received|receive|accepted|closes?|closing|deadline|submitted|delivered|lodged|emailed|uploaded|deposited|placed|returned(?=\s+(?:by|before|no\s+later)))\b`,
    String.raw`\bwill\s+receive\s+(?:sealed\s+)?(?:bids|proposals|tenders|offers)\b`,
    String.raw`\b(?:bid|proposal|tender|rfp|rfq|itb)\s+(?:due|closing)\s+(?:date|time)\b`,
    String.raw`\bclos(?:ing|e)\s+date\b`,
    String.raw`\bdeadline\s+for\s+(?:submission|proposals?|bids?|tenders?)\b`,
    // "The time limit for receipt of tenders was 2016-01-15", "Deadline for receipt of bids:": a public notice's form.
    String.raw`\b(?:time\s+limit|deadline|closing\s+date|last\s+date)\s+for\s+(?:the\s+)?receipt\s+of\s+${BID}\b`,
    String.raw`^\s*(?:(?:bid|proposal|response)\s+)?due\s+date(?:\s*(?:and|&|\/)\s*time)?\s*:`,
    // "Submit all proposals …by", "must submit hard copies of their tenders to … by 4pm on …": the deadline of a submission.
    String.raw`\b(?:deliver|submit|send|lodge|return)\w*\s+(?:[\w'’-]+\s+){0,4}?${BID}\b[^.]{0,80}?\b(?:by|before|until|no\s+later\s+than)\b`,
    // Labels: "Bid Date:", "Deadline", "Due Date 05/15/2012", "Last date and time of submission".
    String.raw`\b(?:(?:bid|tender|proposal|quotation|submission)\s+date|deadline|due\s+date|closing(?:\s+time)?)(?:\s*(?:and|&|\/)\s*time)?\s*${VALUE_FOLLOWS}`,
    String.raw`\blast\s+date\s+(?:(?:and|&)\s+time\s+)?(?:of|for)\s+(?:the\s+)?(?:submission|receipt)\b`,
  ].join('|'),
  'i',
);
/** Dates of other events a deadline's words are printed with. */
const NOT_DUE = /\b(?:questions?|inquir\w+|enquir\w+|rfis?|substitution|clarifications?|security|clearance|surety|bonds?|opening|opened|issue\s+date|issued|publish(?:ed)?|posted|registration)\b/i;
/** The opening of the bids: their due date when the text prints no receipt date. */
const OPENING_CUE = new RegExp(String.raw`\b${BID}\b[^.]{0,60}?\b(?:will|shall|are\s+to)\s+be\s+(?:publicly\s+)?opened\b|\b(?:bid|tender|proposal)\s+opening(?:\s+(?:date|time))?\b`, 'i');
/** An award memo: "four bids were opened on May 3, 2016", "the following bids were received". */
const PAST_CUE = new RegExp(String.raw`\b${BID}\s+(?:were|was)\s+(?:publicly\s+)?(?:received|opened)\b`, 'i');
/** "On May 20, 2004, the following bids were received": the date printed before the past-tense cue. */
const ON_DATE_BEFORE = /\b[Oo]n\s+$/;

const PRE_BID_CUE = new RegExp(
  [
    String.raw`\bpre-?\s?(?:bid|proposal|tender|quote)\b[^.]{0,40}?\b(?:meeting|conference|site\s+(?:visit|inspection|walk)|walk-?through|walk-?thru|tour|briefing)\b`,
    String.raw`\b(?:bidders'?|proposers'?|tenderers'?|information|pre-?construction)\s+(?:meeting|conference|briefing|session)\b`,
    String.raw`\b(?:mandatory|optional|non-?mandatory|compulsory)\s+(?:site\s+)?(?:visit|walk-?through|walk-?thru|meeting|tour|inspection|briefing)\b`,
    String.raw`\bsite\s+(?:visit|meeting|inspection|walk-?through|walk-?thru)\s+(?:will\s+be|is|shall\s+be)\s+(?:held|scheduled|conducted)\b`,
    String.raw`^\s*site\s+(?:visit|meeting|inspection)\s*:`,
    // "A compulsory clarification meeting with representatives of the Employer will be held …": the standard South African form.
    String.raw`\b(?:clarification|briefing)\s+(?:meeting|session)\b`,
  ].join('|'),
  'i',
);

/** "Site visit: Not applicable", "Pre-bid meeting: None", "N/A", "TBD": a field that says its event has no date. */
const NONE_FOLLOWS = /^\s*[:\-–—]?\s*(?:not\s+applicable|n\/a\b|none\b|nil\b|not\s+required|no\s+(?:site\s+)?(?:visit|meeting|inspection)\b|tbd\b|tba\b|to\s+be\s+(?:determined|announced|confirmed|advised))/i;
/** "previously due on", "originally scheduled for": the date that follows was replaced. */
const SUPERSEDED = /\b(?:previously|originally|formerly|initially)\b/i;
/** "… is extended to <date>": the date read is the new one (eventDate takes it), which holds. */
const MOVED = /\b(?:extended|postponed|deferred|moved|changed|revised|amended|rescheduled)\s+(?:to|until)\b/i;

interface Candidate extends DatedEvent {
  score: number;
}

/** Lines read from a cue's line on: the sentence may wrap, and a list of fields may follow ("… shall be received as follows:"); eventDate's reach bounds what is read. */
const WINDOW_LINES = 6;

/**
 * A cue's test over a whole page, lines joined by line breaks: "^" then matches at every line's start and "\s" at
 * each break, so it matches wherever any window starting on one of its lines could — a page it misses holds no
 * cue, and the line-by-line windows (six lines read for every line) are skipped on most pages of a plan set.
 */
const pageCues = new WeakMap<RegExp, RegExp>();
function pageMayHold(cue: RegExp, lines: readonly string[]): boolean {
  let onPage = pageCues.get(cue);
  if (!onPage) pageCues.set(cue, (onPage = new RegExp(cue.source, `${cue.flags.replace(/[gm]/g, '')}m`)));
  return onPage.test(lines.join('\n'));
}

/** "by", "before", "no later than": the date after it closes something (a registration, a notice of intent), it is no meeting's. */
const DEADLINE_BEFORE = /\b(?:by|before|no\s+later\s+than|not\s+later\s+than|prior\s+to)\s*$/i;

/** `deadline`: the event is a deadline (bids due), else a meeting, which is held on its date and may give its time in a sentence of its own. */
function datedEvents(doc: PdfDocumentText, cue: RegExp, reject: RegExp | null, order: NumericOrder, deadline = true): Candidate[] {
  const out: Candidate[] = [];
  const everyCue = new RegExp(cue.source, `${cue.flags}g`);
  for (const page of doc.pages) {
    const lines = page.lines;
    if (!pageMayHold(cue, lines)) continue;
    for (let i = 0; i < lines.length; i++) {
      const window = lines.slice(i, i + WINDOW_LINES).join(' ');
      // The cue starts on this line; it may wrap onto the next ("Sealed bids for the performance of" / "such work will be received …").
      // A line may hold a cue that is no deadline ("Faxed bids are not accepted.") before the one that is.
      let hit: { m: RegExpMatchArray; value: FactDate } | undefined;
      for (const m of window.matchAll(everyCue)) {
        if (m.index >= lines[i]!.length) break;
        // The words before the cue in its own clause or field ("Published May 1 - Deadline …": the publication is another field).
        const before = window.slice(Math.max(0, m.index - 30), m.index).split(/\s[-–—|]\s|[.;]\s/).pop()!;
        if ((reject && reject.test(before + m[0])) || /\bnot\b/i.test(m[0])) continue;
        // "On May 20, 2004, the following" / "bids were received:": a past-tense cue's date may be on the line before.
        const prev = past(cue) && i > 0 ? `${lines[i - 1]} ` : '';
        // "Site visit: Not applicable": the field says there is none; a date further on is another event's.
        if (NONE_FOLLOWS.test(window.slice(m.index + m[0].length))) continue;
        const value = past(cue) ? pastDate(prev + window, prev.length + m.index, prev.length + m.index + m[0].length, order) : eventDate(window, m.index + m[0].length, 160, order);
        // "… tenders previously due on October 3": a date the text says no longer holds.
        const at = value ? window.indexOf(value.text, m.index) : -1;
        if (value && at >= 0 && SUPERSEDED.test(window.slice(m.index, at)) && !MOVED.test(window.slice(m.index, at))) continue;
        // "… register for the meeting by no later than 10 January": a meeting is held on its date, a date "by" it is another deadline.
        if (value && at >= 0 && !deadline && DEADLINE_BEFORE.test(window.slice(Math.max(0, at - 30), at))) continue;
        if (value) {
          hit = { m, value };
          break;
        }
      }
      if (!hit) continue;
      const { m, value } = hit;
      if (value.time === null && value.date !== null) {
        // "… due by 14 January 2021. The bid opening is scheduled for the same day at 12:00 GMT": the time follows.
        const longer = lines.slice(i, i + 6).join(' ').replace(/\s+/g, ' ');
        const at = longer.indexOf(value.text);
        const later = at >= 0 ? laterTime(longer.slice(at + value.text.length), !deadline) : null;
        if (later) Object.assign(value, { time: later.time, timeZone: later.timeZone });
      }
      let score = 3 - page.page * 0.02;
      if (/\bdue\b/i.test(m[0])) score += 1;
      if (value.date === null) score -= 1;
      out.push({ value, page: page.page, score });
    }
  }
  return out.sort((a, b) => b.score - a.score);
}

const past = (cue: RegExp) => cue === PAST_CUE;

/** "On <date>, the following bids were received" (the date before the cue), else the date after it ("bids were opened on <date>"). */
function pastDate(window: string, start: number, end: number, order: NumericOrder): FactDate | undefined {
  const before = datesIn(window.slice(Math.max(0, start - 60), start), order).pop();
  const lead = before ? window.slice(Math.max(0, start - 60), start) : '';
  if (before && ON_DATE_BEFORE.test(lead.slice(0, before.index)) && /^[\s,]*(?:the\s+following\s+|\w+\s+)?(?:sealed\s+)?$/i.test(lead.slice(before.end))) {
    return eventDate(window, Math.max(0, start - 60) + before.index, 0, order);
  }
  return eventDate(window, end, 60, order);
}

/** The best-cued date; a time and zone printed with the same date elsewhere complete it. */
function bestDate(cands: Candidate[]): DatedEvent | null {
  // A meeting or deadline without its date ("May 8, 9:00 AM" with no year) cannot be put in a calendar: null.
  const best = cands.find((c) => c.value.date !== null);
  if (!best) return null;
  const same = cands.filter((c) => c.value.date !== null && c.value.date === best.value.date && c.value.time !== null);
  // The fact shows the words of the page it cites.
  const shown = best.value.time === null && same[0] ? same[0] : best;
  const value = { ...shown.value };
  if (value.timeZone === null && value.time !== null) value.timeZone = same.find((c) => c.value.time === value.time && c.value.timeZone)?.value.timeZone ?? null;
  return { value, page: shown.page };
}

/** When bids are due: a receipt or a deadline; else the opening; else an award memo's "bids were received / opened". */
export function bidDueDate(doc: PdfDocumentText, order: NumericOrder = 'month-first'): DatedEvent | null {
  return (
    bestDate(datedEvents(doc, BID_DUE_CUE, NOT_DUE, order)) ??
    bestDate(datedEvents(doc, OPENING_CUE, /\b(?:questions?|rfis?|after|following)\b/i, order)) ??
    bestDate(datedEvents(doc, PAST_CUE, null, order))
  );
}

/** Numeric dates are read month first in the United States and Canada, day first elsewhere; with no country known, see NumericOrder. */
export function numericOrderIn(country: string | null): NumericOrder {
  if (country === null) return 'unknown';
  return /^(?:united\s+states|canada)$/i.test(country) ? 'month-first' : 'day-first';
}

/** Days between a pre-bid meeting and the date it is reckoned from (the bid date, or the date of the notice), at most. */
const MEETING_LEAD_DAYS = 120;
const DAY_MS = 86_400_000;

/**
 * The pre-bid meeting. One printed without its year ("Tuesday, January 18, at 1:30 pm") takes its year from
 * the bid date (the meeting is in the weeks before it) or, with no bid date, from the latest date printed
 * on its page (the notice's date: a meeting that "was held" is before it, one to come after it) — and
 * only when the weekday, if printed, is that day's.
 */
export function preBidMeetingDate(doc: PdfDocumentText, due: FactDate | null, order: NumericOrder = 'month-first'): DatedEvent | null {
  const cands = datedEvents(doc, PRE_BID_CUE, null, order, false);
  const dated = bestDate(cands);
  if (dated) return dated;
  for (const c of cands) {
    const md = monthDayOf(c.value.text);
    if (!md) continue;
    const page = doc.pages[c.page - 1]?.lines.join(' ') ?? '';
    const latest = (text: string) => datesIn(text, order).map((d) => d.date).filter((d): d is string => d !== null).sort().pop();
    const noticeDate = latest(page) ?? latest(doc.pages.slice(0, 5).map((p) => p.lines.join(' ')).join(' '));
    const anchor = due?.date ?? noticeDate;
    if (!anchor) continue;
    // Before the bid date; before a notice that says it "was held"; after a notice that announces it.
    const before = due?.date !== undefined || new RegExp(String.raw`\bwas\s+held\b[^.]{0,80}${escape(c.value.text)}`, 'i').test(page);
    const year = yearNear(md.monthDay, md.weekday, anchor, before);
    if (year) return { value: { ...c.value, date: `${year}-${md.monthDay}` }, page: c.page };
  }
  return null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The year that puts month-day within MEETING_LEAD_DAYS before (or after) `anchor`, its weekday agreeing when printed. */
function yearNear(monthDay: string, weekday: number | null, anchor: string, before: boolean): number | null {
  const at0 = Date.parse(`${anchor}T00:00:00Z`);
  const y0 = Number(anchor.slice(0, 4));
  for (const y of [y0 - 1, y0, y0 + 1]) {
    const at = Date.parse(`${y}-${monthDay}T00:00:00Z`);
    if (Number.isNaN(at) || new Date(at).toISOString().slice(5, 10) !== monthDay) continue;
    // A printed weekday fixes the year by itself within the span; without one the meeting's side of the anchor must be known.
    const days = (weekday !== null ? Math.abs(at0 - at) : before ? at0 - at : at - at0) / DAY_MS;
    if (days < 0 || days > MEETING_LEAD_DAYS) continue;
    return weekday === null || new Date(at).getUTCDay() === weekday ? y : null;
  }
  return null;
}
