import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import type { SignInThrottle } from '../../../core/auth/sign-in-throttle.js';
import { userOf, type HttpContext } from '../context.js';
import { HttpError } from '../errors.js';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, tokenView } from '../../../core/auth/api-tokens.js';

const loginBody = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
  days: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional(),
});

/** POST /auth/login is public (it hands out tokens); the rest need a token. */
export function registerLoginRoute(server: FastifyInstance, ctx: HttpContext, throttle: SignInThrottle = ctx.app.signInThrottle): void {
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
      // req.ip is the real client behind a trusted proxy (TRUST_PROXY), the peer address otherwise.
      const account = req.body.email.toLowerCase();
      const decision = await throttle.check(account, req.ip);
      if (!decision.allowed) {
        const seconds = Math.ceil(decision.retryAfterMs / 1000);
        req.log.warn({ client: req.ip, reason: decision.reason, retryAfterS: seconds }, 'sign-in held back');
        void reply.header('retry-after', String(seconds));
        throw new HttpError('RATE_LIMITED', `Too many failed sign-ins from here. Wait ${seconds} second(s) and try again, or create a token with \`redbutton token create\`.`);
      }
      const user = await ctx.app.repos.users.verify(req.body.email, req.body.password);
      if (!user) {
        await throttle.failed(account, req.ip);
        throw new AppError('UNAUTHENTICATED', 'Bad credentials', { userMessage: 'Wrong e-mail or password.' });
      }
      await throttle.succeeded(account, req.ip);
      // Said only to someone who knows the password, so it tells a guesser nothing.
      if (user.disabledAt) throw new AppError('FORBIDDEN', 'Sign-in to a disabled account', { userMessage: 'This account is disabled. Ask your Red Button administrator.' });
      const t = await ctx.tokens.create(user.userId, { days: req.body.days ?? DEFAULT_TOKEN_DAYS, label: 'login' });
      req.log.info({ userId: user.userId, tokenId: t.tokenId }, 'signed in');
      return reply.code(201).header('cache-control', 'no-store').send({ token: t.token, token_id: t.tokenId, token_type: 'Bearer', expires_at: t.expiresAt, user: { user_id: user.userId, email: user.email } });
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
    if (req.tokenId) await ctx.tokens.revoke(u.userId, req.tokenId);
    return reply.code(204).send();
  });

  r.get('/auth/tokens', { schema: { tags: ['auth'], summary: "The signed-in user's tokens (never the secrets)" } }, async (req) => {
    return { tokens: (await ctx.tokens.listForUser(userOf(req).userId)).map(tokenView) };
  });

  r.delete(
    '/auth/tokens/:id',
    { schema: { tags: ['auth'], summary: 'Revoke one of your tokens', params: z.object({ id: z.string().min(1).max(100) }) } },
    async (req) => tokenView(await ctx.tokens.revoke(userOf(req).userId, req.params.id)),
  );
}
