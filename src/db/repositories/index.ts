import type { Db } from '../client.js';
import { UsersRepository } from './users.js';
import { JobLeases } from './jobs.js';
import { JobsRepository } from './jobs.js';
import { ContactsRepository } from './contacts.js';
import { MapHistoryRepository } from './map-history.js';
import { JobDetailsRepository, ProfilesRepository } from './project.js';

export { UsersRepository, JobsRepository, JobLeases, ContactsRepository, MapHistoryRepository, JobDetailsRepository, ProfilesRepository };
export type { JobDetailsPatch, ProfilePatch, CompanyPatch } from './project.js';
export { normalizeEmail, type PublicUser } from './users.js';
export type { NewJob, JobPatch } from './jobs.js';
export { UNFINISHED_STATES } from './jobs.js';
export type { ContactInput } from './contacts.js';

export interface Repositories {
  users: UsersRepository;
  jobs: JobsRepository;
  contacts: ContactsRepository;
  mapHistory: MapHistoryRepository;
  leases: JobLeases;
  jobDetails: JobDetailsRepository;
  profiles: ProfilesRepository;
}

export function createRepositories(db: Db): Repositories {
  return {
    users: new UsersRepository(db),
    jobs: new JobsRepository(db),
    contacts: new ContactsRepository(db),
    mapHistory: new MapHistoryRepository(db),
    leases: new JobLeases(db),
    jobDetails: new JobDetailsRepository(db),
    profiles: new ProfilesRepository(db),
  };
}
