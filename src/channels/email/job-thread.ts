import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../app.js';
import { isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { InboundOutcome, InboundStore, JobRow, PublicUser } from '../../core/records.js';
import { describeEdit } from '../../core/contacts/map-edits.js';
import { formatApproval, formatCoverage, formatInviteMore, type Outreach } from '../../core/outreach/index.js';
import { formatAddendumPlan } from '../../core/addenda/addenda.js';
import { describeDetailsChange, hasReplyCommand, type ReplyCommands } from './commands.js';
import { paragraphs, howToAnswer, type Body } from './render.js';
import type { InboundMessage } from './classify.js';
import type { MailFile } from './mail-package.js';
import type { Answering } from './handler.js';

export interface JobThreadDeps {
  app: App;
  store: InboundStore;
  outreach: Outreach;
  sendMap(job: JobRow, user: PublicUser, opts: { preface?: string[]; answering?: Answering; notice: string }): Promise<void>;
  afterApproval(jobId: string): void;
  /** Answer in the thread; the Message-ID sent, or undefined when sending failed (logged). */
  answer(user: PublicUser, answering: Answering, jobId: string | undefined, body: Body, log: Logger): Promise<string | undefined>;
}

/**
 * What the job's owner writes in the job's own thread (the reply address carries the job's key,
 * and the sender is verified before this runs): map edits, project details, "approve", coverage
 * and "invite more" after the red button, and addenda. Each answer says what was done, and when
 * nothing was, why.
 */
export class JobThread {
  constructor(private readonly deps: JobThreadDeps) {}

  /** An addendum in the job's thread: read it, answer with what changed and who would get a notice; "approve" sends them. */
  async addendum(user: PublicUser, job: JobRow, pdfs: MailFile[], answering: Answering, parentLog: Logger): Promise<InboundOutcome> {
    const { app } = this.deps;
    const log = parentLog.child({ jobId: job.jobId, userId: user.userId });
    const base = { userId: user.userId, jobId: job.jobId };
    const [pdf, ...rest] = pdfs;
    const dir = await mkdtemp(join(tmpdir(), 'rb-mail-'));
    try {
      const path = join(dir, 'addendum.pdf');
      await writeFile(path, pdf!.content, { mode: 0o600 });
      const added = await app.addenda.receive(user.userId, job.jobId, { path, name: pdf!.fileName, receivedVia: 'attachment' });
      const plan = await app.addenda.preview(user.userId, job.jobId, added.addendumId);
      const lines = [formatAddendumPlan(plan)];
      if (rest.length) lines.push(`I read only the first PDF; send ${rest.map((r) => r.fileName).join(', ')} in separate replies.`);
      lines.push('Reply "approve" to send the addendum notices (and the new trades\' invitations). Nothing goes out before that.');
      const sent = await this.deps.answer(user, answering, job.jobId, paragraphs(lines), log);
      // A reply "approve" to this message approves the map version it shows.
      if (sent && added.mapVersion) await this.deps.store.recordNotice(job.jobId, `map:v${added.mapVersion}:addendum:${added.addendumId}`, sent);
      return { kind: 'reply', outcome: `addendum ${added.number} read: ${added.changes.length} change(s), ${plan.notices.length} notice(s) to approve`, ...base };
    } catch (e) {
      if (!isAppError(e)) throw e;
      log.info({ code: e.code }, 'addendum by e-mail refused');
      await this.deps.answer(user, answering, job.jobId, paragraphs([`I did not add ${pdf!.fileName} to the job: ${e.userMessage}`]), log);
      return { kind: 'reply', outcome: `addendum refused (${e.code})`, ...base };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async reply(user: PublicUser, job: JobRow, cmds: ReplyCommands, answering: Answering, msg: InboundMessage, parentLog: Logger): Promise<InboundOutcome> {
    const { app } = this.deps;
    const log = parentLog.child({ jobId: job.jobId, userId: user.userId });
    const base = { userId: user.userId, jobId: job.jobId };
    const hasCommand = hasReplyCommand(cmds);
    if (!hasCommand) {
      await this.deps.answer(user, answering, job.jobId, paragraphs([
        cmds.unknown.length ? `I did not understand: ${cmds.unknown.slice(0, 5).map((u) => `"${u}"`).join(', ')}. Nothing was changed.` : 'I found no command in your reply. Nothing was changed.',
        howToAnswer().join('\n'),
      ]), log);
      return { kind: 'reply', outcome: 'no command understood', ...base };
    }
    if (job.status === 'FAILED') {
      await this.deps.answer(user, answering, job.jobId, paragraphs([`This job failed: ${job.failureReason ?? 'unknown reason'}. Nothing was changed.`, 'Forward the plans again (e.g. a re-saved or smaller PDF) to start a new job.']), log);
      return { kind: 'reply', outcome: 'job failed: nothing done', ...base };
    }
    if (job.status !== 'CONTACT_MAP_READY' && job.status !== 'EMAILED') {
      await this.deps.answer(user, answering, job.jobId, paragraphs([`The contacts map is not ready yet (the job is at ${job.status}). Nothing was changed; I will send the map in this thread when it is ready.`]), log);
      return { kind: 'reply', outcome: `job at ${job.status}: nothing done`, ...base };
    }

    const notes: string[] = [];
    let version: number | undefined;
    if (cmds.edits.length > 0) {
      try {
        const next = await app.maps.edit(user.userId, job.jobId, cmds.edits, { via: 'email' });
        version = next.version;
        notes.push(`Saved version ${next.version}: ${cmds.edits.map(describeEdit).join('; ')}.`);
        log.info({ version: next.version, edits: cmds.edits.length }, 'map edited by e-mail');
      } catch (e) {
        if (!isAppError(e)) throw e;
        log.info({ code: e.code }, 'edit by e-mail refused');
        const msg = [`Nothing was changed: ${e.userMessage}`];
        if (cmds.approve) msg.push('The approval in the same e-mail was not carried out either, so nothing was sent. Fix the line and send "approve" again.');
        await this.deps.answer(user, answering, job.jobId, paragraphs(msg), log);
        return { kind: 'reply', outcome: `edit refused (${e.code})`, ...base };
      }
    }
    if (Object.keys(cmds.details).length > 0) {
      try {
        const d = await app.details.edit(user.userId, job.jobId, cmds.details, 'email');
        notes.push(`Saved the project details: ${describeDetailsChange(cmds.details, d)}.`);
      } catch (e) {
        if (!isAppError(e)) throw e;
        await this.deps.answer(user, answering, job.jobId, paragraphs([...notes, `Project details not changed: ${e.userMessage}`, ...(cmds.approve ? ['Nothing was approved or sent.'] : [])]), log);
        return { kind: 'reply', outcome: `details refused (${e.code})`, ...base };
      }
    }
    if (cmds.unknown.length) notes.push(`I ignored these lines: ${cmds.unknown.slice(0, 5).map((u) => `"${u}"`).join(', ')}.`);

    if (cmds.approve) {
      // A line we did not understand that sounds like a condition or a change blocks approval.
      const risky = cmds.unknown.filter((u) => /\b(?:do\s*not|don'?t|not yet|except|but|without|remove|add|drop|select|invite|uninvite|wait|hold|stop|cancel|instead|only)\b/i.test(u));
      if (risky.length) {
        await this.deps.answer(user, answering, job.jobId, paragraphs([
          ...(version ? [notes[0]!] : []),
          `I did not approve: I did not understand ${risky.map((r) => `"${r}"`).join(', ')}, and it may change what should be sent. Nothing was sent. Reply with the change in the form shown below, then "approve".`,
          howToAnswer().join('\n'),
        ]), log);
        return { kind: 'reply', outcome: 'approval withheld: unclear lines', ...base };
      }
      // The version the user looked at: the map e-mail this answers (In-Reply-To, then References).
      const threadIds = [msg.parsed.inReplyTo, ...[...answering.references].reverse()].filter((x): x is string => Boolean(x));
      const threadVersion = await this.deps.store.versionShownIn(job.jobId, threadIds);
      const approveVersion = cmds.approveVersion ?? version ?? threadVersion ?? (await app.maps.current(user.userId, job.jobId)).version;
      try {
        const summary = await this.deps.outreach.approve(user.userId, job.jobId, { version: approveVersion, via: 'email' });
        log.info({ version: approveVersion, queued: summary.queued }, 'approved by e-mail');
        this.deps.afterApproval(job.jobId);
        await this.deps.answer(user, answering, job.jobId, paragraphs([...notes, formatApproval(summary), 'The invitations are on their way; bounces and answers will be tracked on the job.']), log);
        return { kind: 'reply', outcome: `approved version ${approveVersion}: ${summary.queued} invitation(s) queued`, ...base };
      } catch (e) {
        if (!isAppError(e)) throw e;
        log.info({ code: e.code }, 'approval by e-mail refused');
        await this.deps.answer(user, answering, job.jobId, paragraphs([...notes, `Not approved: ${e.userMessage}`]), log);
        return { kind: 'reply', outcome: `approval refused (${e.code})`, ...base };
      }
    }

    // After the red button the thread's answer is the job's bid coverage ("status", "invite more",
    // a new target or reminders), never the map again.
    if (await app.maps.invitationsQueued(job.jobId)) {
      if (cmds.inviteMore) {
        try {
          const res = await this.deps.outreach.inviteMore(user.userId, job.jobId, { via: 'email' });
          notes.push(formatInviteMore(res));
          if (res.queued.length) this.deps.afterApproval(job.jobId);
          log.info({ queued: res.queued.length }, 'invite more by e-mail');
        } catch (e) {
          if (!isAppError(e)) throw e;
          notes.push(`Nobody more invited: ${e.userMessage}`);
        }
      }
      const coverage = await this.deps.outreach.coverage(user.userId, job.jobId);
      await this.deps.answer(user, answering, job.jobId, paragraphs([...notes, formatCoverage(coverage, { inviteHint: 'To invite them, reply "invite more".' }), 'Reply "target: 4" or "reminders: 3,1" (or "off") to change the target or the reminders.']), log);
      return { kind: 'reply', outcome: cmds.inviteMore ? 'invite more: coverage sent' : 'coverage sent', ...base };
    }
    if (cmds.inviteMore) notes.push('"invite more" works once the invitations have gone out; this map is not approved yet.');

    // Edits (and/or "map"): answer with the map as it is now.
    const fresh = await app.repos.jobs.getInternal(job.jobId) ?? job;
    const current = version ?? (await app.maps.current(user.userId, job.jobId)).version;
    try {
      await this.deps.sendMap(fresh, user, { preface: notes, answering, notice: `${cmds.edits.length ? 'map' : 'show'}:v${current}:${answering.messageId ?? Date.now()}` });
    } catch (e) {
      // The edit is committed; only the answer is missing (the map can be asked for again).
      log.error({ err: e }, 'map reply not sent');
    }
    return { kind: 'reply', outcome: cmds.edits.length ? `edited: now version ${current}` : `map v${current} sent again`, ...base };
  }
}
