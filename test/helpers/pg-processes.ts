import { openPostgres, type PgHandle } from '../../src/db/pg/client.js';
import { createPgRepositories } from '../../src/db/pg/repositories/index.js';
import type { Repositories } from '../../src/db/repositories/index.js';
import { freshDatabase } from './postgres.js';

/**
 * One migrated Postgres database and `n` separate pools on it, each with its own Repositories:
 * what `n` processes sharing the database see, for races that must hold across processes.
 */
export interface PgProcesses {
  repos: Repositories[];
  handles: PgHandle[];
  url: string;
  raw<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export async function pgProcesses(n = 2): Promise<PgProcesses> {
  const db = await freshDatabase();
  const handles: PgHandle[] = [];
  for (let i = 0; i < n; i++) handles.push(await openPostgres(db.url, { max: 3, migrate: i === 0 }));
  return {
    repos: handles.map((h) => createPgRepositories(h)),
    handles,
    url: db.url,
    raw: async <R>(sql: string, params: unknown[] = []) => (await handles[0]!.pool.query(sql, params)).rows as R[],
    close: async () => {
      for (const h of handles) await h.close();
      await db.drop();
    },
  };
}
