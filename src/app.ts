import { loadConfig, type Config } from './config.js';
import { openDatabase, type Db, type DbHandle } from './db/client.js';
import { migrate, type MigrationResult } from './db/migrate.js';
import { createRepositories, type Repositories } from './db/repositories/index.js';
import { createBlobStorage, type BlobStorage } from './core/storage/index.js';
import { AddressBook } from './core/contacts/address-book.js';
import { ContactsMapService } from './core/contacts/map-service.js';
import { JobEvents, JobIntake, PipelineDispatcher, PipelineRunner, createStages, loadScope } from './core/pipeline/index.js';
import { ProjectDetailsService } from './core/project/details.js';
import { JobDocuments, PackageIntake, packageLimits } from './core/documents/index.js';
import { Addenda } from './core/addenda/addenda.js';
import { createExtractor } from './core/scope/index.js';
import type { ScopeExtractor } from './core/scope/types.js';
import { pdfLimitsFromConfig } from './core/pdf/index.js';
import { loadOrCreateSecret } from './core/secret.js';
import { AppError } from './core/errors.js';
import { SignInThrottle } from './core/auth/sign-in-throttle.js';

/**
 * The composition root: one place that turns configuration into working parts. Channels and the
 * CLI receive an `App` and call core through it; nothing else constructs repositories or storage.
 */
export interface App {
  config: Config;
  handle: DbHandle;
  db: Db;
  repos: Repositories;
  storage: BlobStorage;
  addressBook: AddressBook;
  maps: ContactsMapService;
  /** Project details of a job (address, the subs' due date, job walk …), filled from the documents. */
  details: ProjectDetailsService;
  intake: JobIntake;
  /** What arrived together (files, archives, Outlook items, plan links) → one job and a report. */
  packages: PackageIntake;
  /** A job's documents: the bid package and its addenda (`addDocuments`). */
  documents: JobDocuments;
  /** Addenda of a job: read, what changed, the new trades, and the notices on approval. */
  addenda: Addenda;
  runner: PipelineRunner;
  /** The one place pipeline work starts: channels ask it to run a job; `start()` sweeps for unfinished ones. */
  dispatcher: PipelineDispatcher;
  /** Job updates to the channel each job came from (channels subscribe by origin). */
  events: JobEvents;
  extractor: ScopeExtractor;
  /** Signing secret for links and reply keys. */
  secret: Buffer;
  /** The brake on password guessing, its records in the database (shared by every process). */
  signInThrottle: SignInThrottle;
  /** Throws when the database does not answer (the health check). */
  ping(): void;
  close(): void;
}

export interface AppOverrides {
  extractor?: ScopeExtractor;
  storage?: BlobStorage;
}

export function createApp(config: Config = loadConfig(), overrides: AppOverrides = {}): App {
  if (config.postgresUrl) throw postgresNotWiredYet();
  const handle = openDatabase(config.databasePath);
  migrate(handle.sqlite);
  const repos = createRepositories(handle.db);
  const storage = overrides.storage ?? createBlobStorage(config);
  const addressBook = new AddressBook(repos, { maxContacts: config.CONTACTS_MAX_PER_USER });
  const maps = new ContactsMapService({
    repos,
    storage,
    addressBook,
    settings: { radiusMiles: config.MAP_RADIUS_MILES, maxPerTrade: config.MAP_MAX_PER_TRADE, onePerCompany: true, listPerTrade: config.MAP_LIST_PER_TRADE },
    maxVersions: config.MAP_MAX_VERSIONS,
  });
  const details = new ProjectDetailsService({
    repos,
    facts: async (job) => (job.scopeRef ? ((await loadScope(storage, job)).project ?? null) : null),
    invitationsQueued: (jobId) => maps.invitationsQueued(jobId),
  });
  const extractor = overrides.extractor ?? createExtractor(config);
  const documents = new JobDocuments(repos.documents, storage, config.PDF_MAX_BYTES);
  const intake = new JobIntake(repos.jobs, documents, repos.documents, config.PDF_MAX_BYTES);
  const runner = new PipelineRunner({
    jobs: repos.jobs,
    leases: repos.leases,
    stages: createStages({ storage, extractor, maps, details, pdfLimits: pdfLimitsFromConfig(config), documents: repos.documents }),
  });
  const events = new JobEvents({ outbox: repos.jobEvents, job: (jobId) => repos.jobs.getInternal(jobId) });
  return {
    config,
    handle,
    db: handle.db,
    repos,
    storage,
    addressBook,
    maps,
    details,
    intake,
    packages: new PackageIntake(intake, packageLimits(config)),
    documents,
    addenda: new Addenda({ repos, documents, storage, maps, details, config, pdfLimits: pdfLimitsFromConfig(config) }),
    runner,
    dispatcher: new PipelineDispatcher({ runner, jobs: repos.jobs, events }),
    events,
    extractor,
    secret: loadOrCreateSecret(config.dataDir, config.REDBUTTON_SECRET),
    signInThrottle: new SignInThrottle({}, repos.signInFailures),
    ping: () => void handle.sqlite.prepare('SELECT 1').get(),
    close: () => handle.close(),
  };
}

/** `redbutton migrate`: apply the migrations that have not run yet to the configured database, then close it. */
export async function migrateDatabase(config: Config): Promise<MigrationResult> {
  // A postgres:// DATABASE_URL: prepare that database (under the migration lock), not the SQLite file.
  if (config.postgresUrl) {
    const { migratePostgresDatabase } = await import('./db/pg/client.js'); // pg loads only for Postgres
    return migratePostgresDatabase(config.postgresUrl);
  }
  const handle = openDatabase(config.databasePath);
  try {
    return migrate(handle.sqlite);
  } finally {
    handle.close();
  }
}

/** Until the repositories run on Postgres (docs/deploy.md), a Postgres URL must not silently mean SQLite. */
function postgresNotWiredYet(): AppError {
  return new AppError('CONFIG_INVALID', 'DATABASE_URL names a Postgres database, which the application does not run on yet', {
    userMessage:
      'Configuration error — DATABASE_URL names a Postgres database, but this version runs the application on SQLite only (the Postgres schema and migrations are ready; see docs/deploy.md). Unset DATABASE_URL or point it at a SQLite file.',
  });
}
