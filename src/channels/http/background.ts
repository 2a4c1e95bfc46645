import type { App } from '../../app.js';
import type { Logger } from '../../core/log.js';

/**
 * Jobs the HTTP channel started and runs in this process after answering the upload. The
 * request returns at once; the pipeline runs here, emitting each transition to the job's channel.
 * `idle()` lets tests and graceful shutdown wait for them; `close()` asks them to stop between
 * stages (a stopped job is resumed on the next start, like after a crash).
 */
export class BackgroundJobs {
  private readonly running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    private readonly app: App,
    private readonly log: Logger,
  ) {}

  start(jobId: string): void {
    if (this.running.has(jobId)) return;
    const log = this.log.child({ jobId });
    const p = this.app.runner
      .runJob(jobId, { signal: this.abort.signal, onTransition: (job) => this.app.events.emit(job) })
      .then((job) => {
        log.info({ status: job?.status }, 'background job finished');
      })
      .catch((e: unknown) => {
        // The runner records stage failures on the job itself; reaching here is a bug or a DB failure.
        log.error({ err: e }, 'background job crashed');
      })
      .finally(() => this.running.delete(jobId));
    this.running.set(jobId, p);
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when no job started here is still running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.idle();
  }
}
