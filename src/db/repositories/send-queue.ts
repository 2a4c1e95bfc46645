import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db } from '../client.js';
import { emailLogs, emailSendClaims, type EmailLogRow, type SendClaimStage } from '../schema/index.js';

/** A message in SENDING with its claim (none when the claim row is gone). */
export interface InFlightMessage {
  row: EmailLogRow;
  owner: string | null;
  stage: SendClaimStage | null;
  leaseUntil: string | null;
}

/** What a sender writes when a claimed message leaves SENDING. */
export interface SendOutcome {
  status: 'SENT' | 'FAILED' | 'QUEUED' | 'UNCERTAIN';
  providerId?: string;
  sentAt?: string;
  lastError?: string | null;
  nextAttemptAt?: string | null;
  attempts?: number;
}

/**
 * The outbox: QUEUED email_logs rows, claimed one at a time by a sender (email_send_claims: the
 * owner, how far it got, its lease), so that however many senders run, a message goes out once
 * and a dead sender's messages are found and settled.
 */
export class SendQueueRepository {
  constructor(
    private readonly db: Db,
    private readonly sqlite: Database.Database,
  ) {}

  /**
   * Tell the senders of other processes that messages were queued (an approval, a retry asked by
   * the user, a reminder). On SQLite there is nobody to tell (one process, whose outreach pokes its
   * own sender; another process's sender finds them at its next poll); on Postgres it is a NOTIFY.
   */
  announceQueued(): void {}

  /** The oldest QUEUED message that is due (of one job, or any), moved to SENDING and claimed by `owner`. */
  claimNext(owner: string, now: string, leaseUntil: string, jobId?: string): EmailLogRow | undefined {
    const { db } = this;
    return this.sqlite
      .transaction(() => {
        const cand = db
          .select()
          .from(emailLogs)
          .where(and(eq(emailLogs.status, 'QUEUED'), or(isNull(emailLogs.nextAttemptAt), lte(emailLogs.nextAttemptAt, now)), jobId ? eq(emailLogs.jobId, jobId) : undefined))
          .orderBy(asc(emailLogs.createdAt), asc(sql`rowid`))
          .limit(1)
          .get();
        if (!cand) return undefined;
        const res = db
          .update(emailLogs)
          .set({ status: 'SENDING', attempts: sql`${emailLogs.attempts} + 1`, updatedAt: now })
          .where(and(eq(emailLogs.emailId, cand.emailId), eq(emailLogs.status, 'QUEUED')))
          .run();
        if (res.changes !== 1) return undefined;
        db.delete(emailSendClaims).where(eq(emailSendClaims.emailId, cand.emailId)).run();
        db.insert(emailSendClaims).values({ emailId: cand.emailId, owner, stage: 'claimed', claimedAt: now, leaseUntil }).run();
        return { ...cand, status: 'SENDING' as const, attempts: cand.attempts + 1 };
      })
      .immediate();
  }

  /** How far the claimer got ('submitting': handed to SMTP, so it may have gone out). */
  setStage(emailId: string, owner: string, stage: SendClaimStage): void {
    this.db
      .update(emailSendClaims)
      .set({ stage })
      .where(and(eq(emailSendClaims.emailId, emailId), eq(emailSendClaims.owner, owner)))
      .run();
  }

  /** The claimer moves its message out of `from` and drops its claim, in one transaction; false when the row was no longer in `from`. */
  finish(emailId: string, owner: string, from: string[], outcome: SendOutcome, now: string): boolean {
    return this.sqlite
      .transaction(() => {
        const res = this.db
          .update(emailLogs)
          .set({ ...outcome, updatedAt: now })
          .where(and(eq(emailLogs.emailId, emailId), inArray(emailLogs.status, from as EmailLogRow['status'][])))
          .run();
        this.db.delete(emailSendClaims).where(and(eq(emailSendClaims.emailId, emailId), eq(emailSendClaims.owner, owner))).run();
        return res.changes === 1;
      })
      .immediate();
  }

  /** Messages in SENDING (of one job, or all) with their claims: what crash recovery looks at. */
  inFlight(jobId?: string): InFlightMessage[] {
    return this.db
      .select({ row: emailLogs, owner: emailSendClaims.owner, stage: emailSendClaims.stage, leaseUntil: emailSendClaims.leaseUntil })
      .from(emailLogs)
      .leftJoin(emailSendClaims, eq(emailSendClaims.emailId, emailLogs.emailId))
      .where(and(eq(emailLogs.status, 'SENDING'), jobId ? eq(emailLogs.jobId, jobId) : undefined))
      .all();
  }

  /**
   * Settle a message a dead sender left in SENDING: only if it is still SENDING under the same
   * claim owner (nobody reconciled or finished it meanwhile). False when it changed.
   */
  settleAbandoned(emailId: string, deadOwner: string | null, outcome: SendOutcome, now: string): boolean {
    return this.sqlite
      .transaction(() => {
        const still = this.db
          .select({ owner: emailSendClaims.owner })
          .from(emailLogs)
          .leftJoin(emailSendClaims, eq(emailSendClaims.emailId, emailLogs.emailId))
          .where(and(eq(emailLogs.emailId, emailId), eq(emailLogs.status, 'SENDING')))
          .get();
        if (!still || (still.owner ?? null) !== deadOwner) return false;
        this.db.update(emailLogs).set({ ...outcome, updatedAt: now }).where(eq(emailLogs.emailId, emailId)).run();
        this.db.delete(emailSendClaims).where(eq(emailSendClaims.emailId, emailId)).run();
        return true;
      })
      .immediate();
  }
}
