import { loadConfig } from '../../src/config.js';
import { and, asc, eq } from 'drizzle-orm';
import { openApp, type App, type AppParts } from '../../src/app.js';
import { emailLogs, type EmailLogRow } from '../../src/db/schema/index.js';
import { emailLogs as pgEmailLogs } from '../../src/db/pg/schema.js';
import { openTestApp, type AnyTestApp } from '../helpers/app.js';

const SECRET = 'test-secret-test-secret-test-secret-0123';

/**
 * The parts of the app outreach needs, on either database: a fresh data dir (LOCAL storage) and, on
 * Postgres, a fresh database of the run's cluster — the one way tests and benches open a world.
 * `env` names the database for a child process (`joinWorld`).
 */
export interface AnyWorld extends AppParts {
  app: App;
  backend: 'sqlite' | 'postgres';
  dataDir: string;
  /** The variables a child process needs to open this very world (`joinWorld`). */
  env: Record<string, string>;
  raw: AnyTestApp['raw'];
  /** Closes the App, drops the database and removes the data dir. */
  close(): Promise<void>;
}

export async function openWorldOn(backend: 'sqlite' | 'postgres', env: Record<string, string | undefined> = {}): Promise<AnyWorld> {
  const t = await openTestApp(backend, { LOG_LEVEL: 'silent', REDBUTTON_SECRET: SECRET, ...env });
  return { ...t.app, app: t.app, backend, dataDir: t.dir, env: { ...t.env, REDBUTTON_SECRET: SECRET }, raw: t.raw, close: t.cleanup };
}

/** In a child process: the world its parent opened, from the parent's `env` (closing it leaves the database and dir alone). */
export async function joinWorld(parentEnv: Record<string, string | undefined>, env: Record<string, string | undefined> = {}): Promise<AnyWorld> {
  const app = await openApp(loadConfig({ ...process.env, LOG_LEVEL: 'silent', REDBUTTON_SECRET: SECRET, ...parentEnv, ...env }));
  return { ...app, app, backend: app.backend, dataDir: app.config.dataDir, env: {}, raw: () => Promise.reject(new Error('no raw statements in a child process')), close: async () => app.close() };
}

/** Where `emailLogRows` looks: a job's rows, optionally of one kind, or one row by id. */
export interface EmailLogFilter {
  jobId?: string;
  emailId?: string;
  kind?: 'invitation' | 'reminder';
}

/**
 * email_logs rows as the repositories type them (the same row shape on both databases), ordered
 * by address so a test reads them the same way on both (no insertion order on Postgres).
 */
export async function emailLogRows(w: Pick<AnyWorld, 'app'>, f: EmailLogFilter): Promise<EmailLogRow[]> {
  const { app } = w;
  if (app.backend === 'sqlite') {
    const t = emailLogs;
    const where = and(f.jobId ? eq(t.jobId, f.jobId) : undefined, f.emailId ? eq(t.emailId, f.emailId) : undefined, f.kind ? eq(t.kind, f.kind) : undefined);
    return app.db.select().from(t).where(where).orderBy(asc(t.toEmail), asc(t.kind), asc(t.occasion)).all();
  }
  const t = pgEmailLogs;
  const where = and(f.jobId ? eq(t.jobId, f.jobId) : undefined, f.emailId ? eq(t.emailId, f.emailId) : undefined, f.kind ? eq(t.kind, f.kind) : undefined);
  return app.pg.db.select().from(t).where(where).orderBy(asc(t.toEmail), asc(t.kind), asc(t.occasion));
}

// Project in Anoka, MN (55303); every contact within the default radius.
export const CONTACTS_CSV = `name,email,trades,zip
Acme Electric,bids@acme-electric.test,Electrical,55303
Volt Bros Electric,est@voltbros.test,Electrical,55101
Drip Plumbing,drip@drip-plumbing.test,Plumbing,55401
Both Trades Mechanical,office@bothtrades.test,Electrical;Plumbing,55303
Gone Away Plumbing,nobody@goneaway.test,Plumbing,55401
`;

// Jobs that reached the contacts map, shared with the contacts-map tests.
export { scopeDoc, readyJob } from '../helpers/jobs.js';

/** An estimator with the standard address book. */
export async function estimator(w: Pick<AppParts, 'repos' | 'addressBook'>, email = 'estimator@gc-builders.test'): Promise<string> {
  const user = await w.repos.users.create(email, 'password123');
  await w.addressBook.importCsv(user.userId, CONTACTS_CSV);
  return user.userId;
}
