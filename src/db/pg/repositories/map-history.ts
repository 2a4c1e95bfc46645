import { and, asc, eq } from 'drizzle-orm';
import type { MapHistoryRepository, MapHistoryRow, Promised } from '../../repositories/index.js';
import { newMapVersionValues, type NewMapVersion } from '../../repositories/map-history.js';
import { contactsMapHistory, jobs } from '../schema.js';
import type { PgContext } from './context.js';

/** contacts_map_history on Postgres (the SQLite class: ../../repositories/map-history.ts). */
export class PgMapHistoryRepository implements Promised<MapHistoryRepository> {
  constructor(private readonly ctx: PgContext) {}

  async append(v: NewMapVersion): Promise<void> {
    await this.ctx.q().insert(contactsMapHistory).values(newMapVersionValues(v));
  }

  async removeVersion(jobId: string, version: number): Promise<void> {
    await this.ctx
      .q()
      .delete(contactsMapHistory)
      .where(and(eq(contactsMapHistory.jobId, jobId), eq(contactsMapHistory.version, version)));
  }

  async listForUser(userId: string, jobId: string): Promise<MapHistoryRow[]> {
    const rows = await this.ctx
      .q()
      .select({ h: contactsMapHistory })
      .from(contactsMapHistory)
      .innerJoin(jobs, eq(jobs.jobId, contactsMapHistory.jobId))
      .where(and(eq(contactsMapHistory.jobId, jobId), eq(jobs.userId, userId)))
      .orderBy(asc(contactsMapHistory.version));
    return rows.map((r) => r.h);
  }

  async findVersion(userId: string, jobId: string, version: number): Promise<MapHistoryRow | undefined> {
    const [row] = await this.ctx
      .q()
      .select({ h: contactsMapHistory })
      .from(contactsMapHistory)
      .innerJoin(jobs, eq(jobs.jobId, contactsMapHistory.jobId))
      .where(and(eq(contactsMapHistory.jobId, jobId), eq(contactsMapHistory.version, version), eq(jobs.userId, userId)));
    return row?.h;
  }
}
