import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import { logger as rootLogger } from '../log.js';
import { selectedInvitations } from '../contacts/map-document.js';
import type { OutreachDeps } from './deps.js';
import { parseMailFrom, requireSmtpUrl } from './mail-address.js';
import { assertReadyToSend } from '../project/details.js';
import { identityBlocker, identityOf } from '../project/identity.js';
import { formatAddendumPlan, type AddendumApproval } from '../addenda/addenda.js';
import { divisionByCode } from '../scope/taxonomy.js';

export type SkipReason = 'unsubscribed' | 'bad_email' | 'no_email' | 'deleted';

export interface SkippedContact {
  contact_id: string;
  name: string;
  email: string | null;
  reason: SkipReason;
}

export interface QueuedInvitation {
  emailId: string;
  contactId: string;
  name: string;
  email: string;
  divisions: string[];
  messageId: string;
}

export interface ApprovalSummary {
  jobId: string;
  projectName: string;
  mapVersion: number;
  queued: number;
  /** Company names invited, in map order. */
  companies: string[];
  /** Per trade: how many invitations go out for it. */
  trades: { division: string; name: string; invited: number }[];
  invitations: QueuedInvitation[];
  /** Selected in the map but not invited, with why. */
  skipped: SkippedContact[];
  /** Set when the red button approved an addendum: its notices, the new trades' invitations and who was skipped. */
  addendum?: AddendumApproval;
}

export interface ApproveOptions {
  /** The map version the user looked at; approval is refused unless it is still the current one. */
  version: number;
  /** The channel the approval came through (recorded). */
  via?: string;
  /** Sending follows at once (CLI `approve --send`): refuse unless SMTP is configured, before approving anything. */
  sendNow?: boolean;
  clock?: () => Date;
}

const SKIP_WORDS: Record<SkipReason, string> = {
  unsubscribed: 'asked not to be contacted (unsubscribed)',
  bad_email: 'e-mail address bounced before',
  no_email: 'no e-mail address',
  deleted: 'no longer in your contacts',
};
export const describeSkip = (s: SkippedContact) => `${s.name}${s.email ? ` <${s.email}>` : ''}: ${SKIP_WORDS[s.reason]}`;

/**
 * The red button. Turns the approved contacts-map version into one QUEUED email_logs row per
 * selected contact (all their trades in one invitation), in ONE immediate transaction that also
 * records the approval — so a job is approved at most once, a map edited meanwhile is detected,
 * and nothing is half-queued. Message-IDs are chosen here, before anything is sent, so a crash
 * during sending can be reconciled against what the server or the Sent folder has.
 */
export async function approveJob(deps: OutreachDeps, userId: string, jobId: string, opts: ApproveOptions): Promise<ApprovalSummary> {
  const log = (deps.logger ?? rootLogger).child({ jobId, userId });
  const { repos } = deps;
  const job = await repos.jobs.getForUser(userId, jobId); // another user's job is "not found"
  const previous = await repos.coverage.approval(jobId);
  // Once the invitations are out, the same red button approves the addendum waiting for it.
  if ((previous || job.status === 'EMAILED') && deps.addenda && (await deps.addenda.hasPending(jobId))) {
    if (opts.sendNow) requireSmtpUrl(deps.config.SMTP_URL);
    return addendumSummary(await deps.addenda.approve(userId, jobId, { version: opts.version, ...(opts.via ? { via: opts.via } : {}), ...(opts.clock ? { clock: opts.clock } : {}) }), job.name);
  }
  if (previous || job.status === 'EMAILED') throw alreadyApproved(previous?.approvedAt ?? null, previous?.mapVersion ?? null);
  if (job.status !== 'CONTACT_MAP_READY') {
    throw new AppError('JOB_STATE', `Job ${jobId} is ${job.status}, not CONTACT_MAP_READY`, {
      userMessage:
        job.status === 'FAILED'
          ? `This job failed (${job.failureReason ?? 'unknown reason'}), so there is nothing to approve.`
          : `The contacts map is not ready yet (the job is at ${job.status}); approve it once the map is shown.`,
    });
  }
  // Everything that would stop the invitations going out is checked before anything is recorded,
  // so a refused approval leaves the job exactly as it was (no half-approved job).
  const from = parseMailFrom(deps.config.REDBUTTON_MAIL_FROM);
  if (opts.sendNow) requireSmtpUrl(deps.config.SMTP_URL);
  assertReadyToSend(await deps.details.get(userId, jobId), opts.clock?.() ?? new Date());
  const unsigned = identityBlocker(await identityOf(repos, userId));
  if (unsigned) throw new AppError('VALIDATION', `Job ${jobId}: sender identity incomplete`, { userMessage: unsigned, details: { field: 'profile' } });
  if (!Number.isInteger(opts.version) || opts.version < 1) {
    throw new AppError('VALIDATION', `Bad map version ${String(opts.version)}`, { userMessage: 'Say which contacts-map version you approve (a number, e.g. 3).' });
  }
  const map = await deps.maps.current(userId, jobId);
  if (opts.version !== map.version) {
    throw new AppError('STALE_VERSION', `Approving version ${opts.version}, current is ${map.version}`, {
      userMessage:
        opts.version < map.version
          ? `You approved version ${opts.version} of the contacts map, but it has changed since (now version ${map.version}). Review the current map and approve version ${map.version}.`
          : `There is no version ${opts.version} of this contacts map yet (the current one is ${map.version}).`,
      details: { currentVersion: map.version },
    });
  }
  // Decide who gets an invitation, from the address book as it is now (someone may have
  // unsubscribed or bounced since the map was built).
  const skipped: SkippedContact[] = [];
  const invitations: QueuedInvitation[] = [];
  for (const inv of selectedInvitations(map)) {
    const contact = await repos.contacts.findForUser(userId, inv.contact_id);
    const reason: SkipReason | null = !contact ? 'deleted' : contact.unsubscribedAt ? 'unsubscribed' : contact.emailBadAt ? 'bad_email' : !contact.email ? 'no_email' : null;
    if (reason || !contact?.email) {
      skipped.push({ contact_id: inv.contact_id, name: contact?.name ?? inv.name, email: contact?.email ?? inv.email, reason: reason ?? 'no_email' });
      continue;
    }
    invitations.push({
      emailId: randomUUID(),
      contactId: contact.contactId,
      name: contact.name,
      email: contact.email,
      divisions: [...new Set(inv.divisions)].sort(),
      messageId: `<${randomUUID()}@${from.domain}>`,
    });
  }
  // Unsubscribed or bounced candidates that were (wrongly) left selected are also reported.
  if (invitations.length === 0) {
    throw new AppError('VALIDATION', `Job ${jobId} v${map.version}: nobody to invite`, {
      userMessage:
        skipped.length > 0
          ? `Nobody can be invited from version ${map.version}: ${skipped.map(describeSkip).join('; ')}. Select other contacts in the map, then approve again.`
          : `Nobody is selected in version ${map.version} of the contacts map. Select at least one contact per trade, then approve again.`,
    });
  }

  await repos.transaction(async (tx) => {
    // Re-check inside the write lock: same map file, same state, not approved by a racing process.
    const now = await tx.jobs.getInternal(jobId);
    if (!now || now.contactsMapRef !== job.contactsMapRef) {
      throw new AppError('STALE_VERSION', `Map of ${jobId} changed during approval`, {
        userMessage: 'The contacts map changed while you were approving it. Review the current version and approve again.',
      });
    }
    const raced = await tx.coverage.approval(jobId);
    if (raced || now.status === 'EMAILED') throw alreadyApproved(raced?.approvedAt ?? null, raced?.mapVersion ?? null);
    if (now.status !== 'CONTACT_MAP_READY') throw new AppError('JOB_STATE', `Job ${jobId} moved to ${now.status}`, { userMessage: `The job moved to ${now.status}; nothing was sent.` });
    await tx.emailLogs.recordApproval({ jobId, userId, mapVersion: map.version, invitations, skippedJson: JSON.stringify(skipped), via: opts.via ?? null });
    await tx.jobs.patchInState(jobId, 'CONTACT_MAP_READY', {});
  });

  const tradeCounts = map.trades.map((t) => ({
    division: t.division,
    name: t.name,
    invited: invitations.filter((i) => i.divisions.includes(t.division)).length,
  }));
  log.info({ mapVersion: map.version, queued: invitations.length, skipped: skipped.length, via: opts.via }, 'invitations approved and queued');
  return {
    jobId,
    projectName: job.name,
    mapVersion: map.version,
    queued: invitations.length,
    companies: invitations.map((i) => i.name),
    trades: tradeCounts,
    invitations,
    skipped,
  };
}

function alreadyApproved(at: string | null, version: number | null): AppError {
  return new AppError('ALREADY_SENT', 'Job already approved', {
    userMessage: `This job was already approved${version ? ` (version ${version}${at ? `, ${at} UTC` : ''})` : ''}; its invitations are queued or sent and will not go out twice. See them with "redbutton outreach status".`,
  });
}

/** Summary lines for a person (CLI, Slack, e-mail reply). */
export function formatApproval(s: ApprovalSummary): string {
  if (s.addendum) return formatAddendumPlan(s.addendum, true);
  const lines = [`Approved version ${s.mapVersion} of "${s.projectName}": ${s.queued} invitation${s.queued === 1 ? '' : 's'} queued.`];
  for (const t of s.trades) lines.push(`  ${t.division} ${t.name}: ${t.invited} invited`);
  if (s.companies.length) lines.push(`Invited: ${s.companies.join(', ')}`);
  if (s.skipped.length) lines.push(`Not invited: ${s.skipped.map(describeSkip).join('; ')}`);
  return lines.join('\n');
}

/** An addendum's approval in the red button's summary shape, so every channel shows it as it shows the first one. */
function addendumSummary(a: AddendumApproval, projectName: string): ApprovalSummary {
  const mails = [...a.notices, ...a.invitations];
  const divisions = [...new Set(mails.flatMap((m) => m.divisions))].sort();
  return {
    jobId: a.addendum.jobId,
    projectName,
    mapVersion: a.addendum.mapVersion ?? 0,
    queued: a.noticesQueued + a.invitationsQueued,
    companies: mails.map((m) => m.name),
    trades: divisions.map((d) => ({ division: d, name: divisionByCode(d)?.name ?? `Division ${d}`, invited: mails.filter((m) => m.divisions.includes(d)).length })),
    invitations: [],
    skipped: [],
    addendum: a,
  };
}
