import type { App } from '../../app.js';
import type { JobRow } from '../../core/records.js';
import { decodeDivisions } from '../../core/outreach/deps.js';
import { renderMapMessages, type InvitationStatus, type SlackMessage } from './blocks.js';
import { renderCoverageBoard } from './coverage-board.js';
import { bidCoverage } from '../../core/outreach/coverage.js';
import type { Logger } from '../../core/log.js';
import { reviewLink } from '../../core/auth/review-link.js';
import type { SlackStore } from '../../core/records.js';
import type { SlackApi } from './slack-api.js';
import { mrkdwn, slackLink } from './mrkdwn.js';

/** Where a Slack job talks: the file's channel and thread (kept in jobs.origin_context). */
export interface SlackOrigin {
  teamId: string;
  channel: string;
  threadTs: string | null;
  fileId?: string;
  slackUserId: string;
}

export function originOf(job: JobRow): SlackOrigin | null {
  if (job.origin !== 'slack' || !job.originContext) return null;
  try {
    const v = JSON.parse(job.originContext) as Partial<SlackOrigin>;
    if (typeof v.channel !== 'string' || typeof v.teamId !== 'string' || typeof v.slackUserId !== 'string') return null;
    return { teamId: v.teamId, channel: v.channel, threadTs: typeof v.threadTs === 'string' ? v.threadTs : null, fileId: v.fileId, slackUserId: v.slackUserId };
  } catch (_e) {
    // a job whose context is not ours: nothing to update in Slack
    return null;
  }
}

/** Invitations of an approved job with their current status (from email_logs). */
export async function invitationStatuses(app: App, jobId: string): Promise<{ approvedVersion: number; invitations: InvitationStatus[] } | null> {
  const approvedVersion = await app.repos.jobOutreach.approvedVersion(jobId);
  if (approvedVersion === undefined) return null;
  const rows = await app.repos.jobOutreach.listWithContactNames(jobId);
  return {
    approvedVersion,
    invitations: rows.map(({ log, name }) => ({
      contactId: log.contactId,
      name,
      email: log.toEmail,
      status: log.status,
      divisions: decodeDivisions(log.trades),
      detail: log.status === 'BOUNCED' ? log.bounceReason : log.status === 'FAILED' ? log.lastError : null,
    })),
  };
}

/**
 * Post or update (chat.update) the job's map message(s) so they show the current version — or,
 * once approved, the per-contact invitation status. Renders for one job are serialized (in this
 * process by a chain, across processes by the store's per-job lock) so two quick edits cannot
 * leave the older version on screen.
 */
export class MapPublisher {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly app: App,
    private readonly store: SlackStore,
    private readonly api: SlackApi,
    private readonly log: Logger,
  ) {}

  publish(job: JobRow): Promise<void> {
    const prev = this.chains.get(job.jobId) ?? Promise.resolve();
    const next = prev.then(() => this.publishNow(job.jobId));
    const settled = next.catch((e: unknown) => {
      this.log.error({ jobId: job.jobId, err: e }, 'could not update the contacts map message in Slack');
    });
    this.chains.set(job.jobId, settled);
    void settled.then(() => {
      if (this.chains.get(job.jobId) === settled) this.chains.delete(job.jobId);
    });
    return next;
  }

  /**
   * Render and post/update under the job's message lock (across processes on Postgres), so the
   * render reads the state after the previous publisher finished — the last one shows the newest
   * version — and "no stored message, so post" cannot be decided by two publishers at once.
   */
  private publishNow(jobId: string): Promise<void> {
    return this.store.withJobMessages(jobId, () => this.render(jobId));
  }

  private async render(jobId: string): Promise<void> {
    const job = await this.app.repos.jobs.getInternal(jobId);
    if (!job?.contactsMapRef) return;
    const origin = originOf(job);
    if (!origin) return;
    const map = await this.app.maps.current(job.userId, jobId);
    const sent = await invitationStatuses(this.app, jobId);
    const existing = await this.store.messages(jobId, 'map');
    // The review page link is the owner's credential: in a DM with them it goes in the message,
    // in a channel it is whispered to them (ephemeral) when the map is first posted.
    const link = this.app.config.PUBLIC_URL ? reviewLink(this.app, jobId, job.userId) : undefined;
    const inDm = origin.channel.startsWith('D');
    // After the red button the map message becomes the job's coverage board.
    const messages: SlackMessage[] = sent ? renderCoverageBoard(await bidCoverage(this.app, job.userId, jobId)) : renderMapMessages(map, jobId, { ...(link && inDm ? { reviewUrl: link } : {}) });
    if (link && !inDm && existing.length === 0 && !sent) {
      await this.api.ephemeral(origin.channel, origin.slackUserId, mrkdwn`Your contacts map is below. To review it in the browser instead: ${slackLink(link, 'open the review page')} (private to you, valid ${this.app.config.REVIEW_LINK_DAYS} days).`, origin.threadTs);
    }
    for (let i = 0; i < messages.length; i++) {
      const page = i + 1;
      const row = existing.find((r) => r.page === page);
      if (row) {
        await this.api.update(row.channelId, row.ts, messages[i]!);
      } else {
        const posted = await this.api.post(origin.channel, messages[i]!, origin.threadTs);
        await this.store.saveMessage({ jobId, kind: 'map', page, channelId: posted.channel, ts: posted.ts });
      }
    }
    for (const row of existing.filter((r) => r.page > messages.length)) {
      await this.api.update(row.channelId, row.ts, { text: mrkdwn`(this part of the contacts map is no longer used — see above)`, blocks: [] });
      await this.store.deleteMessage(jobId, 'map', row.page);
    }
    this.log.info({ jobId, version: map.version, pages: messages.length, sent: Boolean(sent) }, 'contacts map message updated in Slack');
  }
}
