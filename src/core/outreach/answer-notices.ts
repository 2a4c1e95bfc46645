import type { JobNotice } from '../pipeline/events.js';
import { logger as rootLogger, type Logger } from '../log.js';
import type { Repositories, PendingAnswer } from '../../db/repositories/index.js';
import type { JobRow } from '../records.js';
import { decodeDivisions, sqlTime } from './deps.js';
import { tradeLabel } from '../contacts/match.js';

/** At most one answers message per job in this many minutes. */
export const ANSWER_NOTICE_MINUTES = 15;

export interface AnswerNoticeDeps {
  repos: Pick<Repositories, 'jobs' | 'coverage'>;
  events: { notify(job: JobRow, notice: JobNotice): Promise<number>; listens(origin: JobRow['origin']): boolean };
  logger?: Logger;
}

/** "Acme Electric (Electrical): bidding — "numbers by Thursday"" lines under a title. */
export function answersNotice(job: Pick<JobRow, 'name'>, answers: PendingAnswer[]): JobNotice {
  const lines = answers.map((a) => {
    const trades = decodeDivisions(a.trades).map(tradeLabel).join(', ');
    const note = a.note ? ` — “${a.note.replace(/\s+/g, ' ').slice(0, 300)}”` : '';
    return `• ${a.name}${trades ? ` (${trades})` : ''}: ${a.answer === 'BID' ? 'bidding' : 'not bidding'}${note}`;
  });
  const n = answers.length;
  return { kind: 'answers', title: `${n === 1 ? 'A sub answered' : `${n} subs answered`} on ${job.name}`, text: lines.join('\n') };
}

/**
 * Tell estimators about their subs' answers, batched: per job, the answers not told yet go in one
 * message, and a job gets at most one such message per ANSWER_NOTICE_MINUTES. The slot and the
 * answers are taken in one database transaction (answer_notices, email_logs.answer_notified_at),
 * so several processes and restarts never send two messages in a window nor lose an answer; a
 * message the channel could not deliver puts its answers back. Answers that arrive inside a
 * window wait for the next scheduler tick after it. Returns the messages sent.
 */
export async function flushAnswerNotices(deps: AnswerNoticeDeps, opts: { jobId?: string; now?: Date; minutes?: number } = {}): Promise<number> {
  const log = deps.logger ?? rootLogger;
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - (opts.minutes ?? ANSWER_NOTICE_MINUTES) * 60_000);
  const jobIds = opts.jobId ? [opts.jobId] : await deps.repos.coverage.jobsWithPendingAnswers();
  let sent = 0;
  for (const jobId of jobIds) {
    const job = await deps.repos.jobs.getInternal(jobId);
    // No channel for this job here (a CLI process, or Slack not running): leave the answers for a
    // process that has one; coverage shows them meanwhile.
    if (!job || !deps.events.listens(job.origin)) continue;
    const previous = await deps.repos.coverage.lastAnswerNotice(jobId);
    const answers = await deps.repos.coverage.takeAnswerNotice(jobId, sqlTime(now), sqlTime(cutoff));
    if (!answers) continue;
    try {
      await deps.events.notify(job, answersNotice(job, answers));
      log.info({ jobId, answers: answers.length }, 'estimator told about answers');
      sent += 1;
    } catch (e) {
      await deps.repos.coverage.releaseAnswerNotice(jobId, answers.map((a) => a.emailId), previous);
      log.warn({ jobId, err: e }, 'could not tell the estimator about answers; kept for the next tick');
    }
  }
  return sent;
}

export interface AnswerEvents {
  emit(job: JobRow): Promise<void>;
  notify?(job: JobRow, notice: JobNotice): Promise<number>;
  listens?(origin: JobRow['origin']): boolean;
}

/**
 * After a sub answered (link, e-mail): the job's channel redraws its coverage at once (Slack
 * board) and the estimator's message goes now or, inside the 15-minute window, at a later tick.
 */
export async function afterAnswer(deps: { repos: AnswerNoticeDeps['repos']; events?: AnswerEvents; logger?: Logger }, jobId: string | undefined): Promise<void> {
  const ev = deps.events;
  const job = jobId ? await deps.repos.jobs.getInternal(jobId) : undefined;
  if (!job || !ev) return;
  await ev.emit(job);
  if (ev.notify && ev.listens) {
    await flushAnswerNotices({ repos: deps.repos, events: { notify: ev.notify.bind(ev), listens: ev.listens.bind(ev) }, logger: deps.logger }, { jobId: job.jobId });
  }
}
