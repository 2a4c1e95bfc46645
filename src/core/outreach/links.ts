import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';
import { sign, verifySignature } from '../secret.js';

/**
 * Signed links and addresses in an invitation. Every token is `<payload>.<signature>` where the
 * signature is HMAC-SHA256 over `purpose:payload` with the server secret (core/secret), so a
 * token made for one purpose (download the plans) is worthless for another (unsubscribe), and
 * nobody without the secret can make one. Tokens carry ids, never personal data.
 *
 * - plans:       `${PUBLIC_URL}/plans/<token>` — expires (DOWNLOAD_LINK_DAYS after sending)
 * - respond:     `${PUBLIC_URL}/respond/<token>?answer=bid|nobid` — "will bid / won't bid"
 * - unsubscribe: `${PUBLIC_URL}/unsubscribe/<token>` (GET shows a page, POST is RFC 8058
 *                one-click) and `mailto:<from>?subject=unsubscribe <token>`
 * - VERP:        envelope sender `bounces+<emailId>-<sig>@<domain>`, so a bounce names its row
 */

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url').toString('utf8');
const TOKEN_RE = /^[A-Za-z0-9_-]{4,512}\.[A-Za-z0-9_-]{43}$/;

function invalid(what: string, why: string): AppError {
  return new AppError('LINK_INVALID', `Invalid ${what} token (${why})`, {
    userMessage: `This ${what} link is not valid. Use the link from the invitation e-mail exactly as it was sent, or reply to the e-mail instead.`,
  });
}

function makeToken(secret: Buffer, purpose: string, payload: unknown): string {
  const body = b64(JSON.stringify(payload));
  return `${body}.${sign(secret, purpose, body)}`;
}

function openToken(secret: Buffer, purpose: string, what: string, token: string): Record<string, unknown> {
  const t = token.trim();
  if (!TOKEN_RE.test(t)) throw invalid(what, 'malformed');
  const [body, sig] = t.split('.') as [string, string];
  if (!verifySignature(secret, purpose, body, sig)) throw invalid(what, 'bad signature');
  let value: unknown;
  try {
    value = JSON.parse(unb64(body));
  } catch (e) {
    throw new AppError('LINK_INVALID', `Signed ${what} token does not decode`, { cause: e, userMessage: `This ${what} link is not valid.` });
  }
  if (typeof value !== 'object' || value === null) throw invalid(what, 'payload');
  return value as Record<string, unknown>;
}

const str = (v: unknown, what: string, field: string): string => {
  if (typeof v !== 'string' || v.length === 0) throw invalid(what, `missing ${field}`);
  return v;
};

// ---------------------------------------------------------------- plans download

export interface PlansClaims {
  jobId: string;
  /** The invitation the link was sent in (so the download can be attributed), when known. */
  emailId?: string;
  expiresAt: Date;
}

export function signPlansToken(secret: Buffer, claims: PlansClaims): string {
  return makeToken(secret, 'plans', { j: claims.jobId, e: claims.emailId, x: Math.floor(claims.expiresAt.getTime() / 1000) });
}

/** The job whose plans may be downloaded; throws LINK_INVALID or LINK_EXPIRED. */
export function verifyPlansToken(secret: Buffer, token: string, now: Date = new Date()): PlansClaims {
  const p = openToken(secret, 'plans', 'download', token);
  const x = p.x;
  if (typeof x !== 'number' || !Number.isFinite(x)) throw invalid('download', 'missing expiry');
  const expiresAt = new Date(x * 1000);
  if (expiresAt.getTime() < now.getTime()) {
    throw new AppError('LINK_EXPIRED', `Plans link expired at ${expiresAt.toISOString()}`, {
      userMessage: `This download link expired on ${expiresAt.toISOString().slice(0, 10)}. Reply to the invitation e-mail to ask the estimator for a new link.`,
    });
  }
  return { jobId: str(p.j, 'download', 'job'), emailId: typeof p.e === 'string' ? p.e : undefined, expiresAt };
}

// ---------------------------------------------------------------- will bid / won't bid

export interface RespondClaims {
  jobId: string;
  emailId: string;
}

export const BID_ANSWERS = ['bid', 'nobid'] as const;
export type BidAnswer = (typeof BID_ANSWERS)[number];

export function signRespondToken(secret: Buffer, claims: RespondClaims): string {
  return makeToken(secret, 'respond', { j: claims.jobId, e: claims.emailId });
}

export function verifyRespondToken(secret: Buffer, token: string): RespondClaims {
  const p = openToken(secret, 'respond', 'response', token);
  return { jobId: str(p.j, 'response', 'job'), emailId: str(p.e, 'response', 'invitation') };
}

// ---------------------------------------------------------------- unsubscribe

export interface UnsubscribeClaims {
  contactId: string;
  /** The invitation it came from (for the log), when known. */
  emailId?: string;
}

/** Unsubscribe tokens do not expire: an old e-mail's link must keep working (RFC 8058). */
export function signUnsubscribeToken(secret: Buffer, claims: UnsubscribeClaims): string {
  return makeToken(secret, 'unsubscribe', { c: claims.contactId, e: claims.emailId });
}

export function verifyUnsubscribeToken(secret: Buffer, token: string): UnsubscribeClaims {
  const p = openToken(secret, 'unsubscribe', 'unsubscribe', token);
  return { contactId: str(p.c, 'unsubscribe', 'contact'), emailId: typeof p.e === 'string' ? p.e : undefined };
}

/** The token in a mailto: unsubscribe's subject ("unsubscribe <token>"), for the mailbox reader. */
export function unsubscribeTokenFromSubject(subject: string | undefined): string | undefined {
  const m = /\bunsubscribe\s+([A-Za-z0-9_-]{4,512}\.[A-Za-z0-9_-]{43})\b/i.exec(subject ?? '');
  return m?.[1];
}

// ---------------------------------------------------------------- VERP envelope sender

const VERP_LOCAL = 'bounces';
const VERP_SIG_HEX = 20; // 80 bits: unguessable, and the local part stays under 64 characters

function verpSignature(secret: Buffer, id: string): string {
  return createHmac('sha256', secret).update(`verp:${id}`).digest('hex').slice(0, VERP_SIG_HEX);
}

/** `<emailId without dashes>-<sig>`: the signed invitation token of VERP, our header and reply address. */
export function invitationToken(secret: Buffer, emailId: string): string {
  const id = emailId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id)) throw new AppError('INTERNAL', `email_id ${emailId} is not a UUID`);
  return `${id}-${verpSignature(secret, id)}`;
}

/**
 * `bounces+<token>@<domain>`: lower-case hex only, because some mail systems change the case
 * of local parts. 8 + 32 + 1 + 20 = 61 characters (limit 64).
 */
export function verpAddress(secret: Buffer, emailId: string, domain: string): string {
  return `${VERP_LOCAL}+${invitationToken(secret, emailId)}@${domain}`;
}

/**
 * A header every invitation carries with its signed token. Providers that rewrite the envelope
 * sender (Microsoft 365, Gmail) return the original message or its headers in a bounce, so the
 * token still names the invitation there.
 */
export const INVITATION_HEADER = 'X-RedButton-Invitation';

/** The invitation's own reply address on the inbound mailbox: `<local>+<token>@<domain>`. */
export function invitationReplyAddress(inbound: string, token: string): string {
  const at = inbound.lastIndexOf('@');
  const local = inbound.slice(0, at).split('+')[0]!;
  return `${local}+${token}@${inbound.slice(at + 1)}`;
}

/** Every VERP address in a text (a header, a DSN body); not verified. */
export function findVerpTokens(text: string): string[] {
  const out: string[] = [];
  const re = /\bbounces\+([0-9a-f]{32})-([0-9a-f]{20})@/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(`${m[1]!.toLowerCase()}-${m[2]!.toLowerCase()}`);
  return out;
}

/** Every invitation token in a text, wherever it stands (VERP, our header, a reply address); not verified. */
export function findInvitationTokens(text: string): string[] {
  const out = new Set<string>();
  const re = /(?<![0-9a-f])([0-9a-f]{32})-([0-9a-f]{20})(?![0-9a-f])/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) out.add(`${m[1]!.toLowerCase()}-${m[2]!.toLowerCase()}`);
  return [...out];
}

/** The email_id a VERP token (`<id>-<sig>`) names, or undefined when the signature is wrong. */
export function verifyVerpToken(secret: Buffer, token: string): string | undefined {
  const m = /^([0-9a-f]{32})-([0-9a-f]{20})$/.exec(token.toLowerCase());
  if (!m) return undefined;
  const expected = Buffer.from(verpSignature(secret, m[1]!));
  const given = Buffer.from(m[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const h = m[1]!;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---------------------------------------------------------------- URLs

const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '');
export const plansUrl = (publicUrl: string, token: string) => `${base(publicUrl)}/plans/${token}`;
export const respondUrl = (publicUrl: string, token: string, answer: BidAnswer) => `${base(publicUrl)}/respond/${token}?answer=${answer}`;
export const unsubscribeUrl = (publicUrl: string, token: string) => `${base(publicUrl)}/unsubscribe/${token}`;
