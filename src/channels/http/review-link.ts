import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { sign, verifySignature } from '../../core/secret.js';

/**
 * The signed, expiring link to a job's review page: `${PUBLIC_URL}/review/<token>`. The token binds
 * the job id, its owner and an expiry, HMAC-SHA256'd with the app secret under the purpose
 * "review" (so no other signed token of the app opens it). It is the credential of the page, so
 * it is sent only to the job's owner (the map e-mail, the Slack thread) and kept out of logs.
 */
export const REVIEW_LINK_DAYS = 14;
const PURPOSE = 'review';
const TOKEN_RE = /^[A-Za-z0-9_-]{4,512}\.[A-Za-z0-9_-]{43}$/;

export interface ReviewClaims {
  jobId: string;
  userId: string;
  expiresAt: Date;
}

type LinkApp = Pick<App, 'secret'> & { config: Pick<Config, 'PUBLIC_URL' | 'PORT'> };

export function signReviewToken(secret: Buffer, claims: ReviewClaims): string {
  const body = Buffer.from(JSON.stringify({ j: claims.jobId, u: claims.userId, x: Math.floor(claims.expiresAt.getTime() / 1000) }), 'utf8').toString('base64url');
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
  return { jobId: o.j, userId: o.u, expiresAt };
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
  const token = signReviewToken(app.secret, { jobId, userId, expiresAt: new Date(now.getTime() + (opts.days ?? REVIEW_LINK_DAYS) * 86_400_000) });
  return `${publicBaseUrl(app.config)}/review/${token}`;
}
