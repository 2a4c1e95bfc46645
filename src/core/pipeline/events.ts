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

/** Where job updates wait for the channel of whichever process serves their origin (job_events). */
export interface JobEventsOutbox {
  record(jobId: string, origin: string): Promise<number>;
  /** Mark delivered; returns the ids this caller got (another process may have taken the rest). */
  take(eventIds: number[]): Promise<number[]>;
  pending(origins: string[], limit?: number): Promise<{ eventId: number; jobId: string }[]>;
  forget(): Promise<void>;
}

export interface JobEventsRelay {
  outbox: JobEventsOutbox;
  /** The job as it is now (a relayed update is delivered with the job's current state). */
  job(jobId: string): JobRow | undefined | Promise<JobRow | undefined>;
  /**
   * Wait between relay rounds: until another process announces an update, or `ms` have passed.
   * Without it the relay just sleeps `ms` (SQLite has no notifications).
   */
  wait?(ms: number): Promise<void>;
}

/**
 * Job updates fan out to the channel a job came from: the e-mail channel answers in the thread,
 * Slack updates its message. Channels register a listener for their origin; the pipeline runner
 * (and outreach, when a bounce arrives) emit. A listener's failure is logged, never thrown back
 * into the pipeline: the job's state is already committed.
 *
 * With a relay (the app's), a process without the job's channel (`redbutton worker`) leaves the
 * update in the database (job_events) for the process that has the channel, whose `relayOnce`
 * (polled by `startRelay`) delivers it, taken with a conditional update so it is told once.
 */
export class JobEvents {
  private readonly listeners = new Map<JobOrigin, JobListener[]>();

  constructor(private readonly relay?: JobEventsRelay) {}

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
    // A CLI job has no channel to tell: the command that runs it prints the outcome.
    // The job's channel is here: tell it now. Otherwise leave the update for the process that has it.
    if (!this.relay || job.origin === 'cli' || (this.listeners.get(job.origin) ?? []).length) return this.deliver(job);
    await this.relay.outbox.record(job.jobId, job.origin);
  }

  /**
   * Deliver the updates that processes without a channel left for the channels here, one delivery
   * per job with its current state. Returns how many jobs were delivered.
   */
  async relayOnce(): Promise<number> {
    if (!this.relay) return 0;
    const origins = [...this.listeners].filter(([, l]) => l.length).map(([o]) => o);
    const byJob = new Map<string, number[]>();
    for (const e of await this.relay.outbox.pending(origins)) byJob.set(e.jobId, [...(byJob.get(e.jobId) ?? []), e.eventId]);
    let delivered = 0;
    for (const [jobId, ids] of byJob) {
      if (!(await this.relay.outbox.take(ids)).length) continue;
      const job = await this.relay.job(jobId);
      if (!job) continue;
      await this.deliver(job);
      delivered++;
    }
    return delivered;
  }

  /** Relay every `pollMs` until the returned stop is called (the process that runs the channels). */
  startRelay(pollMs = 2000): () => Promise<void> {
    let stopped = false;
    let last = 0;
    const loop = (async () => {
      while (!stopped) {
        try {
          await this.relayOnce();
          if (Date.now() - last > 60 * 60_000) {
            last = Date.now();
            await this.relay?.outbox.forget();
          }
        } catch (e) {
          logger.error({ err: e }, 'relaying job updates failed');
        }
        if (stopped) break;
        await (this.relay?.wait ? this.relay.wait(pollMs).catch(() => sleep(pollMs)) : sleep(pollMs));
      }
    })();
    return async () => {
      stopped = true;
      await loop;
    };
  }

  private async deliver(job: JobRow): Promise<void> {
    for (const l of this.listeners.get(job.origin) ?? []) {
      try {
        await l(job);
      } catch (e) {
        logger.error({ jobId: job.jobId, origin: job.origin, err: e }, 'job listener failed');
      }
    }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
