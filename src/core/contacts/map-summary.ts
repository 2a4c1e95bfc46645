import { mapGaps, selectedInvitations, type Candidate, type CandidateStatus, type ContactsMap, type MapTrade } from './map-document.js';

/**
 * The one summary of a contacts map that every channel renders (e-mail reply, Slack, review page,
 * HTTP, CLI), so they cannot disagree: an invitation is one e-mail to one contact (however many
 * trades it covers); a company is a distinct company key among them (two people at one firm invited
 * for two trades are 2 invitations to 1 company).
 */
export interface MapSummary {
  /** E-mails the red button would send: distinct selected contacts with an address. */
  invitations: number;
  /** Distinct companies those invitations go to. */
  companies: number;
  /** Trades with at least one invitation. */
  trades: number;
  /** Trades in the map. */
  tradesFound: number;
  /** Trades with nobody selected (a "possible" trade is not a gap). */
  gaps: MapTrade[];
}

export function summarizeMap(map: ContactsMap): MapSummary {
  const invitations = selectedInvitations(map);
  const companies = new Set<string>();
  for (const t of map.trades) for (const c of t.candidates) if (c.selected && c.email) companies.add(c.company_key);
  return {
    invitations: invitations.length,
    companies: companies.size,
    trades: new Set(invitations.flatMap((i) => i.divisions)).size,
    tradesFound: map.trades.length,
    gaps: mapGaps(map),
  };
}

/** "2 invitations to 1 company" — the count every channel states. */
export function selectionPhrase(s: Pick<MapSummary, 'invitations' | 'companies'>): string {
  return `${plural(s.invitations, 'invitation')} to ${plural(s.companies, 'company', 'companies')}`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Statuses a person may tick: the others cannot be invited at all. */
export const SELECTABLE_STATUSES: ReadonlySet<CandidateStatus> = new Set<CandidateStatus>(['ok', 'same_company', 'over_cap']);
export const isSelectable = (c: Pick<Candidate, 'status'>): boolean => SELECTABLE_STATUSES.has(c.status);

/** How each candidate status reads for people ('ok' needs no label). */
export const CANDIDATE_STATUS_LABEL: Readonly<Record<CandidateStatus, string | null>> = {
  ok: null,
  no_email: 'no e-mail',
  unsubscribed: 'unsubscribed',
  bad_email: 'e-mail bounced',
  same_company: 'same company',
  over_cap: 'over the per-trade limit',
};
