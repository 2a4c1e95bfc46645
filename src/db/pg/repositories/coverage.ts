import { and, asc, count, eq, gte, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Promised } from '../../repositories/index.js';
import type {
  CoverageRepository,
  FollowUpRow,
  InvitationFacts,
  NewInvitationRow,
  NewReminderRow,
  PendingAnswer,
  ReminderCandidate,
} from '../../repositories/coverage.js';
import type { EmailLogRow, OutreachApprovalRow } from '../../schema/index.js';
import { answerNotices, contacts, emailLogs, jobDetails, jobs, outreachApprovals, planDownloads, sqliteTimeText } from '../schema.js';
import { invitationFacts, queuedInvitation, queuedReminder } from '../../repositories/email-log-rows.js';
import { affected, type PgContext } from './context.js';

type LifeFacts = Awaited<ReturnType<CoverageRepository['lifeFacts']>>;

/** Bid coverage, reminders and answer notices on Postgres (the SQLite class: ../../repositories/coverage.ts). */
export class PgCoverageRepository implements Promised<CoverageRepository> {
  constructor(private readonly ctx: PgContext) {}

  async lifeFacts(jobIds: string[]): Promise<LifeFacts> {
    const out: LifeFacts = new Map();
    if (jobIds.length === 0) return out;
    for (const id of jobIds) out.set(id, { approved: false, statuses: [], dueDate: null, dueTime: null, timeZone: null });
    const q = this.ctx.q();
    const [approvals, sent, details] = await Promise.all([
      q.select({ jobId: outreachApprovals.jobId }).from(outreachApprovals).where(inArray(outreachApprovals.jobId, jobIds)),
      q
        .select({ jobId: emailLogs.jobId, status: emailLogs.status })
        .from(emailLogs)
        .where(and(inArray(emailLogs.jobId, jobIds), eq(emailLogs.kind, 'invitation')))
        .orderBy(asc(emailLogs.createdAt), asc(emailLogs.emailId)),
      q.select({ jobId: jobDetails.jobId, dueDate: jobDetails.dueDate, dueTime: jobDetails.dueTime, timeZone: jobDetails.timeZone }).from(jobDetails).where(inArray(jobDetails.jobId, jobIds)),
    ]);
    for (const a of approvals) out.get(a.jobId)!.approved = true;
    for (const e of sent) out.get(e.jobId)!.statuses.push(e.status);
    for (const d of details) Object.assign(out.get(d.jobId)!, { dueDate: d.dueDate, dueTime: d.dueTime, timeZone: d.timeZone });
    return out;
  }

  async approval(jobId: string): Promise<OutreachApprovalRow | undefined> {
    const [row] = await this.ctx.q().select().from(outreachApprovals).where(eq(outreachApprovals.jobId, jobId));
    return row;
  }

  /**
   * Ordered as on SQLite, whose created_at has whole seconds: by the second the invitation was
   * queued, then by company name (Postgres keeps microseconds, which would order a second's
   * invitations by insertion instead).
   */
  async invitations(jobId: string): Promise<InvitationFacts[]> {
    const dl = this.ctx
      .q()
      .select({ emailId: planDownloads.emailId, n: count().as('n'), first: sql<string | null>`min(${planDownloads.downloadedAt})`.as('first') })
      .from(planDownloads)
      .where(eq(planDownloads.jobId, jobId))
      .groupBy(planDownloads.emailId)
      .as('dl');
    const rows = await this.ctx
      .q()
      .select({
        row: emailLogs,
        name: contacts.name,
        contactPerson: contacts.contactPerson,
        unsubscribedAt: contacts.unsubscribedAt,
        emailBadAt: contacts.emailBadAt,
        downloads: dl.n,
        first: dl.first,
      })
      .from(emailLogs)
      .innerJoin(contacts, eq(contacts.contactId, emailLogs.contactId))
      .leftJoin(dl, eq(dl.emailId, emailLogs.emailId))
      .where(and(eq(emailLogs.jobId, jobId), eq(emailLogs.kind, 'invitation')))
      .orderBy(sql`date_trunc('second', ${emailLogs.createdAt})`, asc(contacts.name));
    // count(*) arrives as text through a subquery (bigint); min() of a timestamptz in Postgres's own form
    return rows.map((r) => invitationFacts({ ...r, downloads: Number(r.downloads ?? 0), firstDownloadAt: r.first == null ? null : sqliteTimeText(r.first) }));
  }

  async reminders(jobId: string): Promise<FollowUpRow[]> {
    return this.ctx
      .q()
      .select({ emailId: emailLogs.emailId, parentEmailId: emailLogs.parentEmailId, occasion: emailLogs.occasion, status: emailLogs.status, sentAt: emailLogs.sentAt, createdAt: emailLogs.createdAt })
      .from(emailLogs)
      .where(and(eq(emailLogs.jobId, jobId), eq(emailLogs.kind, 'reminder')))
      .orderBy(asc(emailLogs.createdAt), asc(emailLogs.emailId));
  }

  async invitationOfJob(jobId: string, emailId: string): Promise<EmailLogRow | undefined> {
    const [row] = await this.ctx
      .q()
      .select()
      .from(emailLogs)
      .where(and(eq(emailLogs.emailId, emailId), eq(emailLogs.jobId, jobId)));
    return row;
  }

  async recordDownload(jobId: string, emailId: string | null): Promise<void> {
    await this.ctx.q().insert(planDownloads).values({ jobId, emailId });
  }

  /**
   * One INSERT … ON CONFLICT DO NOTHING: a racing request for the same contact waits on the
   * unique (job, contact, kind, occasion) index until the other commits, then inserts nothing.
   */
  async addInvitations(jobId: string, rows: NewInvitationRow[]): Promise<NewInvitationRow[]> {
    if (rows.length === 0) return [];
    const inserted = await this.ctx
      .q()
      .insert(emailLogs)
      .values(rows.map((r) => queuedInvitation(jobId, r.mapVersion, r)))
      .onConflictDoNothing()
      .returning({ emailId: emailLogs.emailId });
    const ids = new Set(inserted.map((r) => r.emailId));
    return rows.filter((r) => ids.has(r.emailId));
  }

  async reminderCandidates(sinceDate: string): Promise<ReminderCandidate[]> {
    const rows = await this.ctx
      .q()
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
          // jsonb: '[]' compares as the empty array whatever its spacing was
          sql`(${jobDetails.reminderDays} IS NULL OR ${jobDetails.reminderDays} <> '[]'::jsonb)`,
        ),
      )
      .orderBy(asc(emailLogs.createdAt), asc(emailLogs.emailId));
    return rows.filter((r): r is ReminderCandidate => r.toEmail !== null && r.dueDate !== null);
  }

  async queueReminder(r: NewReminderRow): Promise<boolean> {
    const res = await this.ctx
      .q()
      .insert(emailLogs)
      .values(queuedReminder(r))
      .onConflictDoNothing();
    return affected(res) === 1;
  }

  async emailById(emailId: string): Promise<EmailLogRow | undefined> {
    const [row] = await this.ctx.q().select().from(emailLogs).where(eq(emailLogs.emailId, emailId));
    return row;
  }

  async jobsWithPendingAnswers(): Promise<string[]> {
    const rows = await this.ctx
      .q()
      .selectDistinct({ jobId: emailLogs.jobId })
      .from(emailLogs)
      .where(and(isNotNull(emailLogs.respondedAt), isNull(emailLogs.answerNotifiedAt), isNotNull(emailLogs.bidResponse)));
    return rows.map((r) => r.jobId);
  }

  /**
   * Two schedulers may take the same job's notice at once. The pending answers are read
   * `FOR UPDATE` (the second waits, then finds them told), and the slot is an upsert whose
   * `WHERE last_sent_at <= cutoff` is re-checked against the first one's committed slot, so only
   * one of them gets the answers.
   */
  async takeAnswerNotice(jobId: string, nowText: string, cutoffText: string): Promise<PendingAnswer[] | undefined> {
    return this.ctx.transaction(async () => {
      const pending = await this.ctx
        .q()
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
        .orderBy(asc(emailLogs.respondedAt), asc(emailLogs.emailId))
        .for('update', { of: emailLogs });
      if (pending.length === 0) return undefined;
      const slot = await this.ctx
        .q()
        .insert(answerNotices)
        .values({ jobId, lastSentAt: nowText })
        .onConflictDoUpdate({ target: answerNotices.jobId, set: { lastSentAt: nowText }, setWhere: lte(answerNotices.lastSentAt, cutoffText) });
      if (affected(slot) !== 1) return undefined;
      await this.ctx
        .q()
        .update(emailLogs)
        .set({ answerNotifiedAt: nowText })
        .where(
          inArray(
            emailLogs.emailId,
            pending.map((p) => p.emailId),
          ),
        );
      return pending.map((p) => ({ ...p, answer: p.answer! }));
    });
  }

  async releaseAnswerNotice(jobId: string, emailIds: string[], previousSlot: string | null): Promise<void> {
    await this.ctx.transaction(async () => {
      if (emailIds.length) await this.ctx.q().update(emailLogs).set({ answerNotifiedAt: null }).where(inArray(emailLogs.emailId, emailIds));
      if (previousSlot) await this.ctx.q().update(answerNotices).set({ lastSentAt: previousSlot }).where(eq(answerNotices.jobId, jobId));
      else await this.ctx.q().delete(answerNotices).where(eq(answerNotices.jobId, jobId));
    });
  }

  async lastAnswerNotice(jobId: string): Promise<string | null> {
    const [row] = await this.ctx.q().select({ at: answerNotices.lastSentAt }).from(answerNotices).where(eq(answerNotices.jobId, jobId));
    return row?.at ?? null;
  }
}
