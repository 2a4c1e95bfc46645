import type { JobOrigin, JobRow } from '../records.js';
import { logger } from '../log.js';

export type JobListener = (job: JobRow) => void | Promise<void>;

/** A message for the job's owner in the job's channel (e.g. the subs' answers, batched). */
export interface JobNotice {
  kind: 'answers';
  /** One line: "2 answers on Riverside Clinic". */
  title: string;
  /** The body, plain text (channels escape it for their format). */
  text: string;
}
export type NoticeListener = (job: JobRow, notice: JobNotice) => void | Promise<void>;

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

  private readonly noticeListeners = new Map<JobOrigin, NoticeListener[]>();

  onNotice(origin: JobOrigin, listener: NoticeListener): () => void {
    this.noticeListeners.set(origin, [...(this.noticeListeners.get(origin) ?? []), listener]);
    return () => this.noticeListeners.set(origin, (this.noticeListeners.get(origin) ?? []).filter((l) => l !== listener));
  }

  /** True when some channel here can tell owners of jobs from this origin. */
  listens(origin: JobOrigin): boolean {
    return (this.noticeListeners.get(origin) ?? []).length > 0;
  }

  /**
   * Tell the job's owner in the job's channel. Returns how many channels took it (0: no channel
   * for this job's origin is running here). Unlike `emit`, a failure is thrown: the caller keeps
   * the notice to try again rather than lose it.
   */
  async notify(job: JobRow, notice: JobNotice): Promise<number> {
    const listeners = this.noticeListeners.get(job.origin) ?? [];
    for (const l of listeners) await l(job, notice);
    return listeners.length;
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
