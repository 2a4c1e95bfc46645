import type { ContactsMap, MapTrade } from '../contacts/map-document.js';
import { tradeLabel } from '../contacts/match.js';
import type { ProjectDetails } from '../project/details.js';
import { formatMoment, instantOf } from '../project/time.js';
import type { Repositories, InvitationFacts } from '../../db/repositories/index.js';
import type { JobRow } from '../records.js';
import { decodeDivisions, fromSqlTime } from './deps.js';
import { remindersAhead, reminderTimes } from './reminders.js';
import { jobLife, type JobLife } from './job-life.js';

/** Where one invitee stands, in the words coverage uses. */
export type InviteeState = 'sending' | 'bidding' | 'not_bidding' | 'no_answer' | 'bounced' | 'failed';

export interface CoverageInvitee {
  emailId: string;
  contactId: string;
  name: string;
  email: string | null;
  divisions: string[];
  state: InviteeState;
  /** The plans were downloaded through this invitation's link (how many times). */
  downloads: number;
  answeredAt: string | null;
  /** The sub's own words with the answer. */
  note: string | null;
  /** Why it bounced or failed; "unsubscribed" for a sub who asked for no more mail. */
  problem: string | null;
  /** Reminders still to come for this invitee (occasion and when). */
  nextReminders: { occasion: string; at: Date }[];
  remindersSent: string[];
}

export interface CoverageSuggestion {
  contactId: string;
  name: string;
  email: string;
  distanceMiles: number | null;
  reason: string;
}

export interface TradeCoverage {
  division: string;
  name: string;
  target: number;
  invited: number;
  opened: number;
  bidding: number;
  notBidding: number;
  noAnswer: number;
  /** Still queued or being sent. */
  sending: number;
  bouncedOrFailed: number;
  /** Bidding + still possible (no answer yet, or not sent yet). */
  possible: number;
  /** Bidders missing to reach the target, counting every sub who may still bid. */
  short: number;
  invitees: CoverageInvitee[];
  /** The next best contacts not invited yet (same ranking as the contacts map), when short. */
  suggestions: CoverageSuggestion[];
}

export interface ReminderPlanEntry {
  occasion: string;
  days: number;
  at: Date;
  /** Subs who will get it (not declined, unsubscribed or bounced). */
  recipients: string[];
  /** Already queued or sent. */
  sent: number;
}

export interface BidCoverage {
  jobId: string;
  jobName: string;
  life: JobLife;
  approved: boolean;
  target: number;
  bidDue: { text: string; at: Date } | null;
  /** The job's zone (IANA), for showing times. */
  timeZone: string | null;
  reminderDays: number[];
  totals: Pick<TradeCoverage, 'invited' | 'opened' | 'bidding' | 'notBidding' | 'noAnswer' | 'sending' | 'bouncedOrFailed'>;
  trades: TradeCoverage[];
  underTarget: TradeCoverage[];
  reminders: ReminderPlanEntry[];
  /** Answers in the order they came (latest last). */
  answers: { name: string; divisions: string[]; state: 'bidding' | 'not_bidding'; note: string | null; at: string | null }[];
}

export interface CoverageDeps {
  repos: Pick<Repositories, 'jobs' | 'contacts' | 'coverage'>;
  maps: { current(userId: string, jobId: string): Promise<ContactsMap> };
  details: { get(userId: string, jobId: string): Promise<ProjectDetails> };
}

function stateOf(f: InvitationFacts): { state: InviteeState; problem: string | null } {
  const r = f.row;
  if (r.bidResponse === 'BID') return { state: 'bidding', problem: null };
  if (r.bidResponse === 'NO_BID') return { state: 'not_bidding', problem: null };
  if (r.status === 'QUEUED' || r.status === 'SENDING') return { state: 'sending', problem: null };
  if (r.status === 'BOUNCED') return { state: 'bounced', problem: r.bounceReason ?? 'bounced' };
  if (r.status === 'FAILED') return { state: 'failed', problem: r.lastError ?? 'not sent' };
  // A sub who unsubscribed will not bid: counted with the declines.
  if (f.unsubscribed) return { state: 'not_bidding', problem: 'unsubscribed' };
  return { state: 'no_answer', problem: r.status === 'UNCERTAIN' ? 'may not have gone out (check the Sent folder)' : null };
}

/**
 * Bid coverage of a job (owner only): per trade, who was invited, opened the plans, answers
 * bidding or not, has not answered, bounced or failed; the target of bidders and, for a trade
 * under it, the next best contacts not invited yet; who will be reminded when; the job's life in
 * words. One view model that every channel renders.
 */
export async function bidCoverage(deps: CoverageDeps, userId: string, jobId: string, now: Date = new Date()): Promise<BidCoverage> {
  const job: JobRow = await deps.repos.jobs.getForUser(userId, jobId);
  const [approval, facts, reminderRows, details] = await Promise.all([
    deps.repos.coverage.approval(job.jobId),
    deps.repos.coverage.invitations(job.jobId),
    deps.repos.coverage.reminders(job.jobId),
    deps.details.get(userId, job.jobId),
  ]);
  const map = job.contactsMapRef ? await deps.maps.current(userId, job.jobId) : undefined;
  const target = details.bidTarget;
  const dueAt = details.bidDue && details.timeZone ? instantOf(details.bidDue, details.timeZone) : null;
  const times = dueAt ? reminderTimes(dueAt, details.reminderDays) : [];
  const remindersByInvitation = new Map<string, string[]>();
  for (const r of reminderRows) {
    if (!r.parentEmailId || (r.status !== 'SENT' && r.status !== 'QUEUED' && r.status !== 'SENDING')) continue;
    remindersByInvitation.set(r.parentEmailId, [...(remindersByInvitation.get(r.parentEmailId) ?? []), r.occasion]);
  }

  const invitees: CoverageInvitee[] = facts.map((f) => {
    const { state, problem } = stateOf(f);
    const remindable = (state === 'no_answer' || state === 'bidding' || state === 'sending') && !f.unsubscribed && !f.emailBad;
    const sentAt = fromSqlTime(f.row.sentAt) ?? (state === 'sending' ? now : null);
    const done = remindersByInvitation.get(f.row.emailId) ?? [];
    return {
      emailId: f.row.emailId,
      contactId: f.row.contactId,
      name: f.name,
      email: f.row.toEmail,
      divisions: decodeDivisions(f.row.trades),
      state,
      downloads: f.downloads,
      answeredAt: f.row.respondedAt,
      note: f.row.bidNote,
      problem,
      nextReminders: remindable && dueAt ? remindersAhead(times, sentAt, dueAt, now).filter((t) => !done.includes(t.occasion)).map((t) => ({ occasion: t.occasion, at: t.at })) : [],
      remindersSent: done,
    };
  });

  const mapTrades: Pick<MapTrade, 'division' | 'name' | 'candidates' | 'possible'>[] = map?.trades ?? [];
  const divisions = [...new Set([...mapTrades.filter((t) => !t.possible || invitees.some((i) => i.divisions.includes(t.division))).map((t) => t.division), ...invitees.flatMap((i) => i.divisions)])];
  const invitedIds = new Set(invitees.map((i) => i.contactId));
  const trades: TradeCoverage[] = [];
  for (const division of divisions) {
    const mt = mapTrades.find((t) => t.division === division);
    const here = invitees.filter((i) => i.divisions.includes(division));
    const n = (s: InviteeState) => here.filter((i) => i.state === s).length;
    const bidding = n('bidding');
    const possible = bidding + n('no_answer') + n('sending');
    const short = Math.max(0, target - possible);
    trades.push({
      division,
      name: mt?.name ?? tradeLabel(division),
      target,
      invited: here.length,
      opened: here.filter((i) => i.downloads > 0).length,
      bidding,
      notBidding: n('not_bidding'),
      noAnswer: n('no_answer'),
      sending: n('sending'),
      bouncedOrFailed: n('bounced') + n('failed'),
      possible,
      short,
      invitees: here,
      suggestions: short > 0 && mt ? await nextBest(deps, userId, mt, here, invitedIds, short) : [],
    });
  }
  const sum = (k: 'bidding' | 'notBidding' | 'noAnswer' | 'sending' | 'bouncedOrFailed') => invitees.filter((i) => stateBucket(i.state) === k).length;
  const reminders: ReminderPlanEntry[] = times
    .filter((t) => !dueAt || t.at.getTime() < dueAt.getTime())
    .map((t) => ({
      occasion: t.occasion,
      days: t.days,
      at: t.at,
      recipients: invitees.filter((i) => i.nextReminders.some((r) => r.occasion === t.occasion)).map((i) => i.name),
      sent: reminderRows.filter((r) => r.occasion === t.occasion && r.status === 'SENT').length,
    }));
  const answers = invitees
    .filter((i): i is CoverageInvitee & { state: 'bidding' | 'not_bidding' } => (i.state === 'bidding' || i.state === 'not_bidding') && i.answeredAt !== null)
    .sort((a, b) => (a.answeredAt ?? '').localeCompare(b.answeredAt ?? ''))
    .map((i) => ({ name: i.name, divisions: i.divisions, state: i.state, note: i.note, at: i.answeredAt }));
  return {
    jobId: job.jobId,
    jobName: job.name,
    life: jobLife({ status: job.status, approved: Boolean(approval), invitations: facts.map((f) => f.row.status), dueAt, now }),
    approved: Boolean(approval),
    target,
    bidDue: details.bidDue && dueAt ? { text: formatMoment(details.bidDue, details.timeZone), at: dueAt } : null,
    timeZone: details.timeZone,
    reminderDays: details.reminderDays,
    totals: {
      invited: invitees.length,
      opened: invitees.filter((i) => i.downloads > 0).length,
      bidding: sum('bidding'),
      notBidding: sum('notBidding'),
      noAnswer: sum('noAnswer'),
      sending: sum('sending'),
      bouncedOrFailed: sum('bouncedOrFailed'),
    },
    trades,
    underTarget: trades.filter((t) => t.short > 0),
    reminders,
    answers,
  };
}

function stateBucket(s: InviteeState): 'bidding' | 'notBidding' | 'noAnswer' | 'sending' | 'bouncedOrFailed' {
  return s === 'bidding' ? 'bidding' : s === 'not_bidding' ? 'notBidding' : s === 'no_answer' ? 'noAnswer' : s === 'sending' ? 'sending' : 'bouncedOrFailed';
}

/**
 * The map's own ranking for the trade (distance, trade tags, one company per trade), minus anyone
 * already invited to this job, any company already invited for this trade, and contacts who since
 * unsubscribed, bounced or have no e-mail — the same rules as the contacts map, applied today.
 */
async function nextBest(
  deps: CoverageDeps,
  userId: string,
  trade: Pick<MapTrade, 'candidates'>,
  invitedHere: CoverageInvitee[],
  invitedIds: Set<string>,
  wanted: number,
): Promise<CoverageSuggestion[]> {
  const companiesHere = new Set(trade.candidates.filter((c) => invitedHere.some((i) => i.contactId === c.contact_id)).map((c) => c.company_key));
  const out: CoverageSuggestion[] = [];
  const taken = new Set<string>();
  for (const c of trade.candidates) {
    if (out.length >= wanted) break;
    if (invitedIds.has(c.contact_id) || companiesHere.has(c.company_key) || taken.has(c.company_key)) continue;
    if (c.status !== 'ok' && c.status !== 'over_cap' && c.status !== 'same_company') continue;
    if (c.distance_miles === null) continue; // unknown distance: never proposed, as in the map
    const contact = await deps.repos.contacts.findForUser(userId, c.contact_id);
    if (!contact?.email || contact.unsubscribedAt || contact.emailBadAt) continue;
    taken.add(c.company_key);
    out.push({ contactId: contact.contactId, name: contact.name, email: contact.email, distanceMiles: c.distance_miles, reason: c.reason });
  }
  return out;
}

const STATE_WORDS: Record<InviteeState, string> = {
  sending: 'sending',
  bidding: 'bidding',
  not_bidding: 'not bidding',
  no_answer: 'no answer',
  bounced: 'bounced',
  failed: 'failed',
};
export const describeState = (s: InviteeState) => STATE_WORDS[s];

const shortWhen = (d: Date, zone?: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone: zone ?? 'UTC', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(d);

/** "3 and 1 days before", "off". */
export function describeReminderDays(days: number[]): string {
  if (days.length === 0) return 'off';
  const list = days.length === 1 ? String(days[0]) : `${days.slice(0, -1).join(', ')} and ${days[days.length - 1]}`;
  return `${list} day${days.length === 1 && days[0] === 1 ? '' : 's'} before`;
}

/**
 * Coverage as plain text for a terminal (80 columns) and e-mail: the life line, one row per
 * trade, the trades under target with whom to invite next, reminders and answers.
 */
export function formatCoverage(c: BidCoverage, opts: { timeZone?: string; inviteHint?: string } = {}): string {
  const lines = [`${c.jobName} — ${c.life.words}`];
  lines.push(`Target ${c.target} bidder${c.target === 1 ? '' : 's'} per trade · reminders ${describeReminderDays(c.reminderDays)}${c.bidDue ? ` · due ${c.bidDue.text}` : ''}`);
  if (!c.approved) {
    lines.push('Not sent yet: coverage starts when the invitations go out.');
    return lines.join('\n');
  }
  const head = ['TRADE', 'INVITED', 'OPENED', 'BID', 'NO BID', 'WAITING', 'FAILED', ''];
  const rows = c.trades.map((t) => [
    `${t.division} ${t.name}`.slice(0, 24),
    String(t.invited),
    String(t.opened),
    String(t.bidding),
    String(t.notBidding),
    String(t.noAnswer + t.sending),
    String(t.bouncedOrFailed),
    t.short > 0 ? `${t.short} short` : 'ok',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd();
  lines.push('', fmt(head), ...rows.map(fmt));
  if (c.underTarget.length) {
    lines.push('', 'Under target:');
    for (const t of c.underTarget) {
      const next = t.suggestions.map((s) => `${s.name}${s.distanceMiles !== null ? ` (${Math.round(s.distanceMiles)} mi)` : ''}`).join(', ');
      lines.push(`  ${t.division} ${t.name}: ${t.possible} of ${t.target} may bid — ${next ? `next: ${next}` : 'no more contacts for this trade in your list'}`);
    }
    if (opts.inviteHint && c.underTarget.some((t) => t.suggestions.length)) lines.push(`  ${opts.inviteHint}`);
  }
  const ahead = c.reminders.filter((r) => r.recipients.length || r.sent);
  if (ahead.length) {
    lines.push('', 'Reminders:');
    for (const r of c.reminders) {
      const who = r.recipients.length ? `${r.recipients.length} to go: ${r.recipients.slice(0, 6).join(', ')}${r.recipients.length > 6 ? ` and ${r.recipients.length - 6} more` : ''}` : 'none to go';
      lines.push(`  ${shortWhen(r.at, opts.timeZone ?? c.timeZone ?? undefined)} (${r.days} day${r.days === 1 ? '' : 's'} before): ${r.sent ? `${r.sent} sent; ` : ''}${who}`);
    }
  }
  if (c.answers.length) {
    lines.push('', 'Answers:');
    for (const a of c.answers.slice(-20)) lines.push(`  ${a.name} (${a.divisions.join(', ')}): ${describeState(a.state)}${a.note ? ` — "${a.note.slice(0, 120)}"` : ''}`);
  }
  const problems = c.trades.flatMap((t) => t.invitees).filter((i, k, all) => (i.state === 'bounced' || i.state === 'failed') && all.findIndex((j) => j.emailId === i.emailId) === k);
  if (problems.length) {
    lines.push('', 'Did not reach:');
    for (const p of problems) lines.push(`  ${p.name} <${p.email ?? ''}>: ${describeState(p.state)}${p.problem ? ` — ${p.problem.slice(0, 100)}` : ''}`);
  }
  return lines.join('\n');
}
