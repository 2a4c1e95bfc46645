import { isAppError } from '../errors.js';
import { logger as rootLogger } from '../log.js';
import type { EmailLogRow } from '../records.js';
import type { OutreachDeps } from './deps.js';
import { findInvitationTokens, unsubscribeTokenFromSubject, verifyUnsubscribeToken, verifyVerpToken } from './links.js';
import { saveBidResponse } from './respond.js';
import { invitationOf as parentInvitation } from './invitation-match.js';
import { unsubscribe } from './unsubscribe.js';

/** What a subcontractor's e-mail says about an invitation. */
export type EmailAnswer = 'unsubscribe' | 'bid' | 'nobid';

export interface EmailAnswerInput {
  /** The sender's address. */
  from: string | undefined;
  subject: string;
  /** The reply's own new text, quoted history removed. */
  text: string;
  /** Where it was sent (To, Cc, Delivered-To …): the invitation's reply address names it. */
  recipients: string[];
  inReplyTo?: string | null;
  references: string[];
}

export interface EmailAnswerResult {
  /** The invitation (unknown only for an unsubscribe token minted without one). */
  jobId: string | undefined;
  emailId: string | undefined;
  contactId: string;
  /** What was understood; undefined for a question or anything else (left to the estimator). */
  answer?: EmailAnswer;
  recorded: boolean;
  note: string;
}

// Negative forms are tested first: "won't bid" contains "bid".
const NO_BID = /\b(?:no[\s-]?bid(?:ding)?|not\s+bid(?:ding)?|(?:won'?t|wont|will\s+not|cannot|can'?t|can\s+not|unable\s+to|not\s+able\s+to|do\s+not|don'?t|are\s+not|aren'?t|not\s+going\s+to)\s+(?:be\s+)?(?:submit(?:ting)?\s+a\s+)?bid(?:ding)?|(?:pass|passing|decline|declining)\s+(?:on\s+)?(?:this|the)\b)/i;
const BID = /\b(?:(?:will|we'?ll|i'?ll|plan\s+to|planning\s+to|going\s+to|intend\s+to|are|am)\s+(?:be\s+)?(?:submit(?:ting)?\s+a\s+)?bid(?:ding)?|count\s+us\s+in)\b/i;
const UNSUBSCRIBE = /^\s*(?:please\s+)?(?:unsubscribe|remove\s+(?:me|us)(?:\s+from\s+(?:your|this|the)\s+(?:list|mailing(?:\s+list)?))?|take\s+(?:me|us)\s+off|stop\s+(?:sending|emailing))\b/i;

/**
 * The answer a short reply gives, or undefined. Only the reply's first lines count (a signature
 * or a long note is not an answer), and a reply that asks anything is left for the estimator
 * whatever else it says: recording "will bid" from "Will you bid the alternates?" would be wrong.
 */
export function answerInReply(text: string): EmailAnswer | undefined {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(0, 4);
  const head = lines.join(' ').slice(0, 400);
  if (!head || head.includes('?')) return undefined;
  if (UNSUBSCRIBE.test(lines[0] ?? '')) return 'unsubscribe';
  const no = NO_BID.test(head);
  const yes = BID.test(head.replace(new RegExp(NO_BID.source, 'gi'), ' '));
  if (no && !yes) return 'nobid';
  if (yes && !no) return 'bid';
  return undefined;
}

/** The sub's own words with an answer, for the estimator: the reply's first lines, tidied. */
function answerNote(text: string): string | null {
  const note = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(0, 6).join(' ').replace(/\s+/g, ' ').trim();
  return note ? note.slice(0, 500) : null;
}

async function invitationOf(deps: Pick<OutreachDeps, 'repos' | 'secret'>, input: EmailAnswerInput): Promise<EmailLogRow | undefined> {
  const row = await messageAnswered(deps, input);
  // An answer to a reminder is an answer to its invitation.
  return row ? parentInvitation(deps, row) : undefined;
}

async function messageAnswered(deps: Pick<OutreachDeps, 'repos' | 'secret'>, input: EmailAnswerInput): Promise<EmailLogRow | undefined> {
  // The invitation's own signed reply address: whoever holds the invitation may answer it, as with its links.
  for (const token of input.recipients.flatMap(findInvitationTokens)) {
    const emailId = verifyVerpToken(deps.secret, token);
    const row = emailId ? await deps.repos.coverage.emailById(emailId) : undefined;
    if (row) return row;
  }
  // A reply in the invitation's thread counts only from the invited address itself.
  const ids = [input.inReplyTo, ...input.references].filter((x): x is string => Boolean(x)).slice(0, 100);
  if (ids.length === 0 || !input.from) return undefined;
  const row = await deps.repos.emailLogs.findByMessageIds(ids);
  return row && row.toEmail?.toLowerCase() === input.from.toLowerCase() ? row : undefined;
}

/**
 * A subcontractor's e-mail about an invitation: the List-Unsubscribe mailto ("unsubscribe
 * <token>" in the subject), or a reply saying unsubscribe / will bid / won't bid. Recorded on
 * the invitation exactly as the links record it. Returns undefined when the message is not
 * about one of our invitations. Never answers the message; a reply that asks a question is
 * left alone (it reached the estimator, who is in the invitation's Reply-To).
 */
export async function recordEmailAnswer(deps: Pick<OutreachDeps, 'repos' | 'secret' | 'logger'>, input: EmailAnswerInput): Promise<EmailAnswerResult | undefined> {
  const log = deps.logger ?? rootLogger;
  const unsubToken = unsubscribeTokenFromSubject(input.subject);
  if (unsubToken) {
    try {
      const res = await unsubscribe(deps, unsubToken);
      const emailId = verifyUnsubscribeToken(deps.secret, unsubToken).emailId;
      const row = emailId ? await deps.repos.coverage.emailById(emailId) : undefined;
      return { jobId: row?.jobId, emailId: row?.emailId, contactId: res.contactId, answer: 'unsubscribe', recorded: true, note: res.alreadyUnsubscribed ? 'already unsubscribed' : 'unsubscribed by e-mail' };
    } catch (e) {
      if (!isAppError(e)) throw e;
      log.warn({ code: e.code }, 'unsubscribe e-mail with an invalid token: nothing done');
      // Fall through: a reply in the invitation's thread may still name it.
    }
  }
  const row = await invitationOf(deps, input);
  if (!row) return undefined;
  const jlog = log.child({ jobId: row.jobId, emailId: row.emailId });
  const base = { jobId: row.jobId, emailId: row.emailId, contactId: row.contactId };
  const answer = answerInReply(input.text) ?? (/^\s*unsubscribe\b/i.test(input.subject) ? 'unsubscribe' : undefined);
  if (!answer) {
    jlog.info('reply to an invitation left for the estimator');
    return { ...base, recorded: false, note: 'reply to an invitation: left for the estimator' };
  }
  if (answer === 'unsubscribe') await deps.repos.contacts.markUnsubscribed(row.contactId);
  else await saveBidResponse(deps, row.emailId, answer === 'bid' ? 'BID' : 'NO_BID', answerNote(input.text));
  jlog.info({ answer }, 'answer by e-mail recorded');
  return { ...base, answer, recorded: true, note: answer === 'unsubscribe' ? 'unsubscribed by e-mail' : `answer by e-mail: ${answer === 'bid' ? 'will bid' : "won't bid"}` };
}
