import { and, asc, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { jobEvents } from '../schema/index.js';

/**
 * job_events: the outbox that carries job updates to the channel of whichever process serves the
 * job's origin. `take` is a conditional update, so of two processes relaying the same event only
 * one delivers it.
 */
export class JobEventsRepository {
  constructor(private readonly db: Db) {}

  /** An update of `jobId` for the channel of `origin`; returns its id. */
  async record(jobId: string, origin: string): Promise<number> {
    const row = this.db.insert(jobEvents).values({ jobId, origin }).returning({ id: jobEvents.eventId }).get();
    return row.id;
  }

  /** Mark these events delivered; returns the ids this caller got (the others were taken already). */
  async take(eventIds: number[]): Promise<number[]> {
    if (!eventIds.length) return [];
    return this.db
      .update(jobEvents)
      .set({ deliveredAt: sql`CURRENT_TIMESTAMP` })
      .where(and(inArray(jobEvents.eventId, eventIds), isNull(jobEvents.deliveredAt)))
      .returning({ id: jobEvents.eventId })
      .all()
      .map((r) => r.id);
  }

  /** Undelivered events for these origins, oldest first. */
  async pending(origins: string[], limit = 200): Promise<{ eventId: number; jobId: string }[]> {
    if (!origins.length) return [];
    return this.db
      .select({ eventId: jobEvents.eventId, jobId: jobEvents.jobId })
      .from(jobEvents)
      .where(and(inArray(jobEvents.origin, origins), isNull(jobEvents.deliveredAt)))
      .orderBy(asc(jobEvents.eventId))
      .limit(limit)
      .all();
  }

  /** Drop events delivered over a day ago, and any a week old that no channel took (housekeeping). */
  async forget(): Promise<void> {
    this.db.delete(jobEvents).where(or(lt(jobEvents.deliveredAt, sql`datetime('now', '-1 day')`), lt(jobEvents.createdAt, sql`datetime('now', '-7 days')`))).run();
  }
}
