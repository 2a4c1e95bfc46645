import { rm } from 'node:fs/promises';
import { App as BoltApp, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.js';
import { AppError, isAppError, userMessageOf } from '../../core/errors.js';
import { logger as rootLogger, type Logger } from '../../core/log.js';
import { approveJob, formatApproval } from '../../core/outreach/approve.js';
import { formatAddendumPlan } from '../../core/addenda/addenda.js';
import { formatPreview, previewInvitations } from '../../core/outreach/preview.js';
import { DETAILS_VIEW, detailsModal, detailsPatchFromModal, parseDetailsMetadata } from './details-modal.js';
import { OutreachSender } from '../../core/outreach/sender.js';
import type { JobRow, PublicUser } from '../../core/records.js';
import { inviteMore, formatInviteMore } from '../../core/outreach/invite-more.js';
import { jobLives } from '../../core/outreach/job-life.js';
import { INVITE_MORE_ACTION, parseInviteMoreValue } from './coverage-board.js';
import { FastifyReceiver } from './fastify-receiver.js';
import { SlackApi, type SlackFile } from './slack-api.js';
import { People } from './people.js';
import { MapPublisher, invitationStatuses, originOf, type SlackOrigin } from './render.js';
import { HELP, parseCommand } from './commands.js';
import { SlackContactsImport, isContactsFile } from './contacts-import.js';
import { findPlanLinks, packageReportLines, type PackageReport, type ReceivedFile, type SkippedItem } from '../../core/documents/index.js';
import { joinText, mrkdwn, truncateText, type SlackText } from './mrkdwn.js';
import {
  ACTION,
  LIMITS,
  MODAL_BLOCK,
  VIEW,
  addContactModal,
  candidateOption,
  decodeMenu,
  decodeRef,
  evidenceModal,
  parseAddContactMetadata,
  progressMessage,
  truncate,
  type MapRef,
} from './blocks.js';
import { isSelectable } from '../../core/contacts/map-summary.js';

export { FastifyReceiver } from './fastify-receiver.js';
export * as blocks from './blocks.js';

/** Something that sends queued invitations (the service's OutreachSender). */
export interface InvitationSender {
  poke?(): void;
  drainOnce?(): Promise<unknown>;
}

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

const PENDING_TTL_MINUTES = 30;
const FILE_SHARED_GRACE_MS = 3000;
const PROGRESS_MIN_INTERVAL_MS = 1500;
const STATUS_WATCH_MS = 15_000;

type AnyBody = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

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
  const contactsImport = new SlackContactsImport(app, api, store, people, log);
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
  let ownSender: OutreachSender | undefined;
  let draining: Promise<unknown> = Promise.resolve();

  // ---------------------------------------------------------------- helpers
  const teamOf = (body: AnyBody, context?: { teamId?: string }): string => String(context?.teamId ?? body.team_id ?? body.team?.id ?? body.user?.team_id ?? 'T0');

  async function userOrExplain(teamId: string, slackUserId: string, tell: (text: SlackText) => Promise<unknown>) {
    const r = await people.resolve(teamId, slackUserId);
    if (r.user) return r.user;
    await tell(People.explain(r));
    return null;
  }

  async function sayError(channel: string | undefined, slackUser: string, e: unknown, threadTs?: string | null): Promise<void> {
    if (!isAppError(e) || e.code === 'INTERNAL') log.error({ err: e }, 'slack handler failed');
    if (!channel) return;
    await api.ephemeral(channel, slackUser, mrkdwn`:warning: ${userMessageOf(e)}`, threadTs);
  }

  // ---------------------------------------------------------------- idempotency on event ids
  bolt.use(async ({ body, next, context }) => {
    const b = body as AnyBody;
    if (b.event_id) {
      if (!await store.markProcessed(`event:${b.event_id}`, 'event')) {
        log.info({ eventId: b.event_id, retryNum: context.retryNum, retryReason: context.retryReason }, 'duplicate Slack event ignored');
        return;
      }
    }
    await next();
  });

  // ---------------------------------------------------------------- files → jobs
  async function onFile(teamId: string, slackUserId: string, fileId: string, channel: string | null, threadHint: string | null, known?: Partial<SlackFile>): Promise<void> {
    if (known && !looksInteresting(known)) return; // an image or a doc: not ours, no claim
    if (!await store.claimFile({ fileId, teamId, slackUserId, channelId: channel, threadTs: threadHint })) {
      log.debug({ fileId }, 'file already handled');
      return;
    }
    try {
      await handleClaimedFile(teamId, slackUserId, fileId, channel, threadHint);
    } catch (e) {
      // The claim stays (no second job from a later delivery); the person hears what went wrong.
      await store.settleFile(fileId, 'rejected', { detail: truncate(userMessageOf(e), 500) });
      log.error({ err: e, fileId, code: isAppError(e) ? e.code : undefined }, 'handling a shared Slack file failed');
      if (channel) await api.ephemeral(channel, slackUserId, mrkdwn`:warning: I could not process that file: ${userMessageOf(e)}`, threadHint);
    }
  }

  async function handleClaimedFile(teamId: string, slackUserId: string, fileId: string, channel: string | null, threadHint: string | null): Promise<void> {
    const file = await api.fileInfo(fileId);
    const share = firstShare(file, channel);
    const where = { channel: channel ?? share?.channel ?? null, threadTs: threadHint ?? share?.ts ?? null };
    await store.settleFile(fileId, 'claimed', { channelId: where.channel, threadTs: where.threadTs });
    const kind = isPlanFile(file) ? 'pdf' : isContactsFile(file) ? 'contacts' : null;
    if (!kind) {
      await store.settleFile(fileId, 'ignored', { detail: `not a PDF (${file.filetype ?? file.mimetype ?? '?'})` });
      return;
    }
    // In the app's DM a contacts file is always meant for the address book; elsewhere only after the command.
    if (kind === 'contacts' && (!where.channel || (!await store.takePending(teamId, slackUserId, 'contacts_import') && !where.channel.startsWith('D')))) {
      await store.settleFile(fileId, 'ignored', { detail: 'contacts file outside the DM, without /redbutton contacts import' });
      return;
    }
    const tell = (text: SlackText) => (where.channel ? api.ephemeral(where.channel, slackUserId, text, where.threadTs) : Promise.resolve());
    const user = await userOrExplain(teamId, slackUserId, tell);
    if (!user) {
      await store.settleFile(fileId, 'rejected', { detail: 'slack user not linked' });
      return;
    }
    if (kind === 'contacts') {
      try {
        await contactsImport.preview(user.userId, slackUserId, file, { channel: where.channel!, threadTs: where.threadTs });
      } catch (e) {
        await store.settleFile(fileId, 'rejected', { detail: truncate(userMessageOf(e), 500) });
        await tell(mrkdwn`:warning: ${userMessageOf(e)}`);
      }
      return;
    }
    // A PDF uploaded in a job's thread is an addendum to that job.
    const threadJob = where.channel && where.threadTs ? await app.repos.slackThreads.jobOfThread(teamId, where.channel, where.threadTs) : undefined;
    if (threadJob) return addAddendum(user.userId, file, threadJob, where, tell);
    await startJob(teamId, slackUserId, user.userId, [file], where);
  }

  /** Read an addendum into its job, say in the thread what changed and who would get a notice; the map's red button sends them. */
  async function addAddendum(userId: string, file: SlackFile, job: JobRow, where: { channel: string | null; threadTs: string | null }, tell: (text: SlackText) => Promise<unknown>): Promise<void> {
    try {
      const info = file.url_private || file.url_private_download ? file : await api.fileInfo(file.id);
      const { path, dir } = await api.download(info, app.config.PDF_MAX_BYTES);
      try {
        const added = await app.addenda.receive(userId, job.jobId, { path, name: info.name ?? 'addendum.pdf', receivedVia: 'upload' });
        await store.settleFile(file.id, 'job', { jobId: job.jobId });
        const plan = await app.addenda.preview(userId, job.jobId, added.addendumId);
        log.info({ jobId: job.jobId, fileId: file.id, addendum: added.number }, 'addendum added from Slack');
        if (where.channel) {
          await api.post(where.channel, { text: truncateText(mrkdwn`:page_facing_up: ${formatAddendumPlan(plan)}\nPress the red button on the map to send the addendum notices.`, 3900) }, where.threadTs);
        }
        await publisher.publish(await app.repos.jobs.getForUser(userId, job.jobId));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    } catch (e) {
      await store.settleFile(file.id, 'rejected', { detail: truncate(userMessageOf(e), 500) });
      if (!isAppError(e)) log.error({ err: e, fileId: file.id }, 'slack addendum intake failed');
      await tell(mrkdwn`:warning: I did not add ${file.name ?? 'that file'} to the job: ${userMessageOf(e)}`);
    }
  }

  /** Several files in one message (or files with a plan link in its text): one package, one job. */
  async function onPackageMessage(teamId: string, slackUserId: string, channel: string, threadTs: string, files: SlackFile[], text: string): Promise<void> {
    const mine: SlackFile[] = [];
    for (const f of files) if (f?.id && looksInteresting(f) && (await store.claimFile({ fileId: f.id, teamId, slackUserId, channelId: channel, threadTs }))) mine.push(f);
    if (mine.length === 0) return;
    const tell = (t: SlackText) => api.ephemeral(channel, slackUserId, t, threadTs);
    const user = await userOrExplain(teamId, slackUserId, tell);
    if (!user) {
      for (const f of mine) await store.settleFile(f.id, 'rejected', { detail: 'slack user not linked' });
      return;
    }
    // Files uploaded in a job's thread are addenda to that job, one by one.
    const threadJob = await app.repos.slackThreads.jobOfThread(teamId, channel, threadTs);
    if (threadJob) {
      for (const f of mine) await addAddendum(user.userId, f, threadJob, { channel, threadTs }, tell);
      return;
    }
    await startJob(teamId, slackUserId, user.userId, mine, { channel, threadTs }, text);
  }

  /** The files of one Slack message (and its text, for plan links) → one bid package → one job. */
  async function startJob(teamId: string, slackUserId: string, userId: string, files: SlackFile[], where: { channel: string | null; threadTs: string | null }, text = ''): Promise<void> {
    const file = files[0]!;
    const pending = await store.takePending(teamId, slackUserId, 'new');
    const name = pending?.value ?? (files.length === 1 && file.title && file.title !== file.name ? file.title : undefined);
    const label = name ?? (file.name ?? 'plans.pdf').replace(/\.pdf$/i, '');
    let progress: { channel: string; ts: string } | null = null;
    if (where.channel) progress = await api.post(where.channel, progressMessage({ name: label, status: 'NEW' }), where.threadTs);
    let job: JobRow;
    let report: PackageReport | undefined;
    const dirs: string[] = [];
    try {
      try {
        const received: ReceivedFile[] = [];
        const failed: SkippedItem[] = [];
        for (const f of files) {
          try {
            const info = f.url_private || f.url_private_download ? f : await api.fileInfo(f.id);
            const { path, dir } = await api.download(info, app.config.PDF_MAX_BYTES);
            dirs.push(dir);
            received.push({ name: info.name ?? 'plans.pdf', path, contentType: info.mimetype, receivedVia: 'upload' });
          } catch (e) {
            if (!isAppError(e) || files.length === 1) throw e;
            failed.push({ name: f.name ?? f.id, reason: e.userMessage });
          }
        }
        const origin: SlackOrigin = { teamId, channel: where.channel ?? '', threadTs: where.threadTs, fileId: file.id, slackUserId };
        // "/redbutton new <name>" before the upload asks for a new job even for a package sent before.
        const result = await app.packages.submit({ userId, name, files: received, text, origin: 'slack', originContext: origin, allowDuplicate: name !== undefined });
        result.report.skipped.unshift(...failed);
        report = result.report;
        if (!result.job) throw result.error!;
        job = result.job;
      } finally {
        for (const dir of dirs) await rm(dir, { recursive: true, force: true });
      }
    } catch (e) {
      for (const f of files) await store.settleFile(f.id, 'rejected', { detail: truncate(userMessageOf(e), 500) });
      if (!isAppError(e)) log.error({ err: e, fileId: file.id }, 'slack file intake failed');
      if (progress) await api.update(progress.channel, progress.ts, progressMessage({ name: label, status: 'FAILED', failureReason: [userMessageOf(e), ...(report ? packageReportLines(report) : [])].join('\n') }));
      return;
    }
    for (const f of files.slice(1)) await store.settleFile(f.id, 'job', { jobId: job.jobId });
    // Once per package: what was taken and what was not (a single PDF needs no list).
    if (where.channel && report && (files.length > 1 || report.skipped.length || report.loginLinks.length)) {
      await api.post(where.channel, { text: mrkdwn`${packageReportLines(report).join('\n')}` }, where.threadTs);
    }
    await store.settleFile(file.id, 'job', { jobId: job.jobId });
    if (progress) await store.saveMessage({ jobId: job.jobId, kind: 'progress', page: 0, channelId: progress.channel, ts: progress.ts });
    log.info({ jobId: job.jobId, fileId: file.id, teamId, slackUserId }, 'job started from Slack');
    try {
      await runJob(job);
    } catch (e) {
      log.error({ jobId: job.jobId, err: e }, 'running a Slack job failed');
      if (progress) {
        await api.update(progress.channel, progress.ts, progressMessage({ name: job.name, status: 'FAILED', failureReason: `${userMessageOf(e)} The job is kept (/redbutton status ${job.jobId}); it resumes when the service restarts.` }));
      }
    }
  }

  async function runJob(job: JobRow): Promise<void> {
    const progress = (await store.messages(job.jobId, 'progress'))[0];
    let lastUpdate = 0;
    let chain: Promise<void> = Promise.resolve();
    const show = (msg: ReturnType<typeof progressMessage>, force: boolean) => {
      if (!progress) return;
      const now = Date.now();
      if (!force && now - lastUpdate < PROGRESS_MIN_INTERVAL_MS) return;
      lastUpdate = now;
      chain = chain.then(() => api.update(progress.channelId, progress.ts, msg)).catch((e: unknown) => log.warn({ jobId: job.jobId, err: e }, 'progress update failed'));
    };
    const final = await app.dispatcher.run(job.jobId, {
      onProgress: (e) => show(progressMessage({ name: job.name, status: 'RUNNING', stage: e.stage, done: e.done, total: e.total }), e.done === e.total),
      onTransition: (j) => show(progressMessage({ name: j.name, status: j.status, failureReason: j.failureReason }), true),
    });
    await chain;
    if (!final) return;
    if (final.status === 'CONTACT_MAP_READY') {
      const map = await app.maps.current(final.userId, final.jobId);
      if (progress) await api.update(progress.channelId, progress.ts, progressMessage({ name: final.name, status: final.status, trades: map.trades.length }));
      await publisher.publish(final);
    } else if (progress && final.status === 'FAILED') {
      await api.update(progress.channelId, progress.ts, progressMessage({ name: final.name, status: 'FAILED', failureReason: final.failureReason }));
    }
  }

  bolt.event('file_shared', async ({ event, body, context }) => {
    const e = event as unknown as AnyBody;
    const fileId = String(e.file_id ?? e.file?.id ?? '');
    if (!fileId || !e.user_id || e.user_id === context.botUserId) return; // our own uploads are not plans
    // The message event names every file of a message (one package); file_shared, which names one,
    // waits a moment so that event claims them first, and takes only a file nobody claimed.
    const later = new Promise<void>((resolve) => setTimeout(resolve, options.fileSharedGraceMs ?? FILE_SHARED_GRACE_MS));
    track('file_shared', later.then(() => onFile(teamOf(body as AnyBody, context), String(e.user_id), fileId, e.channel_id ? String(e.channel_id) : null, null)));
  });

  bolt.event('message', async ({ event, body, context }) => {
    const e = event as unknown as AnyBody;
    if (e.subtype !== 'file_share' || !Array.isArray(e.files) || !e.user || e.bot_id || e.user === context.botUserId) return;
    const teamId = teamOf(body as AnyBody, context);
    const text = typeof e.text === 'string' ? e.text : '';
    const planFiles = (e.files as SlackFile[]).filter((f) => f?.id && looksInteresting(f) && !isContactsFile(f));
    if (planFiles.length > 1 || (planFiles.length === 1 && findPlanLinks(text).length > 0)) {
      track('message/file_share', onPackageMessage(teamId, String(e.user), String(e.channel), String(e.thread_ts ?? e.ts), planFiles, text));
      return;
    }
    for (const f of e.files as SlackFile[]) {
      if (!f?.id) continue;
      // Progress goes in the file's thread: the share message itself (or the thread it was posted in).
      track('message/file_share', onFile(teamId, String(e.user), f.id, String(e.channel), String(e.thread_ts ?? e.ts), f));
    }
  });

  // ---------------------------------------------------------------- /redbutton
  bolt.command(/^\/redbutton/, async ({ command, ack, respond, body, context }) => {
    const teamId = teamOf(body as AnyBody, context);
    const slackUserId = command.user_id;
    const cmd = parseCommand(command.text ?? '');
    const reply = (text: SlackText) => ack({ response_type: 'ephemeral', text: truncateText(text, 3000).value });
    try {
      if (cmd.kind === 'help') return void (await reply(mrkdwn`${HELP}`));
      if (cmd.kind === 'usage') return void (await reply(mrkdwn`${cmd.message}`));
      if (cmd.kind === 'link') {
        const started = await people.startLink(teamId, slackUserId, cmd.email);
        await reply(started.text);
        if (started.send) {
          const send = started.send;
          track(
            'link code mail',
            send().catch(async (e: unknown) => {
              if (!isAppError(e)) log.error({ err: e }, 'link code mail failed');
              await respond({ response_type: 'ephemeral', replace_original: false, text: mrkdwn`:warning: ${userMessageOf(e)}`.value });
            }),
          );
        }
        return;
      }
      if (cmd.kind === 'link_confirm') return void (await reply(await people.confirmLink(teamId, slackUserId, cmd.code)));
      const r = await people.resolve(teamId, slackUserId);
      if (!r.user) return void (await reply(People.explain(r)));
      const userId = r.user.userId;
      switch (cmd.kind) {
        case 'new':
          await store.setPending(teamId, slackUserId, 'new', cmd.name, PENDING_TTL_MINUTES);
          return void (await reply(mrkdwn`OK — upload the plan PDF for *${cmd.name}* here now (drag it into this conversation). I'll reply in its thread.`));
        case 'contacts_import':
          await store.setPending(teamId, slackUserId, 'contacts_import', null, PENDING_TTL_MINUTES);
          return void (await reply(mrkdwn`OK — upload the contacts file here now: an Excel workbook, a CSV (ours, Outlook, Google, Procore, BuildingConnected) or a vCard file. I show what it would import before anything is saved. (In a DM with me, just drop the file.)`));
        case 'contacts_add': {
          const c = await app.addressBook.add(userId, { email: cmd.email, trades: cmd.trades, name: cmd.name });
          return void (await reply(mrkdwn`Saved ${c.name} &lt;${c.email}&gt; for trades ${c.trades ?? '—'}.`));
        }
        case 'jobs': {
          const jobs = await app.repos.jobs.listForUser(userId, 10);
          if (!jobs.length) return void (await reply(mrkdwn`No jobs yet. Drop a plan PDF here to start one.`));
          const lives = await jobLives(app, jobs);
          return void (await reply(joinText(['Your recent jobs:', ...jobs.map((j) => mrkdwn`• \`${j.jobId}\` ${j.name} — ${lives.get(j.jobId)?.words ?? j.status}${j.failureReason ? ` (${j.failureReason})` : ''}`)], '\n')));
        }
        case 'status': {
          const job = await app.repos.jobs.getForUser(userId, cmd.jobId);
          const life = (await jobLives(app, [job])).get(job.jobId);
          const lines = [mrkdwn`\`${job.jobId}\` *${job.name}* — ${life?.words ?? job.status}${job.failureReason ? `: ${job.failureReason}` : ''}`];
          if (job.contactsMapRef) lines.push(mrkdwn`Contacts map version ${(await app.maps.current(userId, job.jobId)).version}.`);
          const sent = await invitationStatuses(app, job.jobId);
          if (sent) {
            const counts = new Map<string, number>();
            for (const i of sent.invitations) counts.set(i.status, (counts.get(i.status) ?? 0) + 1);
            lines.push(mrkdwn`Invitations: ${[...counts].map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ')}.`);
          }
          return void (await reply(joinText(lines, '\n')));
        }
      }
    } catch (e) {
      if (!isAppError(e)) log.error({ err: e }, '/redbutton failed');
      await reply(mrkdwn`:warning: ${userMessageOf(e)}`);
    }
  });

  contactsImport.register(bolt);

  // ---------------------------------------------------------------- map actions
  /** Re-resolve the clicker, then run an owner-scoped edit; errors go back to them, ephemeral. */
  async function editFromAction(body: AnyBody, context: { teamId?: string }, ref: MapRef | null, edits: Parameters<App['maps']['edit']>[2]): Promise<void> {
    const slackUserId = String(body.user?.id ?? '');
    const channel = body.channel?.id ?? body.container?.channel_id;
    const threadTs = body.message?.thread_ts ?? null;
    try {
      if (!ref) throw new AppError('VALIDATION', 'action without a map reference', { userMessage: 'This button is from an old or unknown message. Ask for the map again with `/redbutton status <job>`.' });
      const user = await userOrExplain(teamOf(body, context), slackUserId, (t) => (channel ? api.ephemeral(channel, slackUserId, t, threadTs) : Promise.resolve()));
      if (!user) return;
      const map = await app.maps.edit(user.userId, ref.jobId, edits, { expectedVersion: ref.version, via: 'slack' });
      log.info({ jobId: ref.jobId, version: map.version, slackUserId }, 'contacts map edited from Slack');
      await publisher.publish(await app.repos.jobs.getForUser(user.userId, ref.jobId));
    } catch (e) {
      await sayError(channel, slackUserId, e, threadTs);
      // A stale message is brought up to date so the next click works.
      if (isAppError(e) && (e.code === 'STALE_VERSION' || e.code === 'ALREADY_SENT') && ref) {
        const job = await app.repos.jobs.getInternal(ref.jobId);
        const r = await people.resolve(teamOf(body, context), slackUserId);
        if (job && r.user && job.userId === r.user.userId) await publisher.publish(job);
      }
    }
  }

  /** Slack does not retry interactions, but a double click or a replayed payload must not act twice. */
  const firstTime = (body: AnyBody, action: AnyBody) =>
    store.markProcessed(`action:${body.container?.message_ts ?? body.view?.id ?? ''}:${action.action_id}:${action.action_ts ?? body.trigger_id ?? ''}`, 'action');

  for (const actionId of [ACTION.selectStatic, ACTION.selectExternal]) {
    bolt.action(actionId, async ({ ack, body, action, context }) => {
      await ack();
      const b = body as AnyBody;
      const a = action as AnyBody;
      if (!(await firstTime(b, a))) return;
      const ref = decodeRef(a.block_id);
      const chosen = ((a.selected_options ?? []) as { value: string }[]).map((o) => o.value);
      track('select', editFromAction(b, context, ref, [{ op: 'set_selection', trade: ref?.division ?? '', contacts: chosen }]), ref?.jobId);
    });
  }

  bolt.action(ACTION.addTrade, async ({ ack, body, action, context }) => {
    await ack();
    const b = body as AnyBody;
    const a = action as AnyBody;
    if (!(await firstTime(b, a))) return;
    const ref = decodeRef(a.selected_option?.value);
    track('add trade', editFromAction(b, context, ref, [{ op: 'add_trade', trade: ref?.division ?? '' }]), ref?.jobId);
  });

  bolt.action(ACTION.tradeMenu, async ({ ack, body, action, context }) => {
    await ack();
    const b = body as AnyBody;
    const a = action as AnyBody;
    if (!(await firstTime(b, a))) return;
    const menu = decodeMenu(String(a.selected_option?.value ?? ''));
    if (menu?.verb === 'remove') {
      track('remove trade', editFromAction(b, context, menu.ref, [{ op: 'remove_trade', trade: menu.ref.division ?? '' }]), menu.ref.jobId);
      return;
    }
    const slackUserId = String(b.user?.id ?? '');
    const channel = b.channel?.id;
    try {
      if (!menu?.ref.division) throw new AppError('VALIDATION', 'bad menu value', { userMessage: 'That menu is from an unknown message.' });
      const user = await userOrExplain(teamOf(b, context), slackUserId, (t) => (channel ? api.ephemeral(channel, slackUserId, t) : Promise.resolve()));
      if (!user) return;
      const map = await app.maps.current(user.userId, menu.ref.jobId);
      const trade = map.trades.find((t) => t.division === menu.ref.division);
      if (!trade) throw new AppError('NOT_FOUND', 'trade gone', { userMessage: `Division ${menu.ref.division} is no longer in this map.` });
      await api.openView(String(b.trigger_id), evidenceModal(map, trade));
    } catch (e) {
      await sayError(channel, slackUserId, e);
    }
  });

  bolt.action(ACTION.addContact, async ({ ack, body, action, context }) => {
    await ack();
    const b = body as AnyBody;
    const a = action as AnyBody;
    const slackUserId = String(b.user?.id ?? '');
    const channel = b.channel?.id;
    try {
      const ref = decodeRef(a.value);
      if (!ref?.division) throw new AppError('VALIDATION', 'bad add-contact value', { userMessage: 'That button is from an unknown message.' });
      const user = await userOrExplain(teamOf(b, context), slackUserId, (t) => (channel ? api.ephemeral(channel, slackUserId, t) : Promise.resolve()));
      if (!user) return;
      const map = await app.maps.current(user.userId, ref.jobId); // owner-scoped: another user's job is "not found"
      const trade = map.trades.find((t) => t.division === ref.division);
      if (!trade) throw new AppError('NOT_FOUND', 'trade gone', { userMessage: `Division ${ref.division} is no longer in this map.` });
      const onTrade = new Set(trade.candidates.filter((c) => c.selected).map((c) => c.contact_id));
      const choices = (await app.addressBook.list(user.userId))
        .filter((c) => !onTrade.has(c.contactId) && !c.unsubscribedAt && !c.emailBadAt)
        .map((c) => ({ contactId: c.contactId, name: c.name, email: c.email }));
      await api.openView(String(b.trigger_id), addContactModal({ jobId: ref.jobId, version: map.version, division: ref.division, channel }, trade.name, choices));
    } catch (e) {
      await sayError(channel, slackUserId, e);
    }
  });

  bolt.view(VIEW.addContact, async ({ ack, body, view, context }) => {
    const b = body as AnyBody;
    const slackUserId = String(b.user?.id ?? '');
    if (await store.seen(`view-done:${view.id}`)) {
      await ack(); // already applied (a replayed submission): just close the modal
      return;
    }
    const meta = parseAddContactMetadata(view.private_metadata);
    const values = view.state.values as AnyBody;
    const picked: string | undefined = values[MODAL_BLOCK.pick]?.[ACTION.pickContact]?.selected_option?.value ?? values[MODAL_BLOCK.pick]?.[ACTION.pickContactExternal]?.selected_option?.value;
    const email: string | undefined = (values[MODAL_BLOCK.email]?.[ACTION.newEmail]?.value ?? '').trim() || undefined;
    const name: string | undefined = (values[MODAL_BLOCK.name]?.[ACTION.newName]?.value ?? '').trim() || undefined;
    const errors = (block: string, text: string) => ack({ response_action: 'errors', errors: { [block]: truncate(text, 150) } });
    if (!meta) return void (await errors(MODAL_BLOCK.email, 'This form is from an unknown message; close it and use the map again.'));
    if (!picked && !email) return void (await errors(MODAL_BLOCK.email, 'Pick an existing contact above, or type an e-mail address here.'));
    if (picked && email) return void (await errors(MODAL_BLOCK.email, 'Either pick a contact or type an e-mail — not both.'));
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return void (await errors(MODAL_BLOCK.email, `"${email}" is not an e-mail address.`));
    let jobRow: JobRow;
    try {
      const r = await people.resolve(teamOf(b, context), slackUserId);
      if (!r.user) return void (await errors(MODAL_BLOCK.email, People.explain(r).value));
      // The address book as it is now: someone who unsubscribed or bounced is refused here, in the modal.
      const existing = picked ? await app.repos.contacts.findForUser(r.user.userId, picked) : await app.repos.contacts.findByEmail(r.user.userId, email!);
      if (existing?.unsubscribedAt) return void (await errors(picked ? MODAL_BLOCK.pick : MODAL_BLOCK.email, `${existing.name} asked not to be contacted (unsubscribed), so they cannot be invited.`));
      if (existing?.emailBadAt) return void (await errors(picked ? MODAL_BLOCK.pick : MODAL_BLOCK.email, `${existing.name}'s address bounced before (${existing.emailBadReason ?? 'bad address'}); fix it in your contacts first.`));
      await app.maps.edit(r.user.userId, meta.jobId, [{ op: 'add_contact', trade: meta.division, contact: picked ?? email!, ...(name && !picked ? { name } : {}) }], { expectedVersion: meta.version, via: 'slack' });
      jobRow = await app.repos.jobs.getForUser(r.user.userId, meta.jobId);
    } catch (e) {
      if (!isAppError(e)) log.error({ err: e, jobId: meta.jobId }, 'add contact from Slack failed');
      return void (await errors(picked ? MODAL_BLOCK.pick : MODAL_BLOCK.email, userMessageOf(e)));
    }
    await store.markProcessed(`view-done:${view.id}`, 'view');
    await ack();
    log.info({ jobId: meta.jobId, division: meta.division, slackUserId }, 'contact added from Slack');
    track('rerender after add contact', publisher.publish(jobRow), meta.jobId);
  });

  /** A map button (value = MapRef) pressed by a linked user: run `fn`, or explain what went wrong. */
  const onMapButton = (actionId: string, fn: (p: { b: AnyBody; user: PublicUser; ref: MapRef; channel?: string; threadTs: string | null }) => Promise<void>) =>
    bolt.action(actionId, async ({ ack, body, action, context }) => {
      await ack();
      const b = body as AnyBody;
      const slackUserId = String(b.user?.id ?? '');
      const channel: string | undefined = b.channel?.id;
      const threadTs: string | null = b.message?.thread_ts ?? b.message?.ts ?? null;
      try {
        const ref = decodeRef((action as AnyBody).value);
        if (!ref) throw new AppError('VALIDATION', `bad ${actionId} value`, { userMessage: 'That button is from an unknown message.' });
        const user = await userOrExplain(teamOf(b, context), slackUserId, (t) => (channel ? api.ephemeral(channel, slackUserId, t) : Promise.resolve()));
        if (user) await fn({ b, user, ref, channel, threadTs });
      } catch (e) {
        await sayError(channel, slackUserId, e, threadTs);
      }
    });

  // Project details: a modal with what the invitation will say (owner-scoped read).
  onMapButton(ACTION.details, async ({ b, user, ref, channel }) => {
    await api.openView(String(b.trigger_id), detailsModal(ref.jobId, ref.version, await app.details.get(user.userId, ref.jobId), channel));
  });

  bolt.view(DETAILS_VIEW, async ({ ack, body, view, context }) => {
    const b = body as AnyBody;
    const slackUserId = String(b.user?.id ?? '');
    const meta = parseDetailsMetadata(view.private_metadata);
    const errors = (block: string, text: string) => ack({ response_action: 'errors', errors: { [block]: truncate(text, 150) } });
    if (!meta) return void (await errors('bid_due', 'This form is from an unknown message; close it and use the map again.'));
    let jobRow: JobRow;
    try {
      const r = await people.resolve(teamOf(b, context), slackUserId);
      if (!r.user) return void (await errors('bid_due', People.explain(r).toString()));
      const before = await app.details.get(r.user.userId, meta.jobId);
      const patch = detailsPatchFromModal(view.state.values as AnyBody, before);
      if (Object.keys(patch).length) await app.details.edit(r.user.userId, meta.jobId, patch, 'slack');
      jobRow = await app.repos.jobs.getForUser(r.user.userId, meta.jobId);
    } catch (e) {
      if (!isAppError(e)) log.error({ err: e, jobId: meta.jobId }, 'details from Slack failed');
      // The field the message is about, when it names one; else the due date at the top.
      const field = /zip|postal/i.test(userMessageOf(e)) ? 'zip_code' : /job walk/i.test(userMessageOf(e)) ? 'job_walk' : /RFI/i.test(userMessageOf(e)) ? 'rfi_deadline' : 'bid_due';
      return void (await errors(field, userMessageOf(e)));
    }
    await ack();
    log.info({ jobId: meta.jobId, slackUserId }, 'project details edited from Slack');
    track('rerender after details', publisher.publish(jobRow), meta.jobId);
  });

  // The e-mail a subcontractor will get, in the map's thread, before the red button.
  onMapButton(ACTION.preview, async ({ user, ref, channel, threadTs }) => {
    const p = await previewInvitations({ ...app, logger: log }, user.userId, ref.jobId);
    if (channel) await api.post(channel, { text: truncateText(mrkdwn`Preview of the invitation:\n\`\`\`${formatPreview(p, { maxPreviews: 1 })}\`\`\``, 3900) }, threadTs);
  });

  // "Invite these too" on the coverage board: exactly the contacts the board proposed.
  bolt.action(INVITE_MORE_ACTION, async ({ ack, body, action, context }) => {
    await ack();
    const b = body as AnyBody;
    const a = action as AnyBody;
    if (!(await firstTime(b, a))) return;
    track('invite more', inviteTheseToo(b, context, parseInviteMoreValue(String(a.value ?? ''))));
  });

  async function inviteTheseToo(b: AnyBody, context: { teamId?: string }, value: ReturnType<typeof parseInviteMoreValue>): Promise<void> {
    const slackUserId = String(b.user?.id ?? '');
    const channel = b.channel?.id;
    const threadTs = b.message?.thread_ts ?? null;
    try {
      if (!value) throw new AppError('VALIDATION', 'invite-more without a job', { userMessage: 'That button is from an unknown message.' });
      const user = await userOrExplain(teamOf(b, context), slackUserId, (t) => (channel ? api.ephemeral(channel, slackUserId, t, threadTs) : Promise.resolve()));
      if (!user) return;
      const res = await inviteMore({ ...app, logger: log }, user.userId, value.jobId, { contactIds: value.contactIds, via: 'slack' });
      const job = await app.repos.jobs.getForUser(user.userId, value.jobId);
      const origin = originOf(job);
      const where = origin?.channel || channel;
      if (where) await api.post(where, { text: truncateText(mrkdwn`:heavy_plus_sign: ${formatInviteMore(res)}`, 3000) }, origin?.threadTs ?? threadTs);
      await publisher.publish(job);
      if (res.queued.length) await sendQueued(job);
    } catch (e) {
      await sayError(channel, slackUserId, e, threadTs);
    }
  }

  // The red button.
  bolt.action(ACTION.send, async ({ ack, body, action, context }) => {
    await ack();
    const b = body as AnyBody;
    const a = action as AnyBody;
    if (!(await firstTime(b, a))) return;
    track('send invitations', pressRedButton(b, context, decodeRef(a.value)));
  });

  async function pressRedButton(b: AnyBody, context: { teamId?: string }, ref: MapRef | null): Promise<void> {
    const slackUserId = String(b.user?.id ?? '');
    const channel = b.channel?.id;
    const threadTs = b.message?.thread_ts ?? null;
    try {
      if (!ref) throw new AppError('VALIDATION', 'send without a map reference', { userMessage: 'That button is from an unknown message.' });
      const user = await userOrExplain(teamOf(b, context), slackUserId, (t) => (channel ? api.ephemeral(channel, slackUserId, t, threadTs) : Promise.resolve()));
      if (!user) return;
      const summary = await approveJob({ ...app, logger: log }, user.userId, ref.jobId, { version: ref.version, via: 'slack' });
      const job = await app.repos.jobs.getForUser(user.userId, ref.jobId);
      const origin = originOf(job);
      const where = origin?.channel || channel;
      if (where) await api.post(where, { text: truncateText(mrkdwn`:red_circle: ${formatApproval(summary)}`, 3000) }, origin?.threadTs ?? threadTs);
      await publisher.publish(job);
      await sendQueued(job);
    } catch (e) {
      await sayError(channel, slackUserId, e, threadTs);
      if (isAppError(e) && e.code === 'STALE_VERSION' && ref) {
        const job = await app.repos.jobs.getInternal(ref.jobId);
        const r = await people.resolve(teamOf(b, context), slackUserId);
        if (job && r.user && job.userId === r.user.userId) await publisher.publish(job);
      }
    }
  }

  async function sendQueued(job: JobRow): Promise<void> {
    if (options.sender?.poke) {
      options.sender.poke();
      return;
    }
    const sender = options.sender ?? (app.config.SMTP_URL ? (ownSender ??= new OutreachSender({ ...app, logger: log }, { onJobEmailed: (id) => void rerender(id) })) : undefined);
    if (!sender?.drainOnce) {
      log.warn({ jobId: job.jobId }, 'invitations queued but no sender is configured (SMTP_URL); they go out when the service sender runs');
      return;
    }
    const run = draining.then(() => sender.drainOnce!());
    draining = run.catch((e: unknown) => log.error({ jobId: job.jobId, err: e }, 'sending invitations failed'));
    await run;
    await publisher.publish(job);
  }

  async function rerender(jobId: string): Promise<void> {
    const job = await app.repos.jobs.getInternal(jobId);
    if (job && originOf(job) && (await store.messages(jobId, 'map')).length) await publisher.publish(job);
  }

  // Job updates from elsewhere (a job resumed after a restart, a bounce, outreach): the thread's
  // progress message and the map message follow. Jobs this channel is running itself are shown by
  // runJob; the publisher never posts a map twice (message rows are stored per page).
  const unsubscribe = app.events.on('slack', async (job) => {
    const progress = (await store.messages(job.jobId, 'progress'))[0];
    if (progress && (job.status === 'FAILED' || job.status === 'CONTACT_MAP_READY')) {
      await api.update(progress.channelId, progress.ts, progressMessage({ name: job.name, status: job.status, failureReason: job.failureReason }));
    }
    if (job.contactsMapRef && (job.status === 'CONTACT_MAP_READY' || job.status === 'EMAILED')) await publisher.publish(job);
  });

  // The subs' answers, batched by core (at most one message per 15 minutes per job), in the job's thread.
  const unsubscribeNotices = app.events.onNotice('slack', async (job, notice) => {
    const origin = originOf(job);
    if (!origin) return;
    await api.post(origin.channel, { text: truncateText(mrkdwn`:speech_balloon: *${notice.title}*\n${notice.text}`, 3900) }, origin.threadTs);
  });

  /**
   * Invitation statuses change in the sender and the bounce handler, and a map can be edited from
   * the review page or by e-mail — none of which know about Slack: every little while, look at the
   * map version and invitation statuses of jobs with a map message and re-render those that
   * changed. Only while the service runs (start()).
   */
  const seenStatus = new Map<string, string>();
  let watchTimer: NodeJS.Timeout | undefined;
  let watching: Promise<void> = Promise.resolve();
  const watchStatuses = async (first: boolean) => {
    const rows = await store.mapMessageSignatures();
    for (const r of rows) {
      const before = seenStatus.get(r.jobId);
      seenStatus.set(r.jobId, r.sig);
      if (first || before === r.sig) continue;
      const job = await app.repos.jobs.getInternal(r.jobId);
      if (job) await publisher.publish(job);
    }
  };

  // ---------------------------------------------------------------- options (external selects)
  bolt.options(ACTION.selectExternal, async ({ ack, body, options: payload, context }) => {
    const b = body as AnyBody;
    try {
      const ref = decodeRef((payload as AnyBody).block_id);
      const r = await people.resolve(teamOf(b, context), String(b.user?.id ?? ''));
      if (!ref?.division || !r.user) return void (await ack({ options: [] }));
      const map = await app.maps.current(r.user.userId, ref.jobId);
      const q = String((payload as AnyBody).value ?? '').toLowerCase();
      const trade = map.trades.find((t) => t.division === ref.division);
      const opts = (trade?.candidates ?? [])
        .filter(isSelectable)
        .filter((c) => !q || c.name.toLowerCase().includes(q) || (c.email ?? '').toLowerCase().includes(q))
        .slice(0, LIMITS.optionsPerSelect)
        .map(candidateOption);
      await ack({ options: opts });
    } catch (e) {
      if (isAppError(e)) log.info({ code: e.code }, 'options request refused');
      else log.warn({ err: e }, 'options request failed');
      await ack({ options: [] });
    }
  });

  bolt.options(ACTION.pickContactExternal, async ({ ack, body, options: payload, context }) => {
    const b = body as AnyBody;
    const r = await people.resolve(teamOf(b, context), String(b.user?.id ?? ''));
    if (!r.user) return void (await ack({ options: [] }));
    const q = String((payload as AnyBody).value ?? '').toLowerCase();
    const opts = (await app.addressBook.list(r.user.userId))
      .filter((c) => c.email && !c.unsubscribedAt && !c.emailBadAt && (c.name.toLowerCase().includes(q) || c.email.toLowerCase().includes(q)))
      .slice(0, LIMITS.optionsPerSelect)
      .map((c) => ({ text: { type: 'plain_text' as const, text: truncate(c.name, LIMITS.optionText) }, value: c.contactId, description: { type: 'plain_text' as const, text: truncate(c.email!, LIMITS.optionText) } }));
    await ack({ options: opts });
  });

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
      await watchStatuses(true);
      watchTimer = setInterval(() => {
        watching = watching.then(() => watchStatuses(false)).catch((e: unknown) => log.error({ err: e }, 'invitation status watch failed'));
      }, STATUS_WATCH_MS);
      watchTimer.unref();
      if (socketMode) {
        await bolt.start();
        log.info('Slack Socket Mode connected');
      }
    },
    refresh() {
      const run = watching.then(() => watchStatuses(false));
      watching = run.catch((e: unknown) => log.error({ err: e }, 'invitation status watch failed'));
      return run;
    },
    async idle() {
      for (;;) {
        await receiver?.idle();
        if (tasks.size === 0) break;
        await Promise.allSettled([...tasks]);
      }
      await draining;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      unsubscribeNotices();
      if (watchTimer) clearInterval(watchTimer);
      await watching;
      if (socketMode) await bolt.stop();
      await this.idle();
      await ownSender?.close();
    },
  };
}

function looksInteresting(f: Partial<SlackFile>): boolean {
  if (!f.filetype && !f.mimetype && !f.name) return true; // unknown yet: ask files.info
  return isPlanFile(f) || isContactsFile(f);
}
/** Plans by what Slack says of the file: a PDF, a ZIP, an Outlook item; the bytes decide later. */
function isPlanFile(f: Partial<SlackFile>): boolean {
  return (
    f.filetype === 'pdf' ||
    f.filetype === 'zip' ||
    ['application/pdf', 'application/zip', 'application/x-zip-compressed', 'application/vnd.ms-outlook', 'application/ms-tnef'].includes(f.mimetype ?? '') ||
    /\.(pdf|zip|msg|dat)$/i.test(f.name ?? '')
  );
}

function firstShare(file: SlackFile, channel: string | null): { channel: string; ts: string } | null {
  for (const group of [file.shares?.public, file.shares?.private]) {
    if (!group) continue;
    const entries = Object.entries(group).filter(([ch]) => !channel || ch === channel);
    for (const [ch, list] of entries) {
      const s = list[0];
      if (s) return { channel: ch, ts: s.thread_ts ?? s.ts };
    }
  }
  return null;
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
