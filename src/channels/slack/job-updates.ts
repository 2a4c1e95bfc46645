import { progressMessage } from './blocks.js';
import { mrkdwn, truncateText } from './mrkdwn.js';
import { originOf } from './render.js';
import type { ListenerDeps } from './listeners/context.js';

const STATUS_WATCH_MS = 15_000;

/**
 * Job updates from elsewhere, shown in the job's Slack thread: a job resumed after a restart, a
 * bounce, outreach (core's job events); the subs' answers (core's notices); and invitation
 * statuses or map versions changed where Slack is not told — the sender, the bounce handler, the
 * review page, e-mail — which a watcher notices every little while (only while the service runs).
 */
export class JobUpdates {
  private readonly unsubscribe: (() => void)[];
  private readonly seenStatus = new Map<string, string>();
  private watchTimer: NodeJS.Timeout | undefined;
  private watching: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ListenerDeps) {
    const { app, api, store, publisher } = deps;
    // The thread's progress message and the map message follow the job. Jobs this channel is
    // running itself are shown by the file intake; the publisher never posts a map twice
    // (message rows are stored per page).
    const onJob = app.events.on('slack', async (job) => {
      const progress = (await store.messages(job.jobId, 'progress'))[0];
      if (progress && (job.status === 'FAILED' || job.status === 'CONTACT_MAP_READY')) {
        await api.update(progress.channelId, progress.ts, progressMessage({ name: job.name, status: job.status, failureReason: job.failureReason }));
      }
      if (job.contactsMapRef && (job.status === 'CONTACT_MAP_READY' || job.status === 'EMAILED')) await publisher.publish(job);
    });
    // The subs' answers, batched by core (at most one message per 15 minutes per job), in the job's thread.
    const onNotice = app.events.onNotice('slack', async (job, notice) => {
      const origin = originOf(job);
      if (!origin) return;
      await api.post(origin.channel, { text: truncateText(mrkdwn`:speech_balloon: *${notice.title}*\n${notice.text}`, 3900) }, origin.threadTs);
    });
    this.unsubscribe = [onJob, onNotice];
  }

  /** Note the current statuses, then re-render what changes every STATUS_WATCH_MS. */
  async start(): Promise<void> {
    await this.watch(true);
    this.watchTimer = setInterval(() => {
      this.watching = this.watching.then(() => this.watch(false)).catch((e: unknown) => this.deps.log.error({ err: e }, 'invitation status watch failed'));
    }, STATUS_WATCH_MS);
    this.watchTimer.unref();
  }

  /** Re-render now the map messages whose job changed (what the watcher does on its tick). */
  refresh(): Promise<void> {
    const run = this.watching.then(() => this.watch(false));
    this.watching = run.catch((e: unknown) => this.deps.log.error({ err: e }, 'invitation status watch failed'));
    return run;
  }

  async stop(): Promise<void> {
    for (const off of this.unsubscribe) off();
    if (this.watchTimer) clearInterval(this.watchTimer);
    await this.watching;
  }

  /** Look at the map version and invitation statuses of jobs with a map message; re-render those that changed. */
  private async watch(first: boolean): Promise<void> {
    const rows = await this.deps.store.mapMessageSignatures();
    for (const r of rows) {
      const before = this.seenStatus.get(r.jobId);
      this.seenStatus.set(r.jobId, r.sig);
      if (first || before === r.sig) continue;
      const job = await this.deps.app.repos.jobs.getInternal(r.jobId);
      if (job) await this.deps.publisher.publish(job);
    }
  }
}
