import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { AddendaRepository, EmailLogRow, InvitationWithContact, JobAddendumRow, NewAddendum, Promised, QueuedAddendumMail } from '../../repositories/index.js';
import type { AddendumStatus } from '../../schema/index.js';
import { contacts, emailLogs, jobAddenda, jobs } from '../schema.js';
import { affected, type PgContext } from './context.js';

/**
 * job_addenda and the e-mails an addendum's approval queues, on Postgres (the SQLite class:
 * ../../repositories/addenda.ts). Methods taking a `userId` are owner-scoped.
 */
export class PgAddendaRepository implements Promised<AddendaRepository> {
  constructor(private readonly ctx: PgContext) {}

  async create(a: NewAddendum): Promise<JobAddendumRow> {
    const [row] = await this.ctx
      .q()
      .insert(jobAddenda)
      .values({ addendumId: randomUUID(), jobId: a.jobId, packageNumber: a.packageNumber, fileName: a.fileName.slice(0, 255), receivedVia: a.receivedVia })
      .returning();
    return row!;
  }

  async markRead(addendumId: string, r: { changesJson: string; newTrades: string[]; mapVersion: number }): Promise<void> {
    await this.ctx
      .q()
      .update(jobAddenda)
      .set({ status: 'READY', changesJson: r.changesJson, newTrades: JSON.stringify(r.newTrades), mapVersion: r.mapVersion, error: null })
      .where(and(eq(jobAddenda.addendumId, addendumId), eq(jobAddenda.status, 'READING')));
  }

  async markFailed(addendumId: string, error: string): Promise<void> {
    await this.ctx.q().update(jobAddenda).set({ status: 'FAILED', error: error.slice(0, 1000) }).where(eq(jobAddenda.addendumId, addendumId));
  }

  /** The user's job's addenda, oldest first (none for someone else's job). */
  async listForUser(userId: string, jobId: string): Promise<JobAddendumRow[]> {
    const rows = await this.ctx
      .q()
      .select({ a: jobAddenda })
      .from(jobAddenda)
      .innerJoin(jobs, eq(jobs.jobId, jobAddenda.jobId))
      .where(and(eq(jobAddenda.jobId, jobId), eq(jobs.userId, userId)))
      .orderBy(asc(jobAddenda.packageNumber));
    return rows.map((r) => r.a);
  }

  /** The job's newest addendum in a status (for "approve" without naming one). */
  async latestWithStatus(jobId: string, status: AddendumStatus): Promise<JobAddendumRow | undefined> {
    const [row] = await this.ctx
      .q()
      .select()
      .from(jobAddenda)
      .where(and(eq(jobAddenda.jobId, jobId), eq(jobAddenda.status, status)))
      .orderBy(desc(jobAddenda.packageNumber))
      .limit(1);
    return row;
  }

  async get(addendumId: string): Promise<JobAddendumRow | undefined> {
    const [row] = await this.ctx.q().select().from(jobAddenda).where(eq(jobAddenda.addendumId, addendumId));
    return row;
  }

  /** Every invitation of a job (kind 'invitation'), with its contact as it is now. */
  async invitationsOfJob(jobId: string): Promise<InvitationWithContact[]> {
    return this.ctx
      .q()
      .select({ invitation: emailLogs, contact: contacts })
      .from(emailLogs)
      .innerJoin(contacts, eq(contacts.contactId, emailLogs.contactId))
      .where(and(eq(emailLogs.jobId, jobId), eq(emailLogs.kind, 'invitation')))
      .orderBy(asc(emailLogs.createdAt), asc(emailLogs.emailId));
  }

  /** The e-mail log row an addendum notice or its plans link names. */
  async emailById(emailId: string): Promise<EmailLogRow | undefined> {
    const [row] = await this.ctx.q().select().from(emailLogs).where(eq(emailLogs.emailId, emailId));
    return row;
  }

  /**
   * Approve an addendum: READY → APPROVED and its e-mails QUEUED, in one transaction. The
   * conditional UPDATE is the guard under concurrency: a racing approval waits on the row lock,
   * then finds the status no longer READY and gets false without queueing anything. A notice
   * already logged for a contact (the unique job/contact/kind/occasion row) is not queued twice.
   */
  async approve(addendumId: string, jobId: string, mapVersion: number, mails: QueuedAddendumMail[], via: string | null): Promise<boolean> {
    return this.ctx.transaction(async () => {
      const res = await this.ctx
        .q()
        .update(jobAddenda)
        .set({
          status: 'APPROVED',
          approvedVia: via,
          approvedAt: sql`now()`,
          noticesQueued: mails.filter((m) => m.kind === 'addendum').length,
          invitationsQueued: mails.filter((m) => m.kind === 'invitation').length,
        })
        .where(and(eq(jobAddenda.addendumId, addendumId), eq(jobAddenda.status, 'READY')));
      if (affected(res) !== 1) return false;
      if (mails.length === 0) return true;
      await this.ctx
        .q()
        .insert(emailLogs)
        .values(
          mails.map((m) => ({
            emailId: m.emailId,
            jobId,
            contactId: m.contactId,
            status: 'QUEUED' as const,
            mapVersion,
            toEmail: m.toEmail,
            trades: JSON.stringify(m.trades),
            messageId: m.messageId,
            kind: m.kind,
            occasion: m.kind === 'addendum' ? addendumId : '',
            parentEmailId: m.parentEmailId ?? null,
          })),
        )
        .onConflictDoNothing();
      return true;
    });
  }
}
