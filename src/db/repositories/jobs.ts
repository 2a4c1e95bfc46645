import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNotNull, isNull, like, ne, notInArray, or, sql, type Column, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { jobs, type JobOrigin, type JobRow, type JobStatus } from '../schema/index.js';
import { AppError, notFound } from '../../core/errors.js';

export interface NewJob {
  userId: string;
  name: string;
  origin?: JobOrigin;
  originContext?: unknown;
  zipCode?: string | null;
  notes?: string | null;
  jsonsMode?: string;
}

export type JobPatch = Partial<
  Pick<
    JobRow,
    | 'pdfRef'
    | 'imagesRef'
    | 'promptRef'
    | 'scopeRef'
    | 'contactsMapRef'
    | 'zipCode'
    | 'pdfFileName'
    | 'pdfSha256'
    | 'pageCount'
    | 'extractor'
    | 'usage'
    | 'name'
    | 'notes'
    | 'originContext'
  >
>;

/** States a job can still move out of; a restarted process resumes every job in one of these. */
export const UNFINISHED_STATES: JobStatus[] = ['NEW', 'PDF_SAVED', 'IMAGES_EXTRACTED', 'LLM_SUBMITTED'];
export const FINISHED_OR_WAITING: JobStatus[] = ['CONTACT_MAP_READY', 'EMAILED', 'FAILED'];
/** Final states: `fail` moves a job to FAILED from any other. */
export const FINAL_STATES: JobStatus[] = ['EMAILED', 'FAILED'];

/** The row of a new job (shared by both databases). */
export function newJobValues(input: NewJob) {
  return {
    jobId: randomUUID(),
    userId: input.userId,
    name: input.name,
    notes: input.notes ?? null,
    status: 'NEW' as const,
    origin: input.origin ?? 'cli',
    originContext: input.originContext === undefined ? null : JSON.stringify(input.originContext),
    zipCode: input.zipCode ?? null,
    jsonsMode: input.jsonsMode ?? 'LOCAL',
  };
}

/** What a typed job-id prefix may look like before it is looked up (hex and dashes, 4 to 36). */
export const JOB_ID_PREFIX = /^[0-9a-f-]{4,36}$/;

/** The one job a typed prefix matched, or not found / an error listing the matches. */
export function onlyMatch(idOrPrefix: string, hits: JobRow[]): JobRow {
  if (hits.length === 1) return hits[0]!;
  if (hits.length === 0) throw notFound('job', idOrPrefix);
  throw new AppError('VALIDATION', `Ambiguous job id ${idOrPrefix}`, {
    userMessage: `"${idOrPrefix}" matches more than one job (${hits.slice(0, 5).map((j) => `${j.jobId.slice(0, 8)} ${j.name}`).join('; ')}). Type more of the id.`,
  });
}

/**
 * Jobs. Methods that take a `userId` are owner-scoped: another user's job is "not found".
 * Methods without one (`transition`, `fail`, `listUnfinished`, `getInternal`) are for the
 * pipeline, which only ever runs jobs an owner created.
 */
export class JobsRepository {
  constructor(private readonly db: Db) {}

  create(input: NewJob): JobRow {
    const values = newJobValues(input);
    this.db.insert(jobs).values(values).run();
    return this.getInternal(values.jobId)!;
  }

  findForUser(userId: string, jobId: string): JobRow | undefined {
    return this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.jobId, jobId), eq(jobs.userId, userId)))
      .get();
  }

  getForUser(userId: string, jobId: string): JobRow {
    const job = this.findForUser(userId, jobId);
    if (!job) throw notFound('job', jobId);
    return job;
  }

  /**
   * A job id as a person types it: the whole id, or a unique prefix of at least 4 characters
   * (as `git` accepts short commit ids). An ambiguous prefix is an error listing the matches.
   */
  resolveForUser(userId: string, idOrPrefix: string): JobRow {
    const text = idOrPrefix.trim().toLowerCase();
    const exact = this.findForUser(userId, text);
    if (exact) return exact;
    if (!JOB_ID_PREFIX.test(text)) throw notFound('job', idOrPrefix);
    const hits = this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.userId, userId), like(jobs.jobId, `${text}%`)))
      .limit(6)
      .all();
    return onlyMatch(idOrPrefix, hits);
  }

  /** The user's newest job made from the same PDF (same SHA-256) that did not fail, if any. */
  findSamePdf(userId: string, sha256: string): JobRow | undefined {
    return this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.userId, userId), eq(jobs.pdfSha256, sha256), ne(jobs.status, 'FAILED')))
      .orderBy(desc(jobs.createdAt), desc(sql`rowid`))
      .limit(1)
      .get();
  }

  /** A user's jobs, newest first (the seed's sample query). */
  listForUser(userId: string, limit = 100): JobRow[] {
    return this.db
      .select()
      .from(jobs)
      .where(eq(jobs.userId, userId))
      .orderBy(desc(jobs.createdAt), desc(sql`rowid`))
      .limit(limit)
      .all();
  }

  getInternal(jobId: string): JobRow | undefined {
    return this.db.select().from(jobs).where(eq(jobs.jobId, jobId)).get();
  }

  listUnfinished(): JobRow[] {
    return this.db.select().from(jobs).where(notInArray(jobs.status, FINISHED_OR_WAITING)).orderBy(sql`rowid`).all();
  }

  /**
   * Move a job from `from` to `to` and apply `patch`, only if it is still in `from`.
   * Returns false when another worker got there first — the caller then does nothing.
   */
  transition(jobId: string, from: JobStatus, to: JobStatus, patch: JobPatch = {}): boolean {
    const res = this.db
      .update(jobs)
      .set({ ...patch, status: to, updatedAt: sql`CURRENT_TIMESTAMP` })
      .where(and(eq(jobs.jobId, jobId), eq(jobs.status, from)))
      .run();
    return res.changes === 1;
  }

  /** Update fields without changing the status, only while the job is in `status`. */
  patchInState(jobId: string, status: JobStatus, patch: JobPatch): boolean {
    const res = this.db
      .update(jobs)
      .set({ ...patch, updatedAt: sql`CURRENT_TIMESTAMP` })
      .where(and(eq(jobs.jobId, jobId), eq(jobs.status, status)))
      .run();
    return res.changes === 1;
  }

  /**
   * Point the job at a new contacts-map version, only if it still points at `expectedRef` (the
   * version the edit started from) and is in one of `statuses`: the conditional update that
   * decides which of two concurrent edits wins. False for the loser.
   */
  replaceMapRef(jobId: string, userId: string, expectedRef: string | null, ref: string, statuses: JobStatus[]): boolean {
    const res = this.db
      .update(jobs)
      .set({ contactsMapRef: ref, updatedAt: sql`CURRENT_TIMESTAMP` })
      .where(and(eq(jobs.jobId, jobId), eq(jobs.userId, userId), sql`${jobs.contactsMapRef} IS ${expectedRef}`, inArray(jobs.status, statuses)))
      .run();
    return res.changes === 1;
  }

  /** Count a run of a stage (so a job that keeps crashing a worker can be stopped). */
  bumpAttempts(jobId: string): number {
    this.db
      .update(jobs)
      .set({ attempts: sql`${jobs.attempts} + 1` })
      .where(eq(jobs.jobId, jobId))
      .run();
    return this.getInternal(jobId)?.attempts ?? 0;
  }

  resetAttempts(jobId: string): void {
    this.db.update(jobs).set({ attempts: 0 }).where(eq(jobs.jobId, jobId)).run();
  }

  /**
   * Tell other processes' sweeps that a job waits to be run. On SQLite there is nobody to tell
   * (one process polls and pokes its own sweep); on Postgres it is a NOTIFY.
   */
  announceQueued(_jobId: string): void {}

  /** FAILED with a reason a person can act on; only from a state that is not already final. */
  fail(jobId: string, stage: string, reason: string): boolean {
    const res = this.db
      .update(jobs)
      .set({ status: 'FAILED', failureReason: reason, failedStage: stage, updatedAt: sql`CURRENT_TIMESTAMP` })
      .where(and(eq(jobs.jobId, jobId), notInArray(jobs.status, FINAL_STATES)))
      .run();
    return res.changes === 1;
  }
}

/** A job a sweep has just leased, and whose lease it took over (null when the job was free). */
export interface ClaimedJob {
  job: JobRow;
  previousOwner: string | null;
}

/**
 * The work-owner rule (core/domain/work-owner.ts) as SQL, for both databases: a job's lease is
 * free for `owner` when nobody holds it, or someone else does whose lease ended before `now` or
 * who is known gone.
 */
export function claimableBy(lease: { leaseOwner: Column; leaseUntil: Column }, owner: string, now: SQL, goneOwners: string[]): SQL {
  const takeable = [sql`${lease.leaseUntil} < ${now}`, ...(goneOwners.length ? [inArray(lease.leaseOwner, goneOwners)] : [])];
  return or(isNull(lease.leaseOwner), and(ne(lease.leaseOwner, owner), or(...takeable)))!;
}

/** Lease helpers live beside the repository: they are conditional updates on the same row. */
export class JobLeases {
  constructor(private readonly db: Db) {}

  /** Claim a job in `status` for `seconds`, unless a live claim by someone else exists. */
  claim(jobId: string, status: JobStatus, owner: string, seconds: number): boolean {
    const res = this.db
      .update(jobs)
      .set({ leaseOwner: owner, leaseUntil: sql`datetime('now', ${`+${seconds} seconds`})` })
      .where(
        and(
          eq(jobs.jobId, jobId),
          eq(jobs.status, status),
          sql`(${jobs.leaseOwner} IS NULL OR ${jobs.leaseOwner} = ${owner} OR ${jobs.leaseUntil} < datetime('now'))`,
        ),
      )
      .run();
    return res.changes === 1;
  }

  /**
   * Lease the oldest unfinished job that `owner` may take — nobody holds it, its lease ran out, or
   * its holder is one of `goneOwners` (known dead by the work-owner rule) — and return it as leased,
   * with the holder it was taken from; undefined when there is none. The claim is one conditional
   * UPDATE that also requires the holder seen a moment before (compare-and-set): a process that
   * claimed the job in between makes it match nothing, and the next candidate is tried.
   */
  claimNext(owner: string, seconds: number, goneOwners: string[] = []): ClaimedJob | undefined {
    for (;;) {
      const next = this.db
        .select({ id: jobs.jobId, holder: jobs.leaseOwner, until: jobs.leaseUntil })
        .from(jobs)
        .where(and(notInArray(jobs.status, FINISHED_OR_WAITING), claimableBy(jobs, owner, sql`datetime('now')`, goneOwners)))
        .orderBy(sql`rowid`)
        .limit(1)
        .get();
      if (!next) return undefined;
      const job = this.db
        .update(jobs)
        .set({ leaseOwner: owner, leaseUntil: sql`datetime('now', ${`+${seconds} seconds`})` })
        .where(and(eq(jobs.jobId, next.id), sql`${jobs.leaseOwner} IS ${next.holder}`, sql`${jobs.leaseUntil} IS ${next.until}`, notInArray(jobs.status, FINISHED_OR_WAITING)))
        .returning()
        .get();
      if (job) return { job, previousOwner: next.holder };
    }
  }

  /** Who holds a live lease on an unfinished job (so a sweep can tell which holders are known gone). */
  holders(): string[] {
    return this.db
      .selectDistinct({ owner: jobs.leaseOwner })
      .from(jobs)
      .where(and(notInArray(jobs.status, FINISHED_OR_WAITING), isNotNull(jobs.leaseOwner), sql`${jobs.leaseUntil} >= datetime('now')`))
      .all()
      .map((r) => r.owner!);
  }

  release(jobId: string, owner: string): void {
    this.db
      .update(jobs)
      .set({ leaseOwner: null, leaseUntil: null })
      .where(and(eq(jobs.jobId, jobId), eq(jobs.leaseOwner, owner)))
      .run();
  }

  /** Drop a claim whose owner is known to be dead (same host, process gone). */
  breakLease(jobId: string, deadOwner: string): boolean {
    const res = this.db
      .update(jobs)
      .set({ leaseOwner: null, leaseUntil: null })
      .where(and(eq(jobs.jobId, jobId), eq(jobs.leaseOwner, deadOwner)))
      .run();
    return res.changes === 1;
  }
}
