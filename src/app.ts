import { loadConfig, type Config } from './config.js';
import { openDatabase, type Db, type DbHandle } from './db/client.js';
import type { PgHandle } from './db/pg/client.js';
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
import { ClusterLeadership } from './core/cluster/leadership.js';
import { SignInThrottle } from './core/auth/sign-in-throttle.js';

/**
 * The composition root: one place that turns configuration into working parts. Channels and the
 * CLI receive an `App` and call core through it; nothing else constructs repositories or storage.
 * Everything but the database connection is the same on both databases (`AppParts`); the
 * connection is SQLite's file (`SqliteApp`) or a Postgres pool (`PostgresApp`).
 */
export type App = SqliteApp | PostgresApp;

/**
 * The App on the SQLite file (`createApp`): the raw handle stays reachable for tests and tools
 * that look at the file directly, and `ping`/`close` are synchronous, as better-sqlite3 is.
 */
export interface SqliteApp extends AppParts {
  backend: 'sqlite';
  handle: DbHandle;
  db: Db;
  /** Throws when the database does not answer (the health check). */
  ping(): void;
  close(): void;
}

/**
 * The App on Postgres (`openApp` with a postgres:// DATABASE_URL): no raw SQLite handle — every
 * query goes through `repos` — and `ping`/`close` are asynchronous. Callers written against `App`
 * `await app.ping()` and `await app.close()`, which is right for both.
 */
export interface PostgresApp extends AppParts {
  backend: 'postgres';
  /** The pool (and its URL, for the dedicated connections of leader locks and LISTEN). */
  pg: PgHandle;
  handle?: undefined;
  db?: undefined;
  /** Rejects when the database does not answer (the health check). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface AppParts {
  config: Config;
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
  /** What runs in one process of the cluster at a time (the mailbox reader, the outreach clock): a lock on Postgres, this process on SQLite. */
  leadership: ClusterLeadership;
  /** Postgres: waits up to `ms` for a NOTIFY that invitations were queued (the outreach sender's wake-up across processes). */
  waitForQueuedInvitations?(ms: number): Promise<void>;
}

export interface AppOverrides {
  extractor?: ScopeExtractor;
  storage?: BlobStorage;
}

/**
 * The App on the SQLite file, synchronously (the demo, one `serve`, and the tests). A postgres://
 * DATABASE_URL needs `openApp`: opening a pool and migrating under the advisory lock is async.
 */
export function createApp(config: Config = loadConfig(), overrides: AppOverrides = {}): SqliteApp {
  if (config.postgresUrl) throw postgresNeedsOpenApp();
  const handle = openDatabase(config.databasePath);
  try {
    migrate(handle.sqlite);
    return {
      ...assemble(config, createRepositories(handle.db), overrides),
      backend: 'sqlite',
      handle,
      db: handle.db,
      ping: () => void handle.sqlite.prepare('SELECT 1').get(),
      close: () => handle.close(),
    };
  } catch (e) {
    handle.close();
    throw e;
  }
}

/**
 * The App on the configured database: Postgres for a postgres:// DATABASE_URL (the pool opened
 * and the schema migrated under the advisory lock, so many processes can start at once), else
 * SQLite as `createApp`. Every entry point (CLI, serve, worker, demo) opens the App with this.
 */
export async function openApp(config: Config = loadConfig(), overrides: AppOverrides = {}): Promise<App> {
  if (!config.postgresUrl) return createApp(config, overrides);
  // pg and drizzle's pg dialect load only for Postgres: SQLite commands start without them.
  const [{ openPostgres }, { createPgRepositories }, { JobEventsWakeUps }, { LeaderLock }, { ChannelWait }, { JOBS_QUEUED_CHANNEL }, { INVITATIONS_QUEUED_CHANNEL }] = await Promise.all([
    import('./db/pg/client.js'),
    import('./db/pg/repositories/index.js'),
    import('./db/pg/repositories/job-events.js'),
    import('./db/pg/leader.js'),
    import('./db/pg/wakeups.js'),
    import('./db/pg/repositories/jobs.js'),
    import('./db/pg/repositories/send-queue.js'),
  ]);
  const pg = await openPostgres(config.postgresUrl, { max: config.DATABASE_POOL_MAX, applicationName: `redbutton ${process.pid}` });
  // Job updates recorded by other processes wake this one's relay (LISTEN; opened on first use).
  const jobUpdates = new JobEventsWakeUps(pg.url);
  // Jobs queued by other processes (a queue-only serve, a stopping worker) wake this one's sweep.
  const jobsQueued = new ChannelWait(pg.url, JOBS_QUEUED_CHANNEL, 'queued jobs');
  // Invitations queued by other processes (an approval in a `serve`) wake this one's sender.
  const invitationsQueued = new ChannelWait(pg.url, INVITATIONS_QUEUED_CHANNEL, 'queued invitations');
  try {
    return {
      ...assemble(config, createPgRepositories(pg), overrides, {
        waitForJobUpdates: (ms) => jobUpdates.wait(ms),
        waitForQueuedJobs: (ms) => jobsQueued.wait(ms),
        waitForQueuedInvitations: (ms) => invitationsQueued.wait(ms),
        leadership: new ClusterLeadership({ lockFor: (name) => new LeaderLock(pg.url, name) }),
      }),
      backend: 'postgres',
      pg,
      ping: async () => void (await pg.pool.query('SELECT 1')),
      close: async () => {
        await jobUpdates.close();
        await jobsQueued.close();
        await invitationsQueued.close();
        await pg.close();
      },
    };
  } catch (e) {
    await pg.close();
    throw e;
  }
}

/** Everything the App is made of above the database: the same on SQLite and Postgres. */
function assemble(
  config: Config,
  repos: Repositories,
  overrides: AppOverrides,
  cluster: {
    waitForJobUpdates?: (ms: number) => Promise<void>;
    waitForQueuedJobs?: (ms: number) => Promise<void>;
    waitForQueuedInvitations?: (ms: number) => Promise<void>;
    leadership?: ClusterLeadership;
  } = {},
): AppParts {
  const { waitForJobUpdates, waitForQueuedJobs, waitForQueuedInvitations } = cluster;
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
  const events = new JobEvents({ outbox: repos.jobEvents, job: (jobId) => repos.jobs.getInternal(jobId), ...(waitForJobUpdates ? { wait: waitForJobUpdates } : {}) });
  return {
    config,
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
    dispatcher: new PipelineDispatcher({
      runner,
      jobs: repos.jobs,
      events,
      concurrency: config.PIPELINE_CONCURRENCY,
      pollMs: config.PIPELINE_POLL_SECONDS * 1000,
      ...(waitForQueuedJobs ? { wait: waitForQueuedJobs } : {}),
    }),
    events,
    extractor,
    secret: loadOrCreateSecret(config.dataDir, config.REDBUTTON_SECRET),
    signInThrottle: new SignInThrottle({}, repos.signInFailures),
    leadership: cluster.leadership ?? new ClusterLeadership(),
    ...(waitForQueuedInvitations ? { waitForQueuedInvitations } : {}),
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

/** A Postgres URL given to the synchronous `createApp` must not silently mean SQLite. */
function postgresNeedsOpenApp(): AppError {
  return new AppError('CONFIG_INVALID', 'DATABASE_URL names a Postgres database: open the App with openApp(), which connects and migrates asynchronously; createApp() opens SQLite only', {
    userMessage:
      'Configuration error — DATABASE_URL names a Postgres database, which this entry point cannot open (it runs on SQLite only). Use the `redbutton` command, or unset DATABASE_URL to use the SQLite file.',
  });
}
