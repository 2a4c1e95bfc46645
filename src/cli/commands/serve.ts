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
 * IMAP_HOST is set), and every unfinished job resumed. SIGINT/SIGTERM stop it gracefully: no
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
      const app = ctx.getApp();
      const cfg = app.config;
      const port = opts.port === undefined ? cfg.PORT : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (got ${opts.port}).`);
      const log = logger.child({ component: 'serve' });
      const stops: { name: string; stop: () => Promise<void> }[] = [];

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
      const scheduler = outreach.scheduler({ cron: cfg.OUTREACH_TICK_CRON });
      scheduler.start();
      stops.push({ name: 'scheduler', stop: () => scheduler.stop() });

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
      let email: EmailChannel | undefined;
      if (cfg.IMAP_HOST) {
        email = await startEmailChannel(app, { outreach });
        stops.push({ name: 'email', stop: () => email!.stop() });
      }
      stops.push({
        name: 'outreach',
        stop: async () => {
          await outreach.close();
          await sending;
        },
      });

      // Jobs a previous process left half-way (crash, restart) continue now.
      const abort = new AbortController();
      const resuming = app.runner.resumeAll({ signal: abort.signal, onTransition: (job) => app.events.emit(job) }).then(
        (jobs) => {
          if (jobs.length) log.info({ resumed: jobs.length }, 'unfinished jobs resumed');
        },
        (e: unknown) => log.error({ err: e }, 'resuming unfinished jobs failed'),
      );

      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      log.info({ signal }, 'shutting down');
      abort.abort();
      let failed = false;
      for (const s of stops) {
        try {
          await s.stop();
        } catch (e) {
          failed = true;
          log.error({ err: e, part: s.name }, 'error while stopping');
        }
      }
      await resuming;
      log.info('stopped');
      if (failed) process.exitCode = 1;
    });
}
