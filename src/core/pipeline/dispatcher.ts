import type { JobRow } from '../records.js';
import { logger as rootLogger, type Logger } from '../log.js';
import type { JobEvents } from './events.js';
import type { PipelineRunner, RunOptions } from './runner.js';
import { claimIsFree } from '../domain/work-owner.js';

export interface DispatcherDeps {
  runner: PipelineRunner;
  /** The jobs not yet at a map, a failure or sent: candidates to run. */
  jobs: { listUnfinished(): JobRow[] | Promise<JobRow[]> };
  events: JobEvents;
  logger?: Logger;
  /** Jobs this process runs at once from its own sweep (requests from channels are not held back). */
  concurrency?: number;
  /** How often `start()` looks for runnable jobs when nobody pokes it. */
  pollMs?: number;
}

/** What the channel that received a job wants to see of its run in this process (a progress bar, a message it edits). */
export type RunObservers = Pick<RunOptions, 'onProgress' | 'onTransition'>;

/**
 * The one place pipeline work starts. A channel that received documents asks `run(jobId)`; a
 * worker's sweep (`start()`) claims every unfinished job whose lease is free, expired or held by a
 * process on this host that has died — the jobs a crash, a restart or another channel left. The
 * runner's lease makes it safe for many dispatchers (processes) to sweep the same database: a job
 * runs in one of them at a time. Every committed transition is emitted to the job's channel.
 */
export class PipelineDispatcher {
  private readonly running = new Map<string, Promise<JobRow | undefined>>();
  private readonly abort = new AbortController();
  private readonly log: Logger;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private poked = false;

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
   * second call shares the first run.
   */
  run(jobId: string, observers: RunObservers = {}): Promise<JobRow | undefined> {
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

  /** Look for runnable jobs once; returns how many were started. */
  async sweep(): Promise<number> {
    if (this.abort.signal.aborted) return 0;
    let started = 0;
    for (const job of await this.deps.jobs.listUnfinished()) {
      if (this.running.size >= this.concurrency) break;
      if (this.running.has(job.jobId) || !claimIsFree({ owner: job.leaseOwner, leaseUntil: job.leaseUntil }, this.deps.runner.owner)) continue;
      this.log.info({ jobId: job.jobId, status: job.status }, 'picking up job');
      // A run's failure is recorded on the job by the runner; what reaches here is a bug or the database.
      this.run(job.jobId).catch((e: unknown) => this.log.error({ jobId: job.jobId, err: e }, 'job run crashed'));
      started++;
    }
    return started;
  }

  /** Sweep now and then every `pollMs`, and at once when poked, until `close()`. */
  start(): void {
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
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    })();
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
