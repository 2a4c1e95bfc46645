import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migratePostgres, PG_MIGRATIONS_DIR } from '../../src/db/pg/migrate.js';
import { readMigrations } from '../../src/db/migrate.js';
import { freshDatabase, postgresAvailable, postgresSkipReason, type TestDatabase } from '../helpers/postgres.js';

describe.skipIf(!postgresAvailable())(`Postgres migrations${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  async function database(): Promise<TestDatabase> {
    const db = await freshDatabase('empty');
    cleanups.push(() => db.drop());
    return db;
  }
  function pool(url: string): pg.Pool {
    const p = new pg.Pool({ connectionString: url, max: 2 });
    cleanups.push(() => p.end());
    return p;
  }
  function copyOfMigrations(): string {
    const dir = mkdtempSync(join(tmpdir(), 'rb-pg-mig-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(PG_MIGRATIONS_DIR, dir, { recursive: true });
    return dir;
  }

  it('lets 4 processes start at once on a fresh database: each file applied once, checksums recorded', async () => {
    const db = await database();
    const files = readMigrations(PG_MIGRATIONS_DIR);
    expect(files.length).toBeGreaterThan(0);
    // Four separate pools = four sessions, as four starting processes would have.
    const results = await Promise.all([0, 1, 2, 3].map(() => migratePostgres(pool(db.url))));
    const appliedBy = results.map((r) => r.applied.length);
    expect(appliedBy.reduce((a, b) => a + b, 0)).toBe(files.length);
    expect(appliedBy.filter((n) => n > 0)).toHaveLength(1); // one process did the work, under the lock
    for (const r of results) expect([...r.applied, ...r.alreadyApplied]).toEqual(files.map((f) => f.file));

    const recorded = await pool(db.url).query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations ORDER BY name');
    expect(recorded.rows).toEqual(files.map((f) => ({ name: f.file, checksum: f.checksum })));
    const again = await migratePostgres(pool(db.url));
    expect(again.applied).toEqual([]);
  });

  it('creates real foreign keys: a job for a user that does not exist is refused', async () => {
    const db = await database();
    const p = pool(db.url);
    await migratePostgres(p);
    await expect(p.query("INSERT INTO jobs (job_id, user_id, name) VALUES ('j1', 'nobody', 'x')")).rejects.toThrow(/foreign key/);
    await p.query("INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'a@b.test', 'x')");
    await p.query(`INSERT INTO jobs (job_id, user_id, name, pdf_ref) VALUES ('j1', 'u1', 'x', '{"mode":"LOCAL","location":"users/u1/a.pdf"}')`);
    const ref = await p.query("SELECT pdf_ref->>'location' AS location FROM jobs WHERE job_id = 'j1'");
    expect(ref.rows[0].location).toBe('users/u1/a.pdf'); // refs are JSONB: queryable by field
    await p.query("DELETE FROM users WHERE user_id = 'u1'");
    expect((await p.query('SELECT count(*)::int AS n FROM jobs')).rows[0].n).toBe(0); // ON DELETE CASCADE
  });

  it('refuses a migration file that was edited after it ran, naming the file', async () => {
    const db = await database();
    const dir = copyOfMigrations();
    const p = pool(db.url);
    await migratePostgres(p, dir);
    const first = readMigrations(dir)[0]!.file;
    appendFileSync(join(dir, first), '\n-- edited\n');
    await expect(migratePostgres(p, dir)).rejects.toThrow(new RegExp(first));
  });

  it('rolls back a failing migration whole and does not record it; the lock is released for the next try', async () => {
    const db = await database();
    const dir = copyOfMigrations();
    writeFileSync(join(dir, '9999_broken.sql'), 'CREATE TABLE half_done (x int);\nSELECT no_such_function();\n');
    const p = pool(db.url);
    await expect(migratePostgres(p, dir)).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/9999_broken\.sql.*no_such_function/) });
    expect((await p.query("SELECT to_regclass('half_done') AS t")).rows[0].t).toBeNull();
    expect((await p.query("SELECT count(*)::int AS n FROM schema_migrations WHERE name = '9999_broken.sql'")).rows[0].n).toBe(0);
    rmSync(join(dir, '9999_broken.sql'));
    const retry = await migratePostgres(p, dir);
    expect(retry.applied).toEqual([]);
  });
});
