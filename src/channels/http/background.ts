import type { App } from '../../app.js';
import type { Logger } from '../../core/log.js';

/**
 * Jobs the HTTP channel received: the request answers at once and the app's dispatcher (the one
 * place pipeline work starts) runs the job, emitting each transition to the job's channel.
 * `idle()` lets tests and graceful shutdown wait for them; `close()` stops the dispatcher, so
 * running jobs stop between stages (a stopped job is picked up again by the next sweep, like
 * after a crash).
 */
export class BackgroundJobs {
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly app: App,
    private readonly log: Logger,
  ) {}

  start(jobId: string): void {
    const log = this.log.child({ jobId });
    const p = this.app.dispatcher.run(jobId).catch((e: unknown) => {
      // The runner records stage failures on the job itself; reaching here is a bug or a DB failure.
      log.error({ err: e }, 'background job crashed');
    });
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  /** Jobs running in this process (from any channel). */
  get size(): number {
    return this.app.dispatcher.size;
  }

  /** Resolves when no job started here is still running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async close(): Promise<void> {
    await this.app.dispatcher.close();
    await this.idle();
  }
}
