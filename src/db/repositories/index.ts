import { sqliteOf, type Db } from '../client.js';
import { UsersRepository } from './users.js';
import { JobLeases } from './jobs.js';
import { JobsRepository } from './jobs.js';
import { ContactsRepository } from './contacts.js';
import { MapHistoryRepository } from './map-history.js';
import { ReplyBudgetRepository } from './reply-budget.js';
import { SignInFailuresRepository } from './sign-in-failures.js';
import { SmtpRateRepository } from './smtp-rate.js';
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

export { JobDocumentsRepository };
export type { NewJobDocument, JobDocumentReadPatch } from './job-documents.js';
export { AddendaRepository, SlackThreadsRepository };
export type { NewAddendum, QueuedAddendumMail, InvitationWithContact } from './addenda.js';
import { CoverageRepository } from './coverage.js';

export { CoverageRepository };
export type { InvitationFacts, FollowUpRow, ReminderCandidate, NewInvitationRow, NewReminderRow, PendingAnswer } from './coverage.js';
export { budgetHour } from './reply-budget.js';
export type { JobDetailsPatch, ProfilePatch, CompanyPatch } from './project.js';
export { normalizeEmail, type PublicUser } from './users.js';
export type { NewJob, JobPatch } from './jobs.js';
export { UNFINISHED_STATES } from './jobs.js';
export type { ContactInput, ContactCursor } from './contacts.js';

export interface Repositories {
  users: UsersRepository;
  jobs: JobsRepository;
  contacts: ContactsRepository;
  mapHistory: MapHistoryRepository;
  leases: JobLeases;
  replyBudget: ReplyBudgetRepository;
  jobDetails: JobDetailsRepository;
  profiles: ProfilesRepository;
  reviewLinks: ReviewLinkRevocations;
  apiTokens: ApiTokensRepository;
  jobOutreach: JobOutreachRepository;
  /** The Slack channel's links, files, messages and pending actions. */
  slack: SlackStore;
  /** The mailbox reader's claims and notices, for one reader (`owner`, see InboundStore.newOwner). */
  inboundMail(owner: string, leaseSeconds?: number): InboundStore;
  documents: JobDocumentsRepository;
  addenda: AddendaRepository;
  slackThreads: SlackThreadsRepository;
  coverage: CoverageRepository;
  /** Failed sign-ins per client, account and pair: the sign-in brake shared by every process. */
  signInFailures: SignInFailuresRepository;
  /** SMTP_RATE_PER_SECOND's slots, shared by every sending process. */
  smtpRate: SmtpRateRepository;
}

export function createRepositories(db: Db): Repositories {
  return {
    users: new UsersRepository(db),
    jobs: new JobsRepository(db),
    contacts: new ContactsRepository(db),
    mapHistory: new MapHistoryRepository(db),
    leases: new JobLeases(db),
    replyBudget: new ReplyBudgetRepository(db),
    signInFailures: new SignInFailuresRepository(db),
    smtpRate: new SmtpRateRepository(db),
    jobDetails: new JobDetailsRepository(db),
    profiles: new ProfilesRepository(db),
    reviewLinks: new ReviewLinkRevocations(db),
    apiTokens: new ApiTokensRepository(db),
    jobOutreach: new JobOutreachRepository(db),
    slack: new SlackStore(db),
    inboundMail: (owner, leaseSeconds) => new InboundStore(sqliteOf(db), owner, leaseSeconds),
    documents: new JobDocumentsRepository(db),
    addenda: new AddendaRepository(db),
    slackThreads: new SlackThreadsRepository(db),
    coverage: new CoverageRepository(db),
  };
}
