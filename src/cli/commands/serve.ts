import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { publicBaseUrl } from '../../core/auth/review-link.js';
import type { SlackChannel } from '../../channels/slack/index.js';
import type { EmailChannel } from '../../channels/email/index.js';
import type { OutreachSender } from '../../core/outreach/sender.js';
import { logger } from '../../core/log.js';
import { UsageError, type CliContext } from '../context.js';

interface ServeOptions {
  port?: string;
  host?: string;
}

/**
 * `redbutton serve` — the long-running service: HTTP API + review page on PORT, the outreach
 * sender (when SMTP_URL is set), Slack (when SLACK_BOT_TOKEN is set), the mailbox poller (when
 * IMAP_HOST is set), and every unfinished job resumed (with PIPELINE_IN_SERVE=false it only queues
 * received jobs for `redbutton worker` processes). SIGINT/SIGTERM stop it gracefully: no
 * new requests, running stages stop at their next boundary (resumed on the next start), mail in
 * flight is finished.
 */
export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the service: HTTP API and review page, sender, Slack and e-mail channels')
    .option('--port <n>', 'port to listen on (default: PORT, 3000)')
    .option('--host <addr>', 'address to listen on (use 0.0.0.0 in a container)', '127.0.0.1')
    .action(async (opts: ServeOptions) => {
      // The service logs at info unless LOG_LEVEL says otherwise (the CLI quiets logs by default).
      if (!process.env.LOG_LEVEL) logger.level = 'info';
      // Loaded here, not at the top: every other command (and --help) starts without Fastify,
      // Bolt, imapflow and nodemailer.
      const [{ buildHttpServer }, { createSlackChannel }, { startEmailChannel }, { ImapSentMailLookup }, { createOutreach }] = await Promise.all([
        import('../../channels/http/server.js'),
        import('../../channels/slack/index.js'),
        import('../../channels/email/index.js'),
        import('../../channels/email/sent-lookup.js'),
        import('../../core/outreach/index.js'),
      ]);
      const app = await ctx.getApp();
      const cfg = app.config;
      const port = opts.port === undefined ? cfg.PORT : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (got ${opts.port}).`);
      const log = logger.child({ component: 'serve' });
      const stops: { name: string; stop: () => Promise<void> }[] = [];

      if (!cfg.PIPELINE_IN_SERVE) app.dispatcher.onlyQueue(); // before any channel can hand it a job

      // Outreach: approvals queue invitations; the sender hands them to SMTP.
      // With a mailbox configured, a send interrupted by a crash is looked up in its Sent folder.
      const outreach = createOutreach(app, cfg.IMAP_HOST ? { sentLookup: new ImapSentMailLookup(cfg, log) } : {});
      let sender: OutreachSender | undefined;
      let sending: Promise<void> | undefined;
      if (cfg.SMTP_URL) {
        sender = outreach.sender();
        sending = sender.run();
      } else {
        log.warn('SMTP_URL is not set: approved invitations stay QUEUED until a sender with SMTP runs');
      }

      // The outreach clock: reminders before the subs' due date, batched answer notices.
      // On Postgres it runs in one `serve` of the cluster at a time (a leader lock), taken over
      // within seconds when that process goes; on SQLite, here.
      const stopScheduler = await app.leadership.lead('outreach-clock', () => {
        const scheduler = outreach.scheduler({ cron: cfg.OUTREACH_TICK_CRON });
        scheduler.start();
        return Promise.resolve(() => scheduler.stop());
      });
      stops.push({ name: 'scheduler', stop: stopScheduler });

      let slack: SlackChannel | undefined;
      if (cfg.SLACK_BOT_TOKEN) slack = createSlackChannel(app, sender ? { sender } : {});
      const plugins: ((s: FastifyInstance) => Promise<void>)[] = [];
      if (slack && !cfg.SLACK_APP_TOKEN) plugins.push((s) => slack.mount(s));

      const server = await buildHttpServer(app, { onApproved: () => sender?.poke(), plugins });
      const address = await server.listen({ port, host: opts.host ?? '127.0.0.1' });
      stops.push({ name: 'http', stop: () => server.close() });
      log.info({ address, publicUrl: publicBaseUrl(cfg), smtp: Boolean(cfg.SMTP_URL), slack: Boolean(slack), email: Boolean(cfg.IMAP_HOST) }, `listening on ${address}`);

      if (!cfg.PUBLIC_URL) log.warn(`PUBLIC_URL is not set: review, download and unsubscribe links will point at ${publicBaseUrl(cfg)}, which only works on this machine`);
      if (slack) {
        await slack.start();
        stops.push({ name: 'slack', stop: () => slack.stop() });
      }
      if (cfg.IMAP_HOST) {
        // One mailbox reader in the cluster (leader lock on Postgres; here on SQLite).
        const stopEmail = await app.leadership.lead('mailbox', async () => {
          const email: EmailChannel = await startEmailChannel(app, { outreach });
          return () => email.stop();
        });
        stops.push({ name: 'email', stop: stopEmail });
      }
      stops.push({
        name: 'outreach',
        stop: async () => {
          await outreach.close();
          await sending;
        },
      });

      // Updates of jobs that a `redbutton worker` ran reach the channels here through the database.
      stops.push({ name: 'job updates', stop: app.events.startRelay() });

      // The dispatcher sweeps for jobs a previous process left half-way (crash, restart) and for
      // any other unfinished job, now and every few seconds; channels hand it new jobs directly.
      // With PIPELINE_IN_SERVE=false it only queues what the channels receive, for the workers.
      if (cfg.PIPELINE_IN_SERVE) app.dispatcher.start();
      else log.info('PIPELINE_IN_SERVE=false: received jobs are queued for `redbutton worker` processes, not run here');

      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      log.info({ signal }, 'shutting down');
      let failed = false;
      // Running stages stop at their next boundary; the next sweep anywhere resumes them.
      stops.unshift({ name: 'pipeline', stop: () => app.dispatcher.close() });
      for (const s of stops) {
        try {
          await s.stop();
        } catch (e) {
          failed = true;
          log.error({ err: e, part: s.name }, 'error while stopping');
        }
      }
      log.info('stopped');
      if (failed) process.exitCode = 1;
    });
}

/**
 * `redbutton worker` — a process that only works: the pipeline dispatcher (sweeps for unfinished
 * jobs and runs them) and the outreach sender (when SMTP_URL is set). No HTTP, Slack or mailbox:
 * run it beside one `redbutton serve` on the same database to add pipeline and sending capacity.
 * SIGINT/SIGTERM stop it like `serve`: running stages stop at their next boundary and are picked
 * up again by the next sweep anywhere; mail in flight is finished.
 */
export function registerWorkerCommand(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('run only the pipeline and the sender (beside `serve`, on the same database)')
    .action(async () => {
      if (!process.env.LOG_LEVEL) logger.level = 'info';
      const { createOutreach } = await import('../../core/outreach/index.js');
      const app = await ctx.getApp();
      const log = logger.child({ component: 'worker' });
      const outreach = createOutreach(app);
      const sender = app.config.SMTP_URL ? outreach.sender() : undefined;
      const sending = sender?.run();
      app.dispatcher.start();
      log.info({ smtp: Boolean(sender) }, 'worker started');
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      log.info({ signal }, 'shutting down');
      await app.dispatcher.close();
      await outreach.close();
      await sending;
      log.info('stopped');
    });
}
