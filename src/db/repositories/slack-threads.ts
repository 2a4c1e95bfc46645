import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../client.js';
import { jobs, slackFiles, type JobRow } from '../schema/index.js';

/** Which job a Slack thread belongs to: the job its first PDF started (slack_files, status 'job'). */
export class SlackThreadsRepository {
  constructor(private readonly db: Db) {}

  /** The job started from a file shared in this thread (the thread root is that file's share), if any. */
  async jobOfThread(teamId: string, channelId: string, threadTs: string): Promise<JobRow | undefined> {
    return this.db
      .select({ job: jobs })
      .from(slackFiles)
      .innerJoin(jobs, eq(jobs.jobId, slackFiles.jobId))
      .where(and(eq(slackFiles.teamId, teamId), eq(slackFiles.channelId, channelId), eq(slackFiles.threadTs, threadTs), eq(slackFiles.status, 'job'), isNotNull(slackFiles.jobId)))
      .orderBy(desc(slackFiles.createdAt))
      .limit(1)
      .get()?.job;
  }
}
