import { createRequire } from 'node:module';
import type { ContactRow } from '../records.js';
import { divisionByCode } from '../scope/taxonomy.js';
import { decodeTrades } from './trades.js';
import { milesBetween } from './geo.js';
import type { Candidate, MapTrade } from './map-document.js';

export interface MatchSettings {
  radiusMiles: number;
  maxPerTrade: number;
  onePerCompany: boolean;
  /**
   * Candidates kept in the stored map per trade (the best ranked); the rest are only counted
   * (`not_listed`), so a map's size does not grow with the address book. Default 50.
   */
  listPerTrade?: number;
}

export const DEFAULT_LIST_PER_TRADE = 50;

const require = createRequire(import.meta.url);
let freeMail: Set<string> | undefined;
/** Free-mail domains (gmail.com …), read on first use: the list is 150 kB that a CLI command without contacts never needs. */
const freeMailDomains = (): Set<string> => (freeMail ??= new Set(require('email-providers/all.json') as string[]));

/**
 * The key that makes two contacts "the same company": the e-mail domain, unless it is a free-mail
 * provider (gmail.com…), then the company name without legal suffixes and punctuation.
 */
export function companyKey(c: Pick<ContactRow, 'name' | 'email'>): string {
  const domain = c.email?.split('@')[1]?.toLowerCase();
  if (domain && !freeMailDomains().has(domain)) return `domain:${domain}`;
  const name = c.name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\b(inc|incorporated|llc|l\.l\.c|ltd|co|corp|corporation|company|the)\b\.?/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return `name:${name}`;
}

/** A short trade label for reasons: "HVAC" rather than "Heating, Ventilating, and Air Conditioning (HVAC)". */
export function tradeLabel(division: string): string {
  const name = divisionByCode(division)?.name ?? `Division ${division}`;
  return /\(([^)]+)\)$/.exec(name)?.[1] ?? name;
}

export function contactStatus(c: ContactRow): Candidate['status'] {
  if (!c.email) return 'no_email';
  if (c.unsubscribedAt) return 'unsubscribed';
  if (c.emailBadAt) return 'bad_email';
  return 'ok';
}

const STATUS_NOTE: Record<Candidate['status'], string> = {
  ok: '',
  no_email: 'no e-mail on file',
  unsubscribed: 'unsubscribed',
  bad_email: 'e-mail bounced',
  same_company: 'same company as a closer contact',
  over_cap: 'beyond the per-trade limit',
};

/**
 * Candidates for one trade: the owner's contacts tagged with it, within the radius (contacts with
 * no known distance are kept, ranked last), nearest first then by name. The first `maxPerTrade`
 * usable contacts at a known distance are selected, one per company; the rest stay visible with the
 * reason they are not. A contact at unknown distance (no zip on either side) is never pre-selected:
 * it could be a thousand miles away. The estimator can still select it by hand.
 */
export function matchTrade(
  division: string,
  contacts: readonly ContactRow[],
  projectZip: string | null,
  settings: MatchSettings,
  preselect = true,
): { candidates: Candidate[]; beyondRadius: number; notListed: number } {
  const tradeName = tradeLabel(division);
  let beyondRadius = 0;
  const ranked = contacts
    .filter((c) => decodeTrades(c.trades).includes(division))
    .map((c) => ({ c, miles: milesBetween(projectZip, c.zipCode) }))
    .filter(({ miles }) => {
      const inside = miles === null || miles <= settings.radiusMiles;
      if (!inside) beyondRadius += 1;
      return inside;
    })
    .sort((a, b) => (a.miles ?? Infinity) - (b.miles ?? Infinity) || a.c.name.localeCompare(b.c.name));

  const companiesTaken = new Set<string>();
  let selectedCount = 0;
  const candidates = ranked.map(({ c, miles }): Candidate => {
    const key = companyKey(c);
    let status = contactStatus(c);
    if (status === 'ok' && settings.onePerCompany && companiesTaken.has(key)) status = 'same_company';
    if (status === 'ok' && selectedCount >= settings.maxPerTrade) status = 'over_cap';
    // A contact at unknown distance may be far away: shown, never pre-selected.
    const usable = status === 'ok' && miles !== null;
    // For a "possible" trade the ranking still shows who would be invited, but nobody is ticked.
    const selected = usable && preselect;
    if (usable) {
      selectedCount += 1;
      companiesTaken.add(key);
    }
    const distance =
      miles !== null ? `${miles} mi` : projectZip ? 'distance unknown, not pre-selected' : 'no project zip, not pre-selected';
    const note = STATUS_NOTE[status];
    return {
      contact_id: c.contactId,
      name: c.name,
      email: c.email,
      company_key: key,
      zip_code: c.zipCode,
      distance_miles: miles,
      selected,
      reason: [tradeName, distance, note].filter(Boolean).join(' · '),
      status,
      added_by_user: false,
    };
  });
  // Ranked best first and the selected ones are among the first, so the cut keeps every selection.
  const listed = candidates.slice(0, settings.listPerTrade ?? DEFAULT_LIST_PER_TRADE);
  return { candidates: listed, beyondRadius, notListed: candidates.length - listed.length };
}

/** Re-match a trade (used when building the map and when a trade is added by hand). */
export function buildTrade(
  base: Omit<MapTrade, 'candidates' | 'beyond_radius' | 'possible' | 'not_listed'> & { possible?: boolean },
  contacts: readonly ContactRow[],
  projectZip: string | null,
  settings: MatchSettings,
): MapTrade {
  const possible = base.possible ?? false;
  const { candidates, beyondRadius, notListed } = matchTrade(base.division, contacts, projectZip, settings, !possible);
  return { ...base, possible, candidates, beyond_radius: beyondRadius, not_listed: notListed };
}
