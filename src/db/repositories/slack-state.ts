import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  slackFiles,
  slackLinks,
  slackMessages,
  slackPending,
  slackProcessed,
  type SlackFileRow,
  type SlackFileStatus,
  type SlackLinkRow,
  type SlackMessageRow,
  type SlackPendingKind,
  type SlackPendingRow,
} from '../schema/index.js';

/** SQLite CURRENT_TIMESTAMP format, so stored times compare as text. */
export const sqlTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/** The Slack channel's tables (migrations/0009_slack.sql). */
export class SlackStore {
  constructor(private readonly db: Db) {}

  // links
  findLink(teamId: string, slackUserId: string): SlackLinkRow | undefined {
    return this.db.select().from(slackLinks).where(and(eq(slackLinks.teamId, teamId), eq(slackLinks.slackUserId, slackUserId))).get();
  }

  saveLink(row: { teamId: string; slackUserId: string; userId: string; email: string; linkedVia: 'profile' | 'code' }): void {
    this.db
      .insert(slackLinks)
      .values(row)
      .onConflictDoUpdate({ target: [slackLinks.teamId, slackLinks.slackUserId], set: { userId: row.userId, email: row.email, linkedVia: row.linkedVia } })
      .run();
  }

  /**
   * `redbutton slack unlink`: forget the links of a Slack member (in one workspace, or all) or of a
   * Red Button user; returns how many went. A member whose profile e-mail matches an account is
   * linked again on their next use — disable the account to keep them out.
   */
  deleteLinks(who: { slackUserId: string; teamId?: string } | { userId: string }): number {
    const where =
      'userId' in who
        ? eq(slackLinks.userId, who.userId)
        : who.teamId
          ? and(eq(slackLinks.teamId, who.teamId), eq(slackLinks.slackUserId, who.slackUserId))
          : eq(slackLinks.slackUserId, who.slackUserId);
    return this.db.delete(slackLinks).where(where).run().changes;
  }

  /** Record a delivery key; false when it was seen before (a retry or a duplicate). */
  markProcessed(key: string, kind: string): boolean {
    const res = this.db.insert(slackProcessed).values({ key, kind }).onConflictDoNothing().run();
    return res.changes === 1;
  }

  /** Forget delivery keys older than `days` (Slack retries within minutes; keep a generous margin). */
  pruneProcessed(days = 7): number {
    return this.db.delete(slackProcessed).where(sql`${slackProcessed.createdAt} < datetime('now', ${`-${days} days`})`).run().changes;
  }

  seen(key: string): boolean {
    return this.db.select({ key: slackProcessed.key }).from(slackProcessed).where(eq(slackProcessed.key, key)).get() !== undefined;
  }

  // files
  /** Claim a Slack file id; false when another delivery already claimed it (one job per file). */
  claimFile(row: { fileId: string; teamId: string; slackUserId: string; channelId: string | null; threadTs: string | null }): boolean {
    const res = this.db.insert(slackFiles).values({ ...row, status: 'claimed' }).onConflictDoNothing().run();
    return res.changes === 1;
  }

  settleFile(fileId: string, status: SlackFileStatus, patch: { jobId?: string | null; detail?: string | null; threadTs?: string | null; channelId?: string | null } = {}): void {
    this.db.update(slackFiles).set({ status, ...patch }).where(eq(slackFiles.fileId, fileId)).run();
  }

  getFile(fileId: string): SlackFileRow | undefined {
    return this.db.select().from(slackFiles).where(eq(slackFiles.fileId, fileId)).get();
  }

  fileForJob(jobId: string): SlackFileRow | undefined {
    return this.db.select().from(slackFiles).where(eq(slackFiles.jobId, jobId)).get();
  }

  // messages
  messages(jobId: string, kind: 'progress' | 'map'): SlackMessageRow[] {
    return this.db
      .select()
      .from(slackMessages)
      .where(and(eq(slackMessages.jobId, jobId), eq(slackMessages.kind, kind)))
      .orderBy(slackMessages.page)
      .all();
  }

  saveMessage(row: { jobId: string; kind: 'progress' | 'map'; page: number; channelId: string; ts: string }): void {
    this.db
      .insert(slackMessages)
      .values(row)
      .onConflictDoUpdate({ target: [slackMessages.jobId, slackMessages.kind, slackMessages.page], set: { channelId: row.channelId, ts: row.ts, updatedAt: sql`CURRENT_TIMESTAMP` } })
      .run();
  }

  deleteMessage(jobId: string, kind: 'progress' | 'map', page: number): void {
    this.db.delete(slackMessages).where(and(eq(slackMessages.jobId, jobId), eq(slackMessages.kind, kind), eq(slackMessages.page, page))).run();
  }

  /**
   * Run `fn` (which posts or updates the job's map messages) while no other publisher of this job
   * runs. SQLite is one process per file, where MapPublisher's in-process chain already orders each
   * job's publishes: `fn` just runs. (The Postgres twin holds a per-job advisory lock.)
   */
  withJobMessages<T>(_jobId: string, fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  // pending intents
  setPending(teamId: string, slackUserId: string, kind: SlackPendingKind, value: string | null, ttlMinutes: number, now = new Date()): void {
    const expiresAt = sqlTime(new Date(now.getTime() + ttlMinutes * 60_000));
    this.db
      .insert(slackPending)
      .values({ teamId, slackUserId, kind, value, expiresAt })
      .onConflictDoUpdate({ target: [slackPending.teamId, slackPending.slackUserId, slackPending.kind], set: { value, expiresAt, createdAt: sql`CURRENT_TIMESTAMP` } })
      .run();
  }

  /** The pending intent if it has not expired. */
  getPending(teamId: string, slackUserId: string, kind: SlackPendingKind, now = new Date()): SlackPendingRow | undefined {
    const row = this.db
      .select()
      .from(slackPending)
      .where(and(eq(slackPending.teamId, teamId), eq(slackPending.slackUserId, slackUserId), eq(slackPending.kind, kind)))
      .get();
    return row && row.expiresAt > sqlTime(now) ? row : undefined;
  }

  /** Take (read and delete) a pending intent in one step, so two deliveries cannot both use it. */
  takePending(teamId: string, slackUserId: string, kind: SlackPendingKind, now = new Date()): SlackPendingRow | undefined {
    const row = this.getPending(teamId, slackUserId, kind, now);
    if (!row) return undefined;
    const res = this.db
      .delete(slackPending)
      .where(and(eq(slackPending.teamId, teamId), eq(slackPending.slackUserId, slackUserId), eq(slackPending.kind, kind), eq(slackPending.createdAt, row.createdAt!)))
      .run();
    return res.changes === 1 ? row : undefined;
  }

  clearPending(teamId: string, slackUserId: string, kind: SlackPendingKind): void {
    this.db.delete(slackPending).where(and(eq(slackPending.teamId, teamId), eq(slackPending.slackUserId, slackUserId), eq(slackPending.kind, kind))).run();
  }

  /**
   * For jobs with a map message in Slack (updated in the last two weeks): a signature of what the
   * message shows — job status, map file, each message's status, answer and note, the plans
   * downloads — so a poll re-renders only the messages whose signature changed.
   */
  mapMessageSignatures(): { jobId: string; sig: string }[] {
    return this.db.all<{ jobId: string; sig: string }>(sql`
      SELECT j.job_id AS jobId,
             j.status || '|' || coalesce(j.contacts_map_ref, '') || '|' ||
             coalesce((SELECT group_concat(e.email_id || ':' || e.status || ':' || coalesce(e.bid_response, '') || ':' || coalesce(e.bid_note, ''), ',') FROM email_logs e WHERE e.job_id = j.job_id), '') || '|' ||
             (SELECT count(*) FROM plan_downloads d WHERE d.job_id = j.job_id) AS sig
        FROM jobs j
       WHERE j.job_id IN (SELECT job_id FROM slack_messages WHERE kind = 'map')
         AND j.updated_at > datetime('now', '-14 days')`);
  }
}
