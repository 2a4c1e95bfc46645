import { join } from 'node:path';
import type pg from 'pg';
import { AppError } from '../../core/errors.js';
import { logger } from '../../core/log.js';
import { MIGRATIONS_DIR, planMigrations, type MigrationResult } from '../migrate.js';
import { lockKey, MIGRATION_LOCK } from './locks.js';

export const PG_MIGRATIONS_DIR = join(MIGRATIONS_DIR, 'pg');

/**
 * Apply migrations/pg/*.sql once each, recording name and SHA-256 in `schema_migrations` as the
 * SQLite runner does. Many processes may start at once (N workers behind a deploy): each takes a
 * session-level advisory lock on one connection first, so exactly one applies the files while the
 * others wait, then find them recorded and apply nothing. Each file runs in its own transaction
 * (Postgres DDL is transactional: a failing file leaves nothing behind).
 */
export async function migratePostgres(pool: pg.Pool, dir = PG_MIGRATIONS_DIR): Promise<MigrationResult> {
  const client = await pool.connect();
  const [ns, key] = lockKey(MIGRATION_LOCK);
  let broken = false;
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [ns, key]);
    try {
      return await applyAll(client, dir);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [ns, key]);
    }
  } catch (e) {
    broken = true;
    throw e;
  } finally {
    // A connection that failed mid-way may still hold the lock or a transaction: drop it.
    client.release(broken);
  }
}

async function applyAll(client: pg.PoolClient, dir: string): Promise<MigrationResult> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz DEFAULT now()
  )`);
  const rows = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations');
  const done = new Map(rows.rows.map((r) => [r.name, r.checksum]));
  const { pending, alreadyApplied } = planMigrations(dir, done);
  const result: MigrationResult = { applied: [], alreadyApplied };
  for (const { file, sql, checksum } of pending) {
    await client.query('BEGIN');
    try {
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file, checksum]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK');
      throw new AppError('INTERNAL', `Postgres migration ${file} failed: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
        userMessage: `Database migration ${file} failed and was rolled back; nothing of it was applied. See the log for the database's message.`,
      });
    }
    result.applied.push(file);
    logger.info({ migration: file }, 'migration applied');
  }
  return result;
}
