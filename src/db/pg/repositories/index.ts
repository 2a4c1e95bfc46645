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
import { PgInboundStore } from './inbound-mail.js';
import { PgJobEventsRepository } from './job-events.js';
import { PgReplyBudgetRepository } from './reply-budget.js';
import { PgSignInFailuresRepository } from './sign-in-failures.js';
import { PgSmtpRateRepository } from './smtp-rate.js';

export { PgContext } from './context.js';

/**
 * The repositories over a Postgres pool; `transaction` runs its body in one Postgres transaction.
 * Each implements the same interface as the SQLite class of that name (`Promised<…>` in
 * ../../repositories/index.ts), so core and channels cannot tell the two apart; the `Repositories`
 * type makes the list complete.
 */
export function createPgRepositories(handle: PgHandle): Repositories {
  const ctx = new PgContext(handle);
  const repos: Repositories = {
    users: new PgUsersRepository(ctx),
    jobs: new PgJobsRepository(ctx),
    leases: new PgJobLeases(ctx),
    contacts: new PgContactsRepository(ctx),
    mapHistory: new PgMapHistoryRepository(ctx),
    replyBudget: new PgReplyBudgetRepository(ctx),
    jobDetails: new PgJobDetailsRepository(ctx),
    profiles: new PgProfilesRepository(ctx),
    reviewLinks: new PgReviewLinkRevocations(ctx),
    apiTokens: new PgApiTokensRepository(ctx),
    jobOutreach: new PgJobOutreachRepository(ctx),
    slack: new PgSlackStore(ctx),
    inboundMail: (owner, leaseSeconds) => new PgInboundStore(ctx, owner, leaseSeconds),
    documents: new PgJobDocumentsRepository(ctx),
    addenda: new PgAddendaRepository(ctx),
    slackThreads: new PgSlackThreadsRepository(ctx),
    coverage: new PgCoverageRepository(ctx),
    signInFailures: new PgSignInFailuresRepository(ctx),
    smtpRate: new PgSmtpRateRepository(ctx),
    jobEvents: new PgJobEventsRepository(ctx),
    emailLogs: new PgEmailLogsRepository(ctx),
    sendQueue: new PgSendQueueRepository(ctx),
    // The same objects inside a transaction: PgContext hands their statements the open one.
    transaction: (body) => ctx.transaction(() => body(repos)),
  };
  return repos;
}
