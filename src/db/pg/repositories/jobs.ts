import { and, desc, eq, getTableColumns, inArray, isNotNull, like, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import type { JobLeases, JobsRepository, NewJob, JobPatch, Promised } from '../../repositories/index.js';
import { claimableBy, type ClaimedJob, FINAL_STATES, FINISHED_OR_WAITING, JOB_ID_PREFIX, newJobValues, onlyMatch } from '../../repositories/jobs.js';
import { jobs } from '../schema.js';
import type { JobRow, JobStatus } from '../../schema/index.js';
import { notFound } from '../../../core/errors.js';
import { affected, type PgContext } from './context.js';

/** The LISTEN/NOTIFY channel that tells idle workers' sweeps a job waits (payload: the job id). */
export const JOBS_QUEUED_CHANNEL = 'redbutton_jobs_queued';

/** The NOTIFY that wakes the sweeps LISTENing on JOBS_QUEUED_CHANNEL (sent when the surrounding transaction commits). */
const announce = (jobId: SQL | string): SQL => sql`pg_notify(${JOBS_QUEUED_CHANNEL}, ${jobId})`;

/**
 * Jobs on Postgres (the SQLite class: ../../repositories/jobs.ts). Every state change is one
 * conditional UPDATE: under READ COMMITTED a second writer of the same row waits for the first to
 * commit and then re-checks its WHERE against the new row, so of two workers moving a job out of
 * one state exactly one sees `true` — on one host or many.
 *
 * SQLite orders rows of the same second by rowid; here `created_at` has microseconds and a new job
 * takes `clock_timestamp()` (the time of the statement, not of its transaction, so two jobs made in
 * one transaction still keep their order), with the id as the last tie-break.
 */
export class PgJobsRepository implements Promised<JobsRepository> {
  constructor(private readonly ctx: PgContext) {}

  async create(input: NewJob): Promise<JobRow> {
    const [row] = await this.ctx
      .q()
      .insert(jobs)
      .values({ ...newJobValues(input), createdAt: sql`clock_timestamp()`, updatedAt: sql`clock_timestamp()` })
      .returning();
    return row!;
  }

  async findForUser(userId: string, jobId: string): Promise<JobRow | undefined> {
    const [row] = await this.ctx
      .q()
      .select()
      .from(jobs)
      .where(and(eq(jobs.jobId, jobId), eq(jobs.userId, userId)));
    return row;
  }

  async getForUser(userId: string, jobId: string): Promise<JobRow> {
    const job = await this.findForUser(userId, jobId);
    if (!job) throw notFound('job', jobId);
    return job;
  }

  async resolveForUser(userId: string, idOrPrefix: string): Promise<JobRow> {
    const text = idOrPrefix.trim().toLowerCase();
    const exact = await this.findForUser(userId, text);
    if (exact) return exact;
    if (!JOB_ID_PREFIX.test(text)) throw notFound('job', idOrPrefix);
    // The prefix is hex and dashes only (no LIKE wildcards), and ids are lower case: LIKE's case
    // sensitivity here matches SQLite's case-insensitive LIKE on what can reach it.
    const hits = await this.ctx
      .q()
      .select()
      .from(jobs)
      .where(and(eq(jobs.userId, userId), like(jobs.jobId, `${text}%`)))
      .orderBy(jobs.jobId)
      .limit(6);
    return onlyMatch(idOrPrefix, hits);
  }

  async findSamePdf(userId: string, sha256: string): Promise<JobRow | undefined> {
    const [row] = await this.ctx
      .q()
      .select()
      .from(jobs)
      .where(and(eq(jobs.userId, userId), eq(jobs.pdfSha256, sha256), ne(jobs.status, 'FAILED')))
      .orderBy(desc(jobs.createdAt), desc(jobs.jobId))
      .limit(1);
    return row;
  }

  async listForUser(userId: string, limit = 100): Promise<JobRow[]> {
    return this.ctx.q().select().from(jobs).where(eq(jobs.userId, userId)).orderBy(desc(jobs.createdAt), desc(jobs.jobId)).limit(limit);
  }

  async getInternal(jobId: string): Promise<JobRow | undefined> {
    const [row] = await this.ctx.q().select().from(jobs).where(eq(jobs.jobId, jobId));
    return row;
  }

  async listUnfinished(): Promise<JobRow[]> {
    return this.ctx.q().select().from(jobs).where(notInArray(jobs.status, FINISHED_OR_WAITING)).orderBy(jobs.createdAt, jobs.jobId);
  }

  async transition(jobId: string, from: JobStatus, to: JobStatus, patch: JobPatch = {}): Promise<boolean> {
    const res = await this.ctx
      .q()
      .update(jobs)
      .set({ ...patch, status: to, updatedAt: sql`now()` })
      .where(and(eq(jobs.jobId, jobId), eq(jobs.status, from)));
    return affected(res) === 1;
  }

  async patchInState(jobId: string, status: JobStatus, patch: JobPatch): Promise<boolean> {
    const res = await this.ctx
      .q()
      .update(jobs)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(and(eq(jobs.jobId, jobId), eq(jobs.status, status)));
    return affected(res) === 1;
  }

  async replaceMapRef(jobId: string, userId: string, expectedRef: string | null, ref: string, statuses: JobStatus[]): Promise<boolean> {
    // Compared as jsonb, not as text: the ref read back is jsonb re-serialized, and may differ in
    // spacing or key order from the text the edit started from while naming the same file.
    const res = await this.ctx
      .q()
      .update(jobs)
      .set({ contactsMapRef: ref, updatedAt: sql`now()` })
      .where(
        and(eq(jobs.jobId, jobId), eq(jobs.userId, userId), sql`${jobs.contactsMapRef} IS NOT DISTINCT FROM ${expectedRef}::jsonb`, inArray(jobs.status, statuses)),
      );
    return affected(res) === 1;
  }

  async bumpAttempts(jobId: string): Promise<number> {
    // One statement: the count each concurrent caller gets back is its own increment's.
    const [row] = await this.ctx
      .q()
      .update(jobs)
      .set({ attempts: sql`${jobs.attempts} + 1` })
      .where(eq(jobs.jobId, jobId))
      .returning({ attempts: jobs.attempts });
    return row?.attempts ?? 0;
  }

  async resetAttempts(jobId: string): Promise<void> {
    await this.ctx.q().update(jobs).set({ attempts: 0 }).where(eq(jobs.jobId, jobId));
  }

  async announceQueued(jobId: string): Promise<void> {
    await this.ctx.q().execute(sql`SELECT ${announce(jobId)}`);
  }

  async fail(jobId: string, stage: string, reason: string): Promise<boolean> {
    const res = await this.ctx
      .q()
      .update(jobs)
      .set({ status: 'FAILED', failureReason: reason, failedStage: stage, updatedAt: sql`now()` })
      .where(and(eq(jobs.jobId, jobId), notInArray(jobs.status, FINAL_STATES)));
    return affected(res) === 1;
  }
}

/**
 * The pipeline's lease on a job, on Postgres. A claim is one conditional UPDATE (the statement
 * of ../lease.ts's `claimRow`, plus the job's expected status), so it is safe across hosts: of two
 * processes claiming one job, the second waits on the row lock and then finds the first's live
 * lease. Times are the database's clock, so the hosts' clocks do not matter.
 */
export class PgJobLeases implements Promised<JobLeases> {
  constructor(private readonly ctx: PgContext) {}

  async claim(jobId: string, status: JobStatus, owner: string, seconds: number): Promise<boolean> {
    const res = await this.ctx
      .q()
      .update(jobs)
      .set({ leaseOwner: owner, leaseUntil: sql`now() + make_interval(secs => ${seconds})` })
      .where(
        and(
          eq(jobs.jobId, jobId),
          eq(jobs.status, status),
          sql`(${jobs.leaseOwner} IS NULL OR ${jobs.leaseOwner} = ${owner} OR ${jobs.leaseUntil} < now())`,
        ),
      );
    return affected(res) === 1;
  }

  /**
   * Lease the oldest unfinished job `owner` may take (free, lease ended, or held by one of
   * `goneOwners`) in one statement: `SELECT … FOR UPDATE SKIP LOCKED LIMIT 1` inside the UPDATE, so
   * a row another sweep is claiming at this instant is skipped, never waited on, and any number of
   * processes on any number of hosts take disjoint jobs.
   */
  async claimNext(owner: string, seconds: number, goneOwners: string[] = []): Promise<ClaimedJob | undefined> {
    const next = this.ctx
      .q()
      .select({ id: sql<string>`${jobs.jobId}`.as('next_id'), previous: sql<string | null>`${jobs.leaseOwner}`.as('previous_owner') })
      .from(jobs)
      .where(and(notInArray(jobs.status, FINISHED_OR_WAITING), claimableBy(jobs, owner, sql`now()`, goneOwners)))
      .orderBy(jobs.createdAt, jobs.jobId)
      .limit(1)
      .for('update', { skipLocked: true })
      .as('next');
    const [row] = await this.ctx
      .q()
      .update(jobs)
      .set({ leaseOwner: owner, leaseUntil: sql`now() + make_interval(secs => ${seconds})` })
      .from(next)
      .where(eq(jobs.jobId, next.id))
      .returning({ job: getTableColumns(jobs), previousOwner: next.previous });
    return row;
  }

  async holders(): Promise<string[]> {
    const rows = await this.ctx
      .q()
      .selectDistinct({ owner: jobs.leaseOwner })
      .from(jobs)
      .where(and(notInArray(jobs.status, FINISHED_OR_WAITING), isNotNull(jobs.leaseOwner), sql`${jobs.leaseUntil} >= now()`));
    return rows.map((r) => r.owner!);
  }

  /** Give the job back; when it still has stages to run (a stopping process), the same statement wakes the other sweeps. */
  async release(jobId: string, owner: string): Promise<void> {
    const waiting = sql.join(
      FINISHED_OR_WAITING.map((s) => sql`${s}`),
      sql`, `,
    );
    await this.ctx.q().execute(
      sql`WITH released AS (
            UPDATE ${jobs} SET ${sql.identifier(jobs.leaseOwner.name)} = NULL, ${sql.identifier(jobs.leaseUntil.name)} = NULL
            WHERE ${jobs.jobId} = ${jobId} AND ${jobs.leaseOwner} = ${owner}
            RETURNING ${jobs.jobId} AS id, ${jobs.status} AS status)
          SELECT ${announce(sql`id`)} FROM released WHERE status NOT IN (${waiting})`,
    );
  }

  /**
   * Drop the claim of an owner known to be dead (a process of this host that is gone), only while
   * that owner still holds it. A lease whose time ran out needs no breaking: `claim` takes it.
   */
  async breakLease(jobId: string, deadOwner: string): Promise<boolean> {
    const res = await this.ctx
      .q()
      .update(jobs)
      .set({ leaseOwner: null, leaseUntil: null })
      .where(and(eq(jobs.jobId, jobId), eq(jobs.leaseOwner, deadOwner)));
    return affected(res) === 1;
  }
}
