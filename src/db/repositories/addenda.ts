import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { contacts, emailLogs, jobAddenda, jobs, type AddendumStatus, type ContactRow, type EmailLogRow, type JobAddendumRow } from '../schema/index.js';

export interface NewAddendum {
  jobId: string;
  packageNumber: number;
  fileName: string;
  receivedVia: string;
}

/** One message the approval of an addendum queues (an addendum notice, or a new trade's invitation). */
export interface QueuedAddendumMail {
  emailId: string;
  contactId: string;
  kind: 'addendum' | 'invitation';
  toEmail: string;
  trades: string[];
  messageId: string;
  /** The invitation an addendum notice belongs to. */
  parentEmailId?: string;
}

/** An invitation of a job with the state of its contact (who may hear about an addendum). */
export interface InvitationWithContact {
  invitation: EmailLogRow;
  contact: ContactRow;
}

/**
 * job_addenda (migration 0021) and the e-mails an addendum's approval queues. Methods taking a
 * `userId` are owner-scoped; the others are for core code that already loaded the job that way.
 */
export class AddendaRepository {
  constructor(private readonly db: Db) {}

  async create(a: NewAddendum): Promise<JobAddendumRow> {
    const addendumId = randomUUID();
    this.db.insert(jobAddenda).values({ addendumId, jobId: a.jobId, packageNumber: a.packageNumber, fileName: a.fileName.slice(0, 255), receivedVia: a.receivedVia }).run();
    return this.db.select().from(jobAddenda).where(eq(jobAddenda.addendumId, addendumId)).get()!;
  }

  async markRead(addendumId: string, r: { changesJson: string; newTrades: string[]; mapVersion: number }): Promise<void> {
    this.db
      .update(jobAddenda)
      .set({ status: 'READY', changesJson: r.changesJson, newTrades: JSON.stringify(r.newTrades), mapVersion: r.mapVersion, error: null })
      .where(and(eq(jobAddenda.addendumId, addendumId), eq(jobAddenda.status, 'READING')))
      .run();
  }

  async markFailed(addendumId: string, error: string): Promise<void> {
    this.db.update(jobAddenda).set({ status: 'FAILED', error: error.slice(0, 1000) }).where(eq(jobAddenda.addendumId, addendumId)).run();
  }

  /** The user's job's addenda, oldest first (none for someone else's job). */
  async listForUser(userId: string, jobId: string): Promise<JobAddendumRow[]> {
    return this.db
      .select({ a: jobAddenda })
      .from(jobAddenda)
      .innerJoin(jobs, eq(jobs.jobId, jobAddenda.jobId))
      .where(and(eq(jobAddenda.jobId, jobId), eq(jobs.userId, userId)))
      .orderBy(asc(jobAddenda.packageNumber))
      .all()
      .map((r) => r.a);
  }

  /** The job's newest addendum in a status (for "approve" without naming one). */
  async latestWithStatus(jobId: string, status: AddendumStatus): Promise<JobAddendumRow | undefined> {
    return this.db.select().from(jobAddenda).where(and(eq(jobAddenda.jobId, jobId), eq(jobAddenda.status, status))).orderBy(desc(jobAddenda.packageNumber)).limit(1).get();
  }

  async get(addendumId: string): Promise<JobAddendumRow | undefined> {
    return this.db.select().from(jobAddenda).where(eq(jobAddenda.addendumId, addendumId)).get();
  }

  /** Every invitation of a job (kind 'invitation'), with its contact as it is now. */
  async invitationsOfJob(jobId: string): Promise<InvitationWithContact[]> {
    return this.db
      .select({ invitation: emailLogs, contact: contacts })
      .from(emailLogs)
      .innerJoin(contacts, eq(contacts.contactId, emailLogs.contactId))
      .where(and(eq(emailLogs.jobId, jobId), eq(emailLogs.kind, 'invitation')))
      .orderBy(asc(emailLogs.createdAt), asc(emailLogs.emailId))
      .all();
  }

  /** The e-mail log row an addendum notice or its plans link names. */
  async emailById(emailId: string): Promise<EmailLogRow | undefined> {
    return this.db.select().from(emailLogs).where(eq(emailLogs.emailId, emailId)).get();
  }

  /**
   * Approve an addendum: READY → APPROVED and its e-mails QUEUED, in one transaction, so an
   * addendum is approved once and nothing is half-queued. A notice already logged for a contact
   * (the unique job/contact/kind/occasion row) is not queued twice. False when the addendum was
   * no longer READY (approved by a racing request).
   */
  async approve(addendumId: string, jobId: string, mapVersion: number, mails: QueuedAddendumMail[], via: string | null): Promise<boolean> {
    return this.db.transaction((tx) => {
      const res = tx
        .update(jobAddenda)
        .set({
          status: 'APPROVED',
          approvedVia: via,
          approvedAt: sql`CURRENT_TIMESTAMP`,
          noticesQueued: mails.filter((m) => m.kind === 'addendum').length,
          invitationsQueued: mails.filter((m) => m.kind === 'invitation').length,
        })
        .where(and(eq(jobAddenda.addendumId, addendumId), eq(jobAddenda.status, 'READY')))
        .run();
      if (res.changes !== 1) return false;
      for (const m of mails) {
        tx.insert(emailLogs)
          .values({
            emailId: m.emailId,
            jobId,
            contactId: m.contactId,
            status: 'QUEUED',
            mapVersion,
            toEmail: m.toEmail,
            trades: JSON.stringify(m.trades),
            messageId: m.messageId,
            kind: m.kind,
            occasion: m.kind === 'addendum' ? addendumId : '',
            parentEmailId: m.parentEmailId ?? null,
          })
          .onConflictDoNothing()
          .run();
      }
      return true;
    }, { behavior: 'immediate' });
  }
}
