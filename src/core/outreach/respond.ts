import type { BidResponse } from '../domain/status.js';
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
export async function recordBidResponse(deps: Pick<OutreachDeps, 'repos' | 'secret'>, token: string, answer: BidAnswer, note?: string | null): Promise<BidResponseResult> {
  const claims = verifyRespondToken(deps.secret, token);
  const response: BidResponse = answer === 'bid' ? 'BID' : 'NO_BID';
  const row = await deps.repos.coverage.invitationOfJob(claims.jobId, claims.emailId);
  const job = await deps.repos.jobs.getInternal(claims.jobId);
  const owner = job ? await deps.repos.users.getById(job.userId) : undefined;
  if (!row || !job || !owner) {
    throw new AppError('NOT_FOUND', `No invitation ${claims.emailId} for job ${claims.jobId}`, {
      userMessage: 'This invitation is no longer in Red Button. Reply to the invitation e-mail instead.',
    });
  }
  await saveBidResponse(deps, row.emailId, response, note === undefined ? undefined : note?.trim() || null);
  return { jobId: job.jobId, jobName: job.name, emailId: row.emailId, answer: response, ownerEmail: owner.email, changed: row.bidResponse !== null && row.bidResponse !== response };
}

/** Store an answer on its invitation (from the link, or from an e-mailed reply). */
export async function saveBidResponse(deps: Pick<OutreachDeps, 'repos'>, emailId: string, response: BidResponse, note?: string | null): Promise<void> {
  await deps.repos.emailLogs.saveBidResponse(emailId, response, note);
}
