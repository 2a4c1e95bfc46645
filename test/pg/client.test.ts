import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openPostgres, type PgHandle } from '../../src/db/pg/client.js';
import { jobs, users } from '../../src/db/pg/schema.js';
import { parseRef, serializeRef } from '../../src/core/storage/index.js';
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
    // A zone-less time is UTC, as SQLite's CURRENT_TIMESTAMP text is.
    expect(row!.leaseUntil).toBe('2026-12-01 10:00:00+00');
    expect(row!.status).toBe('NEW');
    const tz = await handle.pool.query('SHOW TimeZone');
    expect(tz.rows[0].TimeZone).toBe('UTC');
  });
});
