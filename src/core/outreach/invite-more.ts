import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import { logger as rootLogger } from '../log.js';
import { assertReadyToSend } from '../project/details.js';
import type { NewInvitationRow } from '../../db/repositories/index.js';
import type { OutreachDeps } from './deps.js';
import { parseMailFrom } from './mail-address.js';
import { bidCoverage, type CoverageSuggestion } from './coverage.js';

export interface InviteMoreOptions {
  /** The contacts the person saw proposed and confirmed; default: every current proposal. */
  contactIds?: string[];
  via?: string;
  now?: Date;
}

export interface InviteMoreResult {
  jobId: string;
  queued: { emailId: string; contactId: string; name: string; email: string; divisions: string[] }[];
  /** Proposed contacts someone invited meanwhile (a second click, another channel): not sent again. */
  alreadyInvited: string[];
}

/**
 * "Invite these too": for trades under their bidder target, queue invitations to the next best
 * contacts not invited yet — the proposals coverage shows. Same checks as the red button (owner,
 * due date still ahead, signed by the estimator) and the same exactly-once sending: each new
 * invitation is one email_logs row, inserted only if that contact has none on this job, so a
 * repeated or racing request never sends anyone a second invitation.
 */
export async function inviteMore(deps: OutreachDeps, userId: string, jobId: string, opts: InviteMoreOptions = {}): Promise<InviteMoreResult> {
  const now = opts.now ?? new Date();
  const job = await deps.repos.jobs.getForUser(userId, jobId);
  const log = (deps.logger ?? rootLogger).child({ jobId: job.jobId, userId });
  if (!(await deps.repos.coverage.approval(job.jobId))) {
    throw new AppError('JOB_STATE', `Job ${job.jobId} not approved`, { userMessage: 'This job has not been sent yet: approve its contacts map first (the red button); coverage starts then.' });
  }
  assertReadyToSend(await deps.details.get(userId, job.jobId), now);
  const coverage = await bidCoverage({ repos: deps.repos, maps: deps.maps, details: deps.details }, userId, job.jobId, now);
  const proposed = new Map<string, { s: CoverageSuggestion; divisions: string[] }>();
  for (const t of coverage.underTarget) {
    for (const s of t.suggestions) {
      const entry = proposed.get(s.contactId) ?? { s, divisions: [] };
      entry.divisions.push(t.division);
      proposed.set(s.contactId, entry);
    }
  }
  const invitedIds = new Set(coverage.trades.flatMap((t) => t.invitees.map((i) => i.contactId)));
  const wanted = opts.contactIds ? [...new Set(opts.contactIds)] : [...proposed.keys()];
  const alreadyInvited = wanted.filter((id) => invitedIds.has(id));
  const unknown = wanted.filter((id) => !proposed.has(id) && !invitedIds.has(id));
  if (unknown.length) {
    throw new AppError('STALE_VERSION', `Not proposed now: ${unknown.join(', ')}`, {
      userMessage: 'Coverage has changed since those contacts were proposed (someone answered or was invited meanwhile). Look at the coverage again and confirm the contacts it proposes now.',
    });
  }
  const toQueue = wanted.filter((id) => proposed.has(id));
  if (toQueue.length === 0) {
    if (alreadyInvited.length) return { jobId: job.jobId, queued: [], alreadyInvited };
    throw new AppError('VALIDATION', `Job ${job.jobId}: nobody to invite`, {
      userMessage: coverage.underTarget.length
        ? 'Every trade under target has run out of contacts in your list: add subcontractors for those trades to your contacts, then look at the coverage again.'
        : `Every trade has ${coverage.target} or more subs who may still bid; nobody more to invite.`,
    });
  }
  const from = parseMailFrom(deps.config.REDBUTTON_MAIL_FROM);
  const map = await deps.maps.current(userId, job.jobId);
  const rows: NewInvitationRow[] = toQueue.map((id) => {
    const p = proposed.get(id)!;
    return { emailId: randomUUID(), contactId: id, toEmail: p.s.email, divisions: [...new Set(p.divisions)].sort(), messageId: `<${randomUUID()}@${from.domain}>`, mapVersion: map.version };
  });
  const inserted = await deps.repos.coverage.addInvitations(job.jobId, rows);
  const insertedIds = new Set(inserted.map((r) => r.contactId));
  log.info({ queued: inserted.length, via: opts.via }, 'more invitations queued (invite these too)');
  return {
    jobId: job.jobId,
    queued: inserted.map((r) => ({ emailId: r.emailId, contactId: r.contactId, name: proposed.get(r.contactId)!.s.name, email: r.toEmail, divisions: r.divisions })),
    alreadyInvited: [...alreadyInvited, ...toQueue.filter((id) => !insertedIds.has(id))],
  };
}

/** "Invited 2 more: Volt Bros (Electrical), …" for every channel. */
export function formatInviteMore(r: InviteMoreResult, names: (id: string) => string = (id) => id): string {
  const parts: string[] = [];
  if (r.queued.length) parts.push(`Invited ${r.queued.length} more: ${r.queued.map((q) => `${q.name} <${q.email}>`).join(', ')}. They go out through the same sender, once each.`);
  if (r.alreadyInvited.length) parts.push(`Already invited (not sent again): ${r.alreadyInvited.map(names).join(', ')}.`);
  return parts.join(' ') || 'Nobody new to invite.';
}
