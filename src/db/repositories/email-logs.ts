import { and, asc, count, desc, eq, gte, inArray, or, sql } from 'drizzle-orm';
import { AppError } from '../../core/errors.js';
import type { Db } from '../client.js';
import { approvalRow, queuedInvitation } from './email-log-rows.js';
import { contacts, emailLogs, outreachApprovals, type BidResponse, type EmailLogRow, type EmailStatus } from '../schema/index.js';

/** One invitation queued by the red button (approveJob chose its ids). */
export interface ApprovedInvitation {
  emailId: string;
  contactId: string;
  email: string;
  divisions: string[];
  messageId: string;
}

export interface NewApproval {
  jobId: string;
  userId: string;
  mapVersion: number;
  invitations: ApprovedInvitation[];
  /** JSON of who was selected but not invited, and why. */
  skippedJson: string;
  via: string | null;
}

/** An invitation with what the outreach report shows of its contact. */
export interface ReportedInvitation {
  log: EmailLogRow;
  name: string;
  unsubscribedAt: string | null;
  deliveryWarning: string | null;
}

/**
 * The job has an approval already (the one that queued its invitations): the same typed error on
 * every database, whichever of two racing approvals lost.
 */
export function approvedBefore(jobId: string, earlier: { mapVersion: number; approvedAt: string | null } | undefined): AppError {
  const when = earlier ? ` (version ${earlier.mapVersion}${earlier.approvedAt ? `, ${earlier.approvedAt} UTC` : ''})` : '';
  return new AppError('ALREADY_SENT', `Job ${jobId} already approved`, {
    userMessage: `This job was already approved${when}; its invitations are queued or sent and will not go out twice. See them with "redbutton outreach status".`,
  });
}

/**
 * email_logs (one row per message we send: invitation, reminder, addendum notice) and the
 * outreach_approvals row that queued a job's invitations: what answers, bounces, the report and
 * the red button read and write. The sender's claims are in send-queue.ts.
 */
export class EmailLogsRepository {
  constructor(private readonly db: Db) {}

  /** The first of our messages carrying one of these Message-IDs. */
  findByMessageIds(messageIds: string[]): EmailLogRow | undefined {
    if (messageIds.length === 0) return undefined;
    return this.db.select().from(emailLogs).where(inArray(emailLogs.messageId, messageIds)).get();
  }

  /** The latest message that went (or may have gone) to one of these addresses since `since` (lower-cased addresses). */
  latestSentTo(addresses: string[], since: string): EmailLogRow | undefined {
    if (addresses.length === 0) return undefined;
    return this.db
      .select()
      .from(emailLogs)
      .where(and(inArray(sql`lower(${emailLogs.toEmail})`, addresses), inArray(emailLogs.status, ['SENT', 'UNCERTAIN', 'BOUNCED']), gte(emailLogs.sentAt, since)))
      .orderBy(desc(emailLogs.sentAt))
      .get();
  }

  /** How many of the job's messages there are (all of them, or those in `statuses`). */
  countForJob(jobId: string, statuses?: EmailStatus[]): number {
    return (
      this.db
        .select({ n: count() })
        .from(emailLogs)
        .where(and(eq(emailLogs.jobId, jobId), statuses ? inArray(emailLogs.status, statuses) : undefined))
        .get()?.n ?? 0
    );
  }

  /** The job's invitations (not reminders or notices) with their contact, by company name. */
  invitationsForReport(jobId: string): ReportedInvitation[] {
    return this.db
      .select({ log: emailLogs, name: contacts.name, unsubscribedAt: contacts.unsubscribedAt, deliveryWarning: contacts.deliveryWarning })
      .from(emailLogs)
      .innerJoin(contacts, eq(contacts.contactId, emailLogs.contactId))
      .where(and(eq(emailLogs.jobId, jobId), eq(emailLogs.kind, 'invitation')))
      .orderBy(asc(contacts.name))
      .all();
  }

  /**
   * The red button's record: the approval row and one QUEUED row per invitation (run it in a
   * transaction with its checks). A job is approved once: a second or retried approval writes
   * nothing and throws ALREADY_SENT.
   */
  recordApproval(a: NewApproval): void {
    const res = this.db.insert(outreachApprovals).values(approvalRow(a)).onConflictDoNothing().run();
    if (res.changes !== 1) throw approvedBefore(a.jobId, this.db.select().from(outreachApprovals).where(eq(outreachApprovals.jobId, a.jobId)).get());
    for (const inv of a.invitations) this.db.insert(emailLogs).values(queuedInvitation(a.jobId, a.mapVersion, { ...inv, toEmail: inv.email })).run();
  }

  /** A subcontractor's answer on its invitation; a changed answer is news for the estimator again (the same one twice is not). */
  saveBidResponse(emailId: string, response: BidResponse, note?: string | null): void {
    this.db
      .update(emailLogs)
      .set({
        bidResponse: response,
        respondedAt: sql`CURRENT_TIMESTAMP`,
        updatedAt: sql`CURRENT_TIMESTAMP`,
        answerNotifiedAt: sql`CASE WHEN ${emailLogs.bidResponse} IS ${response} THEN ${emailLogs.answerNotifiedAt} ELSE NULL END`,
        ...(note !== undefined ? { bidNote: note ? note.slice(0, 1000) : null } : {}),
      })
      .where(eq(emailLogs.emailId, emailId))
      .run();
  }

  /** The recipient reported the message as spam (the first time is kept). */
  recordComplaint(emailId: string, at: string): void {
    this.db.update(emailLogs).set({ complainedAt: sql`COALESCE(complained_at, ${at})`, updatedAt: at }).where(eq(emailLogs.emailId, emailId)).run();
  }

  /** An automatic reply (out of office …) came back for the message. */
  recordAutoReply(emailId: string, note: string | null, at: string): void {
    this.db.update(emailLogs).set({ autoReplyAt: at, autoReplyNote: note, updatedAt: at }).where(eq(emailLogs.emailId, emailId)).run();
  }

  /**
   * BOUNCED, only from a state a bounce can follow: SENT, or a row we were unsure about; a hard
   * verdict also replaces an earlier soft one (a retrying server that finally gave up for good).
   * False when the row was not moved (a repeat, or a row never sent).
   */
  markBounced(emailId: string, verdict: 'hard' | 'soft', reason: string, at: string): boolean {
    const sent = inArray(emailLogs.status, ['SENT', 'UNCERTAIN', 'SENDING']);
    const r = this.db
      .update(emailLogs)
      .set({ status: 'BOUNCED', bouncedAt: at, bounceReason: reason, bounceType: verdict, updatedAt: at })
      .where(and(eq(emailLogs.emailId, emailId), verdict === 'hard' ? or(sent, and(eq(emailLogs.status, 'BOUNCED'), eq(emailLogs.bounceType, 'soft'))) : sent))
      .run();
    return r.changes === 1;
  }

  /** Soft bounces of messages to a contact since `since`. */
  countSoftBounces(contactId: string, since: string): number {
    return (
      this.db
        .select({ n: count() })
        .from(emailLogs)
        .where(and(eq(emailLogs.contactId, contactId), eq(emailLogs.bounceType, 'soft'), gte(emailLogs.bouncedAt, since)))
        .get()?.n ?? 0
    );
  }

  /** UNCERTAIN → QUEUED (the user found it missing from the Sent folder); false when it is no longer UNCERTAIN. */
  requeueUncertain(emailId: string, note: string): boolean {
    const res = this.db
      .update(emailLogs)
      .set({ status: 'QUEUED', nextAttemptAt: null, lastError: note, updatedAt: sql`CURRENT_TIMESTAMP` })
      .where(and(eq(emailLogs.emailId, emailId), eq(emailLogs.status, 'UNCERTAIN')))
      .run();
    return res.changes === 1;
  }
}
