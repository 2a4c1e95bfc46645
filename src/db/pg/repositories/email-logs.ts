import { and, asc, count, desc, eq, gte, inArray, or, sql } from 'drizzle-orm';
import type { Promised } from '../../repositories/index.js';
import { approvedBefore, type EmailLogsRepository, type NewApproval, type ReportedInvitation } from '../../repositories/email-logs.js';
import type { BidResponse, EmailLogRow, EmailStatus } from '../../schema/index.js';
import { approvalRow, queuedInvitation } from '../../repositories/email-log-rows.js';
import { contacts, emailLogs, outreachApprovals } from '../schema.js';
import { affected, type PgContext } from './context.js';

/** email_logs and outreach_approvals on Postgres (the SQLite class: ../../repositories/email-logs.ts). */
export class PgEmailLogsRepository implements Promised<EmailLogsRepository> {
  constructor(private readonly ctx: PgContext) {}

  async findByMessageIds(messageIds: string[]): Promise<EmailLogRow | undefined> {
    if (messageIds.length === 0) return undefined;
    const [row] = await this.ctx.q().select().from(emailLogs).where(inArray(emailLogs.messageId, messageIds)).orderBy(asc(emailLogs.createdAt), asc(emailLogs.emailId)).limit(1);
    return row;
  }

  async latestSentTo(addresses: string[], since: string): Promise<EmailLogRow | undefined> {
    if (addresses.length === 0) return undefined;
    const [row] = await this.ctx
      .q()
      .select()
      .from(emailLogs)
      .where(and(inArray(sql`lower(${emailLogs.toEmail})`, addresses), inArray(emailLogs.status, ['SENT', 'UNCERTAIN', 'BOUNCED']), gte(emailLogs.sentAt, since)))
      .orderBy(desc(emailLogs.sentAt))
      .limit(1);
    return row;
  }

  async countForJob(jobId: string, statuses?: EmailStatus[]): Promise<number> {
    const [row] = await this.ctx
      .q()
      .select({ n: count() })
      .from(emailLogs)
      .where(and(eq(emailLogs.jobId, jobId), statuses ? inArray(emailLogs.status, statuses) : undefined));
    return row?.n ?? 0;
  }

  async invitationsForReport(jobId: string): Promise<ReportedInvitation[]> {
    return this.ctx
      .q()
      .select({ log: emailLogs, name: contacts.name, unsubscribedAt: contacts.unsubscribedAt, deliveryWarning: contacts.deliveryWarning })
      .from(emailLogs)
      .innerJoin(contacts, eq(contacts.contactId, emailLogs.contactId))
      .where(and(eq(emailLogs.jobId, jobId), eq(emailLogs.kind, 'invitation')))
      .orderBy(asc(contacts.name));
  }

  /**
   * The approval row and its QUEUED rows, in one transaction (the caller's, or its own). Two
   * approvals racing on two processes both pass approve.ts's "not approved yet" check under READ
   * COMMITTED; the approval's primary key decides: the loser's insert waits for the winner's
   * commit, inserts nothing (ON CONFLICT DO NOTHING keeps its transaction usable), and the loser
   * throws ALREADY_SENT, so its transaction rolls back and no invitation is queued twice.
   */
  async recordApproval(a: NewApproval): Promise<void> {
    await this.ctx.transaction(async () => {
      const won = await this.ctx
        .q()
        .insert(outreachApprovals)
        .values(approvalRow(a))
        .onConflictDoNothing({ target: outreachApprovals.jobId })
        .returning({ jobId: outreachApprovals.jobId });
      if (won.length !== 1) {
        const [earlier] = await this.ctx.q().select().from(outreachApprovals).where(eq(outreachApprovals.jobId, a.jobId));
        throw approvedBefore(a.jobId, earlier);
      }
      if (a.invitations.length === 0) return;
      await this.ctx
        .q()
        .insert(emailLogs)
        .values(a.invitations.map((inv) => queuedInvitation(a.jobId, a.mapVersion, { ...inv, toEmail: inv.email })));
    });
  }

  async saveBidResponse(emailId: string, response: BidResponse, note?: string | null): Promise<void> {
    await this.ctx
      .q()
      .update(emailLogs)
      .set({
        bidResponse: response,
        respondedAt: sql`now()`,
        updatedAt: sql`now()`,
        answerNotifiedAt: sql`CASE WHEN ${emailLogs.bidResponse} IS NOT DISTINCT FROM ${response} THEN ${emailLogs.answerNotifiedAt} ELSE NULL END`,
        ...(note !== undefined ? { bidNote: note ? note.slice(0, 1000) : null } : {}),
      })
      .where(eq(emailLogs.emailId, emailId));
  }

  async recordComplaint(emailId: string, at: string): Promise<void> {
    await this.ctx
      .q()
      .update(emailLogs)
      .set({ complainedAt: sql`COALESCE(${emailLogs.complainedAt}, ${at}::timestamptz)`, updatedAt: at })
      .where(eq(emailLogs.emailId, emailId));
  }

  async recordAutoReply(emailId: string, note: string | null, at: string): Promise<void> {
    await this.ctx.q().update(emailLogs).set({ autoReplyAt: at, autoReplyNote: note, updatedAt: at }).where(eq(emailLogs.emailId, emailId));
  }

  /** A conditional UPDATE: of two processes recording the same bounce, one moves the row. */
  async markBounced(emailId: string, verdict: 'hard' | 'soft', reason: string, at: string): Promise<boolean> {
    const sent = inArray(emailLogs.status, ['SENT', 'UNCERTAIN', 'SENDING']);
    const r = await this.ctx
      .q()
      .update(emailLogs)
      .set({ status: 'BOUNCED', bouncedAt: at, bounceReason: reason, bounceType: verdict, updatedAt: at })
      .where(and(eq(emailLogs.emailId, emailId), verdict === 'hard' ? or(sent, and(eq(emailLogs.status, 'BOUNCED'), eq(emailLogs.bounceType, 'soft'))) : sent));
    return affected(r) === 1;
  }

  async countSoftBounces(contactId: string, since: string): Promise<number> {
    const [row] = await this.ctx
      .q()
      .select({ n: count() })
      .from(emailLogs)
      .where(and(eq(emailLogs.contactId, contactId), eq(emailLogs.bounceType, 'soft'), gte(emailLogs.bouncedAt, since)));
    return row?.n ?? 0;
  }

  async requeueUncertain(emailId: string, note: string): Promise<boolean> {
    const r = await this.ctx
      .q()
      .update(emailLogs)
      .set({ status: 'QUEUED', nextAttemptAt: null, lastError: note, updatedAt: sql`now()` })
      .where(and(eq(emailLogs.emailId, emailId), eq(emailLogs.status, 'UNCERTAIN')));
    return affected(r) === 1;
  }
}
