import { logger as rootLogger, type Logger } from '../log.js';
import type { EmailLogRow } from '../records.js';
import { sqlTime, type OutreachDeps } from './deps.js';
import { analyzeBounce, type AnalyzedRecipient, type BounceAnalyzerOptions } from './bounce-analyzer.js';
import { classifyRecipient, describeFailure, messageShape, REASON_GROUPS, type DeliveryVerdict, type MessageShape, type ReasonGroup } from './bounce-classify.js';
import { findInvitation, returnedContent, type MatchedBy } from './invitation-match.js';
import { unsubscribeTokenFromSubject, verifyUnsubscribeToken } from './links.js';
import { unsubscribe } from './unsubscribe.js';
import { isAppError } from '../errors.js';

/** Repeated soft failures that flag a contact for the estimator: this many within the window. */
export const SOFT_BOUNCE_FLAG = { count: 3, days: 30 } as const;

export type ReturnedKind = 'bounce' | 'auto_reply' | 'complaint';

export interface BounceResult {
  /** What the message is; undefined when it is none of the three (a person's mail). */
  kind?: ReturnedKind;
  /** It named one of our invitations. */
  matched: boolean;
  matchedBy?: MatchedBy;
  /** What happened, for the log and the CLI. */
  note: string;
  verdict?: DeliveryVerdict;
  group?: ReasonGroup;
  emailId?: string;
  jobId?: string;
  contactId?: string;
  status?: string | null;
  reason?: string;
  /** The row moved to BOUNCED by this message (false for a repeat, a delay or a soft retry). */
  bounced: boolean;
  /** The contact's address was marked bad (hard bounce only). */
  contactMarkedBad: boolean;
  /** A complaint unsubscribed the contact. */
  contactUnsubscribed?: boolean;
  /** Repeated soft failures flagged the contact for the estimator. */
  contactFlagged?: boolean;
}

export interface ReturnedMailOptions {
  analyzer?: BounceAnalyzerOptions;
  /** The analyzer's answer for this message when it was already run (a batch, see analyzeBounces). */
  analysis?: AnalyzedRecipient[];
}

type Deps = Pick<OutreachDeps, 'repos' | 'secret' | 'logger'>;

const KIND_OF: Record<DeliveryVerdict, ReturnedKind> = { hard: 'bounce', soft: 'bounce', delayed: 'bounce', delivered: 'bounce', auto_reply: 'auto_reply', complaint: 'complaint' };

/** The entry about our recipient, else the most severe one (a failure before a delay notice). */
function pickRecipient(list: AnalyzedRecipient[], toEmail: string | null | undefined, shape: MessageShape): AnalyzedRecipient | undefined {
  const to = toEmail?.toLowerCase();
  const mine = list.filter((r) => to && (r.recipient === to || r.alias === to));
  const pool = mine.length > 0 ? mine : list;
  const rank = (r: AnalyzedRecipient) => ({ hard: 0, soft: 1, complaint: 2, auto_reply: 3, delayed: 4, delivered: 5 })[classifyRecipient(r, shape).verdict];
  return [...pool].sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * A message that came back: a bounce from any mail server, an auto-reply, or a complaint
 * report. The bounce analyzer reads it; the invitation is found by its signed tokens or its
 * Message-ID; then:
 * - hard bounce → invitation BOUNCED (hard) and the contact's address marked bad;
 * - soft bounce → invitation BOUNCED (soft) with the reason; the address is kept; the third soft
 *   failure of a contact within 30 days flags it for the estimator;
 * - delay notice → nothing; auto-reply → noted on the invitation; complaint → contact unsubscribed.
 * Nothing here ever answers the message. Safe to call twice for the same message.
 */
export async function handleReturnedMail(deps: Deps, raw: Buffer, opts: ReturnedMailOptions = {}): Promise<BounceResult> {
  const log = deps.logger ?? rootLogger;
  const analyzed = opts.analysis ?? (await analyzeBounce(raw, opts.analyzer));
  if (analyzed.length === 0) return { matched: false, note: 'not a bounce, auto-reply or complaint', bounced: false, contactMarkedBad: false };

  const content = await returnedContent(raw);
  const shape = messageShape(content.headers, content.deliveryStatus);
  if (shape.optOutRequest) {
    const done = await optOutByToken(deps, content.headers, log);
    if (done) return done;
  }
  const match = await findInvitation(
    deps,
    content.text,
    analyzed.map((a) => a.messageId),
    analyzed.flatMap((a) => [a.recipient, a.alias]),
  );
  const entry = pickRecipient(analyzed, match?.row.toEmail, shape)!;
  const c = classifyRecipient(entry, shape);
  const kind = KIND_OF[c.verdict];
  const reason = describeFailure(entry, c);
  const status = entry.deliveryStatus || null;
  const described = { kind, verdict: c.verdict, group: c.group, status, reason };
  if (!match) {
    log.info({ kind, verdict: c.verdict, reason: entry.reason, agent: entry.smtpAgent }, 'returned mail matches no invitation');
    return { ...described, matched: false, note: `${kind.replace('_', '-')} (${REASON_GROUPS[c.group]}); no invitation matches it`, bounced: false, contactMarkedBad: false };
  }
  const { row, by } = match;
  const base = { ...described, matched: true, matchedBy: by, emailId: row.emailId, jobId: row.jobId, contactId: row.contactId };
  const jlog = log.child({ jobId: row.jobId, emailId: row.emailId, matchedBy: by });

  switch (c.verdict) {
    case 'delivered':
    case 'delayed':
      jlog.info({ verdict: c.verdict, status }, 'delivery notice (no bounce)');
      return { ...base, note: c.verdict === 'delayed' ? 'delivery delayed; the receiving side is still trying' : 'delivery confirmed', bounced: false, contactMarkedBad: false };
    case 'auto_reply':
      await deps.repos.emailLogs.recordAutoReply(row.emailId, entry.diagnosticCode.slice(0, 300) || null, sqlTime(new Date()));
      jlog.info('automatic reply to an invitation noted');
      return { ...base, note: 'automatic reply noted on the invitation', bounced: false, contactMarkedBad: false };
    case 'complaint': {
      // A report that names only the address could be anyone's: it flags the contact for the
      // estimator instead of unsubscribing it (nobody can knock a subcontractor out by forging one).
      const proven = by !== 'recipient';
      const now = sqlTime(new Date());
      await deps.repos.transaction(async (tx) => {
        await tx.emailLogs.recordComplaint(row.emailId, now);
        if (proven) await tx.contacts.markUnsubscribed(row.contactId);
        else await tx.contacts.flagDeliveryWarning(row.contactId, 'a spam complaint names this address, but not one of our messages: ask before inviting again');
      });
      jlog.warn({ feedbackType: entry.feedbackType, proven }, proven ? 'spam complaint: contact unsubscribed' : 'unverified spam complaint: contact flagged');
      return proven
        ? { ...base, note: 'spam complaint: the contact is unsubscribed', bounced: false, contactMarkedBad: false, contactUnsubscribed: true }
        : { ...base, note: 'spam complaint naming only the address: the contact is flagged, not unsubscribed', bounced: false, contactMarkedBad: false, contactFlagged: true };
    }
    case 'hard':
    case 'soft':
      // A bounce that names only the address could be anyone's: it is recorded, the address kept.
      return recordBounce(deps, row, c.verdict, reason, base, jlog, by !== 'recipient');
  }
}

async function recordBounce(
  deps: Deps,
  row: EmailLogRow,
  verdict: 'hard' | 'soft',
  reason: string,
  base: Omit<BounceResult, 'note' | 'bounced' | 'contactMarkedBad'>,
  jlog: Logger,
  provenOurs: boolean,
): Promise<BounceResult> {
  const markBad = verdict === 'hard' && provenOurs;
  const now = new Date();
  const since = sqlTime(new Date(now.getTime() - SOFT_BOUNCE_FLAG.days * 86_400_000));
  let flagged = false;
  const moved = await deps.repos.transaction(async (tx) => {
    // A bounce proves the message left (see markBounced for the states it moves from).
    const changed = await tx.emailLogs.markBounced(row.emailId, verdict, reason, sqlTime(now));
    if (markBad) await tx.contacts.markEmailBad(row.contactId, reason);
    else if (verdict === 'soft' && changed) {
      const recent = await tx.emailLogs.countSoftBounces(row.contactId, since);
      if (recent >= SOFT_BOUNCE_FLAG.count) {
        await tx.contacts.flagDeliveryWarning(row.contactId, `${recent} invitations not delivered in ${SOFT_BOUNCE_FLAG.days} days; last: ${reason}`.slice(0, 500));
        flagged = true;
      }
    }
    return changed;
  });
  jlog.warn({ verdict, reason, bounced: moved, flagged }, 'invitation bounced');
  return {
    ...base,
    note:
      (moved ? `bounced (${verdict}: ${REASON_GROUPS[base.group!]})` : `already ${row.status === 'BOUNCED' ? 'recorded as bounced' : row.status.toLowerCase()}`) +
      (verdict === 'hard' && !markBad ? '; the address is kept: the bounce names only the address, not our message' : ''),
    bounced: moved,
    contactMarkedBad: markBad,
    contactFlagged: flagged,
  };
}

/**
 * A mail program's automatic unsubscribe sent to our List-Unsubscribe mailto: the signed token
 * in its subject decides, exactly as the link would. Undefined when the subject carries no
 * token that verifies (the message is then tied like any other complaint).
 */
async function optOutByToken(deps: Deps, headers: string, log: Logger): Promise<BounceResult | undefined> {
  const token = unsubscribeTokenFromSubject(headers.replace(/\r?\n[ \t]+/g, ' ').match(/^subject:[ \t]*(.*)$/im)?.[1]);
  if (!token) return undefined;
  try {
    const res = await unsubscribe(deps, token);
    const emailId = verifyUnsubscribeToken(deps.secret, token).emailId;
    const row = emailId ? await deps.repos.coverage.emailById(emailId) : undefined;
    log.info({ jobId: row?.jobId, emailId: row?.emailId, contactId: res.contactId }, 'automatic unsubscribe e-mail: contact unsubscribed');
    return {
      kind: 'complaint',
      verdict: 'complaint',
      group: 'complaint',
      matched: true,
      matchedBy: 'unsubscribe-token',
      emailId: row?.emailId,
      jobId: row?.jobId,
      contactId: res.contactId,
      note: res.alreadyUnsubscribed ? 'automatic unsubscribe e-mail: already unsubscribed' : 'automatic unsubscribe e-mail: the contact is unsubscribed',
      bounced: false,
      contactMarkedBad: false,
      contactUnsubscribed: true,
    };
  } catch (e) {
    if (!isAppError(e)) throw e;
    log.warn({ code: e.code }, 'automatic unsubscribe e-mail with a token that does not verify');
    return undefined;
  }
}
