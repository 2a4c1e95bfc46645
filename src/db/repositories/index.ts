import type { Db } from '../client.js';
import { UsersRepository } from './users.js';
import { JobLeases } from './jobs.js';
import { JobsRepository } from './jobs.js';
import { ContactsRepository } from './contacts.js';
import { MapHistoryRepository } from './map-history.js';
import { ReplyBudgetRepository } from './reply-budget.js';
import { JobDetailsRepository, ProfilesRepository } from './project.js';
import { CoverageRepository } from './coverage.js';

export { UsersRepository, JobsRepository, JobLeases, ContactsRepository, MapHistoryRepository, ReplyBudgetRepository, JobDetailsRepository, ProfilesRepository, CoverageRepository };
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
  coverage: CoverageRepository;
}

export function createRepositories(db: Db): Repositories {
  return {
    users: new UsersRepository(db),
    jobs: new JobsRepository(db),
    contacts: new ContactsRepository(db),
    mapHistory: new MapHistoryRepository(db),
    leases: new JobLeases(db),
    replyBudget: new ReplyBudgetRepository(db),
    jobDetails: new JobDetailsRepository(db),
    profiles: new ProfilesRepository(db),
    coverage: new CoverageRepository(db),
  };
}
