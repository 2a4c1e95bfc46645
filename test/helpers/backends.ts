import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';
import { openPostgres } from '../../src/db/pg/client.js';
import { createPgRepositories } from '../../src/db/pg/repositories/index.js';
import { makeTempDir } from './app.js';
import { freshDatabase, postgresAvailable, postgresSkipReason } from './postgres.js';

/**
 * One database of either kind, migrated and empty, for tests that must hold on both: the
 * repositories the application would use, and a raw statement for arranging rows and looking at
 * them. `raw` takes `?` placeholders on both (turned into `$1, $2 …` for Postgres).
 */
export interface TestBackend {
  name: 'sqlite' | 'postgres';
  repos: Repositories;
  raw<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export interface BackendKind {
  name: 'sqlite' | 'postgres';
  /** Why this backend is skipped here (Postgres not installed off CI), or undefined. */
  skip?: string;
  open(): Promise<TestBackend>;
}

async function openSqlite(): Promise<TestBackend> {
  const { dir, cleanup } = makeTempDir('rb-backend-');
  const handle = openDatabase(join(dir, 'redbutton.sqlite'));
  migrate(handle.sqlite);
  return {
    name: 'sqlite',
    repos: createRepositories(handle.db),
    raw: <R>(sql: string, params: unknown[] = []) => {
      const stmt = handle.sqlite.prepare(sql);
      return Promise.resolve((stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as R[]);
    },
    close: () => {
      handle.close();
      cleanup();
      return Promise.resolve();
    },
  };
}

async function openPg(): Promise<TestBackend> {
  const db = await freshDatabase();
  const handle = await openPostgres(db.url, { max: 4 });
  return {
    name: 'postgres',
    repos: createPgRepositories(handle),
    raw: async <R>(sql: string, params: unknown[] = []) => {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      return (await handle.pool.query(text, params)).rows as R[];
    },
    close: async () => {
      await handle.close();
      await db.drop();
    },
  };
}

/** Both backends, for `describe.each(backends())`; Postgres is skipped (with the reason) only where it is not installed, never on CI. */
export function backends(): BackendKind[] {
  return [
    { name: 'sqlite', open: openSqlite },
    { name: 'postgres', skip: postgresAvailable() ? undefined : postgresSkipReason, open: openPg },
  ];
}
