import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { PublicUser } from '../../core/records.js';
import { AppError } from '../../core/errors.js';
import type { ApiTokens } from '../../core/auth/api-tokens.js';
import type { BackgroundJobs } from './background.js';

/** What every route module gets. */
export interface HttpContext {
  app: App;
  tokens: ApiTokens;
  background: BackgroundJobs;
  /** After an approval queued invitations (wakes the sender when one runs in this process). */
  onApproved: (jobId: string) => void;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user (set by the bearer-token hook on API routes). */
    user?: PublicUser;
    /** The bearer token's id (for logout). */
    tokenId?: string;
  }
}

/** The signed-in user; only called on routes behind the auth hook. */
export function userOf(req: FastifyRequest): PublicUser {
  if (!req.user) throw new AppError('UNAUTHENTICATED', 'No user on an authenticated route', { userMessage: 'Sign in first.' });
  return req.user;
}
