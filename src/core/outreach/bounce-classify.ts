import { PLAIN_TEXT_AGENT, type AnalyzedRecipient } from './bounce-analyzer.js';

/**
 * What one analyzed recipient means for an invitation:
 * - hard:       the address itself is bad (no such user, no such domain, moved, accepts no mail)
 *               → the invitation BOUNCED and the contact's address is marked bad;
 * - soft:       the message was refused or lost while the address may be fine (mailbox full,
 *               spam filter, policy, block list, rate limit, too big, gave up retrying, errors)
 *               → the invitation BOUNCED with the reason; the address is kept;
 * - delayed:    the server is still trying → nothing changes;
 * - auto_reply: vacation / out-of-office (RFC 3834) → noted on the invitation, never answered;
 * - complaint:  an ARF feedback report (the recipient pressed "spam") → the contact is unsubscribed;
 * - delivered:  a success notice → nothing.
 */
export type DeliveryVerdict = 'hard' | 'soft' | 'delayed' | 'auto_reply' | 'complaint' | 'delivered';

export interface Classified {
  verdict: DeliveryVerdict;
  /** One of REASON_GROUPS' keys: the family of the failure, stable across analyzer versions. */
  group: ReasonGroup;
}

/** The address does not exist (or no longer, or takes no mail): the reasons that prove it bad. */
const ADDRESS_BAD = new Set(['userunknown', 'hostunknown', 'hasmoved', 'notaccept']);

/**
 * Reason names (the analyzer's, in its older and newer releases) grouped into the families a
 * person acts on. Unknown names fall into "undetermined" (soft: never marks an address bad).
 */
const GROUP_OF: Record<string, ReasonGroup> = {
  userunknown: 'user_unknown',
  syntaxerror: 'system_error',
  hostunknown: 'host_unknown',
  hasmoved: 'has_moved',
  notaccept: 'not_accepted',
  mailboxfull: 'mailbox_full',
  systemfull: 'mailbox_full',
  suspend: 'mailbox_suspended',
  filtered: 'filtered',
  spamdetected: 'spam_detected',
  virusdetected: 'spam_detected',
  contenterror: 'spam_detected',
  policyviolation: 'policy',
  notcompliantrfc: 'policy',
  blocked: 'blocked',
  badreputation: 'blocked',
  requireptr: 'blocked',
  rejected: 'rejected',
  norelaying: 'rejected',
  expired: 'expired',
  toomanyconn: 'rate_limited',
  speeding: 'rate_limited',
  ratelimited: 'rate_limited',
  exceedlimit: 'too_big',
  mesgtoobig: 'too_big',
  emailtoolarge: 'too_big',
  systemerror: 'system_error',
  mailererror: 'system_error',
  networkerror: 'network_error',
  securityerror: 'security',
  authfailure: 'security',
  failedstarttls: 'security',
  emptyaddress: 'rejected',
  onhold: 'undetermined',
  undefined: 'undetermined',
  vacation: 'auto_reply',
  feedback: 'complaint',
  delivered: 'delivered',
};

export const REASON_GROUPS = {
  user_unknown: 'no such mailbox',
  host_unknown: 'no such mail domain',
  has_moved: 'the address has moved',
  not_accepted: 'the domain accepts no mail',
  mailbox_full: 'mailbox full',
  mailbox_suspended: 'mailbox suspended',
  filtered: 'filtered by the recipient',
  spam_detected: 'rejected as spam',
  policy: 'rejected by policy',
  blocked: 'our server was blocked',
  rejected: 'sender rejected',
  expired: 'gave up retrying',
  rate_limited: 'rate limited',
  too_big: 'message too big',
  system_error: 'mail system error',
  network_error: 'network error',
  security: 'security or authentication check failed',
  undetermined: 'undetermined failure',
  auto_reply: 'automatic reply',
  complaint: 'spam complaint',
  delivered: 'delivered',
} as const;
export type ReasonGroup = keyof typeof REASON_GROUPS;

export const reasonGroup = (reason: string): ReasonGroup => GROUP_OF[reason.toLowerCase()] ?? 'undetermined';

const temporary = (r: AnalyzedRecipient) => r.deliveryStatus.startsWith('4') || r.replyCode.startsWith('4');
/** The analyzer's own 5.0.9xx codes: the status was inferred from the server's wording, not given by it. */
const inferredStatus = (r: AnalyzedRecipient) => !r.deliveryStatus || /^\d\.0\.9\d\d$/.test(r.deliveryStatus);

/** Facts about the whole message that qualify what the analyzer says about a recipient. */
export interface MessageShape {
  /**
   * A message/delivery-status part has a recipient block without the Status field RFC 3464
   * §2.3.4 requires: a malformed report (typically a filtering appliance's), whose "no such
   * user", when the server gave no status code at all, is not taken as proof.
   */
  statusFieldMissing: boolean;
  /**
   * `Auto-Submitted: auto-replied` from a person's address on a message that is no delivery or
   * feedback report (RFC 3834). Mailer daemons (Exim, Gmail) put the same header on bounces.
   */
  autoReplied: boolean;
  /**
   * Recipients (lower case) whose report block says their mailbox exists but is disabled,
   * suspended, inactive or frozen — in the Status field's comment (RFC 3464 allows one; RFC 3463
   * names X.2.1 "mailbox disabled") or the Diagnostic-Code. A "user unknown" in the same report
   * contradicts it, and a contradiction never marks an address bad.
   */
  disabledMailboxes: string[];
  /**
   * An automatic message (Auto-Submitted other than "no") whose Subject is a bare "unsubscribe":
   * a mail program acting on List-Unsubscribe (RFC 2369) for its user, not a vacation notice.
   */
  optOutRequest: boolean;
}

/** The mailbox exists but takes no mail: wording of RFC 3463 X.2.1 and of servers that say it. */
const DISABLED_MAILBOX =
  /\b(?:mailbox|account|user)\b[^.;:\n]{0,30}\b(?:disabled|suspended|inactive|deactivated|frozen)\b|\b(?:disabled|suspended|inactive|deactivated|frozen)\b[^.;:\n]{0,20}\b(?:mailbox|account)\b/i;

const fieldOf = (block: string, name: string): string => block.match(new RegExp(`^${name}:[ \\t]*(.*(?:\\n[ \\t]+.*)*)`, 'im'))?.[1]?.replace(/\n[ \t]+/g, ' ') ?? '';

export function messageShape(headers: string, deliveryStatusParts: string[]): MessageShape {
  const recipientBlocks = deliveryStatusParts.flatMap((p) => p.replace(/\r\n/g, '\n').split(/\n[ \t]*\n/)).filter((b) => /^(?:final|original)-recipient:/im.test(b));
  const disabledMailboxes = recipientBlocks
    .filter((b) => DISABLED_MAILBOX.test(fieldOf(b, 'Status').replace(/^[\d.]+/, '')) || DISABLED_MAILBOX.test(fieldOf(b, 'Diagnostic-Code')))
    .flatMap((b) => [fieldOf(b, 'Final-Recipient'), fieldOf(b, 'Original-Recipient')])
    .map((v) => v.replace(/^[^;]*;\s*/, '').replace(/[<>]/g, '').trim().toLowerCase())
    .filter((a) => a.includes('@'));
  const subject = headers.match(/^subject:[ \t]*(.*)$/im)?.[1]?.trim() ?? '';
  const autoSubmitted = headers.match(/^auto-submitted:[ \t]*([\w-]+)/im)?.[1]?.toLowerCase();
  return {
    statusFieldMissing: recipientBlocks.some((b) => !/^status:/im.test(b)),
    autoReplied:
      /^auto-submitted:[ \t]*auto-replied\b/im.test(headers) &&
      !/^content-type:[ \t]*multipart\/report\b/im.test(headers) &&
      !/^x-failed-recipients:/im.test(headers) &&
      !/^from:.*\b(?:mailer-daemon|postmaster|mail delivery)\b/im.test(headers),
    disabledMailboxes: [...new Set(disabledMailboxes)],
    optOutRequest: autoSubmitted !== undefined && autoSubmitted !== 'no' && /^unsubscribe\b/i.test(subject) && subject.length <= 600,
  };
}

const NO_SHAPE: MessageShape = { statusFieldMissing: false, autoReplied: false, disabledMailboxes: [], optOutRequest: false };

/**
 * The bridge read a daemon's plain text (no known format) and found no SMTP code in it: the
 * wording alone, which names the failure but proves nothing about the address.
 */
const codeless = (r: AnalyzedRecipient) => r.smtpAgent === PLAIN_TEXT_AGENT && !r.replyCode && !r.deliveryStatus;

/**
 * A refusal that names a sender-authentication check — DMARC, DKIM, SPF, or their RFC 7372
 * codes (5.7.20–5.7.24, 5.7.26) — failed on our side's authentication, whatever broader
 * family (block, policy, filter) the analyzer's wording rules put it in.
 */
const AUTHENTICATION_CHECK = /\b(?:DMARC|DKIM|SPF)\b|\b5\.7\.(?:2[0-4]|26)\b/i;
const REFUSAL_GROUPS: ReadonlySet<ReasonGroup> = new Set(['blocked', 'policy', 'rejected', 'filtered', 'spam_detected', 'undetermined']);

function failureGroup(r: AnalyzedRecipient): ReasonGroup {
  const group = reasonGroup(r.reason);
  return REFUSAL_GROUPS.has(group) && AUTHENTICATION_CHECK.test(r.diagnosticCode) ? 'security' : group;
}

export function classifyRecipient(r: AnalyzedRecipient, shape: MessageShape = NO_SHAPE): Classified {
  const group = failureGroup(r);
  if (group === 'complaint') return { verdict: 'complaint', group };
  // An unsubscribe a mail program sends for its user is an opt-out, however the analyzer reads it.
  if (shape.optOutRequest && (group === 'auto_reply' || shape.autoReplied)) return { verdict: 'complaint', group: 'complaint' };
  if (group === 'auto_reply') return { verdict: 'auto_reply', group };
  // An RFC 3834 response that states no SMTP error is an automatic reply, however it is worded.
  if (shape.autoReplied && !r.replyCode && inferredStatus(r)) return { verdict: 'auto_reply', group: 'auto_reply' };
  if (group === 'delivered' || r.action === 'delivered' || r.action === 'relayed' || r.action === 'expanded') return { verdict: 'delivered', group: 'delivered' };
  if (r.action === 'delayed') return { verdict: 'delayed', group };
  // A temporary code never proves an address bad, whatever the wording.
  // A mailbox its own report calls disabled exists: whatever else the report says, not proof.
  if (ADDRESS_BAD.has(r.reason) && shape.disabledMailboxes.includes(r.recipient)) return { verdict: 'soft', group: 'mailbox_suspended' };
  const weak = (shape.statusFieldMissing && inferredStatus(r)) || codeless(r);
  if (ADDRESS_BAD.has(r.reason) && !temporary(r) && !weak) return { verdict: 'hard', group };
  return { verdict: 'soft', group };
}

/** "mailbox full — 5.2.2 550 smtp; 550 5.2.2 <x@y>: Mailbox full" (for email_logs.bounce_reason). */
export function describeFailure(r: AnalyzedRecipient, c: Classified = classifyRecipient(r)): string {
  const code = [inferredStatus(r) ? '' : r.deliveryStatus, r.replyCode].filter(Boolean).join(' ');
  return [REASON_GROUPS[c.group], code, r.diagnosticCode].filter(Boolean).join(' — ').slice(0, 500);
}
