import { and, asc, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Promised } from '../../repositories/index.js';
import type { JobEventsRepository } from '../../repositories/job-events.js';
import { jobEvents } from '../schema.js';
import type { PgContext } from './context.js';
import { ChannelWait } from '../wakeups.js';

/** The LISTEN/NOTIFY channel a recorded job update is announced on (payload: the job's origin). */
export const JOB_EVENTS_CHANNEL = 'redbutton_job_events';

/**
 * The job-events outbox on Postgres (the SQLite class: ../../repositories/job-events.ts). `take` is
 * one conditional UPDATE … RETURNING: of two processes taking the same events, the second one's
 * UPDATE waits for the first to commit, re-checks `delivered_at IS NULL` and gets nothing.
 * `record` also sends a NOTIFY on JOB_EVENTS_CHANNEL, delivered when the recording transaction
 * commits, so a relay LISTENing there (src/db/pg/wakeups.ts) need not wait for its next poll.
 */
export class PgJobEventsRepository implements Promised<JobEventsRepository> {
  constructor(private readonly ctx: PgContext) {}

  async record(jobId: string, origin: string): Promise<number> {
    return this.ctx.transaction(async () => {
      const [row] = await this.ctx.q().insert(jobEvents).values({ jobId, origin }).returning({ id: jobEvents.eventId });
      await this.ctx.q().execute(sql`SELECT pg_notify(${JOB_EVENTS_CHANNEL}, ${origin})`);
      return row!.id;
    });
  }

  async take(eventIds: number[]): Promise<number[]> {
    if (!eventIds.length) return [];
    const rows = await this.ctx
      .q()
      .update(jobEvents)
      .set({ deliveredAt: sql`now()` })
      .where(and(inArray(jobEvents.eventId, eventIds), isNull(jobEvents.deliveredAt)))
      .returning({ id: jobEvents.eventId });
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }

  async pending(origins: string[], limit = 200): Promise<{ eventId: number; jobId: string }[]> {
    if (!origins.length) return [];
    return this.ctx
      .q()
      .select({ eventId: jobEvents.eventId, jobId: jobEvents.jobId })
      .from(jobEvents)
      .where(and(inArray(jobEvents.origin, origins), isNull(jobEvents.deliveredAt)))
      .orderBy(asc(jobEvents.eventId))
      .limit(limit);
  }

  async forget(): Promise<void> {
    await this.ctx
      .q()
      .delete(jobEvents)
      .where(or(lt(jobEvents.deliveredAt, sql`now() - interval '1 day'`), lt(jobEvents.createdAt, sql`now() - interval '7 days'`)));
  }
}

/**
 * The relay's wait on Postgres (JobEventsRelay.wait): LISTEN on JOB_EVENTS_CHANNEL, so an update a
 * worker records wakes the process with the channel at once instead of at its next poll.
 */
export class JobEventsWakeUps extends ChannelWait {
  constructor(url: string) {
    super(url, JOB_EVENTS_CHANNEL, 'job updates');
  }
}
