/**
 * Outreach: the red button and what follows it. Approval queues one invitation per selected
 * contact (email_logs, QUEUED); the sender hands them to SMTP exactly once (SENDING → SENT |
 * FAILED, crash-safe: see sender.ts); bounces move rows to BOUNCED (hard ones mark the address
 * bad), complaints and List-Unsubscribe mark contacts, e-mailed answers are recorded.
 */
import type { OutreachDeps } from './deps.js';
import { approveJob, type ApproveOptions, type ApprovalSummary } from './approve.js';
import { OutreachSender, type SenderOptions } from './sender.js';
import { resendUncertain } from './sender-recovery.js';
import { handleReturnedMail, type BounceResult } from './returned-mail.js';
import { recordEmailAnswer, type EmailAnswerInput, type EmailAnswerResult } from './email-answers.js';
import { unsubscribe, type UnsubscribeResult } from './unsubscribe.js';
import { outreachReport, type OutreachReport } from './report.js';
import type { EmailLogRow, JobRow } from '../records.js';
import type { JobNotice } from '../pipeline/events.js';
import { recordBidResponse, type BidResponseResult } from './respond.js';
import type { BidAnswer } from './links.js';
import { bidCoverage, type BidCoverage } from './coverage.js';
import { inviteMore, type InviteMoreOptions, type InviteMoreResult } from './invite-more.js';
import { afterAnswer } from './answer-notices.js';
import { OutreachScheduler, type SchedulerOptions } from './scheduler.js';

export type { OutreachDeps, OutreachConfig, MapReader } from './deps.js';
export { approveJob, formatApproval, describeSkip } from './approve.js';
export type { ApprovalSummary, ApproveOptions, SkippedContact, SkipReason, QueuedInvitation } from './approve.js';
export { OutreachSender } from './sender.js';
export { resendUncertain, completeJobIfFinal, UNCERTAIN_EXPLANATION } from './sender-recovery.js';
export { classifySmtpError, providerIdFrom } from './smtp-transport.js';
export type { SentMailLookup, SenderHooks, SenderOptions, DrainResult } from './sender.js';
export { handleReturnedMail, handleReturnedMail as handleBounce, SOFT_BOUNCE_FLAG } from './returned-mail.js';
export type { BounceResult, ReturnedKind, ReturnedMailOptions } from './returned-mail.js';
export { analyzeBounce, analyzeBounces, BOUNCE_ANALYZER_SCRIPT } from './bounce-analyzer.js';
export type { AnalyzedRecipient, BounceAnalyzerOptions } from './bounce-analyzer.js';
export { classifyRecipient, describeFailure, messageShape, reasonGroup, REASON_GROUPS } from './bounce-classify.js';
export type { DeliveryVerdict, ReasonGroup, Classified, MessageShape } from './bounce-classify.js';
export { findInvitation, messageIdsIn, returnedContent } from './invitation-match.js';
export type { InvitationMatch, MatchedBy, ReturnedContent } from './invitation-match.js';
export { recordEmailAnswer, answerInReply } from './email-answers.js';
export type { EmailAnswer, EmailAnswerInput, EmailAnswerResult } from './email-answers.js';
export { unsubscribe } from './unsubscribe.js';
export { recordBidResponse, type BidResponseResult } from './respond.js';
export type { UnsubscribeResult } from './unsubscribe.js';
export { outreachReport, formatOutreachReport } from './report.js';
export type { OutreachReport, OutreachReportRow } from './report.js';
export { loadInvitationTemplates, renderInvitation, invitationView, formatDue, DEFAULT_TEMPLATES_DIR } from './invitation.js';
export type { InvitationTemplates, InvitationInput, RenderedInvitation } from './invitation.js';
export * from './links.js';
export { parseMailFrom } from './mail-address.js';

/** Outreach bound to an app: what channels (CLI, HTTP, Slack, e-mail) call. */
export interface Outreach {
  approve(userId: string, jobId: string, opts: ApproveOptions): Promise<ApprovalSummary>;
  report(userId: string, jobId: string): Promise<OutreachReport>;
  resendUncertain(userId: string, jobId: string, emailId: string): Promise<EmailLogRow>;
  unsubscribe(token: string): Promise<UnsubscribeResult>;
  /** A bounce, auto-reply or complaint report (any mail server's format); never answered. */
  handleBounce(rawMessage: Buffer): Promise<BounceResult>;
  /** A subcontractor's e-mail answer to an invitation (unsubscribe, will bid, won't bid); never answered. */
  recordEmailAnswer(input: EmailAnswerInput): Promise<EmailAnswerResult | undefined>;
  /** "Will bid / won't bid" from an invitation's signed link, with the sub's note. */
  answer(token: string, answer: BidAnswer, note?: string | null): Promise<BidResponseResult>;
  /** Bid coverage per trade (owner only): every channel renders this one view model. */
  coverage(userId: string, jobId: string): Promise<BidCoverage>;
  /** "Invite these too": the proposed next best contacts of trades under target. */
  inviteMore(userId: string, jobId: string, opts?: InviteMoreOptions): Promise<InviteMoreResult>;
  /** The reminders and answer-notices clock (`redbutton serve` starts it). */
  scheduler(opts?: Omit<SchedulerOptions, 'onQueued'>): OutreachScheduler;
  /** The sender, created on first use (needs SMTP_URL and REDBUTTON_MAIL_FROM). */
  sender(): OutreachSender;
  close(): Promise<void>;
}

/** Job updates for the channel a job came from (the App's JobEvents satisfies it). */
export interface JobUpdates {
  emit(job: JobRow): Promise<void>;
  /** Messages for the job's owner in its channel (JobEvents); without them answers are only shown, not told. */
  notify?(job: JobRow, notice: JobNotice): Promise<number>;
  listens?(origin: JobRow['origin']): boolean;
}

export function createOutreach(app: OutreachDeps & { events?: JobUpdates }, senderOptions: SenderOptions = {}): Outreach {
  let sender: OutreachSender | undefined;
  // Tell the job's channel (Slack message, e-mail thread) when its invitations change state.
  const announce = async (jobId: string | undefined) => {
    const job = jobId ? await app.repos.jobs.getInternal(jobId) : undefined;
    if (job && app.events) await app.events.emit(job);
  };
  const answered = (jobId: string | undefined) => afterAnswer(app, jobId);
  // Rows were queued: this process's sender looks at once, and other processes' senders are told (NOTIFY on Postgres).
  const queued = async () => {
    sender?.poke();
    await app.repos.sendQueue.announceQueued();
  };
  const options: SenderOptions = {
    ...senderOptions,
    onJobEmailed: async (jobId) => {
      await senderOptions.onJobEmailed?.(jobId);
      await announce(jobId);
    },
  };
  return {
    approve: async (userId, jobId, opts) => {
      const summary = await approveJob(app, userId, jobId, opts);
      await queued();
      return summary;
    },
    report: (userId, jobId) => outreachReport(app, userId, jobId),
    resendUncertain: async (userId, jobId, emailId) => {
      const row = await resendUncertain(app, userId, jobId, emailId);
      await queued();
      return row;
    },
    unsubscribe: (token) => unsubscribe(app, token),
    handleBounce: async (raw) => {
      const result = await handleReturnedMail(app, raw);
      if (result.matched) await announce(result.jobId);
      return result;
    },
    recordEmailAnswer: async (input) => {
      const result = await recordEmailAnswer(app, input);
      if (result?.recorded) await answered(result.jobId);
      return result;
    },
    answer: async (token, answer, note) => {
      const result = await recordBidResponse(app, token, answer, note);
      await answered(result.jobId);
      return result;
    },
    coverage: (userId, jobId) => bidCoverage(app, userId, jobId),
    inviteMore: async (userId, jobId, opts) => {
      const result = await inviteMore(app, userId, jobId, opts);
      if (result.queued.length) {
        await queued();
        await announce(jobId);
      }
      return result;
    },
    scheduler: (opts) => {
      const ev = app.events;
      const events = ev?.notify && ev.listens ? { notify: ev.notify.bind(ev), listens: ev.listens.bind(ev) } : { notify: async () => 0, listens: () => false };
      return new OutreachScheduler({ config: app.config, repos: app.repos, events, logger: app.logger }, { ...opts, onQueued: queued });
    },
    sender: () => (sender ??= new OutreachSender(app, options)),
    close: async () => {
      await sender?.close();
      sender = undefined;
    },
  };
}
export { previewInvitations, formatPreview } from './preview.js';
export { bidCoverage, formatCoverage, describeState, describeReminderDays } from './coverage.js';
export type { BidCoverage, TradeCoverage, CoverageInvitee, CoverageSuggestion, InviteeState, ReminderPlanEntry } from './coverage.js';
export { inviteMore, formatInviteMore } from './invite-more.js';
export type { InviteMoreOptions, InviteMoreResult } from './invite-more.js';
export { jobLife, jobLives } from './job-life.js';
export type { JobLife, JobPhase } from './job-life.js';
export { queueDueReminders, reminderDaysOf, parseReminderSetting, reminderTimes, reminderDueNow, DEFAULT_REMINDER_DAYS } from './reminders.js';
export { flushAnswerNotices, answersNotice, afterAnswer, ANSWER_NOTICE_MINUTES } from './answer-notices.js';
export { OutreachScheduler } from './scheduler.js';
export type { PreviewResult, InvitationPreview } from './preview.js';
export { composeInvitation } from './compose.js';
