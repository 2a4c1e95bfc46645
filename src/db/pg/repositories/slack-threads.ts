import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { JobRow, Promised, SlackThreadsRepository } from '../../repositories/index.js';
import { jobs, slackFiles } from '../schema.js';
import type { PgContext } from './context.js';

/** Which job a Slack thread belongs to, on Postgres (the SQLite class: ../../repositories/slack-threads.ts). */
export class PgSlackThreadsRepository implements Promised<SlackThreadsRepository> {
  constructor(private readonly ctx: PgContext) {}

  /** The job started from a file shared in this thread (the thread root is that file's share), if any. */
  async jobOfThread(teamId: string, channelId: string, threadTs: string): Promise<JobRow | undefined> {
    const [row] = await this.ctx
      .q()
      .select({ job: jobs })
      .from(slackFiles)
      .innerJoin(jobs, eq(jobs.jobId, slackFiles.jobId))
      .where(and(eq(slackFiles.teamId, teamId), eq(slackFiles.channelId, channelId), eq(slackFiles.threadTs, threadTs), eq(slackFiles.status, 'job'), isNotNull(slackFiles.jobId)))
      .orderBy(desc(slackFiles.createdAt))
      .limit(1);
    return row?.job;
  }
}
