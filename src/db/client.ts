import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema/index.js';

export type Db = BetterSQLite3Database<typeof schema>;

export interface DbHandle {
  /** The raw connection, for migrations and the few statements drizzle does not express. */
  sqlite: Database.Database;
  db: Db;
  close(): void;
}

/**
 * Open (and create) the SQLite file with the settings every process needs: WAL so readers never
 * block the writer, real foreign keys, and a busy timeout so two processes (CLI + service) wait
 * for each other instead of failing with SQLITE_BUSY.
 */
export function openDatabase(path: string): DbHandle {
  if (path !== ':memory:') {
    // Owner-only at rest: SQLite gives the -wal/-shm files the database file's mode, so creating
    // the file 0600 ourselves (before SQLite does, with the umask's 0644) covers all three.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
  }
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema });
  return { sqlite, db, close: () => sqlite.close() };
}

/** The driver connection under a drizzle Db (drizzle keeps it as `$client`), for the raw statements of a few repositories. */
export const sqliteOf = (db: Db): Database.Database => (db as Db & { $client: Database.Database }).$client;
