import type { App as BoltApp, BlockAction, ButtonAction } from '@slack/bolt';
import { AppError, isAppError } from '../../../core/errors.js';
import { approveJob, formatApproval } from '../../../core/outreach/approve.js';
import { formatInviteMore, inviteMore } from '../../../core/outreach/invite-more.js';
import { ACTION, decodeRef } from '../blocks.js';
import { INVITE_MORE_ACTION, parseInviteMoreValue } from '../coverage-board.js';
import { mrkdwn, truncateText, type SlackText } from '../mrkdwn.js';
import type { QueuedInvitations } from '../queued-invitations.js';
import { originOf } from '../render.js';
import { firstTime, republishForOwner, sayError, teamOf, userOrExplain, type ListenerDeps } from './context.js';

type Button = BlockAction<ButtonAction>;

/**
 * The buttons that send: the red button on the map (approve the version shown, queue the
 * invitations) and "Invite these too" on the coverage board (exactly the contacts it proposed).
 * Both answer in the job's thread, re-render the map and get the queue sent.
 */
export function registerOutreachActions(bolt: BoltApp, deps: ListenerDeps, invitations: QueuedInvitations): void {
  const { app, api, log, store } = deps;

  /**
   * Run an outreach use case for the clicker on the button's job, then say its result in the job's
   * own thread (else where the button was), re-render the map and get what it queued sent.
   */
  async function runOutreach(body: Button, teamId: string, what: string, jobId: string | undefined, act: (userId: string, jobId: string) => Promise<{ said: SlackText; queued: boolean }>, refreshStale = false): Promise<void> {
    const slackUserId = body.user.id;
    const channel = body.channel?.id;
    const threadTs = (body.message?.thread_ts as string | undefined) ?? null;
    try {
      if (!jobId) throw new AppError('VALIDATION', `${what} without a job`, { userMessage: 'That button is from an unknown message.' });
      const user = await userOrExplain(deps, teamId, slackUserId, (t) => (channel ? api.ephemeral(channel, slackUserId, t, threadTs) : Promise.resolve()));
      if (!user) return;
      const done = await act(user.userId, jobId);
      const job = await app.repos.jobs.getForUser(user.userId, jobId);
      const origin = originOf(job);
      const where = origin?.channel || channel;
      if (where) await api.post(where, { text: truncateText(done.said, 3000) }, origin?.threadTs ?? threadTs);
      await deps.publisher.publish(job);
      if (done.queued) await invitations.send(job);
    } catch (e) {
      await sayError(deps, channel, slackUserId, e, threadTs);
      // The red button on a stale map: bring the message up to date so the person sees what they would send.
      if (refreshStale && jobId && isAppError(e) && e.code === 'STALE_VERSION') await republishForOwner(deps, teamId, slackUserId, jobId);
    }
  }

  // "Invite these too" on the coverage board: exactly the contacts the board proposed.
  bolt.action<Button>(INVITE_MORE_ACTION, async ({ ack, body, action, context }) => {
    await ack();
    if (!(await firstTime(store, body, action))) return;
    const value = parseInviteMoreValue(String(action.value ?? ''));
    deps.track(
      'invite more',
      runOutreach(body, teamOf(body, context), 'invite-more', value?.jobId, async (userId, jobId) => {
        const res = await inviteMore({ ...app, logger: log }, userId, jobId, { contactIds: value!.contactIds, via: 'slack' });
        return { said: mrkdwn`:heavy_plus_sign: ${formatInviteMore(res)}`, queued: res.queued.length > 0 };
      }),
    );
  });

  // The red button: approve the map version the message showed.
  bolt.action<Button>(ACTION.send, async ({ ack, body, action, context }) => {
    await ack();
    if (!(await firstTime(store, body, action))) return;
    const ref = decodeRef(action.value);
    deps.track(
      'send invitations',
      runOutreach(body, teamOf(body, context), 'send', ref?.jobId, async (userId, jobId) => {
        const summary = await approveJob({ ...app, logger: log }, userId, jobId, { version: ref!.version, via: 'slack' });
        return { said: mrkdwn`:red_circle: ${formatApproval(summary)}`, queued: true };
      }, true),
    );
  });
}
