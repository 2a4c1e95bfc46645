import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import { AppError } from '../errors.js';
import { sign, verifySignature } from '../secret.js';
import type { JobRow } from '../records.js';

/**
 * The signed, expiring link to a job's review page: `${PUBLIC_URL}/review/<token>`. The token binds
 * the job id, its owner and an expiry, HMAC-SHA256'd with the app secret under the purpose
 * "review" (so no other signed token of the app opens it). It is the credential of the page, so
 * it is sent only to the job's owner (the map e-mail, the Slack thread) and kept out of logs.
 * It lasts REVIEW_LINK_DAYS (7 by default) and ends earlier when the owner's account is disabled,
 * or on `redbutton review-link revoke` (every link issued before). After the red button the same
 * link opens the job's coverage page (the map can no longer be edited there).
 */
const PURPOSE = 'review';
const TOKEN_RE = /^[A-Za-z0-9_-]{4,512}\.[A-Za-z0-9_-]{43}$/;

export interface ReviewClaims {
  jobId: string;
  userId: string;
  expiresAt: Date;
  /** When the link was made (ms), so a revocation can end the links made before it. */
  issuedAt: number;
}

type LinkApp = Pick<App, 'secret'> & { config: Pick<Config, 'PUBLIC_URL' | 'PORT' | 'REVIEW_LINK_DAYS'> };

export function signReviewToken(secret: Buffer, claims: ReviewClaims): string {
  const body = Buffer.from(JSON.stringify({ j: claims.jobId, u: claims.userId, x: Math.floor(claims.expiresAt.getTime() / 1000), i: claims.issuedAt }), 'utf8').toString('base64url');
  return `${body}.${sign(secret, PURPOSE, body)}`;
}

const invalid = (why: string) =>
  new AppError('LINK_INVALID', `Invalid review token (${why})`, {
    userMessage: 'This review link is not valid. Open the link from the latest contacts-map e-mail, or ask Red Button for a new one.',
  });

export function verifyReviewToken(secret: Buffer, token: string, now: Date = new Date()): ReviewClaims {
  if (!TOKEN_RE.test(token)) throw invalid('malformed');
  const [body, sig] = token.split('.') as [string, string];
  if (!verifySignature(secret, PURPOSE, body, sig)) throw invalid('bad signature');
  let p: unknown;
  try {
    p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch (e) {
    throw new AppError('LINK_INVALID', 'Review token does not decode', { cause: e, userMessage: 'This review link is not valid.' });
  }
  const o = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
  if (typeof o.j !== 'string' || typeof o.u !== 'string' || typeof o.x !== 'number') throw invalid('payload');
  const expiresAt = new Date(o.x * 1000);
  if (expiresAt.getTime() < now.getTime()) {
    throw new AppError('LINK_EXPIRED', `Review link expired at ${expiresAt.toISOString()}`, {
      userMessage: `This review link expired on ${expiresAt.toISOString().slice(0, 10)}. Ask Red Button for the map again (reply "map" to the job e-mail, or run \`redbutton map show\`) to get a fresh link.`,
    });
  }
  // Links made before issue times were recorded count as made at the epoch: any revocation ends them.
  return { jobId: o.j, userId: o.u, expiresAt, issuedAt: typeof o.i === 'number' ? o.i : 0 };
}

const ended = (why: string, userMessage: string, reason: 'revoked') => new AppError('LINK_EXPIRED', `Review link ended (${why})`, { userMessage, details: { reason } });

/**
 * A signed, unexpired link still opens only a live job of an enabled account, after no revocation.
 * Throws LINK_INVALID / LINK_EXPIRED (details.reason 'revoked').
 */
export async function assertReviewLinkLive(app: Pick<App, 'repos' | 'maps'>, claims: ReviewClaims, job: JobRow): Promise<void> {
  if (!(await app.repos.users.getActiveById(claims.userId))) {
    throw new AppError('LINK_INVALID', 'Review link of a disabled account', { userMessage: 'This review link is not valid any more (the account was disabled).' });
  }
  const revokedBefore = await app.repos.reviewLinks.revokedBefore(job.jobId);
  if (revokedBefore !== null && claims.issuedAt < revokedBefore) {
    throw ended('revoked', 'This review link was revoked. Ask Red Button for the map again (reply "map" to the job e-mail, or run `redbutton review-link create`) to get a fresh link.', 'revoked');
  }
}

/** `redbutton review-link revoke`: every link of the job made until now (this millisecond included) stops working. */
export async function revokeReviewLinks(app: Pick<App, 'repos'>, jobId: string, now = Date.now()): Promise<void> {
  await app.repos.reviewLinks.revoke(jobId, now + 1);
}

/** The server's public base URL: PUBLIC_URL, else http://localhost:PORT (a single-machine install). */
export function publicBaseUrl(config: Pick<Config, 'PUBLIC_URL' | 'PORT'>): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
}

/**
 * The review page URL for a job, for the e-mail and Slack channels to include with the map.
 * `userId` must be the job's owner (the page is refused for anyone else's job anyway).
 */
export function reviewLink(app: LinkApp, jobId: string, userId: string, opts: { days?: number; now?: Date } = {}): string {
  const now = opts.now ?? new Date();
  const days = opts.days ?? app.config.REVIEW_LINK_DAYS;
  const token = signReviewToken(app.secret, { jobId, userId, issuedAt: now.getTime(), expiresAt: new Date(now.getTime() + days * 86_400_000) });
  return `${publicBaseUrl(app.config)}/review/${token}`;
}
