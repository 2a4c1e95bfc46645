import { and, eq, sql } from 'drizzle-orm';
import { emailLogs, type BidResponse } from '../../db/schema/index.js';
import { AppError } from '../errors.js';
import type { OutreachDeps } from './deps.js';
import { verifyRespondToken, type BidAnswer } from './links.js';

export interface BidResponseResult {
  jobId: string;
  jobName: string;
  emailId: string;
  answer: BidResponse;
  /** The estimator, to show the subcontractor who will hear about it. */
  ownerEmail: string;
  /** True when this answer replaced a different earlier one. */
  changed: boolean;
}

/**
 * Record a subcontractor's "will bid / won't bid" from the signed link in their invitation. The
 * token names the invitation, so the answer lands on exactly that email_logs row; answering again
 * replaces the answer (people change their minds before the bid date).
 */
export function recordBidResponse(deps: Pick<OutreachDeps, 'handle' | 'repos' | 'secret'>, token: string, answer: BidAnswer, note?: string | null): BidResponseResult {
  const claims = verifyRespondToken(deps.secret, token);
  const response: BidResponse = answer === 'bid' ? 'BID' : 'NO_BID';
  const { db } = deps.handle;
  const row = db.select().from(emailLogs).where(and(eq(emailLogs.emailId, claims.emailId), eq(emailLogs.jobId, claims.jobId))).get();
  const job = deps.repos.jobs.getInternal(claims.jobId);
  const owner = job ? deps.repos.users.getById(job.userId) : undefined;
  if (!row || !job || !owner) {
    throw new AppError('NOT_FOUND', `No invitation ${claims.emailId} for job ${claims.jobId}`, {
      userMessage: 'This invitation is no longer in Red Button. Reply to the invitation e-mail instead.',
    });
  }
  saveBidResponse(deps, row.emailId, response, note === undefined ? undefined : note?.trim() || null);
  return { jobId: job.jobId, jobName: job.name, emailId: row.emailId, answer: response, ownerEmail: owner.email, changed: row.bidResponse !== null && row.bidResponse !== response };
}

/** Store an answer on its invitation (from the link, or from an e-mailed reply). */
export function saveBidResponse(deps: Pick<OutreachDeps, 'handle'>, emailId: string, response: BidResponse, note?: string | null): void {
  deps.handle.db
    .update(emailLogs)
    .set({
      bidResponse: response,
      respondedAt: sql`CURRENT_TIMESTAMP`,
      updatedAt: sql`CURRENT_TIMESTAMP`,
      // A changed answer is news for the estimator again; the same answer twice is not.
      answerNotifiedAt: sql`CASE WHEN ${emailLogs.bidResponse} IS ${response} THEN ${emailLogs.answerNotifiedAt} ELSE NULL END`,
      ...(note !== undefined ? { bidNote: note ? note.slice(0, 1000) : null } : {}),
    })
    .where(eq(emailLogs.emailId, emailId))
    .run();
}
