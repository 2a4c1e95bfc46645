import { AppError } from '../../../core/errors.js';
import type { Repositories } from '../../repositories/index.js';
import type { PgHandle } from '../client.js';
import { PgContext } from './context.js';
import { PgReviewLinkRevocations } from './review-links.js';
import { PgInboundStore } from './inbound-mail.js';
import { PgJobEventsRepository } from './job-events.js';
import { PgReplyBudgetRepository } from './reply-budget.js';
import { PgSignInFailuresRepository } from './sign-in-failures.js';
import { PgSmtpRateRepository } from './smtp-rate.js';

export { PgContext } from './context.js';

type Plain = Exclude<keyof Repositories, 'transaction' | 'inboundMail'>;

/**
 * How each repository is built on Postgres. Every entry implements the same interface as the
 * SQLite class of that name (`Promised<…>` in ../../repositories/index.ts), so core and channels
 * cannot tell the two apart.
 */
interface PgFactories {
  plain: { [K in Plain]?: (ctx: PgContext) => Repositories[K] };
  inboundMail?: (ctx: PgContext, owner: string, leaseSeconds?: number) => ReturnType<Repositories['inboundMail']>;
}

const factories: PgFactories = {
  plain: {
    reviewLinks: (ctx) => new PgReviewLinkRevocations(ctx),
    jobEvents: (ctx) => new PgJobEventsRepository(ctx),
    replyBudget: (ctx) => new PgReplyBudgetRepository(ctx),
    signInFailures: (ctx) => new PgSignInFailuresRepository(ctx),
    smtpRate: (ctx) => new PgSmtpRateRepository(ctx),
  },
  inboundMail: (ctx, owner, leaseSeconds) => new PgInboundStore(ctx, owner, leaseSeconds),
};

/** The repositories over a Postgres pool; `transaction` runs its body in one Postgres transaction. */
export function createPgRepositories(handle: PgHandle): Repositories {
  const ctx = new PgContext(handle);
  const repos = {
    transaction: <T>(body: (tx: Repositories) => Promise<T>) => ctx.transaction(() => body(repos)),
    inboundMail: (owner: string, leaseSeconds?: number) => {
      if (!factories.inboundMail) throw notPorted('inboundMail');
      return factories.inboundMail(ctx, owner, leaseSeconds);
    },
  } as Repositories;
  for (const name of Object.keys(factories.plain) as Plain[]) {
    const make = factories.plain[name] as (ctx: PgContext) => unknown;
    Object.defineProperty(repos, name, { value: make(ctx), enumerable: true });
  }
  // A repository without its Postgres class yet fails by name where it is first used (openApp
  // builds the App from them, so at start), instead of as `undefined` somewhere later.
  for (const name of Object.keys(ALL_PLAIN) as Plain[]) {
    if (!factories.plain[name]) Object.defineProperty(repos, name, { get: () => { throw notPorted(name); } });
  }
  return repos;
}

/** Every plain repository's name; the type makes the list complete. */
const ALL_PLAIN: { [K in Plain]: true } = {
  users: true, jobs: true, contacts: true, mapHistory: true, leases: true, replyBudget: true, jobDetails: true, profiles: true,
  reviewLinks: true, apiTokens: true, jobOutreach: true, slack: true, documents: true, addenda: true, slackThreads: true,
  coverage: true, signInFailures: true, smtpRate: true, jobEvents: true, emailLogs: true, sendQueue: true,
};

function notPorted(name: string): AppError {
  return new AppError('CONFIG_INVALID', `The ${name} repository has no Postgres implementation yet`, {
    userMessage: `This version cannot run on Postgres yet: the ${name} repository has no Postgres implementation (unset DATABASE_URL to use SQLite).`,
  });
}
