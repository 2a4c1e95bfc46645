import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Promised } from '../../repositories/index.js';
import type { InFlightMessage, SendOutcome, SendQueueRepository } from '../../repositories/send-queue.js';
import type { EmailLogRow, SendClaimStage } from '../../schema/index.js';
import { emailLogs, emailSendClaims } from '../schema.js';
import type { PgContext } from './context.js';

/** The LISTEN/NOTIFY channel that wakes idle senders: invitations (or reminders) were queued. */
export const INVITATIONS_QUEUED_CHANNEL = 'redbutton_invitations_queued';

/**
 * The outbox on Postgres (the SQLite class: ../../repositories/send-queue.ts), where several
 * sender processes on several hosts claim from the same queue at once.
 *
 * A claim is `SELECT … FOR UPDATE SKIP LOCKED LIMIT 1` inside the UPDATE that moves the row to
 * SENDING: a row another sender is claiming at this instant is skipped rather than waited on, and a
 * row that another sender claimed since our snapshot fails the re-check and the next one is taken,
 * so every message is claimed by exactly one sender. The claim row (email_send_claims) carries the
 * owner and the lease end the sender chose; a dead sender's messages are found by `inFlight` and
 * settled by `settleAbandoned` (see sender.ts `reconcile`). This is lease.ts's pattern, not its
 * code: the lease lives in a second table and its times come from the sender's clock, which the
 * sender also compares them with; and one send lasts seconds against a lease of minutes, so the
 * claim needs no heartbeat.
 */
export class PgSendQueueRepository implements Promised<SendQueueRepository> {
  constructor(private readonly ctx: PgContext) {}

  /** NOTIFY on INVITATIONS_QUEUED_CHANNEL (delivered when the surrounding transaction, if any, commits). */
  async announceQueued(): Promise<void> {
    await this.ctx.q().execute(sql`SELECT pg_notify(${INVITATIONS_QUEUED_CHANNEL}, '')`);
  }

  /**
   * Oldest first by created_at. Rows queued by one transaction (an approval's invitations) share
   * its start time, and among them the order is email_id's (SQLite's rowid keeps insertion order
   * there); a sender works on several at once anyway, so no stronger order is promised.
   */
  async claimNext(owner: string, now: string, leaseUntil: string, jobId?: string): Promise<EmailLogRow | undefined> {
    const q = this.ctx.q();
    const next = q
      .select({ emailId: emailLogs.emailId })
      .from(emailLogs)
      .where(and(eq(emailLogs.status, 'QUEUED'), or(isNull(emailLogs.nextAttemptAt), lte(emailLogs.nextAttemptAt, now)), jobId ? eq(emailLogs.jobId, jobId) : undefined))
      .orderBy(asc(emailLogs.createdAt), asc(emailLogs.emailId))
      .limit(1)
      .for('update', { skipLocked: true });
    const moved = q.$with('moved').as(
      q
        .update(emailLogs)
        .set({ status: 'SENDING', attempts: sql`${emailLogs.attempts} + 1`, updatedAt: now })
        .where(and(eq(emailLogs.emailId, sql`(${next})`), eq(emailLogs.status, 'QUEUED')))
        .returning(),
    );
    // A claim row a settled message left behind (there should be none) is replaced, as on SQLite.
    const claim = q.$with('claim').as(
      q
        .insert(emailSendClaims)
        .select((qb) =>
          qb
            .select({
              emailId: moved.emailId,
              owner: sql`${owner}::text`.as('owner'),
              stage: sql`'claimed'`.as('stage'),
              claimedAt: sql`${now}::timestamptz`.as('claimed_at'),
              leaseUntil: sql`${leaseUntil}::timestamptz`.as('lease_until'),
            })
            .from(moved),
        )
        .onConflictDoUpdate({ target: emailSendClaims.emailId, set: { owner, stage: 'claimed', claimedAt: now, leaseUntil } }),
    );
    // One statement (its CTEs share one snapshot and commit together): one round trip per claim.
    const [row] = await q.with(moved, claim).select().from(moved);
    return row;
  }

  async setStage(emailId: string, owner: string, stage: SendClaimStage): Promise<void> {
    await this.ctx
      .q()
      .update(emailSendClaims)
      .set({ stage })
      .where(and(eq(emailSendClaims.emailId, emailId), eq(emailSendClaims.owner, owner)));
  }

  /** One statement: the row moves out of `from` and our claim goes, together. */
  async finish(emailId: string, owner: string, from: string[], outcome: SendOutcome, now: string): Promise<boolean> {
    const q = this.ctx.q();
    const moved = q.$with('moved').as(
      q
        .update(emailLogs)
        .set({ ...outcome, updatedAt: now })
        .where(and(eq(emailLogs.emailId, emailId), inArray(emailLogs.status, from as EmailLogRow['status'][])))
        .returning({ emailId: emailLogs.emailId }),
    );
    const dropped = q.$with('dropped').as(q.delete(emailSendClaims).where(and(eq(emailSendClaims.emailId, emailId), eq(emailSendClaims.owner, owner))));
    const rows = await q.with(moved, dropped).select({ emailId: moved.emailId }).from(moved);
    return rows.length === 1;
  }

  async inFlight(jobId?: string): Promise<InFlightMessage[]> {
    return this.ctx
      .q()
      .select({ row: emailLogs, owner: emailSendClaims.owner, stage: emailSendClaims.stage, leaseUntil: emailSendClaims.leaseUntil })
      .from(emailLogs)
      .leftJoin(emailSendClaims, eq(emailSendClaims.emailId, emailLogs.emailId))
      .where(and(eq(emailLogs.status, 'SENDING'), jobId ? eq(emailLogs.jobId, jobId) : undefined))
      .orderBy(asc(emailLogs.createdAt), asc(emailLogs.emailId));
  }

  /**
   * Two processes may reconcile the same abandoned message at once. The message row is locked
   * first (`FOR UPDATE`: the second waits for the first to commit), and only then is its claim
   * read, in a statement of its own so it sees what the first committed: the second finds the row
   * no longer SENDING (or claimed by someone else) and leaves it alone.
   */
  async settleAbandoned(emailId: string, deadOwner: string | null, outcome: SendOutcome, now: string): Promise<boolean> {
    return this.ctx.transaction(async () => {
      const [locked] = await this.ctx
        .q()
        .select({ status: emailLogs.status })
        .from(emailLogs)
        .where(eq(emailLogs.emailId, emailId))
        .for('update');
      if (locked?.status !== 'SENDING') return false;
      const [claim] = await this.ctx.q().select({ owner: emailSendClaims.owner }).from(emailSendClaims).where(eq(emailSendClaims.emailId, emailId));
      if ((claim?.owner ?? null) !== deadOwner) return false;
      await this.ctx
        .q()
        .update(emailLogs)
        .set({ ...outcome, updatedAt: now })
        .where(eq(emailLogs.emailId, emailId));
      await this.ctx.q().delete(emailSendClaims).where(eq(emailSendClaims.emailId, emailId));
      return true;
    });
  }
}
