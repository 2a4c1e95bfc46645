import type { BasicElementAction, BlockAction, Context } from '@slack/bolt';
import type { App } from '../../../app.js';
import { isAppError, userMessageOf } from '../../../core/errors.js';
import type { Logger } from '../../../core/log.js';
import type { PublicUser, SlackStore } from '../../../core/records.js';
import type { MapPublisher } from '../render.js';
import type { SlackApi } from '../slack-api.js';
import { People } from '../people.js';
import { mrkdwn, type SlackText } from '../mrkdwn.js';

/** What every Slack listener works with: the app, the Web API, the Slack tables, who is who, the map messages. */
export interface ListenerDeps {
  app: App;
  log: Logger;
  api: SlackApi;
  store: SlackStore;
  people: People;
  publisher: MapPublisher;
  /** Run work started from Slack in the background (Slack wants its ack first), so idle()/stop() can wait for it. */
  track(what: string, work: Promise<unknown>, jobId?: string): void;
}

/** A block action of any element: the fields the map's buttons, selects and menus share. */
export type AnyBlockAction = BlockAction<BasicElementAction>;

/** The fields of an event envelope, a command, an action, a view or an options request that may name the workspace. */
export interface TeamCarrier {
  team_id?: string;
  team?: { id: string } | null;
  user?: { team_id?: string };
}

export const teamOf = (body: TeamCarrier, context: Context): string => String(context.teamId ?? body.team_id ?? body.team?.id ?? body.user?.team_id ?? 'T0');

/** The Red Button user behind a Slack user, or undefined after telling them how to link. */
export async function userOrExplain(deps: ListenerDeps, teamId: string, slackUserId: string, tell: (text: SlackText) => Promise<unknown>): Promise<PublicUser | null> {
  const r = await deps.people.resolve(teamId, slackUserId);
  if (r.user) return r.user;
  await tell(People.explain(r));
  return null;
}

/** Tell the clicker what went wrong (ephemeral); only an unexpected error is logged as one. */
export async function sayError(deps: ListenerDeps, channel: string | undefined, slackUser: string, e: unknown, threadTs?: string | null): Promise<void> {
  if (!isAppError(e) || e.code === 'INTERNAL') deps.log.error({ err: e }, 'slack handler failed');
  if (!channel) return;
  await deps.api.ephemeral(channel, slackUser, mrkdwn`:warning: ${userMessageOf(e)}`, threadTs);
}

/** Slack does not retry interactions, but a double click or a replayed payload must not act twice. */
export const firstTime = (store: SlackStore, body: AnyBlockAction, action: BasicElementAction): Promise<boolean> =>
  store.markProcessed(`action:${String(body.container?.message_ts ?? body.view?.id ?? '')}:${action.action_id}:${action.action_ts ?? body.trigger_id ?? ''}`, 'action');

/** After a refused click on a stale message, bring the job's map messages up to date for its owner, so the next click works. */
export async function republishForOwner(deps: ListenerDeps, teamId: string, slackUserId: string, jobId: string): Promise<void> {
  const job = await deps.app.repos.jobs.getInternal(jobId);
  const r = await deps.people.resolve(teamId, slackUserId);
  if (job && r.user && job.userId === r.user.userId) await deps.publisher.publish(job);
}
