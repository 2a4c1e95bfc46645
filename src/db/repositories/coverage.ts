import { and, asc, count, eq, gte, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { invitationFacts, queuedInvitation, queuedReminder } from './email-log-rows.js';
import {
  answerNotices,
  contacts,
  emailLogs,
  jobDetails,
  jobs,
  outreachApprovals,
  planDownloads,
  type BidResponse,
  type EmailLogRow,
  type EmailStatus,
} from '../schema/index.js';

/** One invitation (kind 'invitation') with what coverage needs about its contact and downloads. */
export interface InvitationFacts {
  row: EmailLogRow;
  name: string;
  contactPerson: string | null;
  unsubscribed: boolean;
  emailBad: boolean;
  downloads: number;
  firstDownloadAt: string | null;
}

/** A follow-up row (reminder) of a job: which invitation, which occasion, where it stands. */
export interface FollowUpRow {
  emailId: string;
  parentEmailId: string | null;
  occasion: string;
  status: EmailStatus;
  sentAt: string | null;
  createdAt: string | null;
}

/** An invitation a reminder may be queued for (reminders.ts decides). */
export interface ReminderCandidate {
  jobId: string;
  userId: string;
  emailId: string;
  contactId: string;
  toEmail: string;
  trades: string | null;
  mapVersion: number | null;
  sentAt: string | null;
  dueDate: string;
  dueTime: string | null;
  timeZone: string | null;
  reminderDays: string | null;
}

export interface NewInvitationRow {
  emailId: string;
  contactId: string;
  toEmail: string;
  divisions: string[];
  messageId: string;
  mapVersion: number;
}

export interface NewReminderRow {
  emailId: string;
  jobId: string;
  contactId: string;
  parentEmailId: string;
  occasion: string;
  toEmail: string;
  trades: string | null;
  mapVersion: number | null;
  messageId: string;
}

export interface PendingAnswer {
  emailId: string;
  contactId: string;
  name: string;
  trades: string | null;
  answer: BidResponse;
  note: string | null;
  respondedAt: string | null;
}

/**
 * Queries behind bid coverage, reminders and answer notices. Callers check the job's owner first
 * (JobsRepository.getForUser); the scheduler's methods (`reminderCandidates`, `jobsWithPendingAnswers`)
 * work across owners because the scheduler acts for every job.
 */
export class CoverageRepository {
  constructor(private readonly db: Db) {}

  /** What a job's life in words needs, for many jobs at once (`jobs list`). */
  async lifeFacts(jobIds: string[]): Promise<Map<string, { approved: boolean; statuses: EmailStatus[]; dueDate: string | null; dueTime: string | null; timeZone: string | null }>> {
    const out = new Map<string, { approved: boolean; statuses: EmailStatus[]; dueDate: string | null; dueTime: string | null; timeZone: string | null }>();
    if (jobIds.length === 0) return out;
    for (const id of jobIds) out.set(id, { approved: false, statuses: [], dueDate: null, dueTime: null, timeZone: null });
    for (const a of this.db.select({ jobId: outreachApprovals.jobId }).from(outreachApprovals).where(inArray(outreachApprovals.jobId, jobIds)).all()) out.get(a.jobId)!.approved = true;
    for (const e of this.db.select({ jobId: emailLogs.jobId, status: emailLogs.status }).from(emailLogs).where(and(inArray(emailLogs.jobId, jobIds), eq(emailLogs.kind, 'invitation'))).all()) out.get(e.jobId)!.statuses.push(e.status);
    for (const d of this.db.select({ jobId: jobDetails.jobId, dueDate: jobDetails.dueDate, dueTime: jobDetails.dueTime, timeZone: jobDetails.timeZone }).from(jobDetails).where(inArray(jobDetails.jobId, jobIds)).all()) {
      Object.assign(out.get(d.jobId)!, { dueDate: d.dueDate, dueTime: d.dueTime, timeZone: d.timeZone });
    }
    return out;
  }

  async approval(jobId: string) {
    return this.db.select().from(outreachApprovals).where(eq(outreachApprovals.jobId, jobId)).get();
  }

  /** The job's invitations (never its reminders or addendum notices), with downloads per invitation. */
  async invitations(jobId: string): Promise<InvitationFacts[]> {
    const dl = this.db
      .select({ emailId: planDownloads.emailId, n: count().as('n'), first: sql<string>`min(${planDownloads.downloadedAt})`.as('first') })
      .from(planDownloads)
      .where(eq(planDownloads.jobId, jobId))
      .groupBy(planDownloads.emailId)
      .as('dl');
    return this.db
      .select({
        row: emailLogs,
        name: contacts.name,
        contactPerson: contacts.contactPerson,
        unsubscribedAt: contacts.unsubscribedAt,
        emailBadAt: contacts.emailBadAt,
        downloads: dl.n,
        firstDownloadAt: dl.first,
      })
      .from(emailLogs)
      .innerJoin(contacts, eq(contacts.contactId, emailLogs.contactId))
      .leftJoin(dl, eq(dl.emailId, emailLogs.emailId))
      .where(and(eq(emailLogs.jobId, jobId), eq(emailLogs.kind, 'invitation')))
      .orderBy(asc(emailLogs.createdAt), asc(contacts.name))
      .all()
      .map(invitationFacts);
  }

  async reminders(jobId: string): Promise<FollowUpRow[]> {
    return this.db
      .select({ emailId: emailLogs.emailId, parentEmailId: emailLogs.parentEmailId, occasion: emailLogs.occasion, status: emailLogs.status, sentAt: emailLogs.sentAt, createdAt: emailLogs.createdAt })
      .from(emailLogs)
      .where(and(eq(emailLogs.jobId, jobId), eq(emailLogs.kind, 'reminder')))
      .all();
  }

  /** An invitation by id within a job (a download link names both). */
  async invitationOfJob(jobId: string, emailId: string): Promise<EmailLogRow | undefined> {
    return this.db.select().from(emailLogs).where(and(eq(emailLogs.emailId, emailId), eq(emailLogs.jobId, jobId))).get();
  }

  async recordDownload(jobId: string, emailId: string | null): Promise<void> {
    this.db.insert(planDownloads).values({ jobId, emailId }).run();
  }

  /**
   * More invitations for an approved job ("invite these too"). Each is inserted only if the contact
   * has no invitation on this job yet: the unique (job, contact, kind, occasion) index makes a
   * repeated or racing request insert nothing twice. Returns the ones inserted.
   */
  async addInvitations(jobId: string, rows: NewInvitationRow[]): Promise<NewInvitationRow[]> {
    const inserted: NewInvitationRow[] = [];
    this.db.transaction((tx) => {
      for (const r of rows) {
        const res = tx.insert(emailLogs).values(queuedInvitation(jobId, r.mapVersion, r)).onConflictDoNothing().run();
        if (res.changes === 1) inserted.push(r);
      }
    });
    return inserted;
  }

  /**
   * Invitations that went out, of jobs due on or after `sinceDate` (YYYY-MM-DD, a day of slack for
   * time zones) with reminders not switched off.
   */
  async reminderCandidates(sinceDate: string): Promise<ReminderCandidate[]> {
    return this.db
      .select({
        jobId: emailLogs.jobId,
        userId: jobs.userId,
        emailId: emailLogs.emailId,
        contactId: emailLogs.contactId,
        toEmail: emailLogs.toEmail,
        trades: emailLogs.trades,
        mapVersion: emailLogs.mapVersion,
        sentAt: emailLogs.sentAt,
        dueDate: jobDetails.dueDate,
        dueTime: jobDetails.dueTime,
        timeZone: jobDetails.timeZone,
        reminderDays: jobDetails.reminderDays,
      })
      .from(emailLogs)
      .innerJoin(jobs, eq(jobs.jobId, emailLogs.jobId))
      .innerJoin(jobDetails, eq(jobDetails.jobId, emailLogs.jobId))
      .innerJoin(contacts, eq(contacts.contactId, emailLogs.contactId))
      .where(
        and(
          eq(emailLogs.kind, 'invitation'),
          eq(emailLogs.status, 'SENT'),
          isNotNull(emailLogs.toEmail),
          // A sub who declined, unsubscribed or whose address bounced is never reminded.
          sql`(${emailLogs.bidResponse} IS NULL OR ${emailLogs.bidResponse} <> 'NO_BID')`,
          isNull(contacts.unsubscribedAt),
          isNull(contacts.emailBadAt),
          gte(jobDetails.dueDate, sinceDate),
          sql`(${jobDetails.reminderDays} IS NULL OR ${jobDetails.reminderDays} <> '[]')`,
        ),
      )
      .all()
      .filter((r): r is ReminderCandidate => r.toEmail !== null && r.dueDate !== null);
  }

  /** Queue a reminder unless this invitation already has one for this occasion; true when queued. */
  async queueReminder(r: NewReminderRow): Promise<boolean> {
    const res = this.db.insert(emailLogs).values(queuedReminder(r)).onConflictDoNothing().run();
    return res.changes === 1;
  }

  async emailById(emailId: string): Promise<EmailLogRow | undefined> {
    return this.db.select().from(emailLogs).where(eq(emailLogs.emailId, emailId)).get();
  }

  async jobsWithPendingAnswers(): Promise<string[]> {
    return this.db
      .selectDistinct({ jobId: emailLogs.jobId })
      .from(emailLogs)
      .where(and(isNotNull(emailLogs.respondedAt), isNull(emailLogs.answerNotifiedAt), isNotNull(emailLogs.bidResponse)))
      .all()
      .map((r) => r.jobId);
  }

  /**
   * Take the job's notice slot if the last notice is older than `cutoff` (or there was none), and
   * in the same transaction take the answers not yet told. Two processes cannot both take it.
   * Returns undefined when the slot is not free or nothing is pending.
   */
  async takeAnswerNotice(jobId: string, nowText: string, cutoffText: string): Promise<PendingAnswer[] | undefined> {
    return this.db.transaction(
      (tx) => {
        const pending = tx
          .select({
            emailId: emailLogs.emailId,
            contactId: emailLogs.contactId,
            name: contacts.name,
            trades: emailLogs.trades,
            answer: emailLogs.bidResponse,
            note: emailLogs.bidNote,
            respondedAt: emailLogs.respondedAt,
          })
          .from(emailLogs)
          .innerJoin(contacts, eq(contacts.contactId, emailLogs.contactId))
          .where(and(eq(emailLogs.jobId, jobId), isNotNull(emailLogs.respondedAt), isNull(emailLogs.answerNotifiedAt), isNotNull(emailLogs.bidResponse)))
          .orderBy(asc(emailLogs.respondedAt))
          .all();
        if (pending.length === 0) return undefined;
        const slot = tx
          .insert(answerNotices)
          .values({ jobId, lastSentAt: nowText })
          .onConflictDoUpdate({ target: answerNotices.jobId, set: { lastSentAt: nowText }, setWhere: lte(answerNotices.lastSentAt, cutoffText) })
          .run();
        if (slot.changes !== 1) return undefined;
        tx.update(emailLogs)
          .set({ answerNotifiedAt: nowText })
          .where(inArray(emailLogs.emailId, pending.map((p) => p.emailId)))
          .run();
        return pending.map((p) => ({ ...p, answer: p.answer! }));
      },
      { behavior: 'immediate' },
    );
  }

  /** A notice that could not be delivered: its answers are pending again, the slot is free again. */
  async releaseAnswerNotice(jobId: string, emailIds: string[], previousSlot: string | null): Promise<void> {
    this.db.transaction((tx) => {
      if (emailIds.length) tx.update(emailLogs).set({ answerNotifiedAt: null }).where(inArray(emailLogs.emailId, emailIds)).run();
      if (previousSlot) tx.update(answerNotices).set({ lastSentAt: previousSlot }).where(eq(answerNotices.jobId, jobId)).run();
      else tx.delete(answerNotices).where(eq(answerNotices.jobId, jobId)).run();
    });
  }

  async lastAnswerNotice(jobId: string): Promise<string | null> {
    return this.db.select({ at: answerNotices.lastSentAt }).from(answerNotices).where(eq(answerNotices.jobId, jobId)).get()?.at ?? null;
  }
}
