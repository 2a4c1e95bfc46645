import type { NewApproval } from './email-logs.js';
import type { InvitationFacts, NewInvitationRow, NewReminderRow } from './coverage.js';
import type { EmailLogRow } from '../schema/index.js';

/**
 * The rows the outreach repositories write to email_logs and outreach_approvals, and the shape
 * coverage reads back, built in one place for both databases (the SQLite classes beside this file
 * and the Postgres ones in ../pg/repositories): the values are the same, only the SQL differs.
 */

/** The approval row of the red button. */
export function approvalRow(a: NewApproval) {
  return { jobId: a.jobId, userId: a.userId, mapVersion: a.mapVersion, queued: a.invitations.length, skipped: a.skippedJson, via: a.via };
}

/** A QUEUED invitation (occasion '' : a contact has one invitation per job). */
export function queuedInvitation(jobId: string, mapVersion: number, inv: Pick<NewInvitationRow, 'emailId' | 'contactId' | 'toEmail' | 'divisions' | 'messageId'>) {
  return {
    emailId: inv.emailId,
    jobId,
    contactId: inv.contactId,
    status: 'QUEUED' as const,
    mapVersion,
    toEmail: inv.toEmail,
    trades: JSON.stringify(inv.divisions),
    messageId: inv.messageId,
    kind: 'invitation' as const,
    occasion: '',
  };
}

/** A QUEUED reminder of an invitation, for one occasion. */
export function queuedReminder(r: NewReminderRow) {
  return {
    emailId: r.emailId,
    jobId: r.jobId,
    contactId: r.contactId,
    status: 'QUEUED' as const,
    mapVersion: r.mapVersion,
    toEmail: r.toEmail,
    trades: r.trades,
    messageId: r.messageId,
    kind: 'reminder' as const,
    occasion: r.occasion,
    parentEmailId: r.parentEmailId,
  };
}

/** An invitation joined with its contact and its plan downloads (count and first time), as coverage reads it. */
export function invitationFacts(r: {
  row: EmailLogRow;
  name: string;
  contactPerson: string | null;
  unsubscribedAt: string | null;
  emailBadAt: string | null;
  downloads: number | null;
  firstDownloadAt: string | null;
}): InvitationFacts {
  return {
    row: r.row,
    name: r.name,
    contactPerson: r.contactPerson,
    unsubscribed: Boolean(r.unsubscribedAt),
    emailBad: Boolean(r.emailBadAt),
    downloads: r.downloads ?? 0,
    firstDownloadAt: r.firstDownloadAt ?? null,
  };
}
