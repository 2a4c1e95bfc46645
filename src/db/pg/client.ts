import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { AppError } from '../../core/errors.js';
import { logger } from '../../core/log.js';
import type { MigrationResult } from '../migrate.js';
import { migratePostgres } from './migrate.js';
import * as schema from './schema.js';

export type PgDb = NodePgDatabase<typeof schema>;

export interface PgHandle {
  /** The connection pool (claims, leases and LISTEN take their own connections from it or beside it). */
  pool: pg.Pool;
  db: PgDb;
  /** The URL the pool was opened with (for the dedicated connections of the leader lock and LISTEN). */
  url: string;
  close(): Promise<void>;
}

export interface PgOpenOptions {
  /** Connections in the pool (node-postgres' default is 10). */
  max?: number;
  /** Shown in pg_stat_activity, so an operator can tell the processes apart. */
  applicationName?: string;
  /** Apply migrations/pg before returning (default true). */
  migrate?: boolean;
}

/**
 * Open a pool on DATABASE_URL and bring the schema up to date. Every session runs in UTC, so a
 * time written as text without a zone (the SQLite code's `YYYY-MM-DD HH:MM:SS`) means UTC here
 * too, and timestamptz values are read back in UTC.
 */
export async function openPostgres(url: string, options: PgOpenOptions = {}): Promise<PgHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'redbutton',
    options: '-c TimeZone=UTC',
  });
  // An idle connection the server drops (restart, failover) must not crash the process: the pool
  // discards it and opens a new one on the next query.
  pool.on('error', (e) => logger.warn({ err: e.message }, 'postgres connection lost'));
  try {
    await pool.query('SELECT 1');
    if (options.migrate !== false) await migratePostgres(pool);
  } catch (e) {
    await pool.end();
    if (e instanceof AppError) throw e;
    throw unavailable(url, e);
  }
  return { pool, db: drizzle(pool, { schema }), url, close: () => pool.end() };
}

/** Bring a Postgres database's schema up to date, then close (what `redbutton migrate` does for a postgres:// URL). */
export async function migratePostgresDatabase(url: string): Promise<MigrationResult> {
  const handle = await openPostgres(url, { max: 1, migrate: false });
  try {
    return await migratePostgres(handle.pool);
  } finally {
    await handle.close();
  }
}

/** The server is unreachable or refused us: name the variable and the host, never the password. */
export function unavailable(url: string, cause: unknown): AppError {
  const where = safeTarget(url);
  const why = cause instanceof Error ? cause.message : String(cause);
  return new AppError('DB_UNAVAILABLE', `Cannot open Postgres at ${where}: ${why}`, {
    cause,
    userMessage: `Cannot connect to the Postgres database at ${where} (DATABASE_URL): ${why}. Check that the server is running and the user, password and database name are right.`,
  });
}

/** host:port/database of a postgres:// URL, without credentials. */
export function safeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
