import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../core/errors.js';
import { logger } from '../core/log.js';
import { MIGRATIONS_DIR } from '../paths.js';

export { MIGRATIONS_DIR };

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Apply the ordered SQL files in migrations/ once each, recording them in `schema_migrations`.
 * Hand-written rather than drizzle-kit's migrator because the seed's files are plain SQL with a
 * fixed naming (0001_init_jobs.sql …) and a table rebuild needs foreign_keys OFF around its
 * transaction, which drizzle's migrator does not do. Each file runs in its own transaction; a
 * changed file that was already applied is refused (edit by adding a new migration instead).
 */
export function migrate(sqlite: Database.Database, dir = MIGRATIONS_DIR): MigrationResult {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,
    checksum TEXT NOT NULL,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
  )`);
  const done = new Map(
    (sqlite.prepare('SELECT name, checksum FROM schema_migrations').all() as { name: string; checksum: string }[]).map(
      (r) => [r.name, r.checksum],
    ),
  );
  const { pending, alreadyApplied } = planMigrations(dir, done);
  const result: MigrationResult = { applied: [], alreadyApplied };
  for (const { file, sql, checksum } of pending) {
    applyOne(sqlite, file, sql, checksum);
    result.applied.push(file);
    logger.info({ migration: file }, 'migration applied');
  }
  return result;
}

export interface MigrationFile {
  file: string;
  sql: string;
  checksum: string;
}

/** The ordered `NNNN_name.sql` files of a migrations directory, with their SHA-256 (shared with the Postgres runner). */
export function readMigrations(dir: string): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return { file, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Which files of `dir` still have to run, given what `schema_migrations` recorded (name → checksum).
 * A recorded file whose text changed since is refused (edit by adding a new migration instead).
 */
export function planMigrations(dir: string, done: Map<string, string>): { pending: MigrationFile[]; alreadyApplied: string[] } {
  const pending: MigrationFile[] = [];
  const alreadyApplied: string[] = [];
  for (const m of readMigrations(dir)) {
    const previous = done.get(m.file);
    if (previous === undefined) pending.push(m);
    else if (previous !== m.checksum) {
      throw new AppError('INTERNAL', `Migration ${m.file} changed after it was applied`, {
        userMessage: `Migration ${m.file} was edited after it ran on this database. Put the change in a new migration file instead.`,
      });
    } else alreadyApplied.push(m.file);
  }
  return { pending, alreadyApplied };
}

function applyOne(sqlite: Database.Database, file: string, sql: string, checksum: string): void {
  // PRAGMA foreign_keys is a no-op inside a transaction, so switch it off around it (SQLite's
  // documented procedure for table rebuilds) and verify integrity before committing.
  sqlite.pragma('foreign_keys = OFF');
  try {
    sqlite.transaction(() => {
      sqlite.exec(sql);
      const broken = sqlite.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) {
        throw new AppError('INTERNAL', `Migration ${file} leaves ${broken.length} rows violating foreign keys`, {
          userMessage: `Migration ${file} found ${broken.length} rows that point at missing users/jobs/contacts; fix or remove them, then run migrate again.`,
        });
      }
      sqlite.prepare('INSERT INTO schema_migrations (name, checksum) VALUES (?, ?)').run(file, checksum);
    })();
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}
