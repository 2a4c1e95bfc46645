import { AppError } from '../../../core/errors.js';
import type { Repositories } from '../../repositories/index.js';
import type { PgHandle } from '../client.js';
import { PgContext } from './context.js';
import { PgCoverageRepository } from './coverage.js';
import { PgEmailLogsRepository } from './email-logs.js';
import { PgSendQueueRepository } from './send-queue.js';
import { PgApiTokensRepository } from './api-tokens.js';
import { PgJobOutreachRepository } from './job-outreach.js';
import { PgJobLeases, PgJobsRepository } from './jobs.js';
import { PgMapHistoryRepository } from './map-history.js';
import { PgJobDetailsRepository, PgProfilesRepository } from './project.js';
import { PgUsersRepository } from './users.js';
import { PgReviewLinkRevocations } from './review-links.js';
import { PgAddendaRepository } from './addenda.js';
import { PgContactsRepository } from './contacts.js';
import { PgJobDocumentsRepository } from './job-documents.js';
import { PgSlackStore } from './slack-state.js';
import { PgSlackThreadsRepository } from './slack-threads.js';

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
    coverage: (ctx) => new PgCoverageRepository(ctx),
    emailLogs: (ctx) => new PgEmailLogsRepository(ctx),
    sendQueue: (ctx) => new PgSendQueueRepository(ctx),
    apiTokens: (ctx) => new PgApiTokensRepository(ctx),
    jobDetails: (ctx) => new PgJobDetailsRepository(ctx),
    jobOutreach: (ctx) => new PgJobOutreachRepository(ctx),
    jobs: (ctx) => new PgJobsRepository(ctx),
    leases: (ctx) => new PgJobLeases(ctx),
    mapHistory: (ctx) => new PgMapHistoryRepository(ctx),
    profiles: (ctx) => new PgProfilesRepository(ctx),
    users: (ctx) => new PgUsersRepository(ctx),
    reviewLinks: (ctx) => new PgReviewLinkRevocations(ctx),
    addenda: (ctx) => new PgAddendaRepository(ctx),
    contacts: (ctx) => new PgContactsRepository(ctx),
    documents: (ctx) => new PgJobDocumentsRepository(ctx),
    slack: (ctx) => new PgSlackStore(ctx),
    slackThreads: (ctx) => new PgSlackThreadsRepository(ctx),
  },
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
  return repos;
}

function notPorted(name: string): AppError {
  return new AppError('CONFIG_INVALID', `The ${name} repository has no Postgres implementation yet`);
}
