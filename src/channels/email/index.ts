import { randomUUID } from 'node:crypto';
import cron from 'node-cron';
import type { ImapFlow } from 'imapflow';
import type { App } from '../../app.js';
import { AppError } from '../../core/errors.js';
import { logger as rootLogger, type Logger } from '../../core/log.js';
import { createOutreach, describeSkip, formatPreview, outreachReport, previewInvitations, type Outreach, type OutreachReport } from '../../core/outreach/index.js';
import { newInboundOwner, type InboundStore, type JobRow, type PublicUser } from '../../core/records.js';
import { reviewLink } from '../../core/auth/review-link.js';
import { InboundHandler, type Answering, type HandlerLimits } from './handler.js';
import { ChannelMailer, replySubject } from './mailer.js';
import { connectImap, pollMailbox, type PollHooks, type PollLimits, type PollResult } from './mailbox.js';
import { paragraphs, renderMapMail } from './render.js';
import { replyAddress, replyKey } from './reply-key.js';
import { parseThread } from './thread.js';

export { replyKey, replyAddress, jobIdFromReplyKey, findReplyKey } from './reply-key.js';
export { parseAuthenticationResults, trustedSenderVerdict } from './auth-results.js';
export { parseReplyCommands, visibleReplyText } from './commands.js';
export { DONE_KEYWORD, type PollResult } from './mailbox.js';

export interface EmailChannelOptions {
  /** Outreach bound to the app (approval + sending); created here when not given. */
  outreach?: Outreach;
  /**
   * Drain the outreach queue right after an approval by e-mail. Default: only when the channel
   * created its own outreach — a given one (`redbutton serve`) has a running sender that
   * approval pokes.
   */
  sendAfterApproval?: boolean;
  limits?: Partial<PollLimits & HandlerLimits>;
  /** Keep an IDLE connection to react within seconds (default true; cron polling stays on). */
  idle?: boolean;
  /** Run the cron schedule (default true). Tests call pollNow() instead. */
  schedule?: boolean;
  /** Poll once at start (default true). */
  pollAtStart?: boolean;
  /** One polite note a day to strangers who write to the mailbox (default true). */
  strangerNotes?: boolean;
  /** Claim lease for a message being handled, seconds (default 600). */
  claimLeaseSeconds?: number;
  hooks?: PollHooks;
  logger?: Logger;
}

export interface EmailChannel {
  stop(): Promise<void>;
  /** Poll now (joins a poll that is running, then runs one more). */
  pollNow(): Promise<PollResult | undefined>;
  /** Resolves when every background task (pipelines, sending) started so far has finished. */
  idle(): Promise<void>;
  /** The poller's owner id (claims in email_inbound carry it). */
  owner: string;
}

/**
 * The e-mail channel: read the mailbox (cron-scheduled short sessions + IDLE), turn forwarded
 * plans into jobs, answer in the thread with the contacts map, apply edits and approval from
 * replies. Called by `redbutton serve` when IMAP_HOST is set.
 */
export async function startEmailChannel(app: App, options: EmailChannelOptions = {}): Promise<EmailChannel> {
  const cfg = app.config;
  const log = (options.logger ?? rootLogger).child({ channel: 'email' });
  if (!cfg.IMAP_HOST) throw new AppError('MAIL_CONFIG', 'IMAP_HOST is not set', { userMessage: 'Set IMAP_HOST (and IMAP_USER, IMAP_PASSWORD) to read plans from a mailbox; see docs/email.md.' });
  if (!cron.validate(cfg.IMAP_POLL_CRON)) {
    throw new AppError('CONFIG_INVALID', `IMAP_POLL_CRON ${cfg.IMAP_POLL_CRON} is not a cron expression`, {
      userMessage: `IMAP_POLL_CRON="${cfg.IMAP_POLL_CRON}" is not a valid cron expression; e.g. "*/1 * * * *" polls every minute.`,
    });
  }
  if (!cfg.REDBUTTON_INBOUND_ADDRESS) log.warn('REDBUTTON_INBOUND_ADDRESS is not set: replies cannot carry a job key, so edits and approval by e-mail will not work');

  const mailer = new ChannelMailer(cfg);
  const claimLeaseSeconds = options.claimLeaseSeconds ?? 600;
  const store = app.repos.inboundMail(newInboundOwner(), claimLeaseSeconds);
  await store.register();
  const ownOutreach = !options.outreach;
  const outreach = options.outreach ?? createOutreach(app);
  const limits: PollLimits & HandlerLimits = {
    maxMessagesPerPoll: 25,
    // base64 makes an attachment ~4/3 larger; leave room for the rest of the message. A message
    // is parsed in memory, so never more than 100 MB (providers cap mail at 25–150 MB anyway).
    maxMessageBytes: Math.min(Math.ceil(cfg.PDF_MAX_BYTES * 1.37) + 2 * 1024 * 1024, 100 * 1024 * 1024),
    maxForwardDepth: 3,
    // Three heartbeats per lease: one late beat (a busy event loop) still keeps the claims.
    claimRenewMs: (claimLeaseSeconds * 1000) / 3,
    ...options.limits,
  };
  const background = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    background.add(p);
    void p.finally(() => background.delete(p));
  };

  const answeringOf = (job: JobRow): Answering | undefined => {
    const t = parseThread(job.originContext);
    return t ? { messageId: t.messageId, references: t.references, subject: t.subject } : undefined;
  };

  const sendInThread = async (job: JobRow, user: PublicUser, answering: Answering, notice: string, body: { text: string; html: string }) => {
    // Claimed before sending: each notice goes out at most once, whichever process gets here.
    if (!await store.claimNotice(job.jobId, notice)) return;
    try {
      const id = await mailer.send({
        to: user.email,
        subject: replySubject(answering.subject),
        inReplyTo: answering.messageId,
        references: answering.references,
        replyTo: cfg.REDBUTTON_INBOUND_ADDRESS ? replyAddress(cfg.REDBUTTON_INBOUND_ADDRESS, replyKey(app.secret, job.jobId)) : undefined,
        body,
        jobId: job.jobId,
      });
      await store.recordNotice(job.jobId, notice, id);
    } catch (e) {
      await store.releaseNotice(job.jobId, notice);
      throw e;
    }
  };

  const sendMap = async (job: JobRow, user: PublicUser, opts: { preface?: string[]; answering?: Answering; notice: string }) => {
    const answering = opts.answering ?? answeringOf(job);
    if (!answering) return;
    const map = await app.maps.current(user.userId, job.jobId);
    const t = parseThread(job.originContext);
    const preview = await previewInvitations(app, user.userId, job.jobId).then(
      (p) => formatPreview(p, { maxPreviews: 1 }),
      (e: unknown) => {
        log.warn({ err: e, jobId: job.jobId }, 'invitation preview for the map e-mail failed');
        return undefined;
      },
    );
    const body = renderMapMail({
      preview,
      map,
      reviewUrl: reviewLink(app, job.jobId, user.userId),
      preface: [...(opts.preface ?? []), ...(t && t.parts > 1 ? [`PDF ${t.part} of ${t.parts}: ${t.fileName}`] : [])],
      pageCount: job.pageCount,
      // A package of several documents is named by its count, not by its first file.
      fileName: await packageLabel(app, job),
    });
    await sendInThread(job, user, answering, opts.notice.replace('{v}', String(map.version)), body);
  };

  /** Job updates (pipeline transitions) → the map or the failure, in the job's thread. */
  const onJob = async (job: JobRow) => {
    if (job.status !== 'CONTACT_MAP_READY' && job.status !== 'FAILED' && job.status !== 'EMAILED') return;
    const user = await app.repos.users.getById(job.userId);
    const answering = answeringOf(job);
    if (!user || !answering) return;
    const jlog = log.child({ jobId: job.jobId });
    if (job.status === 'EMAILED') {
      // Once, when every invitation has a final state: what went out and what did not.
      await sendInThread(job, user, answering, 'emailed', paragraphs(outreachSummaryLines(await outreachReport(app, user.userId, job.jobId))));
      jlog.info('outreach summary sent');
      return;
    }
    if (job.status === 'FAILED') {
      await sendInThread(job, user, answering, 'failed', paragraphs([
        `I could not finish reading ${job.pdfFileName ?? 'your PDF'}: ${job.failureReason ?? 'unknown error'}`,
        'Nothing was sent to anyone. Fix the file (for example remove the password, or re-save or split the PDF) and forward it again.',
      ]));
      jlog.info('failure reply sent');
      return;
    }
    await sendMap(job, user, { notice: 'map:v{v}' });
    jlog.info('contacts map reply sent');
  };
  const unsubscribe = app.events.on('email', onJob);
  // The subs' answers, batched by core (at most one per 15 minutes per job): a reply in the job's
  // thread to its owner, the one person the reply policy always lets us write to. A failure is
  // thrown back, so core keeps the answers for the next tick.
  const unsubscribeNotices = app.events.onNotice('email', async (job, notice) => {
    const user = await app.repos.users.getById(job.userId);
    const answering = answeringOf(job);
    if (!user || !answering) return;
    await sendInThread(job, user, answering, `answers:${randomUUID()}`, paragraphs([`${notice.title}:`, notice.text, 'Reply "status" for the bid coverage of every trade.']));
    log.info({ jobId: job.jobId }, 'answers told in the job thread');
  });

  const startJob = (jobId: string) => {
    track(app.dispatcher.run(jobId).catch((e: unknown) => log.error({ err: e, jobId }, 'pipeline run failed')));
  };

  const handler = new InboundHandler({
    app,
    store,
    mailer,
    outreach,
    log,
    limits,
    strangerNotes: options.strangerNotes,
    startJob,
    sendMap,
    afterApproval: (jobId) => {
      if (!(options.sendAfterApproval ?? ownOutreach)) return;
      track(
        outreach
          .sender()
          .drainOnce()
          .then((r) => log.info({ jobId, sent: r.sent, failed: r.failed }, 'invitations sent'))
          .catch((e: unknown) => log.error({ err: e, jobId }, 'sending invitations failed; they stay queued')),
      );
    },
  });

  // One poll at a time; a trigger during a poll schedules exactly one more.
  let running: Promise<PollResult | undefined> | undefined;
  let again = false;
  let stopped = false;
  const runPoll = async (): Promise<PollResult | undefined> => {
    let last: PollResult | undefined;
    do {
      again = false;
      try {
        last = await pollMailbox(cfg, store, handler, limits, log, options.hooks);
        await sweepMissedAnswers();
        if (last.handled.length || last.moved) log.info({ handled: last.handled.length, moved: last.moved, duplicates: last.duplicates, busy: last.busy }, 'mailbox polled');
      } catch (e) {
        log.error({ err: e }, 'mailbox poll failed');
        throw e;
      }
    } while (again && !stopped);
    return last;
  };
  const pollNow = (): Promise<PollResult | undefined> => {
    if (stopped) return Promise.resolve(undefined);
    if (running) {
      again = true;
      return running;
    }
    running = runPoll().finally(() => (running = undefined));
    return running;
  };
  // runPoll has logged a failed poll; the next trigger or cron tick tries again.
  const trigger = () => void pollNow().catch(() => undefined);

  // Answers that could not be sent (SMTP down, a crash between a job's transition and its
  // answer): retried after every poll. Each notice is claimed, so none goes out twice.
  const sweepMissedAnswers = async () => {
    for (const job of await recentEmailJobsWithoutAnswer(app, store)) track(onJob(job).catch((e: unknown) => log.error({ err: e, jobId: job.jobId }, 'missed answer not sent')));
  };

  // Jobs from e-mail that a previous process left unfinished, and answers it did not send.
  for (const job of await app.repos.jobs.listUnfinished()) if (job.origin === 'email') startJob(job.jobId);
  track(sweepMissedAnswers().catch((e: unknown) => log.error({ err: e }, 'missed answers not swept')));

  const task = options.schedule === false ? undefined : cron.schedule(cfg.IMAP_POLL_CRON, () => trigger(), { noOverlap: true, name: `redbutton-imap-poll-${store.owner}` });
  const idle = options.idle === false ? undefined : new IdleWatcher(cfg, log, trigger);
  idle?.start();
  if (options.pollAtStart !== false) trigger();

  return {
    owner: store.owner,
    pollNow,
    idle: async () => {
      while (background.size) await Promise.allSettled([...background]);
    },
    async stop() {
      stopped = true;
      await task?.stop();
      await idle?.stop();
      await running?.catch(() => undefined);
      // Jobs this channel handed to the dispatcher finish (or stop when the dispatcher closes).
      while (background.size) await Promise.allSettled([...background]);
      unsubscribe();
      unsubscribeNotices();
      await store.unregister();
      if (ownOutreach) await outreach.close();
      mailer.close();
    },
  };
}

/** E-mail jobs that reached their answer state in the last two days without the answer recorded. */
async function recentEmailJobsWithoutAnswer(app: App, store: InboundStore): Promise<JobRow[]> {
  const ids = await store.recentJobsAwaitingAnswer();
  const out: JobRow[] = [];
  for (const id of ids) {
    const job = await app.repos.jobs.getInternal(id);
    if (!job) continue;
    const answered = job.status === 'FAILED' ? await store.hasNotice(job.jobId, 'failed') : await store.hasNotice(job.jobId, 'map:%');
    if (!answered) out.push(job);
  }
  return out;
}

/**
 * A second, long-lived connection that sits in IDLE on the mailbox and triggers a poll when
 * the server reports new mail (EXISTS). If the server has no IDLE or the connection drops, the
 * cron schedule still polls; the watcher reconnects with back-off.
 */
class IdleWatcher {
  private client: ImapFlow | undefined;
  private stopped = false;
  private retryMs = 1000;
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly cfg: App['config'],
    private readonly log: Logger,
    private readonly onNewMail: () => void,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let client: ImapFlow | undefined;
      try {
        client = await connectImap(this.cfg, (c) => {
          this.client = c;
          c.on('error', (e: Error) => this.log.debug({ err: e }, 'IDLE connection error'));
          c.on('exists', () => this.onNewMail());
        });
        if (this.stopped) return;
        if (!client.capabilities.has('IDLE')) {
          this.log.info('IMAP server has no IDLE: relying on the poll schedule');
          await client.logout();
          return;
        }
        await client.mailboxOpen(this.cfg.IMAP_MAILBOX, { readOnly: true });
        this.retryMs = 1000;
        // Mail that arrived while this connection was down raised no EXISTS here: look now.
        this.onNewMail();
        // idle() returns when IDLE ends (server timeout, maxIdleTime restart, or close).
        while (!this.stopped && client.usable) {
          if ((await client.idle()) === false) break; // IDLE refused: reconnect after a pause
        }
      } catch (e) {
        if (!this.stopped) this.log.warn({ err: e }, 'IDLE connection failed; retrying');
      } finally {
        client?.close();
      }
      if (this.stopped) return;
      await new Promise<void>((r) => (this.timer = setTimeout(r, this.retryMs)));
      this.retryMs = Math.min(this.retryMs * 2, 5 * 60_000);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.client?.close();
    await this.loop?.catch(() => undefined);
  }
}

/** The e-mail an estimator gets when their invitations are out: counts, then one line per company. */
export function outreachSummaryLines(r: OutreachReport): string[] {
  const c = r.counts;
  const lines = [`The bid invitations for ${r.jobName} are out: ${c.sent} sent${c.failed ? `, ${c.failed} failed` : ''}${c.uncertain ? `, ${c.uncertain} uncertain` : ''}${c.bounced ? `, ${c.bounced} bounced` : ''}.`];
  lines.push(
    r.rows
      .map((x) => `${x.status === 'SENT' ? '✔' : '✖'} ${x.name} <${x.toEmail ?? '?'}> — ${x.status.toLowerCase()}${x.reason && x.status !== 'SENT' ? `: ${x.reason}` : ''}`)
      .join('\n'),
  );
  if (r.skipped.length) lines.push(`Not invited: ${r.skipped.map(describeSkip).join('; ')}.`);
  lines.push('Replies from subcontractors go straight to you (Reply-To is your address). Bounces that arrive later are recorded on the job.');
  return lines;
}

/** "E-101.pdf" for a job of one document; "3 documents" for a bid package of several. */
async function packageLabel(app: App, job: JobRow): Promise<string | null> {
  const docs = await app.documents.list(job.userId, job.jobId);
  return docs.length > 1 ? `${docs.length} documents` : job.pdfFileName;
}
