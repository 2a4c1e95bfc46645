import { rm } from 'node:fs/promises';
import { isAppError, userMessageOf } from '../../core/errors.js';
import { formatAddendumPlan } from '../../core/addenda/addenda.js';
import type { JobRow } from '../../core/records.js';
import { packageReportLines, type PackageReport, type ReceivedFile, type SkippedItem } from '../../core/documents/index.js';
import { progressMessage, truncate } from './blocks.js';
import { isContactsFile, type SlackContactsImport } from './contacts-import.js';
import { mrkdwn, truncateText, type SlackText } from './mrkdwn.js';
import type { SlackOrigin } from './render.js';
import type { SlackFile } from './slack-api.js';
import { userOrExplain, type ListenerDeps } from './listeners/context.js';
import { stripControlCharacters } from '../../core/text-input.js';

const PROGRESS_MIN_INTERVAL_MS = 1500;

/**
 * Files shared in Slack → jobs: a plan set (one file, or every file of one message) becomes a job
 * whose progress and map go in the file's thread; a PDF in a job's thread is an addendum to it; a
 * contacts file goes to the address book's preview. Each file is claimed once, however many events
 * name it.
 */
export class FileIntake {
  constructor(
    private readonly deps: ListenerDeps,
    private readonly contactsImport: SlackContactsImport,
  ) {}

  async onFile(teamId: string, slackUserId: string, fileId: string, channel: string | null, threadHint: string | null, known?: Partial<SlackFile>): Promise<void> {
    if (known && !looksInteresting(known)) return; // an image or a doc: not ours, no claim
    if (!await this.deps.store.claimFile({ fileId, teamId, slackUserId, channelId: channel, threadTs: threadHint })) {
      this.deps.log.debug({ fileId }, 'file already handled');
      return;
    }
    try {
      await this.handleClaimedFile(teamId, slackUserId, fileId, channel, threadHint);
    } catch (e) {
      // The claim stays (no second job from a later delivery); the person hears what went wrong.
      await this.deps.store.settleFile(fileId, 'rejected', { detail: truncate(userMessageOf(e), 500) });
      this.deps.log.error({ err: e, fileId, code: isAppError(e) ? e.code : undefined }, 'handling a shared Slack file failed');
      if (channel) await this.deps.api.ephemeral(channel, slackUserId, mrkdwn`:warning: I could not process that file: ${userMessageOf(e)}`, threadHint);
    }
  }

  private async handleClaimedFile(teamId: string, slackUserId: string, fileId: string, channel: string | null, threadHint: string | null): Promise<void> {
    const file = await this.deps.api.fileInfo(fileId);
    const share = firstShare(file, channel);
    const where = { channel: channel ?? share?.channel ?? null, threadTs: threadHint ?? share?.ts ?? null };
    await this.deps.store.settleFile(fileId, 'claimed', { channelId: where.channel, threadTs: where.threadTs });
    const kind = isPlanFile(file) ? 'pdf' : isContactsFile(file) ? 'contacts' : null;
    if (!kind) {
      await this.deps.store.settleFile(fileId, 'ignored', { detail: `not a PDF (${file.filetype ?? file.mimetype ?? '?'})` });
      return;
    }
    // In the app's DM a contacts file is always meant for the address book; elsewhere only after the command.
    if (kind === 'contacts' && (!where.channel || (!await this.deps.store.takePending(teamId, slackUserId, 'contacts_import') && !where.channel.startsWith('D')))) {
      await this.deps.store.settleFile(fileId, 'ignored', { detail: 'contacts file outside the DM, without /redbutton contacts import' });
      return;
    }
    const tell = (text: SlackText) => (where.channel ? this.deps.api.ephemeral(where.channel, slackUserId, text, where.threadTs) : Promise.resolve());
    const user = await userOrExplain(this.deps, teamId, slackUserId, tell);
    if (!user) {
      await this.deps.store.settleFile(fileId, 'rejected', { detail: 'slack user not linked' });
      return;
    }
    if (kind === 'contacts') {
      try {
        await this.contactsImport.preview(user.userId, slackUserId, file, { channel: where.channel!, threadTs: where.threadTs });
      } catch (e) {
        await this.deps.store.settleFile(fileId, 'rejected', { detail: truncate(userMessageOf(e), 500) });
        await tell(mrkdwn`:warning: ${userMessageOf(e)}`);
      }
      return;
    }
    // A PDF uploaded in a job's thread is an addendum to that job.
    const threadJob = where.channel && where.threadTs ? await this.deps.app.repos.slackThreads.jobOfThread(teamId, where.channel, where.threadTs) : undefined;
    if (threadJob) return this.addAddendum(user.userId, file, threadJob, where, tell);
    await this.startJob(teamId, slackUserId, user.userId, [file], where);
  }

  /** Read an addendum into its job, say in the thread what changed and who would get a notice; the map's red button sends them. */
  private async addAddendum(userId: string, file: SlackFile, job: JobRow, where: { channel: string | null; threadTs: string | null }, tell: (text: SlackText) => Promise<unknown>): Promise<void> {
    try {
      const info = file.url_private || file.url_private_download ? file : await this.deps.api.fileInfo(file.id);
      const { path, dir } = await this.deps.api.download(info, this.deps.app.config.PDF_MAX_BYTES);
      try {
        const added = await this.deps.app.addenda.receive(userId, job.jobId, { path, name: stripControlCharacters(info.name ?? '') || 'addendum.pdf', receivedVia: 'upload' });
        await this.deps.store.settleFile(file.id, 'job', { jobId: job.jobId });
        const plan = await this.deps.app.addenda.preview(userId, job.jobId, added.addendumId);
        this.deps.log.info({ jobId: job.jobId, fileId: file.id, addendum: added.number }, 'addendum added from Slack');
        if (where.channel) {
          await this.deps.api.post(where.channel, { text: truncateText(mrkdwn`:page_facing_up: ${formatAddendumPlan(plan)}\nPress the red button on the map to send the addendum notices.`, 3900) }, where.threadTs);
        }
        await this.deps.publisher.publish(await this.deps.app.repos.jobs.getForUser(userId, job.jobId));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    } catch (e) {
      await this.deps.store.settleFile(file.id, 'rejected', { detail: truncate(userMessageOf(e), 500) });
      if (!isAppError(e)) this.deps.log.error({ err: e, fileId: file.id }, 'slack addendum intake failed');
      await tell(mrkdwn`:warning: I did not add ${file.name ?? 'that file'} to the job: ${userMessageOf(e)}`);
    }
  }

  /** Several files in one message (or files with a plan link in its text): one package, one job. */
  async onPackageMessage(teamId: string, slackUserId: string, channel: string, threadTs: string, files: SlackFile[], text: string): Promise<void> {
    const mine: SlackFile[] = [];
    for (const f of files) if (f?.id && looksInteresting(f) && (await this.deps.store.claimFile({ fileId: f.id, teamId, slackUserId, channelId: channel, threadTs }))) mine.push(f);
    if (mine.length === 0) return;
    const tell = (t: SlackText) => this.deps.api.ephemeral(channel, slackUserId, t, threadTs);
    const user = await userOrExplain(this.deps, teamId, slackUserId, tell);
    if (!user) {
      for (const f of mine) await this.deps.store.settleFile(f.id, 'rejected', { detail: 'slack user not linked' });
      return;
    }
    // Files uploaded in a job's thread are addenda to that job, one by one.
    const threadJob = await this.deps.app.repos.slackThreads.jobOfThread(teamId, channel, threadTs);
    if (threadJob) {
      for (const f of mine) await this.addAddendum(user.userId, f, threadJob, { channel, threadTs }, tell);
      return;
    }
    await this.startJob(teamId, slackUserId, user.userId, mine, { channel, threadTs }, text);
  }

  /** The files of one Slack message (and its text, for plan links) → one bid package → one job. */
  private async startJob(teamId: string, slackUserId: string, userId: string, files: SlackFile[], where: { channel: string | null; threadTs: string | null }, text = ''): Promise<void> {
    const file = files[0]!;
    const pending = await this.deps.store.takePending(teamId, slackUserId, 'new');
    const name = pending?.value ?? (files.length === 1 && file.title && file.title !== file.name ? file.title : undefined);
    const label = name ?? (file.name ?? 'plans.pdf').replace(/\.pdf$/i, '');
    let progress: { channel: string; ts: string } | null = null;
    if (where.channel) progress = await this.deps.api.post(where.channel, progressMessage({ name: label, status: 'NEW' }), where.threadTs);
    let job: JobRow;
    let report: PackageReport | undefined;
    const dirs: string[] = [];
    try {
      try {
        const received: ReceivedFile[] = [];
        const failed: SkippedItem[] = [];
        for (const f of files) {
          try {
            const info = f.url_private || f.url_private_download ? f : await this.deps.api.fileInfo(f.id);
            const { path, dir } = await this.deps.api.download(info, this.deps.app.config.PDF_MAX_BYTES);
            dirs.push(dir);
            // files.info's name is the uploader's text too: the payload rule (src/core/text-input.ts) applies.
            received.push({ name: stripControlCharacters(info.name ?? '') || 'plans.pdf', path, contentType: info.mimetype, receivedVia: 'upload' });
          } catch (e) {
            if (!isAppError(e) || files.length === 1) throw e;
            failed.push({ name: f.name ?? f.id, reason: e.userMessage });
          }
        }
        const origin: SlackOrigin = { teamId, channel: where.channel ?? '', threadTs: where.threadTs, fileId: file.id, slackUserId };
        // "/redbutton new <name>" before the upload asks for a new job even for a package sent before.
        const result = await this.deps.app.packages.submit({ userId, name, files: received, text, origin: 'slack', originContext: origin, allowDuplicate: name !== undefined });
        result.report.skipped.unshift(...failed);
        report = result.report;
        if (!result.job) throw result.error!;
        job = result.job;
      } finally {
        for (const dir of dirs) await rm(dir, { recursive: true, force: true });
      }
    } catch (e) {
      for (const f of files) await this.deps.store.settleFile(f.id, 'rejected', { detail: truncate(userMessageOf(e), 500) });
      if (!isAppError(e)) this.deps.log.error({ err: e, fileId: file.id }, 'slack file intake failed');
      if (progress) await this.deps.api.update(progress.channel, progress.ts, progressMessage({ name: label, status: 'FAILED', failureReason: [userMessageOf(e), ...(report ? packageReportLines(report) : [])].join('\n') }));
      return;
    }
    for (const f of files.slice(1)) await this.deps.store.settleFile(f.id, 'job', { jobId: job.jobId });
    // Once per package: what was taken and what was not (a single PDF needs no list).
    if (where.channel && report && (files.length > 1 || report.skipped.length || report.loginLinks.length)) {
      await this.deps.api.post(where.channel, { text: mrkdwn`${packageReportLines(report).join('\n')}` }, where.threadTs);
    }
    await this.deps.store.settleFile(file.id, 'job', { jobId: job.jobId });
    if (progress) await this.deps.store.saveMessage({ jobId: job.jobId, kind: 'progress', page: 0, channelId: progress.channel, ts: progress.ts });
    this.deps.log.info({ jobId: job.jobId, fileId: file.id, teamId, slackUserId }, 'job started from Slack');
    try {
      await this.runJob(job);
    } catch (e) {
      this.deps.log.error({ jobId: job.jobId, err: e }, 'running a Slack job failed');
      if (progress) {
        await this.deps.api.update(progress.channel, progress.ts, progressMessage({ name: job.name, status: 'FAILED', failureReason: `${userMessageOf(e)} The job is kept (/redbutton status ${job.jobId}); it resumes when the service restarts.` }));
      }
    }
  }

  private async runJob(job: JobRow): Promise<void> {
    const progress = (await this.deps.store.messages(job.jobId, 'progress'))[0];
    let lastUpdate = 0;
    let chain: Promise<void> = Promise.resolve();
    const show = (msg: ReturnType<typeof progressMessage>, force: boolean) => {
      if (!progress) return;
      const now = Date.now();
      if (!force && now - lastUpdate < PROGRESS_MIN_INTERVAL_MS) return;
      lastUpdate = now;
      chain = chain.then(() => this.deps.api.update(progress.channelId, progress.ts, msg)).catch((e: unknown) => this.deps.log.warn({ jobId: job.jobId, err: e }, 'progress update failed'));
    };
    const final = await this.deps.app.dispatcher.run(job.jobId, {
      onProgress: (e) => show(progressMessage({ name: job.name, status: 'RUNNING', stage: e.stage, done: e.done, total: e.total }), e.done === e.total),
      onTransition: (j) => show(progressMessage({ name: j.name, status: j.status, failureReason: j.failureReason }), true),
    });
    await chain;
    if (!final) return;
    if (final.status === 'CONTACT_MAP_READY') {
      const map = await this.deps.app.maps.current(final.userId, final.jobId);
      if (progress) await this.deps.api.update(progress.channelId, progress.ts, progressMessage({ name: final.name, status: final.status, trades: map.trades.length }));
      await this.deps.publisher.publish(final);
    } else if (progress && final.status === 'FAILED') {
      await this.deps.api.update(progress.channelId, progress.ts, progressMessage({ name: final.name, status: 'FAILED', failureReason: final.failureReason }));
    }
  }
}

/** A file worth claiming: plans or a contacts list by what Slack says of it (or nothing said yet). */
export function looksInteresting(f: Partial<SlackFile>): boolean {
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
