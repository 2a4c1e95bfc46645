import { and, asc, eq, sql } from 'drizzle-orm';
import type { PoolClient } from 'pg';
import type { SlackStoreApi } from '../../repositories/index.js';
import { sqlTime } from '../../repositories/slack-state.js';
import type { SlackFileRow, SlackFileStatus, SlackLinkRow, SlackMessageRow, SlackPendingKind, SlackPendingRow } from '../../schema/index.js';
import { slackFiles, slackLinks, slackMessages, slackPending, slackProcessed } from '../schema.js';
import { affected, type PgContext } from './context.js';
import { SLACK_MESSAGES_LOCK_NAMESPACE } from '../locks.js';

/**
 * The Slack channel's tables on Postgres (the SQLite class: ../../repositories/slack-state.ts).
 * Several processes may receive the same Slack delivery (a retry lands on another one): every
 * "first one wins" step is a single statement — INSERT … ON CONFLICT DO NOTHING for delivery keys
 * and file claims, DELETE … RETURNING for taking a pending intent — so exactly one caller wins
 * without reading first.
 */
export class PgSlackStore implements SlackStoreApi {
  constructor(private readonly ctx: PgContext) {}

  // links
  async findLink(teamId: string, slackUserId: string): Promise<SlackLinkRow | undefined> {
    const [row] = await this.ctx.q().select().from(slackLinks).where(and(eq(slackLinks.teamId, teamId), eq(slackLinks.slackUserId, slackUserId)));
    return row;
  }

  async saveLink(row: { teamId: string; slackUserId: string; userId: string; email: string; linkedVia: 'profile' | 'code' }): Promise<void> {
    await this.ctx
      .q()
      .insert(slackLinks)
      .values(row)
      .onConflictDoUpdate({ target: [slackLinks.teamId, slackLinks.slackUserId], set: { userId: row.userId, email: row.email, linkedVia: row.linkedVia } });
  }

  /** `redbutton slack unlink`: forget the links of a Slack member (in one workspace, or all) or of a Red Button user. */
  async deleteLinks(who: { slackUserId: string; teamId?: string } | { userId: string }): Promise<number> {
    const where =
      'userId' in who
        ? eq(slackLinks.userId, who.userId)
        : who.teamId
          ? and(eq(slackLinks.teamId, who.teamId), eq(slackLinks.slackUserId, who.slackUserId))
          : eq(slackLinks.slackUserId, who.slackUserId);
    return affected(await this.ctx.q().delete(slackLinks).where(where));
  }

  /** Record a delivery key; false when it was seen before (a retry, or the same event at another process). */
  async markProcessed(key: string, kind: string): Promise<boolean> {
    return affected(await this.ctx.q().insert(slackProcessed).values({ key, kind }).onConflictDoNothing()) === 1;
  }

  /** Forget delivery keys older than `days` (Slack retries within minutes; keep a generous margin). */
  async pruneProcessed(days = 7): Promise<number> {
    return affected(await this.ctx.q().delete(slackProcessed).where(sql`${slackProcessed.createdAt} < now() - make_interval(days => ${days})`));
  }

  async seen(key: string): Promise<boolean> {
    const [row] = await this.ctx.q().select({ key: slackProcessed.key }).from(slackProcessed).where(eq(slackProcessed.key, key));
    return row !== undefined;
  }

  // files
  /** Claim a Slack file id; false when another delivery already claimed it (one job per file). */
  async claimFile(row: { fileId: string; teamId: string; slackUserId: string; channelId: string | null; threadTs: string | null }): Promise<boolean> {
    return affected(await this.ctx.q().insert(slackFiles).values({ ...row, status: 'claimed' }).onConflictDoNothing()) === 1;
  }

  async settleFile(fileId: string, status: SlackFileStatus, patch: { jobId?: string | null; detail?: string | null; threadTs?: string | null; channelId?: string | null } = {}): Promise<void> {
    await this.ctx.q().update(slackFiles).set({ status, ...patch }).where(eq(slackFiles.fileId, fileId));
  }

  async getFile(fileId: string): Promise<SlackFileRow | undefined> {
    const [row] = await this.ctx.q().select().from(slackFiles).where(eq(slackFiles.fileId, fileId));
    return row;
  }

  /** The first file that started or joined this job (SQLite returns the first by rowid). */
  async fileForJob(jobId: string): Promise<SlackFileRow | undefined> {
    const [row] = await this.ctx.q().select().from(slackFiles).where(eq(slackFiles.jobId, jobId)).orderBy(asc(slackFiles.createdAt), asc(slackFiles.fileId)).limit(1);
    return row;
  }

  // messages
  async messages(jobId: string, kind: 'progress' | 'map'): Promise<SlackMessageRow[]> {
    return this.ctx
      .q()
      .select()
      .from(slackMessages)
      .where(and(eq(slackMessages.jobId, jobId), eq(slackMessages.kind, kind)))
      .orderBy(asc(slackMessages.page));
  }

  async saveMessage(row: { jobId: string; kind: 'progress' | 'map'; page: number; channelId: string; ts: string }): Promise<void> {
    await this.ctx
      .q()
      .insert(slackMessages)
      .values(row)
      .onConflictDoUpdate({ target: [slackMessages.jobId, slackMessages.kind, slackMessages.page], set: { channelId: row.channelId, ts: row.ts, updatedAt: sql`now()` } });
  }

  async deleteMessage(jobId: string, kind: 'progress' | 'map', page: number): Promise<void> {
    await this.ctx.q().delete(slackMessages).where(and(eq(slackMessages.jobId, jobId), eq(slackMessages.kind, kind), eq(slackMessages.page, page)));
  }

  /**
   * Run `fn` (which posts or updates the job's map messages) while no other process publishes this
   * job: a transaction on one pooled connection holds `pg_advisory_xact_lock` for the job until `fn`
   * ends (COMMIT, or ROLLBACK when it throws — either releases the lock; a connection that cannot
   * roll back is discarded, which releases it too). `fn` uses the ordinary repositories, so what it
   * saves is committed at once and the next publisher, let in after this one, renders the newest
   * version and finds the messages already posted. Each publish in progress holds one pool
   * connection besides those its statements use, so fewer publishes than the pool has connections
   * hold one at a time (`publishTurn`): otherwise a burst of jobs could take every connection and
   * wait forever for one to run their statements on.
   */
  async withJobMessages<T>(jobId: string, fn: () => Promise<T>): Promise<T> {
    await this.publishTurn();
    let client: PoolClient;
    try {
      client = await this.ctx.handle.pool.connect();
    } catch (e) {
      this.endTurn();
      throw e;
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SLACK_MESSAGES_LOCK_NAMESPACE, jobId]);
      const result = await fn();
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: unknown) => {
        broken = e instanceof Error ? e : new Error(String(e));
      });
      throw err;
    } finally {
      client.release(broken);
      this.endTurn();
    }
  }

  /** Publishes holding a connection now, and those waiting for a turn: a counting semaphore in a few lines (hand-written: p-limit would add a dependency for what this and `endTurn` below do). */
  private holding = 0;
  private readonly waiting: (() => void)[] = [];

  private async publishTurn(): Promise<void> {
    const turns = Math.max(1, (this.ctx.handle.pool.options.max ?? 10) - 1);
    if (this.holding < turns) {
      this.holding++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hand the turn to the next waiting publish, or give it back. */
  private endTurn(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.holding--;
  }

  // pending intents
  async setPending(teamId: string, slackUserId: string, kind: SlackPendingKind, value: string | null, ttlMinutes: number, now = new Date()): Promise<void> {
    const expiresAt = sqlTime(new Date(now.getTime() + ttlMinutes * 60_000));
    await this.ctx
      .q()
      .insert(slackPending)
      .values({ teamId, slackUserId, kind, value, expiresAt })
      .onConflictDoUpdate({ target: [slackPending.teamId, slackPending.slackUserId, slackPending.kind], set: { value, expiresAt, createdAt: sql`now()` } });
  }

  /** The pending intent if it has not expired. */
  async getPending(teamId: string, slackUserId: string, kind: SlackPendingKind, now = new Date()): Promise<SlackPendingRow | undefined> {
    const [row] = await this.ctx.q().select().from(slackPending).where(and(this.pendingOf(teamId, slackUserId, kind), sql`${slackPending.expiresAt} > ${sqlTime(now)}`));
    return row;
  }

  /**
   * Take (read and delete) a pending intent in one statement: of two deliveries taking it at once,
   * the second waits on the row lock, then finds the row gone and gets nothing. An expired intent
   * is not taken (and stays until it is replaced or cleared, as on SQLite).
   */
  async takePending(teamId: string, slackUserId: string, kind: SlackPendingKind, now = new Date()): Promise<SlackPendingRow | undefined> {
    const [row] = await this.ctx
      .q()
      .delete(slackPending)
      .where(and(this.pendingOf(teamId, slackUserId, kind), sql`${slackPending.expiresAt} > ${sqlTime(now)}`))
      .returning();
    return row;
  }

  async clearPending(teamId: string, slackUserId: string, kind: SlackPendingKind): Promise<void> {
    await this.ctx.q().delete(slackPending).where(this.pendingOf(teamId, slackUserId, kind));
  }

  private pendingOf(teamId: string, slackUserId: string, kind: SlackPendingKind) {
    return and(eq(slackPending.teamId, teamId), eq(slackPending.slackUserId, slackUserId), eq(slackPending.kind, kind));
  }

  /**
   * For jobs with a map message in Slack (updated in the last two weeks): a signature of what the
   * message shows — job status, map file, each message's status, answer and note, the plans
   * downloads — so a poll re-renders only the messages whose signature changed. The messages are
   * aggregated in e-mail id order: an unordered aggregate could change between polls by itself.
   */
  async mapMessageSignatures(): Promise<{ jobId: string; sig: string }[]> {
    const res = await this.ctx.q().execute<{ jobId: string; sig: string }>(sql`
      SELECT j.job_id AS "jobId",
             j.status || '|' || coalesce(j.contacts_map_ref::text, '') || '|' ||
             coalesce((SELECT string_agg(e.email_id || ':' || e.status || ':' || coalesce(e.bid_response, '') || ':' || coalesce(e.bid_note, ''), ',' ORDER BY e.email_id)
                         FROM email_logs e WHERE e.job_id = j.job_id), '') || '|' ||
             (SELECT count(*) FROM plan_downloads d WHERE d.job_id = j.job_id) AS sig
        FROM jobs j
       WHERE j.job_id IN (SELECT job_id FROM slack_messages WHERE kind = 'map')
         AND j.updated_at > now() - interval '14 days'`);
    return res.rows;
  }
}
