import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { migratePostgres } from '../../src/db/pg/migrate.js';
import { repoRoot } from '../helpers/app.js';
import { freshDatabase, type TestDatabase } from '../helpers/postgres.js';

/** A migrated database of the test cluster with its pools; `close()` ends them and drops it. */
export interface MigratedDatabase {
  db: TestDatabase;
  pool(max?: number): pg.Pool;
  close(): Promise<void>;
}

export async function migratedDatabase(): Promise<MigratedDatabase> {
  const db = await freshDatabase();
  const pools: pg.Pool[] = [];
  const pool = (max = 4) => {
    const p = new pg.Pool({ connectionString: db.url, max });
    pools.push(p);
    return p;
  };
  await migratePostgres(pool(1));
  return {
    db,
    pool,
    close: async () => {
      for (const p of pools) await p.end();
      await db.drop();
    },
  };
}

/** Insert a user and `n` jobs waiting for a stage; returns the job ids. */
export async function seedJobs(pool: pg.Pool, n: number): Promise<string[]> {
  await pool.query("INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'est@gc.test', 'x') ON CONFLICT DO NOTHING");
  const ids = Array.from({ length: n }, (_, i) => `job-${String(i).padStart(3, '0')}`);
  await pool.query("INSERT INTO jobs (job_id, user_id, name, status) SELECT id, 'u1', id, 'PDF_SAVED' FROM unnest($1::text[]) AS id", [ids]);
  return ids;
}

/** Start test/pg/holder.ts in its own process and wait for its one JSON line. */
export async function startHolder(args: string[]): Promise<{ child: ChildProcess; ready: Record<string, unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/pg/holder.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    lines.once('line', (l) => resolve(JSON.parse(l) as Record<string, unknown>));
    child.once('exit', (code) => reject(new Error(`holder exited (${code}) before it was ready`)));
  });
  return { child, ready };
}

/** SIGKILL a process and wait until it is gone. */
export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

/** Poll `probe` until it returns a value (not undefined), every 100 ms, up to `tries`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, tries = 300): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not reached');
}
