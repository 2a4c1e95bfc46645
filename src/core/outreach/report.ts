import type { BidResponse, EmailStatus } from '../domain/status.js';
import type { OutreachDeps } from './deps.js';
import { decodeDivisions } from './deps.js';
import { describeSkip, type SkippedContact } from './approve.js';
import { UNCERTAIN_EXPLANATION } from './sender-recovery.js';

export interface OutreachReportRow {
  emailId: string;
  contactId: string;
  name: string;
  toEmail: string | null;
  divisions: string[];
  status: EmailStatus;
  attempts: number;
  sentAt: string | null;
  providerId: string | null;
  messageId: string | null;
  /** Why it is not SENT (failure, bounce, uncertainty), or the retry note while QUEUED. */
  reason: string | null;
  nextAttemptAt: string | null;
  /** The contact has unsubscribed (possibly after this invitation). */
  unsubscribed: boolean;
  /** "Will bid" / "won't bid" from the invitation's links or an e-mailed answer, when answered. */
  bidResponse: BidResponse | null;
  /** For a BOUNCED row: hard (the address is bad) or soft (refused or lost; the address is kept). */
  bounceType: 'hard' | 'soft' | null;
  /** The recipient's automatic reply (out of office …), when one came back. */
  autoReply: string | null;
  /** The recipient reported the invitation as spam (the contact is unsubscribed). */
  complained: boolean;
  /** Invitations to this contact keep failing softly (e.g. 3 in 30 days): worth a phone call. */
  deliveryWarning: string | null;
}

export interface OutreachReport {
  jobId: string;
  jobName: string;
  jobStatus: string;
  approved: { mapVersion: number; at: string | null; via: string | null } | null;
  counts: Record<'queued' | 'sending' | 'sent' | 'failed' | 'bounced' | 'uncertain' | 'unsubscribed' | 'skipped' | 'willBid' | 'wontBid', number>;
  rows: OutreachReportRow[];
  /** Selected in the map but not invited at approval time. */
  skipped: SkippedContact[];
}

/** Where a job's invitations stand, for every channel to show (owner only). */
export async function outreachReport(deps: Pick<OutreachDeps, 'repos'>, userId: string, jobId: string): Promise<OutreachReport> {
  const job = await deps.repos.jobs.getForUser(userId, jobId);
  const approval = await deps.repos.coverage.approval(jobId);
  const skipped: SkippedContact[] = approval ? (JSON.parse(approval.skipped) as SkippedContact[]) : [];
  // Invitations only: a reminder's answers and bounces land on its invitation.
  const rows = (await deps.repos.emailLogs.invitationsForReport(jobId))
    .map(({ log: e, name, unsubscribedAt, deliveryWarning }): OutreachReportRow => ({
      emailId: e.emailId,
      contactId: e.contactId,
      name,
      toEmail: e.toEmail,
      divisions: decodeDivisions(e.trades),
      status: e.status,
      attempts: e.attempts,
      sentAt: e.sentAt,
      providerId: e.providerId,
      messageId: e.messageId,
      reason: e.status === 'BOUNCED' ? e.bounceReason : e.status === 'SENT' ? null : e.lastError ?? (e.status === 'UNCERTAIN' ? UNCERTAIN_EXPLANATION : null),
      nextAttemptAt: e.status === 'QUEUED' ? e.nextAttemptAt : null,
      unsubscribed: Boolean(unsubscribedAt),
      bidResponse: e.bidResponse,
      bounceType: e.status === 'BOUNCED' ? e.bounceType : null,
      autoReply: e.autoReplyAt ? (e.autoReplyNote ?? 'automatic reply') : null,
      complained: Boolean(e.complainedAt),
      deliveryWarning,
    }));
  const count = (s: EmailStatus) => rows.filter((r) => r.status === s).length;
  return {
    jobId,
    jobName: job.name,
    jobStatus: job.status,
    approved: approval ? { mapVersion: approval.mapVersion, at: approval.approvedAt, via: approval.via } : null,
    counts: {
      queued: count('QUEUED'),
      sending: count('SENDING'),
      sent: count('SENT'),
      failed: count('FAILED'),
      bounced: count('BOUNCED'),
      uncertain: count('UNCERTAIN'),
      unsubscribed: rows.filter((r) => r.unsubscribed).length + skipped.filter((s) => s.reason === 'unsubscribed').length,
      skipped: skipped.length,
      willBid: rows.filter((r) => r.bidResponse === 'BID').length,
      wontBid: rows.filter((r) => r.bidResponse === 'NO_BID').length,
    },
    rows,
    skipped,
  };
}

/** A terminal view of the report. */
export function formatOutreachReport(r: OutreachReport): string {
  const lines: string[] = [`${r.jobName} (${r.jobId}) — job ${r.jobStatus}`];
  if (!r.approved) {
    lines.push('Not approved yet: no invitations queued.');
    return lines.join('\n');
  }
  lines.push(`Approved version ${r.approved.mapVersion}${r.approved.at ? ` at ${r.approved.at} UTC` : ''}${r.approved.via ? ` via ${r.approved.via}` : ''}.`);
  const c = r.counts;
  lines.push(
    `Sent ${c.sent} · queued ${c.queued} · sending ${c.sending} · failed ${c.failed} · bounced ${c.bounced} · uncertain ${c.uncertain} · unsubscribed ${c.unsubscribed} · will bid ${c.willBid} · won't bid ${c.wontBid}`,
  );
  if (r.rows.length) {
    const head = ['STATUS', 'ANSWER', 'COMPANY', 'E-MAIL', 'TRADES', 'NOTE'];
    const body = r.rows.map((x) => [
      x.status + (x.bounceType ? ` (${x.bounceType})` : '') + (x.complained ? ' (spam complaint)' : x.unsubscribed ? ' (unsubscribed)' : ''),
      x.bidResponse === 'BID' ? 'will bid' : x.bidResponse === 'NO_BID' ? "won't bid" : '',
      x.name,
      x.toEmail ?? '',
      x.divisions.join(','),
      x.status === 'SENT' ? `sent ${x.sentAt ?? ''}`.trim() : x.status === 'QUEUED' && x.nextAttemptAt ? `${x.reason ?? ''} (next try ${x.nextAttemptAt} UTC)` : (x.reason ?? ''),
    ]);
    const widths = head.map((h, i) => Math.min(i === 5 ? 200 : 40, Math.max(h.length, ...body.map((b) => b[i]!.length))));
    const fmt = (cols: string[]) => cols.map((v, i) => (i === cols.length - 1 ? v : v.slice(0, widths[i]).padEnd(widths[i]!))).join('  ');
    lines.push('', fmt(head), ...body.map(fmt));
  }
  if (r.skipped.length) lines.push('', `Not invited: ${r.skipped.map(describeSkip).join('; ')}`);
  for (const x of r.rows.filter((y) => y.autoReply)) lines.push(`Automatic reply from ${x.name}: ${x.autoReply!.slice(0, 160)}`);
  for (const x of r.rows.filter((y) => y.deliveryWarning)) lines.push(`Check ${x.name} <${x.toEmail ?? ''}>: ${x.deliveryWarning}`);
  const uncertain = r.rows.filter((x) => x.status === 'UNCERTAIN');
  if (uncertain.length) {
    lines.push('', `${uncertain.length} invitation(s) may or may not have gone out. Check your Sent folder; to send again: redbutton outreach resend ${r.jobId} <email-id> --user <you>`);
    for (const u of uncertain) lines.push(`  ${u.emailId}  ${u.name} <${u.toEmail ?? ''}>`);
  }
  return lines.join('\n');
}
