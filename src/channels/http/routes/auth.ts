import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { userOf, type HttpContext } from '../context.js';
import { HttpError } from '../errors.js';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, tokenView } from '../tokens.js';

const loginBody = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
  days: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional(),
});

/**
 * Failed logins per e-mail address and per client address within a window: past the limit the
 * route answers 429 without checking the password, so a password cannot be guessed at speed.
 * In memory (one process serves the API); a restart forgets, which is fine for a brake.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; until: number }>();
  constructor(
    private readonly max = 10,
    private readonly windowMs = 15 * 60_000,
  ) {}

  check(keys: string[], now = Date.now()): void {
    for (const k of keys) {
      const f = this.failures.get(k);
      // A client address may be shared (an office NAT): it gets more room than one account.
      const max = k.startsWith('ip:') ? this.max * 3 : this.max;
      if (f && f.until > now && f.count >= max) {
        throw new HttpError('RATE_LIMITED', `Too many failed sign-ins. Wait ${Math.ceil((f.until - now) / 60_000)} minute(s) and try again, or create a token with \`redbutton token create\`.`);
      }
    }
  }

  fail(keys: string[], now = Date.now()): void {
    for (const k of keys) {
      const f = this.failures.get(k);
      if (!f || f.until <= now) this.failures.set(k, { count: 1, until: now + this.windowMs });
      else f.count += 1;
    }
    if (this.failures.size > 10_000) for (const [k, f] of this.failures) if (f.until <= now) this.failures.delete(k);
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.failures.delete(k);
  }
}

/** POST /auth/login is public (it hands out tokens); the rest need a token. */
export function registerLoginRoute(server: FastifyInstance, ctx: HttpContext): void {
  const throttle = new LoginThrottle();
  server.withTypeProvider<ZodTypeProvider>().post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Exchange e-mail and password for a bearer token',
        security: [],
        body: loginBody,
      },
    },
    async (req, reply) => {
      const keys = [`email:${req.body.email.toLowerCase()}`, `ip:${req.ip}`];
      throttle.check(keys);
      const user = await ctx.app.repos.users.verify(req.body.email, req.body.password);
      if (!user) {
        throttle.fail(keys);
        throw new AppError('UNAUTHENTICATED', 'Bad credentials', { userMessage: 'Wrong e-mail or password.' });
      }
      throttle.succeed([keys[0]!]);
      const t = ctx.tokens.create(user.userId, { days: req.body.days ?? DEFAULT_TOKEN_DAYS, label: 'login' });
      req.log.info({ userId: user.userId, tokenId: t.tokenId }, 'signed in');
      return reply.code(201).send({ token: t.token, token_id: t.tokenId, token_type: 'Bearer', expires_at: t.expiresAt, user: { user_id: user.userId, email: user.email } });
    },
  );
}

export function registerAuthRoutes(api: FastifyInstance, ctx: HttpContext): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  r.get('/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user' } }, async (req) => {
    const u = userOf(req);
    return { user_id: u.userId, email: u.email, created_at: u.createdAt };
  });

  r.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Revoke the token this request was made with' } }, async (req, reply) => {
    const u = userOf(req);
    if (req.tokenId) ctx.tokens.revoke(u.userId, req.tokenId);
    return reply.code(204).send();
  });

  r.get('/auth/tokens', { schema: { tags: ['auth'], summary: "The signed-in user's tokens (never the secrets)" } }, async (req) => {
    return { tokens: ctx.tokens.listForUser(userOf(req).userId).map(tokenView) };
  });

  r.delete(
    '/auth/tokens/:id',
    { schema: { tags: ['auth'], summary: 'Revoke one of your tokens', params: z.object({ id: z.string().min(1).max(100) }) } },
    async (req) => tokenView(ctx.tokens.revoke(userOf(req).userId, req.params.id)),
  );
}
