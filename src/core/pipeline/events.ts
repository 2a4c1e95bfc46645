import type { JobOrigin, JobRow } from '../../db/schema/index.js';
import { logger } from '../log.js';

export type JobListener = (job: JobRow) => void | Promise<void>;

/**
 * Job updates fan out to the channel a job came from: the e-mail channel answers in the thread,
 * Slack updates its message. Channels register a listener for their origin; the pipeline runner
 * (and outreach, when a bounce arrives) emit. A listener's failure is logged, never thrown back
 * into the pipeline: the job's state is already committed.
 */
export class JobEvents {
  private readonly listeners = new Map<JobOrigin, JobListener[]>();

  on(origin: JobOrigin, listener: JobListener): () => void {
    const list = this.listeners.get(origin) ?? [];
    list.push(listener);
    this.listeners.set(origin, list);
    return () => this.listeners.set(origin, (this.listeners.get(origin) ?? []).filter((l) => l !== listener));
  }

  async emit(job: JobRow): Promise<void> {
    for (const l of this.listeners.get(job.origin) ?? []) {
      try {
        await l(job);
      } catch (e) {
        logger.error({ jobId: job.jobId, origin: job.origin, err: e }, 'job listener failed');
      }
    }
  }
}
