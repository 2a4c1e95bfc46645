import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { contactsMapHistory, jobs, type MapHistoryRow } from '../schema/index.js';

export interface NewMapVersion {
  jobId: string;
  version: number;
  ref: string;
  userId: string | null;
  summary: string;
  operations?: unknown;
  via?: string;
}

/** The row of a new version (shared by both databases). */
export function newMapVersionValues(v: NewMapVersion) {
  return {
    jobId: v.jobId,
    version: v.version,
    ref: v.ref,
    userId: v.userId,
    summary: v.summary,
    operations: v.operations === undefined ? null : JSON.stringify(v.operations),
    via: v.via ?? null,
  };
}

/** contacts_map_history: one row per version of a job's map (the seed's audit/rollback table). */
export class MapHistoryRepository {
  constructor(private readonly db: Db) {}

  append(v: NewMapVersion): void {
    this.db.insert(contactsMapHistory).values(newMapVersionValues(v)).run();
  }

  /** Drop a version's row (a pipeline re-run replacing its own first version). */
  removeVersion(jobId: string, version: number): void {
    this.db.delete(contactsMapHistory).where(and(eq(contactsMapHistory.jobId, jobId), eq(contactsMapHistory.version, version))).run();
  }

  /** Versions of a job, oldest first — only for the job's owner. */
  listForUser(userId: string, jobId: string): MapHistoryRow[] {
    return this.db
      .select({ h: contactsMapHistory })
      .from(contactsMapHistory)
      .innerJoin(jobs, eq(jobs.jobId, contactsMapHistory.jobId))
      .where(and(eq(contactsMapHistory.jobId, jobId), eq(jobs.userId, userId)))
      .orderBy(asc(contactsMapHistory.version))
      .all()
      .map((r) => r.h);
  }

  findVersion(userId: string, jobId: string, version: number): MapHistoryRow | undefined {
    return this.db
      .select({ h: contactsMapHistory })
      .from(contactsMapHistory)
      .innerJoin(jobs, eq(jobs.jobId, contactsMapHistory.jobId))
      .where(and(eq(contactsMapHistory.jobId, jobId), eq(contactsMapHistory.version, version), eq(jobs.userId, userId)))
      .get()?.h;
  }
}
