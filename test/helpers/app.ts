import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, openApp, type App, type SqliteApp, type AppOverrides } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { freshDatabase, postgresAvailable, postgresSkipReason } from './postgres.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const corpusDir = resolve(repoRoot, '..', 'shared', 'corpus');

/** A throw-away data dir (real SQLite file, real LOCAL storage) for one test file. */
export function makeTempDir(prefix = 'rb-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestApp {
  app: SqliteApp;
  dir: string;
  cleanup: () => void;
}

/** A real App over a temp data dir; `env` adds or overrides configuration variables. */
export function createTestApp(env: Record<string, string | undefined> = {}, overrides: AppOverrides = {}): TestApp {
  const { dir, cleanup } = makeTempDir();
  const config = loadConfig({ ...process.env, OPENAI_API_KEY: undefined, SMTP_URL: undefined, IMAP_HOST: undefined, ...env, REDBUTTON_DATA_DIR: dir });
  const app = createApp(config, overrides);
  return {
    app,
    dir,
    cleanup: () => {
      app.close();
      cleanup();
    },
  };
}

/** The two databases an App can run on; Postgres is skipped (with the reason) only where it is not installed, never on CI. */
export interface AppBackend {
  backend: 'sqlite' | 'postgres';
  skip?: string;
}

/** For `describe.each(appBackends())` in suites that must hold on both databases. */
export function appBackends(): AppBackend[] {
  return [
    { backend: 'sqlite', skip: undefined },
    { backend: 'postgres', skip: postgresAvailable() ? undefined : postgresSkipReason },
  ];
}

export interface AnyTestApp {
  app: App;
  backend: 'sqlite' | 'postgres';
  dir: string;
  /** The configuration variables the App was opened with (DATABASE_URL and the shared secret on Postgres), for child processes that must share its database. */
  env: Record<string, string>;
  /** A raw statement for arranging rows and looking at them; `?` placeholders on both (turned into `$1, $2 …` for Postgres). */
  raw<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  cleanup(): Promise<void>;
}

/**
 * A real App on either database over a temp data dir (LOCAL storage there): SQLite's file, or a
 * fresh database on the run's throw-away Postgres cluster (dropped by `cleanup`). `env` adds or
 * overrides configuration variables.
 */
export async function openTestApp(backend: 'sqlite' | 'postgres', env: Record<string, string | undefined> = {}, overrides: AppOverrides = {}): Promise<AnyTestApp> {
  const { dir, cleanup } = makeTempDir();
  const db = backend === 'postgres' ? await freshDatabase() : undefined;
  const shared: Record<string, string> = { REDBUTTON_DATA_DIR: dir };
  if (db) Object.assign(shared, { DATABASE_URL: db.url, REDBUTTON_SECRET: env.REDBUTTON_SECRET ?? 'a-shared-signing-secret-of-32-characters-or-more' });
  const config = loadConfig({ ...process.env, OPENAI_API_KEY: undefined, SMTP_URL: undefined, IMAP_HOST: undefined, ...env, ...shared });
  let app: App;
  try {
    app = await openApp(config, overrides);
  } catch (e) {
    await db?.drop();
    cleanup();
    throw e;
  }
  const raw = async <R>(sql: string, params: unknown[] = []): Promise<R[]> => {
    if (app.backend === 'sqlite') {
      const stmt = app.handle.sqlite.prepare(sql);
      return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as R[];
    }
    let n = 0;
    return (await app.pg.pool.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as R[];
  };
  return {
    app,
    backend,
    dir,
    env: shared,
    raw,
    cleanup: async () => {
      await app.close();
      await db?.drop();
      cleanup();
    },
  };
}
