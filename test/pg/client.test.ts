import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openPostgres, type PgHandle } from '../../src/db/pg/client.js';
import { jobs, users } from '../../src/db/pg/schema.js';
import { parseRef, serializeRef } from '../../src/core/storage/index.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readMigrations } from '../../src/db/migrate.js';
import { PG_MIGRATIONS_DIR } from '../../src/db/pg/migrate.js';
import { makeTempDir } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { freshDatabase, postgresAvailable, postgresSkipReason, type TestDatabase } from '../helpers/postgres.js';

describe.skipIf(!postgresAvailable())(`Postgres client${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let db: TestDatabase | undefined;
  let handle: PgHandle | undefined;
  afterAll(async () => {
    await handle?.close();
    await db?.drop();
  });

  it('opens a pool, migrates, and reads rows in the same shapes as SQLite (refs as JSON text, times as UTC strings)', async () => {
    db = await freshDatabase();
    handle = await openPostgres(db.url, { max: 2 });
    const ref = { mode: 'S3' as const, location: 'users/u1/jobs/j1/pdf/abc.pdf' };
    await handle.db.insert(users).values({ userId: 'u1', email: 'est@gc.test', passwordHash: 'x' });
    await handle.db.insert(jobs).values({ jobId: 'j1', userId: 'u1', name: 'Clinic', pdfRef: serializeRef(ref), leaseUntil: '2026-12-01 10:00:00' });
    const [row] = await handle.db.select().from(jobs).where(eq(jobs.jobId, 'j1'));
    expect(typeof row!.pdfRef).toBe('string');
    expect(parseRef(row!.pdfRef)).toEqual(ref);
    // A zone-less time is UTC, as SQLite's CURRENT_TIMESTAMP text is, and reads back as the same text.
    expect(row!.leaseUntil).toBe('2026-12-01 10:00:00');
    // A time the database wrote (now(), with microseconds) reads in SQLite's shape too.
    const [made] = await handle.db.select({ createdAt: jobs.createdAt }).from(jobs).where(eq(jobs.jobId, 'j1'));
    expect(made!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(row!.status).toBe('NEW');
    const tz = await handle.pool.query('SHOW TimeZone');
    expect(tz.rows[0].TimeZone).toBe('UTC');
  });
});

/** A Postgres DATABASE_URL needs the secret every process signs with (config.ts). */
const SHARED_SECRET = 'a-shared-signing-secret-of-32-characters-or-more';

describe.skipIf(!postgresAvailable())(`redbutton migrate with a Postgres DATABASE_URL${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let db: TestDatabase | undefined;
  afterAll(async () => {
    await db?.drop();
  });

  it('prepares the Postgres database, not the SQLite file, and is a no-op the second time', async () => {
    db = await freshDatabase('empty');
    const t = makeTempDir();
    try {
      const env = { REDBUTTON_DATA_DIR: t.dir, DATABASE_URL: db.url, REDBUTTON_SECRET: SHARED_SECRET };
      const first = await runCli(['migrate', '--json'], env);
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout)).toEqual({ applied: readMigrations(PG_MIGRATIONS_DIR).map((f) => f.file), alreadyApplied: [] });
      expect(existsSync(join(t.dir, 'redbutton.sqlite'))).toBe(false);
      const again = await runCli(['migrate'], env);
      expect(again.stdout).toContain(`Up to date (${readMigrations(PG_MIGRATIONS_DIR).length} migrations)`);
    } finally {
      t.cleanup();
    }
  });

  it('says which server it could not reach, without the password', async () => {
    const t = makeTempDir();
    try {
      const r = await runCli(['migrate'], { REDBUTTON_DATA_DIR: t.dir, DATABASE_URL: 'postgres://rb:s3cret@127.0.0.1:1/redbutton', REDBUTTON_SECRET: SHARED_SECRET });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/Cannot connect to the Postgres database at 127\.0\.0\.1:1\/redbutton \(DATABASE_URL\)/);
      expect(r.stderr + r.stdout).not.toContain('s3cret');
    } finally {
      t.cleanup();
    }
  });
});
