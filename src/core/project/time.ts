import { createRequire } from 'node:module';
import type * as Chrono from 'chrono-node';

// chrono-node takes ~0.2 s to load: it is required on the first date typed, not at every start.
const require = createRequire(import.meta.url);
let chronoModule: typeof Chrono | undefined;
const chrono = (): typeof Chrono => (chronoModule ??= require('chrono-node') as typeof Chrono);
import { AppError } from '../errors.js';
import { ZONE_ABBREVIATIONS_PATTERN, ZONE_WORDS_PATTERN, ianaOfZoneName } from '../zone-table.js';

/**
 * Dates and times of a job (bid due, job walk, RFI deadline): stored as the job's local date
 * "YYYY-MM-DD", time "HH:MM" and an IANA time zone, so "2 PM Central" stays 2 PM Central across
 * daylight saving. Free text ("Dec 12 2pm CT") is read with chrono-node; the zone is ours to pick
 * out first, because chrono turns "CT" into a fixed offset, not a zone.
 */
export interface LocalMoment {
  date: string;
  time: string | null;
}

/** The usual zone of each US state and Canadian province/territory (the one most of it keeps). */
const REGION_ZONES: Record<string, string> = {
  AL: 'America/Chicago', AK: 'America/Anchorage', AZ: 'America/Phoenix', AR: 'America/Chicago', CA: 'America/Los_Angeles',
  CO: 'America/Denver', CT: 'America/New_York', DE: 'America/New_York', DC: 'America/New_York', FL: 'America/New_York',
  GA: 'America/New_York', HI: 'Pacific/Honolulu', ID: 'America/Boise', IL: 'America/Chicago', IN: 'America/Indiana/Indianapolis',
  IA: 'America/Chicago', KS: 'America/Chicago', KY: 'America/New_York', LA: 'America/Chicago', ME: 'America/New_York',
  MD: 'America/New_York', MA: 'America/New_York', MI: 'America/Detroit', MN: 'America/Chicago', MS: 'America/Chicago',
  MO: 'America/Chicago', MT: 'America/Denver', NE: 'America/Chicago', NV: 'America/Los_Angeles', NH: 'America/New_York',
  NJ: 'America/New_York', NM: 'America/Denver', NY: 'America/New_York', NC: 'America/New_York', ND: 'America/Chicago',
  OH: 'America/New_York', OK: 'America/Chicago', OR: 'America/Los_Angeles', PA: 'America/New_York', RI: 'America/New_York',
  SC: 'America/New_York', SD: 'America/Chicago', TN: 'America/Chicago', TX: 'America/Chicago', UT: 'America/Denver',
  VT: 'America/New_York', VA: 'America/New_York', WA: 'America/Los_Angeles', WV: 'America/New_York', WI: 'America/Chicago',
  WY: 'America/Denver', PR: 'America/Puerto_Rico', GU: 'Pacific/Guam', VI: 'America/St_Thomas',
  AB: 'America/Edmonton', BC: 'America/Vancouver', MB: 'America/Winnipeg', NB: 'America/Moncton', NL: 'America/St_Johns',
  NS: 'America/Halifax', NT: 'America/Yellowknife', NU: 'America/Iqaluit', ON: 'America/Toronto', PE: 'America/Halifax',
  QC: 'America/Toronto', SK: 'America/Regina', YT: 'America/Whitehorse',
};

/** The zone a state or province usually keeps ("MN" → America/Chicago), or null. */
export function zoneOfRegion(region: string | null | undefined): string | null {
  return (region && REGION_ZONES[region.trim().toUpperCase()]) || null;
}

export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch (_e) {
    // Intl throws RangeError for a name it does not know: that is the answer.
    return false;
  }
}

/** A time zone as a person writes it ("CT", "Central", "America/Chicago") → IANA, or a clear error. */
export function parseTimeZone(text: string): string {
  const t = text.trim();
  const named = ianaOfZoneName(t);
  if (named) return named;
  if (/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(t) && isValidZone(t)) return Intl.DateTimeFormat('en-US', { timeZone: t }).resolvedOptions().timeZone;
  throw new AppError('VALIDATION', `Unknown time zone ${t}`, {
    userMessage: `"${t}" is not a time zone I know. Use ET, CT, MT, PT (or AT, AKT, HT), or a name such as America/Chicago.`,
  });
}

// A zone written after a time: an IANA name, or an abbreviation in capitals (so "at" is not Atlantic).
const ZONE_IN_TEXT = new RegExp(
  String.raw`\b([A-Z][a-z]+(?:\/[A-Za-z_]+)+)\b|\b(${ZONE_ABBREVIATIONS_PATTERN})\b|\b(${ZONE_WORDS_PATTERN})(?:\s+(?:standard|daylight))?(?:\s+time)?\b`,
  'i',
);

export interface ParsedMoment extends LocalMoment {
  timeZone: string | null;
}

/**
 * "Dec 12 2pm", "December 12, 2026 at 14:00 CT", "2026-12-12 14:00 America/Chicago", "12/12 2 PM".
 * A date without a year is the next one from `now`. Throws VALIDATION when no date can be read.
 */
export function parseMoment(text: string, what: string, now: Date = new Date()): ParsedMoment {
  const raw = text.trim().replace(/\s+/g, ' ');
  let rest = raw;
  let timeZone: string | null = null;
  const zm = ZONE_IN_TEXT.exec(raw);
  // Abbreviations only count in capitals ("AT" yes, "at" no); IANA names and zone words in any case.
  if (zm && (zm[1] || zm[3] || (zm[2] && zm[2] === zm[2].toUpperCase()))) {
    timeZone = parseTimeZone(zm[1] ?? zm[2] ?? zm[3]!);
    rest = (raw.slice(0, zm.index) + raw.slice(zm.index + zm[0].length)).trim();
  }
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}):(\d{2}))?$/.exec(rest);
  if (iso) {
    const date = checkDate(iso[1]!, raw, what);
    return { date, time: iso[2] ? checkTime(Number(iso[2]), Number(iso[3]), raw, what) : null, timeZone };
  }
  const result = chrono().en.parse(rest, now, { forwardDate: true })[0];
  if (!result || result.index > 12) throw unreadable(raw, what);
  const s = result.start;
  const day = s.get('day');
  const month = s.get('month');
  const year = s.get('year');
  if (!day || !month || !year || !(s.isCertain('day') || s.isCertain('weekday'))) throw unreadable(raw, what);
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const time = s.isCertain('hour') ? checkTime(s.get('hour') ?? 0, s.get('minute') ?? 0, raw, what) : null;
  return { date: checkDate(date, raw, what), time, timeZone };
}

function unreadable(text: string, what: string): AppError {
  return new AppError('VALIDATION', `Cannot read ${what} "${text}"`, {
    userMessage: `I could not read a date in "${text}" for the ${what}. Write it like "Dec 12 2pm CT" or "2026-12-12 14:00 America/Chicago".`,
  });
}

function checkDate(date: string, text: string, what: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) throw unreadable(text, what);
  return date;
}

function checkTime(h: number, m: number, text: string, what: string): string {
  if (!Number.isInteger(h) || !Number.isInteger(m) || h < 0 || h > 23 || m < 0 || m > 59) throw unreadable(text, what);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Minutes east of UTC that `zone` keeps at instant `at`. */
function offsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant of a local date and time in `zone` (end of the day when there is no time). */
export function instantOf(m: LocalMoment, zone: string): Date {
  const [y, mo, d] = m.date.split('-').map(Number) as [number, number, number];
  const [h, mi] = (m.time ?? '23:59').split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let t = wall - offsetMinutes(zone, new Date(wall)) * 60_000;
  // Near a daylight-saving change the first guess can be an hour off: correct once.
  t = wall - offsetMinutes(zone, new Date(t)) * 60_000;
  return new Date(t);
}

/** "Friday, December 12, 2026 at 2:00 PM CST" (the time and zone only when known). */
export function formatMoment(m: LocalMoment, zone: string | null): string {
  const day = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(`${m.date}T12:00:00Z`));
  if (!m.time) return day;
  if (!zone) {
    const [h, mi] = m.time.split(':').map(Number) as [number, number];
    return `${day} at ${((h + 11) % 12) + 1}:${String(mi).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
  }
  const time = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(instantOf(m, zone));
  return `${day} at ${time}`;
}
