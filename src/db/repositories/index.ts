import { sqliteOf, type Db } from '../client.js';
import { UsersRepository } from './users.js';
import { JobLeases } from './jobs.js';
import { JobsRepository } from './jobs.js';
import { ContactsRepository } from './contacts.js';
import { MapHistoryRepository } from './map-history.js';
import { ReplyBudgetRepository } from './reply-budget.js';
import { SignInFailuresRepository } from './sign-in-failures.js';
import { SmtpRateRepository } from './smtp-rate.js';
import { JobEventsRepository } from './job-events.js';
import { JobDetailsRepository, ProfilesRepository } from './project.js';
import { ReviewLinkRevocations } from './review-links.js';
import { ApiTokensRepository } from './api-tokens.js';
import { JobOutreachRepository } from './job-outreach.js';
import { SlackStore } from './slack-state.js';
import { InboundStore } from './inbound-mail.js';

export { UsersRepository, JobsRepository, JobLeases, ContactsRepository, MapHistoryRepository, ReplyBudgetRepository, JobDetailsRepository, ProfilesRepository, ReviewLinkRevocations, ApiTokensRepository, JobOutreachRepository, SlackStore, InboundStore };
export type { ClaimResult, InboundOutcome } from './inbound-mail.js';
import { JobDocumentsRepository } from './job-documents.js';
import { AddendaRepository } from './addenda.js';
import { SlackThreadsRepository } from './slack-threads.js';
import { EmailLogsRepository } from './email-logs.js';
import { SendQueueRepository } from './send-queue.js';
import { gateOf, type Promised } from './connection-gate.js';

export { JobDocumentsRepository };
export type { NewJobDocument, JobDocumentReadPatch } from './job-documents.js';
export { AddendaRepository, SlackThreadsRepository };
export type { NewAddendum, QueuedAddendumMail, InvitationWithContact } from './addenda.js';
import { CoverageRepository } from './coverage.js';

export { CoverageRepository, EmailLogsRepository, SendQueueRepository };
export type { Promised } from './connection-gate.js';
export type { ApprovedInvitation, NewApproval, ReportedInvitation } from './email-logs.js';
export type { InFlightMessage, SendOutcome } from './send-queue.js';
export type { InvitationFacts, FollowUpRow, ReminderCandidate, NewInvitationRow, NewReminderRow, PendingAnswer } from './coverage.js';
export { budgetHour } from './reply-budget.js';
export type { JobDetailsPatch, ProfilePatch, CompanyPatch } from './project.js';
export { normalizeEmail, type PublicUser } from './users.js';
export type { NewJob, JobPatch } from './jobs.js';
export { UNFINISHED_STATES } from './jobs.js';
export type { ContactInput, ContactCursor } from './contacts.js';

/** The stored records the repositories return (their shapes are the schema's rows). */
export type { UserRow, JobRow, ContactRow, EmailLogRow, MapHistoryRow, ApiTokenRow, JobDocumentRow, JobAddendumRow, JobDetailsRow, OutreachApprovalRow } from '../schema/index.js';

/**
 * The Slack store as callers see it. `withJobMessages` is generic and already async: Promised
 * would turn its result into `Promise<unknown>`, so it keeps its own signature.
 */
export type SlackStoreApi = Promised<Omit<SlackStore, 'withJobMessages'>> & Pick<SlackStore, 'withJobMessages'>;

export interface Repositories {
  users: Promised<UsersRepository>;
  jobs: Promised<JobsRepository>;
  contacts: Promised<ContactsRepository>;
  mapHistory: Promised<MapHistoryRepository>;
  leases: Promised<JobLeases>;
  replyBudget: Promised<ReplyBudgetRepository>;
  jobDetails: Promised<JobDetailsRepository>;
  profiles: Promised<ProfilesRepository>;
  reviewLinks: Promised<ReviewLinkRevocations>;
  apiTokens: Promised<ApiTokensRepository>;
  jobOutreach: Promised<JobOutreachRepository>;
  /** The Slack channel's links, files, messages and pending actions. */
  slack: SlackStoreApi;
  /** The mailbox reader's claims and notices, for one reader (`owner`, see InboundStore.newOwner). */
  inboundMail(owner: string, leaseSeconds?: number): Promised<InboundStore>;
  documents: Promised<JobDocumentsRepository>;
  addenda: Promised<AddendaRepository>;
  slackThreads: Promised<SlackThreadsRepository>;
  coverage: Promised<CoverageRepository>;
  /** Failed sign-ins per client, account and pair: the sign-in brake shared by every process. */
  signInFailures: Promised<SignInFailuresRepository>;
  /** SMTP_RATE_PER_SECOND's slots, shared by every sending process. */
  smtpRate: Promised<SmtpRateRepository>;
  /** Job updates for the channel of whichever process serves the job's origin. */
  jobEvents: Promised<JobEventsRepository>;
  /** Our sent messages (email_logs) and the approvals that queued them. */
  emailLogs: Promised<EmailLogsRepository>;
  /** The outbox the sender claims messages from (email_send_claims). */
  sendQueue: Promised<SendQueueRepository>;
  /**
   * Run `body` as one transaction and resolve with its result (rolled back when it throws). The
   * repositories it receives are bound to the transaction; on SQLite the connection is held for
   * the whole body and every other caller waits (see ConnectionGate), so nothing interleaves
   * across its awaits.
   */
  transaction<T>(body: (tx: Repositories) => Promise<T>): Promise<T>;
}

export function createRepositories(db: Db): Repositories {
  const sqlite = sqliteOf(db);
  const gate = gateOf(sqlite);
  const repos: Repositories = {
    users: gate.guard(new UsersRepository(db)),
    jobs: gate.guard(new JobsRepository(db)),
    contacts: gate.guard(new ContactsRepository(db)),
    mapHistory: gate.guard(new MapHistoryRepository(db)),
    leases: gate.guard(new JobLeases(db)),
    replyBudget: gate.guard(new ReplyBudgetRepository(db)),
    jobDetails: gate.guard(new JobDetailsRepository(db)),
    profiles: gate.guard(new ProfilesRepository(db)),
    reviewLinks: gate.guard(new ReviewLinkRevocations(db)),
    apiTokens: gate.guard(new ApiTokensRepository(db)),
    jobOutreach: gate.guard(new JobOutreachRepository(db)),
    // the gate awaits what a method returns, so withJobMessages still resolves to fn's result
    slack: gate.guard(new SlackStore(db)) as unknown as SlackStoreApi,
    inboundMail: (owner, leaseSeconds) => gate.guard(new InboundStore(sqlite, owner, leaseSeconds)),
    documents: gate.guard(new JobDocumentsRepository(db)),
    addenda: gate.guard(new AddendaRepository(db)),
    slackThreads: gate.guard(new SlackThreadsRepository(db)),
    coverage: gate.guard(new CoverageRepository(db)),
    signInFailures: gate.guard(new SignInFailuresRepository(db)),
    smtpRate: gate.guard(new SmtpRateRepository(db)),
    jobEvents: gate.guard(new JobEventsRepository(db)),
    emailLogs: gate.guard(new EmailLogsRepository(db)),
    sendQueue: gate.guard(new SendQueueRepository(db, sqlite)),
    // One connection: the transaction's repositories are these same objects, run inside the gate's transaction.
    transaction: (body) => gate.transaction(() => body(repos)),
  };
  return repos;
}
