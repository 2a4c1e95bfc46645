import { loadConfig, type Config } from './config.js';
import { openDatabase, type Db, type DbHandle } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createRepositories, type Repositories } from './db/repositories/index.js';
import { createBlobStorage, type BlobStorage } from './core/storage/index.js';
import { AddressBook } from './core/contacts/address-book.js';
import { ContactsMapService } from './core/contacts/map-service.js';
import { JobEvents, JobIntake, PipelineRunner, createStages, loadScope } from './core/pipeline/index.js';
import { ProjectDetailsService } from './core/project/details.js';
import { createExtractor } from './core/scope/index.js';
import type { ScopeExtractor } from './core/scope/types.js';
import { pdfLimitsFromConfig } from './core/pdf/index.js';
import { loadOrCreateSecret } from './core/secret.js';
import { AppError } from './core/errors.js';

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
  runner: PipelineRunner;
  /** Job updates to the channel each job came from (channels subscribe by origin). */
  events: JobEvents;
  extractor: ScopeExtractor;
  /** Signing secret for links and reply keys. */
  secret: Buffer;
  transaction: <T>(fn: () => T) => T;
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
  const transaction = <T>(fn: () => T): T => handle.sqlite.transaction(fn)();
  const addressBook = new AddressBook(repos.contacts, transaction, { maxContacts: config.CONTACTS_MAX_PER_USER });
  const maps = new ContactsMapService({
    db: handle.db,
    repos,
    storage,
    addressBook,
    transaction,
    settings: { radiusMiles: config.MAP_RADIUS_MILES, maxPerTrade: config.MAP_MAX_PER_TRADE, onePerCompany: true, listPerTrade: config.MAP_LIST_PER_TRADE },
    maxVersions: config.MAP_MAX_VERSIONS,
  });
  const details = new ProjectDetailsService({
    repos,
    facts: async (job) => (job.scopeRef ? ((await loadScope(storage, job)).project ?? null) : null),
    invitationsQueued: (jobId) => maps.invitationsQueued(jobId),
  });
  const extractor = overrides.extractor ?? createExtractor(config);
  const runner = new PipelineRunner({
    jobs: repos.jobs,
    leases: repos.leases,
    stages: createStages({ storage, extractor, maps, details, pdfLimits: pdfLimitsFromConfig(config) }),
  });
  return {
    config,
    handle,
    db: handle.db,
    repos,
    storage,
    addressBook,
    maps,
    details,
    intake: new JobIntake(repos.jobs, storage, config.PDF_MAX_BYTES),
    runner,
    events: new JobEvents(),
    extractor,
    secret: loadOrCreateSecret(config.dataDir, config.REDBUTTON_SECRET),
    transaction,
    close: () => handle.close(),
  };
}

/** Until the repositories run on Postgres (docs/deploy.md), a Postgres URL must not silently mean SQLite. */
function postgresNotWiredYet(): AppError {
  return new AppError('CONFIG_INVALID', 'DATABASE_URL names a Postgres database, which the application does not run on yet', {
    userMessage:
      'Configuration error — DATABASE_URL names a Postgres database, but this version runs the application on SQLite only (the Postgres schema and migrations are ready; see docs/deploy.md). Unset DATABASE_URL or point it at a SQLite file.',
  });
}
