import type { App } from '../../app.js';
import type { Logger } from '../../core/log.js';
import type { JobRow, SlackStore } from '../../core/records.js';
import { OutreachSender } from '../../core/outreach/sender.js';
import { originOf, type MapPublisher } from './render.js';

/** Something that sends queued invitations (the service's OutreachSender). */
export interface InvitationSender {
  poke?(): void;
  drainOnce?(): Promise<unknown>;
}

/**
 * After the red button (or "invite these too"): get the queued invitations sent. The service's
 * sender is poked; without one the channel drains the queue itself (when SMTP is configured),
 * one drain at a time, and re-renders the map with the new statuses.
 */
export class QueuedInvitations {
  private ownSender: OutreachSender | undefined;
  private draining: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly app: App,
    private readonly log: Logger,
    private readonly store: SlackStore,
    private readonly publisher: MapPublisher,
    private readonly sender?: InvitationSender,
  ) {}

  async send(job: JobRow): Promise<void> {
    if (this.sender?.poke) {
      this.sender.poke();
      return;
    }
    const { app, log } = this;
    const sender = this.sender ?? (app.config.SMTP_URL ? (this.ownSender ??= new OutreachSender({ ...app, logger: log }, { onJobEmailed: (id) => void this.rerender(id) })) : undefined);
    if (!sender?.drainOnce) {
      log.warn({ jobId: job.jobId }, 'invitations queued but no sender is configured (SMTP_URL); they go out when the service sender runs');
      return;
    }
    const run = this.draining.then(() => sender.drainOnce!());
    this.draining = run.catch((e: unknown) => log.error({ jobId: job.jobId, err: e }, 'sending invitations failed'));
    await run;
    await this.publisher.publish(job);
  }

  /** Resolves when the drains this channel started have finished. */
  idle(): Promise<unknown> {
    return this.draining;
  }

  async close(): Promise<void> {
    await this.ownSender?.close();
  }

  private async rerender(jobId: string): Promise<void> {
    const job = await this.app.repos.jobs.getInternal(jobId);
    if (job && originOf(job) && (await this.store.messages(jobId, 'map')).length) await this.publisher.publish(job);
  }
}
