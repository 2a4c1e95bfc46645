import { setTimeout as sleep } from 'node:timers/promises';
import type nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { AppError, isAppError } from '../errors.js';
import { logger as rootLogger, type Logger } from '../log.js';
import type { EmailLogRow } from '../records.js';
import type { SendClaimStage } from '../domain/status.js';
import { sqlTime, type OutreachDeps } from './deps.js';
import { parseMailFrom, requireSmtpUrl, type MailFrom } from './mail-address.js';
import { smtpConnectionOptions } from '../mailauth/smtp-options.js';
import { classifySmtpError, createSmtpPool, providerIdFrom } from './smtp-transport.js';
import { completeJobIfFinal, UNCERTAIN_EXPLANATION } from './sender-recovery.js';
import { claimIsFree, newWorkOwner } from '../domain/work-owner.js';
import { InvitationMessages } from './sender-message.js';

/**
 * Asks the mail system whether a message was really sent (e.g. an IMAP search of the Sent folder
 * by Message-ID). `true`: it was; `false`: it certainly was not; `undefined`: cannot tell.
 */
export interface SentMailLookup {
  wasSent(messageId: string): Promise<boolean | undefined>;
}

/** Points in the life of one send, for tests that crash the process there. */
export interface SenderHooks {
  /** The row is SENDING and claimed; nothing was handed to SMTP yet. */
  afterClaim?(row: EmailLogRow): void | Promise<void>;
  /** The claim says 'submitting'; the SMTP transaction starts right after. */
  beforeSubmit?(row: EmailLogRow): void | Promise<void>;
  /** The server accepted the message; the row is not marked SENT yet. */
  afterSend?(row: EmailLogRow, providerId: string): void | Promise<void>;
}

export interface SenderOptions {
  /** Directory with invitation.txt / invitation.html (default: templates/ in the repository). */
  templatesDir?: string;
  /** Used to reconcile a row found mid-send after a crash; without it such a row becomes UNCERTAIN. */
  sentLookup?: SentMailLookup;
  /** Temporary failures are retried until a row has had this many attempts, then FAILED. Default 5. */
  maxAttempts?: number;
  /** Back-off after the n-th temporary failure: base·2^(n-1) seconds, at most maxBackoffSeconds. */
  backoffSeconds?: number;
  maxBackoffSeconds?: number;
  /** Messages in flight at once (and pooled SMTP connections). Default 4. */
  concurrency?: number;
  /** How long a claim on a row holds before another host may reconcile it. Default 15 minutes. */
  leaseSeconds?: number;
  /** Idle poll interval of `run()` (due retries, rows nobody announced). Default OUTREACH_POLL_SECONDS, else 5 s. */
  pollMs?: number;
  /** Extra nodemailer SMTP options (tls, auth …) merged over the ones from SMTP_URL. */
  smtp?: Partial<SMTPPool.Options>;
  clock?: () => Date;
  hooks?: SenderHooks;
  /** Called once when a job's invitations are all final and the job moved to EMAILED. */
  onJobEmailed?: (jobId: string) => void | Promise<void>;
}

export interface DrainResult {
  sent: number;
  /** Temporary failures put back in the queue with a back-off. */
  retried: number;
  failed: number;
  /** Rows reconciled after a crash, by outcome. */
  reconciled: { requeued: number; sent: number; uncertain: number };
  /** Jobs that moved to EMAILED. */
  jobsEmailed: string[];
}

/**
 * Sends QUEUED invitations, one row at a time per worker: claim (QUEUED → SENDING, conditional,
 * with a claim row naming this process), render, mark the claim 'submitting', hand to SMTP with the
 * Message-ID stored at approval, then SENT with the server's queue id. A row left SENDING by a
 * process that died is reconciled, never blindly re-sent (see `reconcile`).
 */
export class OutreachSender {
  readonly owner = newWorkOwner();
  private readonly log: Logger;
  private readonly from: MailFrom;
  private readonly transporter: nodemailer.Transporter<SMTPPool.SentMessageInfo>;
  private readonly opts: Required<Pick<SenderOptions, 'maxAttempts' | 'backoffSeconds' | 'maxBackoffSeconds' | 'concurrency' | 'leaseSeconds' | 'pollMs'>>;
  private readonly clock: () => Date;
  private readonly messages: InvitationMessages;
  private stopping = false;
  private poked = false;
  private wake: (() => void) | undefined;
  /** The one outstanding `waitForQueuedInvitations`: kept across loop turns, so an announcement it receives is never lost to an abandoned waiter. */
  private waiting: Promise<void> | undefined;
  private running: Promise<void> | undefined;
  private rateForgotten = 0;

  constructor(
    private readonly deps: OutreachDeps,
    private readonly options: SenderOptions = {},
  ) {
    this.log = (deps.logger ?? rootLogger).child({ component: 'outreach-sender' });
    requireSmtpUrl(deps.config.SMTP_URL);
    // SMTP_URL, or its host with XOAUTH2 when MAIL_OAUTH_PROVIDER is set.
    const connection = smtpConnectionOptions(deps.config);
    this.from = parseMailFrom(deps.config.REDBUTTON_MAIL_FROM);
    this.opts = {
      maxAttempts: options.maxAttempts ?? 5,
      backoffSeconds: options.backoffSeconds ?? 60,
      maxBackoffSeconds: options.maxBackoffSeconds ?? 3600,
      concurrency: Math.max(1, options.concurrency ?? 4),
      leaseSeconds: options.leaseSeconds ?? 15 * 60,
      pollMs: options.pollMs ?? (deps.config.OUTREACH_POLL_SECONDS ?? 5) * 1000,
    };
    this.clock = options.clock ?? (() => new Date());
    this.messages = new InvitationMessages(deps, this.from, options.templatesDir, this.clock);
    // The rate (SMTP_RATE_PER_SECOND) is not the pool's rateLimit, which counts one process only: see rateSlot.
    this.transporter = createSmtpPool(connection, this.opts.concurrency, options.smtp);
  }

  /**
   * Reconcile rows left mid-send, then send every due row; returns when nothing is due. With
   * `jobId`, only that job's rows (CLI `approve --send` sends the job just approved, nothing else).
   */
  async drainOnce(opts: { jobId?: string } = {}): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, retried: 0, failed: 0, reconciled: { requeued: 0, sent: 0, uncertain: 0 }, jobsEmailed: [] };
    await this.reconcile(result, opts.jobId);
    let configError: AppError | undefined;
    const worker = async () => {
      while (!this.stopping && !configError) {
        const row = await this.claim(opts.jobId);
        if (!row) return;
        try {
          await this.process(row, result);
        } catch (e) {
          if (isAppError(e) && e.code === 'MAIL_CONFIG') configError = e;
          else throw e;
        }
      }
    };
    await Promise.all(Array.from({ length: this.opts.concurrency }, worker));
    if (configError) throw configError;
    return result;
  }

  /** Keep sending until `stop()`: drain, then wait for the next due row (or a `poke()`). */
  run(): Promise<void> {
    this.running ??= (async () => {
      this.log.info({ owner: this.owner }, 'outreach sender started');
      while (!this.stopping) {
        try {
          await this.drainOnce();
        } catch (e) {
          this.log.error({ err: e, code: isAppError(e) ? e.code : undefined }, 'outreach sender: drain failed; retrying after the poll interval');
        }
        if (this.stopping) break;
        if (this.poked) {
          // New rows arrived while draining: look again at once.
          this.poked = false;
          continue;
        }
        await this.nextWake();
        this.poked = false;
      }
      this.log.info('outreach sender stopped');
    })();
    return this.running;
  }

  /** Until poked (this process queued rows), announced to (another process did, on Postgres) or `pollMs` passed. */
  private async nextWake(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const poked = new Promise<void>((resolve) => (this.wake = resolve));
    const wait = this.deps.waitForQueuedInvitations;
    const waited = wait
      ? (this.waiting ??= wait(this.opts.pollMs)
          .catch((e: unknown) => this.log.warn({ err: e }, 'waiting for queued invitations failed; polling'))
          .finally(() => (this.waiting = undefined)))
      : new Promise<void>((resolve) => (timer = setTimeout(resolve, this.opts.pollMs)));
    await Promise.race([poked, waited]);
    clearTimeout(timer);
    this.wake = undefined;
  }

  /** New rows were queued (approval): look now rather than at the next poll. */
  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  /** Finish the messages in flight, claim no more, close the SMTP pool. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.transporter.close();
  }

  async close(): Promise<void> {
    await this.stop();
  }

  // ------------------------------------------------------------------ claim

  private async claim(jobId?: string): Promise<EmailLogRow | undefined> {
    const now = this.clock();
    return this.deps.repos.sendQueue.claimNext(this.owner, sqlTime(now), sqlTime(new Date(now.getTime() + this.opts.leaseSeconds * 1000)), jobId);
  }

  private async setStage(emailId: string, stage: SendClaimStage): Promise<void> {
    await this.deps.repos.sendQueue.setStage(emailId, this.owner, stage);
  }

  // ------------------------------------------------------------------ one message

  private async process(row: EmailLogRow, result: DrainResult): Promise<void> {
    const log = this.log.child({ jobId: row.jobId, emailId: row.emailId });
    await this.options.hooks?.afterClaim?.(row);
    let message: Mail.Options;
    try {
      const built = await this.messages.build(row);
      if ('skip' in built) {
        await this.finish(row, 'FAILED', { lastError: built.skip });
        result.failed += 1;
        log.warn({ reason: built.skip }, 'invitation not sent');
        await this.maybeComplete(row.jobId, result);
        return;
      }
      message = built.message;
    } catch (e) {
      await this.afterFailure(row, e, result, log);
      return;
    }
    await this.rateSlot();
    await this.setStage(row.emailId, 'submitting');
    await this.options.hooks?.beforeSubmit?.(row);
    let providerId: string;
    try {
      const info = await this.transporter.sendMail(message);
      providerId = providerIdFrom(info.response, info.messageId);
    } catch (e) {
      await this.afterFailure(row, e, result, log);
      return;
    }
    await this.options.hooks?.afterSend?.(row, providerId);
    await this.finish(row, 'SENT', { providerId, sentAt: sqlTime(this.clock()), lastError: null, from: ['SENDING', 'UNCERTAIN'] });
    result.sent += 1;
    log.info({ to: row.toEmail, providerId, attempt: row.attempts, kind: row.kind, occasion: row.occasion || undefined }, `${row.kind} sent`);
    await this.maybeComplete(row.jobId, result);
  }

  /**
   * Waits for one of SMTP_RATE_PER_SECOND's slots in the current second, taken in the database
   * (smtp_rate_slots), so every sending process together stays within the provider's rate.
   */
  private async rateSlot(): Promise<void> {
    const cap = this.deps.config.SMTP_RATE_PER_SECOND;
    if (cap <= 0) return;
    for (;;) {
      const now = Date.now(); // wall time: the provider counts real seconds, whatever the job clock says
      const second = Math.floor(now / 1000);
      if (await this.deps.repos.smtpRate.take(second, cap)) {
        if (second - this.rateForgotten >= 60) {
          this.rateForgotten = second;
          await this.deps.repos.smtpRate.forgetBefore(second - 60);
        }
        return;
      }
      await sleep((second + 1) * 1000 - now);
    }
  }

  private async afterFailure(row: EmailLogRow, e: unknown, result: DrainResult, log: Logger): Promise<void> {
    const c = classifySmtpError(e);
    if (c.kind === 'config') {
      // Not this row's fault: put it back without counting the attempt, and stop the drain.
      await this.finish(row, 'QUEUED', { lastError: c.reason, attempts: Math.max(0, row.attempts - 1) });
      log.error({ err: e }, 'configuration problem; sending stopped, invitations stay queued');
      if (isAppError(e)) throw e;
      throw new AppError('MAIL_CONFIG', `SMTP login refused: ${c.reason}`, {
        cause: e,
        userMessage: `The mail server refused the login in SMTP_URL (${c.reason}). Fix SMTP_URL; the invitations stay queued.`,
      });
    }
    if (c.kind === 'permanent') {
      await this.finish(row, 'FAILED', { lastError: `refused by the mail server: ${c.reason}` });
      result.failed += 1;
      log.warn({ to: row.toEmail, reason: c.reason }, 'invitation refused permanently');
      await this.maybeComplete(row.jobId, result);
      return;
    }
    if (row.attempts >= this.opts.maxAttempts) {
      await this.finish(row, 'FAILED', { lastError: `gave up after ${row.attempts} attempts; last error: ${c.reason}` });
      result.failed += 1;
      log.warn({ to: row.toEmail, attempts: row.attempts, reason: c.reason }, 'invitation failed after retries');
      await this.maybeComplete(row.jobId, result);
      return;
    }
    const delay = Math.min(this.opts.maxBackoffSeconds, this.opts.backoffSeconds * 2 ** (row.attempts - 1));
    const next = new Date(this.clock().getTime() + delay * 1000);
    await this.finish(row, 'QUEUED', { lastError: `temporary failure (attempt ${row.attempts}): ${c.reason}`, nextAttemptAt: sqlTime(next) });
    result.retried += 1;
    log.info({ to: row.toEmail, attempts: row.attempts, retryAt: next.toISOString(), reason: c.reason }, 'temporary failure; will retry');
  }

  /** Move a claimed row out of SENDING and drop the claim, in one transaction. */
  private async finish(
    row: EmailLogRow,
    status: 'SENT' | 'FAILED' | 'QUEUED',
    patch: { providerId?: string; sentAt?: string; lastError?: string | null; nextAttemptAt?: string; attempts?: number; from?: ('SENDING' | 'UNCERTAIN')[] },
  ): Promise<void> {
    const { from = ['SENDING'], ...fields } = patch;
    const changed = await this.deps.repos.sendQueue.finish(row.emailId, this.owner, from, { ...fields, status }, sqlTime(this.clock()));
    if (!changed) this.log.warn({ jobId: row.jobId, emailId: row.emailId, status }, 'row changed under the sender; left as it is');
  }

  // ------------------------------------------------------------------ job completion

  private async maybeComplete(jobId: string, result?: DrainResult): Promise<void> {
    if (!(await completeJobIfFinal(this.deps, jobId))) return;
    result?.jobsEmailed.push(jobId);
    this.log.info({ jobId }, 'all invitations final; job EMAILED');
    await this.options.onJobEmailed?.(jobId);
  }

  // ------------------------------------------------------------------ crash recovery

  /**
   * Rows in SENDING whose claimer is gone (same host and its process is dead, or its lease ran
   * out). 'claimed' rows never reached SMTP: back to the queue. 'submitting' rows may have been
   * sent: ask the SentMailLookup when there is one (true → SENT, false → queue again), otherwise
   * UNCERTAIN, which the user resolves with `resendUncertain` after checking the Sent folder.
   */
  async reconcile(result?: DrainResult, jobId?: string): Promise<DrainResult['reconciled']> {
    const counts = { requeued: 0, sent: 0, uncertain: 0 };
    const now = this.clock();
    const nowText = sqlTime(now);
    const rows = await this.deps.repos.sendQueue.inFlight(jobId);
    const jobsTouched = new Set<string>();
    for (const { row, owner, stage, leaseUntil } of rows) {
      // A claim whose lease ended or whose process is gone (the one rule of core/domain/work-owner.ts).
      if (owner && !claimIsFree({ owner, leaseUntil }, this.owner, now.getTime())) continue;
      const log = this.log.child({ jobId: row.jobId, emailId: row.emailId, deadOwner: owner });
      let outcome: 'requeued' | 'sent' | 'uncertain';
      let note: string;
      if (stage === 'claimed') {
        outcome = 'requeued';
        note = 'requeued: the previous sender stopped before handing it to the mail server';
      } else {
        const seen = await this.lookup(row.messageId, log);
        outcome = seen === true ? 'sent' : seen === false ? 'requeued' : 'uncertain';
        note =
          seen === true
            ? 'found in the Sent folder after the sender stopped mid-send'
            : seen === false
              ? 'requeued: not in the Sent folder after the sender stopped mid-send'
              : UNCERTAIN_EXPLANATION;
      }
      const status = outcome === 'sent' ? 'SENT' : outcome === 'requeued' ? 'QUEUED' : 'UNCERTAIN';
      // Only if nobody reconciled or finished it meanwhile.
      const moved = await this.deps.repos.sendQueue.settleAbandoned(
        row.emailId,
        owner,
        {
          status,
          lastError: note,
          ...(status === 'SENT' ? { sentAt: nowText, providerId: 'reconciled (Sent folder)' } : {}),
          ...(status === 'QUEUED' ? { nextAttemptAt: null } : {}),
        },
        nowText,
      );
      if (!moved) continue;
      counts[outcome] += 1;
      jobsTouched.add(row.jobId);
      log[outcome === 'uncertain' ? 'warn' : 'info']({ stage, outcome }, 'reconciled a row left mid-send');
    }
    for (const jobId of jobsTouched) await this.maybeComplete(jobId, result);
    if (result) result.reconciled = counts;
    return counts;
  }

  private async lookup(messageId: string | null, log: Logger): Promise<boolean | undefined> {
    if (!this.options.sentLookup || !messageId) return undefined;
    try {
      return await this.options.sentLookup.wasSent(messageId);
    } catch (e) {
      log.warn({ err: e, messageId }, 'Sent-folder lookup failed; treating the row as uncertain');
      return undefined;
    }
  }
}

