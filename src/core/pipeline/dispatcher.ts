import type { JobRow } from '../records.js';
import { logger as rootLogger, type Logger } from '../log.js';
import type { JobEvents } from './events.js';
import type { PipelineRunner, RunOptions } from './runner.js';

export interface DispatcherDeps {
  runner: PipelineRunner;
  /** A job as it is now, and the announcement that wakes other processes' sweeps when one waits. */
  jobs: {
    getInternal(jobId: string): JobRow | undefined | Promise<JobRow | undefined>;
    announceQueued(jobId: string): void | Promise<void>;
  };
  events: JobEvents;
  logger?: Logger;
  /** Jobs this process runs at once from its own sweep (requests from channels are not held back). */
  concurrency?: number;
  /** How often `start()` looks for runnable jobs when nobody pokes it. */
  pollMs?: number;
  /**
   * Waits up to `ms` for word that a job was queued by another process (LISTEN on Postgres);
   * without it the sweep only polls, and pokes itself when this process queues or frees work.
   */
  wait?(ms: number): Promise<void>;
}

/** What the channel that received a job wants to see of its run in this process (a progress bar, a message it edits). */
export type RunObservers = Pick<RunOptions, 'onProgress' | 'onTransition'>;

/**
 * The one place pipeline work starts. A channel that received documents asks `run(jobId)`; a
 * worker's sweep (`start()`) claims, one statement per job, the next unfinished job whose lease is
 * free, expired or held by a holder known gone (the work-owner rule) — the jobs a crash, a restart,
 * a queue-only `serve` or another channel left. The claim and the runner's lease make it safe for
 * many dispatchers (processes) to sweep the same database: a job runs in one of them at a time.
 * The sweep runs every `pollMs`, at once when this process queues or frees work, and — with
 * `wait` (Postgres) — at once when another process announces a job. Every committed transition is
 * emitted to the job's channel.
 */
export class PipelineDispatcher {
  private readonly running = new Map<string, Promise<JobRow | undefined>>();
  private readonly abort = new AbortController();
  private readonly log: Logger;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private runsJobs = true;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private poked = false;
  /** The one outstanding `deps.wait`: kept across loop turns, so an announcement it receives is never lost to an abandoned waiter. */
  private waiting: Promise<void> | undefined;

  constructor(private readonly deps: DispatcherDeps) {
    this.log = (deps.logger ?? rootLogger).child({ component: 'dispatcher' });
    this.concurrency = Math.max(1, deps.concurrency ?? 2);
    this.pollMs = deps.pollMs ?? 5000;
  }

  /** Jobs running in this process now. */
  get size(): number {
    return this.running.size;
  }

  /**
   * Run one job now, in this process. Resolves with the job as it ends up (a map, a failure, or as
   * far as it got when another process holds it or the dispatcher is closing). Asked twice, the
   * second call shares the first run. In a process that only queues, the job is announced to the
   * workers instead and resolves as it is now; its progress reaches the channel through the
   * job-events relay.
   */
  run(jobId: string, observers: RunObservers = {}): Promise<JobRow | undefined> {
    if (!this.runsJobs) return this.queue(jobId);
    const existing = this.running.get(jobId);
    if (existing) return existing;
    const log = this.log.child({ jobId });
    const p = this.deps.runner
      .runJob(jobId, {
        signal: this.abort.signal,
        onProgress: observers.onProgress,
        onTransition: async (job) => {
          await this.deps.events.emit(job);
          await observers.onTransition?.(job);
        },
      })
      .then((job) => {
        log.info({ status: job?.status }, 'job run ended');
        return job;
      })
      .finally(() => {
        this.running.delete(jobId);
        this.poke(); // a slot is free
      });
    this.running.set(jobId, p);
    return p;
  }

  /**
   * From now on this process only queues: `run()` announces the job to the workers instead of
   * running it, and `start()` does not sweep (a `serve` with PIPELINE_IN_SERVE=false).
   */
  onlyQueue(): void {
    this.runsJobs = false;
  }

  /** Announce a job to the workers' sweeps without running it here. */
  private async queue(jobId: string): Promise<JobRow | undefined> {
    await this.deps.jobs.announceQueued(jobId);
    this.log.info({ jobId }, 'job queued for the workers');
    return await this.deps.jobs.getInternal(jobId);
  }

  /** Claim and start runnable jobs while this process has free slots; returns how many were started. */
  async sweep(): Promise<number> {
    if (this.abort.signal.aborted || !this.runsJobs) return 0;
    let started = 0;
    const gone = await this.deps.runner.goneHolders();
    while (this.running.size < this.concurrency && !this.abort.signal.aborted) {
      const job = await this.deps.runner.claimNext(gone);
      if (!job) break;
      this.log.info({ jobId: job.jobId, status: job.status }, 'picking up job');
      // A run's failure is recorded on the job by the runner; what reaches here is a bug or the database.
      this.run(job.jobId).catch((e: unknown) => this.log.error({ jobId: job.jobId, err: e }, 'job run crashed'));
      started++;
    }
    return started;
  }

  /** Sweep now and then every `pollMs`, and at once when poked, until `close()`. */
  start(): void {
    if (!this.runsJobs) return;
    this.loop ??= (async () => {
      while (!this.abort.signal.aborted) {
        try {
          await this.sweep();
        } catch (e) {
          this.log.error({ err: e }, 'looking for runnable jobs failed');
        }
        if (this.poked) {
          this.poked = false;
          continue;
        }
        await this.nextWake();
      }
    })();
  }

  /** Until poked, announced to (`deps.wait`) or `pollMs` passed. */
  private async nextWake(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const poked = new Promise<void>((resolve) => (this.wake = resolve));
    const waited = this.deps.wait
      ? (this.waiting ??= this.deps
          .wait(this.pollMs)
          .catch((e: unknown) => this.log.warn({ err: e }, 'waiting for queued jobs failed; polling'))
          .finally(() => (this.waiting = undefined)))
      : new Promise<void>((resolve) => (timer = setTimeout(resolve, this.pollMs)));
    await Promise.race([poked, waited]);
    clearTimeout(timer);
    this.wake = undefined;
  }

  /** Something may have become runnable (a job arrived, a run ended): sweep again soon. */
  poke(): void {
    if (!this.loop) return;
    this.poked = true;
    this.wake?.();
  }

  /** Resolves when no job is running in this process. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Stop sweeping; running jobs stop at their next stage boundary (resumed by the next sweep anywhere). */
  async close(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
    await this.idle();
  }
}
