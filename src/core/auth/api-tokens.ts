import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ApiTokenRow, PublicUser } from '../records.js';
import type { Repositories } from '../../db/repositories/index.js';
import { AppError, notFound } from '../errors.js';

/** Bearer tokens look like `rb_<43 base64url chars>` (256 random bits); the prefix makes leaks greppable. */
const TOKEN_PREFIX = 'rb_';
const TOKEN_RE = /^rb_[A-Za-z0-9_-]{43}$/;
export const DEFAULT_TOKEN_DAYS = 30;
export const MAX_TOKEN_DAYS = 365;

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** SQLite's CURRENT_TIMESTAMP format, so stored times compare as text. */
const sqlTime = (d: Date): string => d.toISOString().slice(0, 19).replace('T', ' ');

export interface CreatedToken {
  /** The secret: shown once, never stored. */
  token: string;
  tokenId: string;
  expiresAt: string;
}

export interface TokenView {
  token_id: string;
  label: string | null;
  created_at: string | null;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export const tokenView = (r: ApiTokenRow): TokenView => ({
  token_id: r.tokenId,
  label: r.label,
  created_at: r.createdAt,
  expires_at: r.expiresAt,
  last_used_at: r.lastUsedAt,
  revoked_at: r.revokedAt,
});

const unauthenticated = (why: string) =>
  new AppError('UNAUTHENTICATED', `Unauthenticated: ${why}`, {
    userMessage: 'Sign in first: send "Authorization: Bearer <token>" (POST /auth/login, or `redbutton token create --user <email>`).',
  });

/**
 * api_tokens: random bearer tokens stored as SHA-256 hashes, expiring and revocable. Every method
 * that names a token by id is owner-scoped (another user's token is "not found").
 */
export class ApiTokens {
  private readonly tokens: Repositories['apiTokens'];
  private readonly users: Repositories['users'];

  constructor(repos: Pick<Repositories, 'apiTokens' | 'users'>) {
    this.tokens = repos.apiTokens;
    this.users = repos.users;
  }

  async create(userId: string, opts: { days?: number; label?: string; now?: Date } = {}): Promise<CreatedToken> {
    const days = opts.days ?? DEFAULT_TOKEN_DAYS;
    if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
      throw new AppError('VALIDATION', `Bad token lifetime ${days}`, { userMessage: `A token lasts 1 to ${MAX_TOKEN_DAYS} days (got ${days}).` });
    }
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const tokenId = randomUUID();
    const expiresAt = sqlTime(new Date((opts.now ?? new Date()).getTime() + days * 86_400_000));
    await this.tokens.insert({ tokenId, userId, tokenHash: hashToken(token), label: opts.label ?? null, expiresAt });
    return { token, tokenId, expiresAt };
  }

  /** The user a bearer token belongs to; UNAUTHENTICATED when missing, unknown, expired or revoked. */
  async authenticate(authorization: string | undefined, now: Date = new Date()): Promise<{ user: PublicUser; tokenId: string }> {
    if (!authorization) throw unauthenticated('no Authorization header');
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) throw unauthenticated('not a Bearer token');
    const token = m[1]!;
    if (!TOKEN_RE.test(token)) throw unauthenticated('malformed token');
    const row = await this.tokens.findLive(hashToken(token), sqlTime(now));
    if (!row) throw unauthenticated('unknown, expired or revoked token');
    const user = await this.users.getActiveById(row.userId);
    if (!user) throw unauthenticated('user gone or disabled');
    await this.tokens.touch(row.tokenId);
    return { user, tokenId: row.tokenId };
  }

  async listForUser(userId: string): Promise<ApiTokenRow[]> {
    return this.tokens.listForUser(userId);
  }

  /** Revoke one of the user's tokens (idempotent for an already revoked one). */
  async revoke(userId: string, tokenId: string): Promise<ApiTokenRow> {
    if (!(await this.tokens.findForUser(userId, tokenId))) throw notFound('token', tokenId);
    return (await this.tokens.revoke(tokenId))!;
  }

  /** Revoke every live token of a user (`redbutton token revoke --user x --all`). */
  async revokeAll(userId: string): Promise<number> {
    return this.tokens.revokeAllOfUser(userId);
  }
}
