import { App as BoltApp, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.js';
import { AppError, isAppError } from '../../core/errors.js';
import { logger as rootLogger, type Logger } from '../../core/log.js';
import { FastifyReceiver } from './fastify-receiver.js';
import { SlackApi } from './slack-api.js';
import { People } from './people.js';
import { MapPublisher } from './render.js';
import { SlackContactsImport } from './contacts-import.js';
import { FileIntake } from './file-intake.js';
import { JobUpdates } from './job-updates.js';
import { QueuedInvitations, type InvitationSender } from './queued-invitations.js';
import type { ListenerDeps } from './listeners/context.js';
import { registerFileEvents } from './listeners/file-events.js';
import { registerSlashCommand } from './listeners/slash-command.js';
import { registerMapActions } from './listeners/map-actions.js';
import { registerOutreachActions } from './listeners/outreach-actions.js';
import { registerViews } from './listeners/views.js';
import { registerOptions } from './listeners/options.js';
import { stripControlCharactersFrom } from '../../core/text-input.js';

export { FastifyReceiver } from './fastify-receiver.js';
export * as blocks from './blocks.js';
export type { InvitationSender } from './queued-invitations.js';

export interface SlackChannelOptions {
  /** The service's running sender; without one, the channel drains the queue itself after approval (when SMTP is configured). */
  sender?: InvitationSender;
  logger?: Logger;
  /** How long a file_shared event waits for the message event that carries all the message's files. */
  fileSharedGraceMs?: number;
}

export interface SlackChannel {
  /** HTTP mode: register POST /slack/events on the service's Fastify server. */
  mount(server: FastifyInstance): Promise<void>;
  /** Socket Mode when SLACK_APP_TOKEN is set; in HTTP mode nothing to start (the server listens). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when every delivery and background job started from Slack has finished (tests, shutdown). */
  idle(): Promise<void>;
  /** Re-render map messages whose job changed elsewhere (what the status watcher does every 15 s after start()). */
  refresh(): Promise<void>;
  readonly bolt: BoltApp;
}

/**
 * The Slack channel's wiring: the Bolt app on its receiver (HTTP route or Socket Mode), the
 * listeners by kind (listeners/: file events, the slash command, map and outreach actions, modal
 * submissions, external-select options), job updates from core, and the lifecycle.
 */
export function createSlackChannel(app: App, options: SlackChannelOptions = {}): SlackChannel {
  const { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL } = app.config;
  const log = (options.logger ?? rootLogger).child({ channel: 'slack' });
  if (!SLACK_BOT_TOKEN) {
    throw new AppError('CONFIG_INVALID', 'SLACK_BOT_TOKEN missing', { userMessage: 'The Slack channel needs SLACK_BOT_TOKEN (xoxb-…) from your Slack app (see docs/slack.md).' });
  }
  const socketMode = Boolean(SLACK_APP_TOKEN);
  if (!socketMode && !SLACK_SIGNING_SECRET) {
    throw new AppError('CONFIG_INVALID', 'SLACK_SIGNING_SECRET missing', { userMessage: 'The Slack channel needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode); see docs/slack.md.' });
  }

  const store = app.repos.slack;
  const api = new SlackApi(SLACK_BOT_TOKEN, SLACK_API_URL, log);
  const people = new People(app, store, api, log);
  const publisher = new MapPublisher(app, store, api, log);
  const receiver = socketMode ? undefined : new FastifyReceiver({ signingSecret: SLACK_SIGNING_SECRET!, logger: log });
  const clientOptions = { ...(SLACK_API_URL ? { slackApiUrl: SLACK_API_URL } : {}), retryConfig: { retries: 2 } };
  // tokenVerificationEnabled: false — with it on, Bolt calls auth.test in its constructor and keeps
  // the promise unawaited until the first event: if Slack is unreachable at start-up, that is an
  // unhandled rejection, which ends a Node process. Off, auth.test runs (awaited) per event.
  const bolt = receiver
    ? new BoltApp({ token: SLACK_BOT_TOKEN, receiver, clientOptions, logger: boltLogger(log), deferInitialization: false, tokenVerificationEnabled: false })
    : new BoltApp({ token: SLACK_BOT_TOKEN, appToken: SLACK_APP_TOKEN, socketMode: true, clientOptions, logger: boltLogger(log), tokenVerificationEnabled: false });

  // Background work started from Slack (downloads, pipeline runs, sending), so idle()/stop() can wait.
  const tasks = new Set<Promise<unknown>>();
  const track = (what: string, p: Promise<unknown>, jobId?: string) => {
    const t = p
      .catch((e: unknown) => log.error({ jobId, err: e, code: isAppError(e) ? e.code : undefined }, `${what} failed`))
      .finally(() => tasks.delete(t));
    tasks.add(t);
  };
  const deps: ListenerDeps = { app, log, api, store, people, publisher, track };
  const contactsImport = new SlackContactsImport(app, api, store, people, log);
  const invitations = new QueuedInvitations(app, log, store, publisher, options.sender);
  const jobUpdates = new JobUpdates(deps);

  // Typed text (commands, modal fields, messages, file names) loses its control characters before a
  // listener reads it (src/core/text-input.ts): stripped, not refused, as a payload has no one place
  // to answer, and what is removed was invisible anyway.
  bolt.use(async ({ body, next }) => {
    stripControlCharactersFrom(body);
    await next();
  });

  // Idempotency on event ids: Slack retries a delivery it thinks failed; each event acts once.
  bolt.use(async ({ body, next, context }) => {
    const eventId = 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : undefined;
    if (eventId) {
      if (!await store.markProcessed(`event:${eventId}`, 'event')) {
        log.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'duplicate Slack event ignored');
        return;
      }
    }
    await next();
  });

  registerFileEvents(bolt, deps, new FileIntake(deps, contactsImport), options.fileSharedGraceMs);
  registerSlashCommand(bolt, deps);
  contactsImport.register(bolt);
  registerMapActions(bolt, deps);
  registerViews(bolt, deps);
  registerOutreachActions(bolt, deps, invitations);
  registerOptions(bolt, deps);

  bolt.error(async (e) => {
    log.error({ err: e }, 'Slack listener error');
  });

  // ---------------------------------------------------------------- lifecycle
  let stopped = false;
  return {
    bolt,
    async mount(server) {
      if (!receiver) throw new AppError('CONFIG_INVALID', 'socket mode has no HTTP route', { userMessage: 'SLACK_APP_TOKEN is set, so Slack uses Socket Mode: call start(), there is no /slack/events route to mount.' });
      await receiver.mount(server);
      log.info({ path: receiver.path }, 'Slack events route mounted');
    },
    async start() {
      const pruned = await store.pruneProcessed();
      if (pruned) log.info({ pruned }, 'old Slack delivery keys pruned');
      await jobUpdates.start();
      if (socketMode) {
        await bolt.start();
        log.info('Slack Socket Mode connected');
      }
    },
    refresh() {
      return jobUpdates.refresh();
    },
    async idle() {
      for (;;) {
        await receiver?.idle();
        if (tasks.size === 0) break;
        await Promise.allSettled([...tasks]);
      }
      await invitations.idle();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await jobUpdates.stop();
      if (socketMode) await bolt.stop();
      await this.idle();
      await invitations.close();
    },
  };
}

/** Bolt's logger interface over pino. */
function boltLogger(log: Logger): BoltLogger {
  const l = log.child({ component: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  const fmt = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...m: unknown[]) => l.debug(fmt(m)),
    info: (...m: unknown[]) => l.info(fmt(m)),
    warn: (...m: unknown[]) => l.warn(fmt(m)),
    error: (...m: unknown[]) => l.error(fmt(m)),
    setLevel: (v: LogLevel) => void (level = v),
    getLevel: () => level,
    setName: () => undefined,
  };
}
