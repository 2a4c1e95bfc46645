import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../app.js';
import { isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { JobRow, PublicUser } from '../../core/records.js';
import type { Outreach } from '../../core/outreach/index.js';
import { trustedSenderVerdict, type HeaderLine } from './auth-results.js';
import { ReplyPolicy } from './reply-policy.js';
import { replySubject, type ChannelMailer } from './mailer.js';
import { findReplyKey, replyAddress, replyKey } from './reply-key.js';
import { paragraphs, type Body } from './render.js';
import { importContactsFromMail } from './contacts-import.js';
import { packageReportLines, type ReceivedFile } from '../../core/documents/index.js';
import type { InboundOutcome, InboundStore } from '../../core/records.js';
import type { EmailThread } from './thread.js';
import { classifyEnvelope, classifyRequest, readInbound, type InboundMessage } from './classify.js';
import { collectPackage, type MailPackage } from './mail-package.js';
import { JobThread } from './job-thread.js';

export interface HandlerLimits {
  /** Depth of forwarded messages (message/rfc822) searched for PDFs. */
  maxForwardDepth: number;
}

export interface HandlerDeps {
  app: App;
  store: InboundStore;
  mailer: ChannelMailer;
  outreach: Outreach;
  log: Logger;
  limits: HandlerLimits;
  /** Start the pipeline for a new job (in the background). */
  startJob(jobId: string): void;
  /** Send one polite note a day to a stranger who writes (default true). */
  strangerNotes?: boolean;
  /** Send the contacts map in the job's thread (shared with the job-event listener). */
  sendMap(job: JobRow, user: PublicUser, opts: { preface?: string[]; answering?: Answering; notice: string }): Promise<void>;
  /** Invitations were queued: get them sent. */
  afterApproval(jobId: string): void;
}

/** The message being answered: where the reply goes and how it threads. */
export interface Answering {
  messageId: string | null;
  references: string[];
  subject: string;
}

const RETURNED_MAIL_MAX_BYTES = 10_000_000;

/**
 * Routing: classify.ts says what one inbound message is; this does what it asks, through core
 * (what the owner writes in a job's own thread is job-thread.ts):
 * new plans → a job; a reply with the job's key → edits, approval or coverage; an addendum; a
 * contacts file → the address book; a bounce or a sub's answer → outreach; automatic mail →
 * nothing; strangers → logged (and one polite note a day). Returns the outcome to record. The
 * effect is committed before this returns, and the message is moved only after that (by the caller).
 */
export class InboundHandler {
  private readonly replies: ReplyPolicy;
  private readonly thread: JobThread;

  constructor(private readonly deps: HandlerDeps) {
    this.replies = new ReplyPolicy(deps.app.config, deps.app.repos.replyBudget);
    this.thread = new JobThread({ ...deps, answer: (user, answering, jobId, body, log) => this.reply(user, answering, jobId, body, log) });
  }

  async handle(raw: Buffer, messageKey: string): Promise<InboundOutcome> {
    const msg = await readInbound(raw);
    const log = this.deps.log.child({ messageKey, from: msg.from });
    const { app } = this.deps;

    const envelope = classifyEnvelope(msg, { sender: this.deps.mailer.from.address, inbound: app.config.REDBUTTON_INBOUND_ADDRESS });
    if (envelope.kind === 'loop') return { kind: 'auto_reply', outcome: 'sent by Red Button itself (loop): ignored' };
    const returned = await this.returnedMail(raw, log);
    if (returned) return returned;
    if (envelope.kind === 'bounce') return { kind: 'bounce', outcome: 'bounce the analyzer could not read: left for a person' };
    if (envelope.kind === 'automatic') {
      log.info({ reason: envelope.reason }, 'automatic message ignored');
      return { kind: 'auto_reply', outcome: `automatic message (${envelope.reason}): ignored` };
    }
    if (envelope.kind === 'no_from') return { kind: 'other', outcome: 'no From address: ignored' };
    const from = envelope.from;
    const answer = await this.deps.outreach.recordEmailAnswer({
      from,
      subject: msg.subject,
      text: msg.visibleText,
      recipients: msg.recipients,
      inReplyTo: msg.parsed.inReplyTo ?? null,
      references: msg.references,
    });
    // Recorded on the invitation, never answered; anything else in it reached the estimator directly.
    if (answer) return { kind: 'answer', outcome: answer.note, jobId: answer.jobId ?? null };

    const answering: Answering = { messageId: msg.parsed.messageId ?? null, references: msg.references, subject: msg.subject };
    const user = await app.repos.users.findActiveByEmail(from);
    if (!user) {
      log.info('message from a stranger: no job');
      const noted = await this.noteStranger(from, answering, msg.headers, log);
      return { kind: 'stranger', outcome: `sender is not a Red Button user${noted ? ' (one note sent today)' : ''}` };
    }

    const trusted = app.config.EMAIL_TRUSTED_AUTHSERV_ID;
    if (trusted) {
      const verdict = trustedSenderVerdict(msg.headers, trusted, from);
      if (!verdict.pass) {
        log.warn({ detail: verdict.detail, userId: user.userId }, 'sender failed authentication: nothing done');
        const may = await this.replies.decide({ headers: msg.headers, from: user.email, isUser: true, claimPerSender: () => this.deps.store.claimSenderNote(`unverified:${user.email}`) });
        if (may.allowed) {
          await this.reply(user, answering, undefined, paragraphs([
            `A message that claims to be from ${user.email} ("${answering.subject}") could not be verified: ${verdict.detail}.`,
            'Nothing was done with it. If you sent it, send it again from your usual mail account (the one whose mail passes DMARC), not through a forwarding service or a different server.',
          ]), log);
        }
        return { kind: 'unverified', outcome: `authentication failed (${verdict.detail}): nothing done`, userId: user.userId };
      }
    }

    const key = findReplyKey(app.secret, app.config.REDBUTTON_INBOUND_ADDRESS, msg.recipients);
    const keyed = key ? ((await app.repos.jobs.getInternal(key.jobId)) ?? null) : undefined;
    const incoming = await collectPackage(msg.parsed, this.deps.limits.maxForwardDepth);
    const request = classifyRequest(msg, { userId: user.userId, keyed, incoming });
    switch (request.kind) {
      case 'deleted_job':
        await this.reply(user, answering, undefined, paragraphs(['The job this e-mail answers no longer exists, so nothing was changed. Forward the plans again to start a new one.']), log);
        return { kind: 'reply', outcome: 'reply to a deleted job: nothing done', userId: user.userId };
      case 'foreign_job':
        log.warn({ jobId: request.job.jobId, userId: user.userId }, "reply to another user's job refused");
        await this.reply(user, answering, undefined, paragraphs([
          'This e-mail was sent to the reply address of a job that is not yours, so nothing was changed and nothing was sent.',
          'Only the estimator who started a job can edit or approve it. Reply from the address that forwarded the plans, or forward the plans yourself to start your own job.',
        ]), log);
        return { kind: 'foreign', outcome: "reply key of another user's job: refused", userId: user.userId };
      case 'reply':
        return this.thread.reply(user, request.job, request.commands, answering, msg, log);
      case 'addendum':
        return this.thread.addendum(user, request.job, request.files, answering, log);
      case 'contacts': {
        const done = await importContactsFromMail(app, user.userId, request.files, answering.subject, log);
        await this.reply(user, answering, undefined, done.body, log);
        return { kind: 'contacts', outcome: done.outcome, userId: user.userId };
      }
      case 'plans':
        return this.handlePlans(user, msg, incoming, messageKey, answering, log);
      case 'command_without_key':
        log.warn({ userId: user.userId }, 'command without a reply key refused');
        await this.reply(user, answering, undefined, paragraphs([
          'I cannot tell which job this is for: the address it was sent to has no job key, so nothing was changed and nothing was sent.',
          'To edit or approve a contacts map, use "Reply" on the e-mail that carries the map (its reply address names the job).',
        ]), log);
        return { kind: 'no_key', outcome: 'edit/approve without a reply key: refused', userId: user.userId };
      case 'no_plans':
        await this.reply(user, answering, undefined, paragraphs([
          `I found no PDF in your message "${answering.subject}".`,
          'Forward the architect\'s e-mail with the plan set attached as a PDF (a forwarded message with the PDF inside works too), and I will reply with the trades and the subcontractors to invite.',
        ]), log);
        return { kind: 'no_pdf', outcome: 'no PDF attached: told the sender', userId: user.userId };
    }
  }

  /** A message too large to download: say so to a known sender, ignore anyone else. */
  async handleTooLarge(from: string | undefined, answering: Answering, size: number, limit: number): Promise<InboundOutcome> {
    const user = from ? await this.deps.app.repos.users.findActiveByEmail(from) : undefined;
    if (!user) return { kind: 'too_large', outcome: `message of ${size} bytes from a stranger: ignored` };
    await this.reply(user, answering, undefined, paragraphs([
      `Your message "${answering.subject}" is ${(size / 1e6).toFixed(1)} MB; I accept messages up to ${(limit / 1e6).toFixed(0)} MB, so I did not read it.`,
      'Split the plan set (e.g. by discipline) and send the parts in separate e-mails, or upload it on the web.',
    ]), this.deps.log);
    return { kind: 'too_large', outcome: `message of ${size} bytes over the ${limit}-byte limit: told the sender`, userId: user.userId };
  }

  /**
   * Everything in one e-mail — attachments, forwarded messages, archives, Outlook items, plan
   * links — is one bid package: one job, one note listing what was taken and what was not.
   */
  private async handlePlans(user: PublicUser, msg: InboundMessage, incoming: MailPackage, messageKey: string, answering: Answering, log: Logger): Promise<InboundOutcome> {
    const { app } = this.deps;
    const zip = /\bzip(?:\s*code)?\s*[:#]?\s*(\d{5})\b/i.exec(msg.visibleText)?.[1] ?? null;
    // A poller that died after creating the job (before recording the outcome): reuse it.
    const existing = await this.deps.store.jobsFromMessage(messageKey);
    let job: JobRow | null = null;
    const lines: string[] = [];
    if (existing.length > 0) {
      job = await app.repos.jobs.getInternal(existing[0]!) ?? null;
      log.warn({ jobs: existing }, 'job already created from this message: resuming it');
      if (job) lines.push(`Got your bid package (${job.pdfFileName ?? 'plans.pdf'}${existing.length > 1 ? ' …' : ''}). I will reply in this thread with the trades found and the subcontractors to invite.`);
    } else {
      const dir = await mkdtemp(join(tmpdir(), 'rb-mail-'));
      try {
        const files: ReceivedFile[] = [];
        for (const [i, f] of incoming.files.entries()) {
          const path = join(dir, String(i));
          await writeFile(path, f.content, { mode: 0o600 });
          files.push({ name: f.fileName, path, contentType: f.contentType, receivedVia: 'attachment' });
        }
        const firstName = incoming.files.find((f) => f.candidate)?.fileName ?? 'plans.pdf';
        const thread: EmailThread = { channel: 'email', messageKey, messageId: answering.messageId, references: answering.references, subject: answering.subject, fileName: firstName, part: 1, parts: 1 };
        const result = await app.packages.submit({
          userId: user.userId,
          name: jobName(answering.subject, firstName, 1),
          files,
          text: incoming.text,
          zipCode: zip,
          origin: 'email',
          originContext: thread,
          // The same package again offers the existing job, unless the estimator asks for a new one.
          allowDuplicate: /\bnew job\b/i.test(`${answering.subject}\n${msg.visibleText}`),
        });
        job = result.job;
        const report = packageReportLines(result.report);
        if (job) {
          lines.push(report.join('\n'), 'I will reply in this thread with the trades found and the subcontractors to invite, for the whole package.');
          if (!zip) lines.push('Your message gives no zip code, so the project\'s location (for the distance to each subcontractor) comes from the documents; to set it yourself, reply with "zip: 12345".');
        } else {
          log.info({ code: result.error?.code }, 'package refused at intake');
          lines.push(result.error?.userMessage ?? 'No PDF could be used.', ...(report.length ? [report.join('\n')] : []));
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    if (job && !await this.deps.store.claimNotice(job.jobId, 'started')) {
      log.info({ jobId: job.jobId }, 'start notice already sent');
    } else {
      const sent = await this.reply(user, answering, job?.jobId, paragraphs(lines), log);
      if (job && sent) await this.deps.store.recordNotice(job.jobId, 'started', sent);
    }
    if (!job) return { kind: 'plans', outcome: `no job: ${lines.join(' ')}`.slice(0, 900), userId: user.userId };
    this.deps.startJob(job.jobId);
    log.info({ jobId: job.jobId, userId: user.userId }, 'job started from e-mail');
    return { kind: 'plans', outcome: 'started 1 job', userId: user.userId, jobId: job.jobId };
  }

  /** A bounce, auto-reply or complaint (any server's format): recorded by outreach, never answered. */
  private async returnedMail(raw: Buffer, log: Logger): Promise<InboundOutcome | undefined> {
    // Bounces are small; a large message (plans) is not one and is not sent to the analyzer.
    if (raw.length > RETURNED_MAIL_MAX_BYTES) return undefined;
    try {
      const result = await this.deps.outreach.handleBounce(raw);
      if (!result.kind) return undefined;
      log.info({ kind: result.kind, matched: result.matched, jobId: result.jobId, note: result.note }, 'returned mail handled');
      return { kind: result.kind, outcome: `${result.kind.replace('_', '-')}: ${result.note}`, jobId: result.jobId ?? null };
    } catch (e) {
      if (!isAppError(e)) throw e;
      log.error({ code: e.code, err: e.message }, 'bounce analyzer failed; message handled as ordinary mail');
      return undefined;
    }
  }

  private async noteStranger(from: string, answering: Answering, headers: HeaderLine[], log: Logger): Promise<boolean> {
    if (this.deps.strangerNotes === false) return false;
    const may = await this.replies.decide({ headers, from, isUser: false, claimPerSender: () => this.deps.store.claimSenderNote(from) });
    if (!may.allowed) {
      log.info({ reason: may.reason }, 'no note to the stranger');
      return false;
    }
    try {
      await this.deps.mailer.send({
        to: from,
        subject: replySubject(answering.subject),
        inReplyTo: answering.messageId,
        references: answering.references,
        body: paragraphs([
          'Thanks for your message. This mailbox is read by Red Button, a tool that the estimators of this company use to send out bid invitations; it only acts on mail from its users, so your message was not processed.',
          'If you meant to reach an estimator, please write to them directly.',
        ]),
      });
      return true;
    } catch (e) {
      this.deps.log.warn({ err: e }, 'note to stranger not sent');
      return false;
    }
  }

  /** Answer in the thread; returns the Message-ID sent, or undefined when sending failed (logged). */
  private async reply(user: PublicUser, answering: Answering, jobId: string | undefined, body: Body, log: Logger): Promise<string | undefined> {
    const inbound = this.deps.app.config.REDBUTTON_INBOUND_ADDRESS;
    try {
      return await this.deps.mailer.send({
        to: user.email,
        subject: replySubject(answering.subject),
        inReplyTo: answering.messageId,
        references: answering.references,
        replyTo: inbound ? (jobId ? replyAddress(inbound, replyKey(this.deps.app.secret, jobId)) : inbound) : undefined,
        body,
        jobId,
      });
    } catch (e) {
      log.error({ err: e, jobId }, 'reply not sent');
      return undefined;
    }
  }

}

/** "Fwd: Riverside Clinic – bid set" → "Riverside Clinic – bid set"; several PDFs add the file name. */
export function jobName(subject: string, fileName: string, parts: number): string | undefined {
  const s = subject.replace(/^(?:\s*(?:re|fw|fwd|aw|wg|tr)\s*(?:\[\d+\])?\s*:\s*)+/i, '').trim();
  const file = fileName.replace(/\.pdf$/i, '');
  if (!s) return file;
  return parts > 1 ? `${s} – ${file}` : s;
}

