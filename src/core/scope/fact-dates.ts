/**
 * Dates, times and time zones as bid documents print them: "before 2:00 P.M., April 15, 2025",
 * "Closing Time: 14:00:00 Mountain Standard Time (MST)", "no later than 2:00 p.m. Pacific Time on
 * March 5, 2024", "11.00 a.m.", "30th August 2024". A date without a year keeps `date: null`: the
 * year is never guessed. Hand-written rather than a date library because the job is finding a date
 * inside a sentence next to its time and zone, not parsing a whole string.
 */
import type { FactDate } from './types.js';
import { ZONE_WORDS_PATTERN, isPrintedZoneAbbreviation, zoneWordLetters } from '../zone-table.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const WEEKDAY = String.raw`(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?`;
const DAY = String.raw`\d{1,2}(?:st|nd|rd|th)?`;
const YEAR = String.raw`(?:[,.]?\s*(\d{4}))?`;
/**
 * Month-name dates (year optional), numeric day/month/year and ISO days. Groups: 1 month 2 day 3 year |
 * 4 day 5 month 6 year | 7 numeric with slashes | 8 iso | 9 numeric with hyphens or dots (year in four
 * digits: "10-01-2025", "23.01.2026"). "May, 1 2012" and "the 3rd day of March 2026" are printed too.
 */
export const DATE_IN_TEXT = new RegExp(
  String.raw`\b${WEEKDAY}(?:(${MONTH})\.?,?\s+(${DAY})${YEAR}|(${DAY})(?:\s+day)?(?:\s+of)?\s+(${MONTH})\.?${YEAR}|(\d{1,2}/\d{1,2}/\d{2,4})|(\d{4}-\d{2}-\d{2})|(\d{1,2}([-.])\d{1,2}\10\d{4}))(?![\d/])`,
  'gi',
);

/**
 * How a numeric date is read when both numbers could be the month: "05/01/2026" is 1 May in the US, 5
 * January elsewhere. 'unknown' (no country known): slashes are read month first as before; hyphens and
 * dots ("10-01-2025", the Indian and European forms) are left unread rather than guessed.
 */
export type NumericOrder = 'month-first' | 'day-first' | 'unknown';

const iso = (y: number, mo: number, d: number): string | null => {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 ? date.toISOString().slice(0, 10) : null;
};

/** "a/b/y": the number over 12 is the day whatever the order; when both could be months, `order` decides. */
function numericIso(text: string, order: NumericOrder): string | null {
  const [a, b, y] = text.split(/[/.-]/).map(Number) as [number, number, number];
  const year = y < 100 ? 2000 + y : y;
  if (order === 'unknown' && a <= 12 && b <= 12 && !text.includes('/')) return null;
  const dayFirst = a > 12 || (b <= 12 && order === 'day-first');
  return dayFirst ? iso(year, b, a) : iso(year, a, b);
}

/** One match of DATE_IN_TEXT → ISO day, or null when the year is not printed (or the day is not real). */
function isoOf(m: RegExpExecArray, order: NumericOrder): string | null {
  const month = (s: string) => MONTHS.indexOf(s.slice(0, 3).toLowerCase()) + 1;
  if (m[1]) return m[3] ? iso(Number(m[3]), month(m[1]), parseInt(m[2]!, 10)) : null;
  if (m[5]) return m[6] ? iso(Number(m[6]), month(m[5]), parseInt(m[4]!, 10)) : null;
  if (m[7]) return numericIso(m[7], order);
  if (m[9]) return numericIso(m[9], order);
  const [y, mo, d] = m[8]!.split('-').map(Number) as [number, number, number];
  return iso(y, mo, d);
}

/** Month and day of a date printed without its year ("Tuesday, January 18" → "01-18"), and the weekday when printed (0 = Sunday). */
export function monthDayOf(text: string): { monthDay: string; weekday: number | null } | null {
  DATE_IN_TEXT.lastIndex = 0;
  const m = DATE_IN_TEXT.exec(text);
  DATE_IN_TEXT.lastIndex = 0;
  if (!m || !(m[1] || m[5])) return null;
  const mo = MONTHS.indexOf((m[1] ?? m[5]!).slice(0, 3).toLowerCase()) + 1;
  const d = parseInt(m[2] ?? m[4]!, 10);
  if (d < 1 || d > 31) return null;
  const wd = /^(sun|mon|tue|wed|thu|fri|sat)/i.exec(m[0].trim())?.[1]?.toLowerCase();
  return { monthDay: `${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`, weekday: wd ? ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].indexOf(wd) : null };
}

export interface DateHit {
  /** ISO day, or null when the year is missing. */
  date: string | null;
  index: number;
  end: number;
  text: string;
}

export function datesIn(text: string, order: NumericOrder = 'month-first'): DateHit[] {
  DATE_IN_TEXT.lastIndex = 0;
  return [...text.matchAll(DATE_IN_TEXT)].map((m) => ({ date: isoOf(m as RegExpExecArray, order), index: m.index, end: m.index + m[0].length, text: m[0].trim() }));
}

/** "April 15, 2025", "15 April 2025", "4/15/2025", "2025-04-15" → "2025-04-15"; undefined when not one real date with a year. */
export function parseDate(text: string): string | undefined {
  const hits = datesIn(text.trim());
  return hits.length === 1 && hits[0]!.text.length >= text.trim().length - 1 ? (hits[0]!.date ?? undefined) : undefined;
}

/** "2:00 P.M.", "2pm", "11.00 a.m.", "10h00 am", "14:00", "15.00 hrs", "1400 hrs", "noon". Groups: 1-3 clock with a.m./p.m. | 4-5 24-hour | 6 words | 7-8 hours written "hrs". */
const TIME = /\b(\d{1,2})(?:[:.h](\d{2}))?(?::\d{2})?\s*(a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])|\b([01]?\d|2[0-3])[:h](\d{2})(?::\d{2})?(?!\s*(?:[ap]\.?\s?m|%|\d))|\b(noon|midday|midnight)\b|\b([01]?\d|2[0-3])[.]?([0-5]\d)\s*(?:hrs|hours)\b/gi;

export interface TimeHit {
  time: string;
  index: number;
  end: number;
}

const UTC_OFFSET = /\b(?:UTC|GMT)\s?[+\-−]\s?$/i;

/** "2:00 P.M." → 14:00, "11.00 a.m." → 11:00, "14:00:00" → 14:00, "noon" → 12:00. */
export function timesIn(text: string): TimeHit[] {
  const out: TimeHit[] = [];
  for (const m of text.matchAll(TIME)) {
    // "(UTC+12:00)", "GMT-05:00": a zone's offset from UTC, not a time of day.
    if (UTC_OFFSET.test(text.slice(Math.max(0, m.index - 6), m.index))) continue;
    let h: number;
    let min: number;
    if (m[6]) [h, min] = [m[6].toLowerCase() === 'midnight' ? 0 : 12, 0];
    else if (m[3]) {
      h = Number(m[1]);
      min = Number(m[2] ?? 0);
      if (h < 1 || h > 12 || min > 59) continue;
      const pm = m[3].toLowerCase().startsWith('p');
      h = (h % 12) + (pm ? 12 : 0);
    } else {
      h = Number(m[4] ?? m[7]);
      min = Number(m[5] ?? m[8]);
      if (min > 59) continue;
    }
    out.push({ time: `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`, index: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * A zone written in words ("Central Time", "Pacific Standard Time") is given as its abbreviation ("CT", "PST"):
 * the printed zone, as an estimator would write it, which `parseTimeZone` turns into an IANA zone when a job's
 * dates are set (both read the zones of ../zone-table.ts). A standard/daylight word is kept ("CST"), since it
 * says which offset the document meant.
 */
function zoneWordAbbreviation(words: string): string | undefined {
  const [word = '', kind = ''] = words.toLowerCase().split(/\s+/);
  const letters = zoneWordLetters(word);
  if (!letters) return undefined;
  return `${letters}${kind === 'standard' ? 'S' : kind === 'daylight' ? 'D' : ''}T`;
}
const ZONE_PHRASE = new RegExp(
  String.raw`^\s*[,(]?\s*(?:((?:${ZONE_WORDS_PATTERN})(?:\s+(?:standard|daylight|prevailing))?\s+time)(?:\s*\(([A-Z]{2,5})\))?|\(?([A-Z]{2,5}|[A-Z]\.(?:[A-Z]\.){1,3})\)?)`,
  'i',
);
/** "2:00 PM Central May 2, 2017": a zone's bare word, read as the zone only when a date, a weekday or the clause's end follows. */
const ZONE_BARE_WORD = /^\s*,?\s*(pacific|mountain|central|eastern)\b(?=\s*(?:[,;.)]|$|on\b|(?:mon|tue|wed|thu|fri|sat|sun)|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d))/i;
/** "(Europe/Paris)", "America/Denver": a zone printed by its IANA name, as tender portals print it. */
const IANA_ZONE = /^\s*\(?((?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)\/[A-Z][A-Za-z_]+(?:\/[A-Z][A-Za-z_]+)?)\)?/;

/** The zone printed right after a time: "PST", "(MST)", "Mountain Standard Time (MST)", "Pacific Time". "local time" is no zone. */
export function zoneAfter(text: string): { zone: string; length: number } | null {
  const iana = IANA_ZONE.exec(text);
  if (iana) return { zone: iana[1]!, length: iana[0].length };
  const bare = ZONE_BARE_WORD.exec(text);
  if (bare) return { zone: zoneWordAbbreviation(bare[1]!)!, length: bare[0].length };
  const m = ZONE_PHRASE.exec(text);
  if (!m) return null;
  const hit = (zone: string | null | undefined) => (zone ? { zone, length: m[0].length } : null);
  // "E.S.T.": an abbreviation printed with full stops.
  const abbr = m[3]?.replace(/\./g, '');
  if (abbr) return hit(isPrintedZoneAbbreviation(abbr) && m[3] === m[3]!.toUpperCase() ? abbr : null);
  if (m[2] && isPrintedZoneAbbreviation(m[2])) return hit(m[2]);
  return hit(zoneWordAbbreviation(m[1]!));
}

/** A sentence ends: a word of three lower-case letters or more, a full stop, the next sentence ("… Maintenance. The …"); "Col. H." and "W. Main" do not end one. */
const SENTENCE_END = /[a-z]{3}\.\s+[A-Z]/;

/** What joins the two ends of a range of hours: "to", "and", "until", a dash. */
const TIME_RANGE_JOIN = /^\s*(?:to|and|until|till|[-–—])\s*$/i;

/** "… is extended to", "has been postponed until", "rescheduled to": a date moved, the next one printed is the one that holds. */
const MOVED_TO = /^[^.]{0,60}?\b(?:extended|postponed|deferred|moved|changed|revised|amended|rescheduled)\s+(?:to|until)\W*$/i;

/**
 * The date of an event in one sentence, with the time and zone printed with it. `from` is where the
 * event's cue ends; "from April 10 to April 15" takes the new date. Undefined when no date follows
 * within `reach` characters.
 */
export function eventDate(sentence: string, from: number, reach = 160, order: NumericOrder = 'month-first'): FactDate | undefined {
  // Further than `reach` only while the sentence goes on: "… will be received by the <Authority>, <its address>, on <date>".
  const near = (d: DateHit) => d.index - from <= reach || (d.index - from <= 2 * reach && !SENTENCE_END.test(sentence.slice(from, d.index)));
  const dates = datesIn(sentence, order).filter((d) => d.index >= from - 40 && near(d));
  if (dates.length === 0) return undefined;
  let pick = dates.find((d) => d.index >= from) ?? dates[0]!;
  const between = (a: number, b: number) => sentence.slice(a, b);
  const later = dates.filter((d) => d.index > pick.index);
  if (later.length && /\bfrom\s*$/i.test(between(Math.max(0, pick.index - 8), pick.index)) && /^\W*(?:to|until)\b/i.test(between(pick.end, later[0]!.index))) pick = later[0]!;
  // "… previously due on October 3, 2019 at 14:00 hours is extended to October 8, 2019": the date it was moved to replaces it.
  if (later.length && MOVED_TO.test(between(pick.end, later[0]!.index))) pick = later[0]!;
  // A time belongs to the date when it sits in the same clause: right before or after it.
  // …in the same sentence: no full stop followed by a new sentence between the time and the date.
  const sameSentence = (t: TimeHit) => !/[.;]\s+[A-Z]/.test(sentence.slice(Math.min(t.end, pick.end), Math.max(t.index, pick.index)));
  // "between 8.00am to 4.00pm", "9:00 a.m. – 4:00 p.m.": office hours, a range — neither end is the deadline's time.
  const all = timesIn(sentence);
  const inRange = (t: TimeHit) => all.some((o) => o !== t && TIME_RANGE_JOIN.test(sentence.slice(Math.min(t.end, o.end), Math.max(t.index, o.index))));
  const times = all.filter((t) => Math.abs(t.index - pick.index) <= 60 && t.index >= from - 60 && sameSentence(t) && !inRange(t));
  const time = times.sort((a, b) => Math.abs(a.index - pick.index) - Math.abs(b.index - pick.index))[0];
  const zone = time ? zoneAfter(sentence.slice(time.end)) : null;
  const start = Math.min(pick.index, time?.index ?? pick.index);
  const end = Math.max(pick.end, time ? time.end + (zone?.length ?? 0) : pick.end);
  return { date: pick.date, time: time?.time ?? null, timeZone: zone?.zone ?? null, text: sentence.slice(start, end).replace(/\s+/g, ' ').trim().slice(0, 160) };
}

/** "The bid opening is scheduled for the same day at 12:00 GMT", "Closing Time: 02:00 PM": a deadline's time printed after its date. */
const LATER_TIME_CUE = /\b(?:(?:on\s+)?the\s+same\s+day|(?:closing|opening|due|submission|deadline|bid|tender)\s+time)\b\s*(?:is\s+|will\s+be\s+)?(?:at\s+)?:?\s*/i;

/** "… held on Thursday 9th January 2020. Tenderers shall assemble at the Sub-County Offices at 10.00 a.m.": where and when a meeting gathers. */
const GATHER_AT = /\b(?:assemble|convene|gather|meet)\s+(?:at|in)\s+[^.;]{3,80}?\s+at\s+(?=\d)/i;

/**
 * The time of a deadline (or a meeting, with `meeting`) whose date was printed without one, when the text right after the date gives
 * it in a sentence or a field of its own. `after` is the text that follows the date; only its first
 * 200 characters are read, and the time must follow its cue at once.
 */
export function laterTime(after: string, meeting = false): { time: string; timeZone: string | null } | null {
  const m = LATER_TIME_CUE.exec(after.slice(0, 200)) ?? (meeting ? GATHER_AT.exec(after.slice(0, 200)) : null);
  if (!m) return null;
  const rest = after.slice(m.index + m[0].length);
  const time = timesIn(rest.slice(0, 40))[0];
  if (!time || time.index > 3) return null;
  return { time: time.time, timeZone: zoneAfter(rest.slice(time.end))?.zone ?? null };
}
