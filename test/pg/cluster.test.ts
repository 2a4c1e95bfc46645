import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshDatabase, postgresAvailable, postgresSkipReason, type TestDatabase } from '../helpers/postgres.js';

describe.skipIf(!postgresAvailable())(`test Postgres cluster${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('gives each caller its own database on one throw-away cluster with durability off', async () => {
    const a = await freshDatabase();
    const b = await freshDatabase();
    dbs.push(a, b);
    expect(a.name).not.toBe(b.name);
    const client = new pg.Client({ connectionString: a.url });
    await client.connect();
    const settings = await client.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'listen_addresses') ORDER BY name",
    );
    expect(Object.fromEntries(settings.rows.map((r) => [r.name, r.setting]))).toEqual({
      fsync: 'off',
      full_page_writes: 'off',
      listen_addresses: '127.0.0.1',
      synchronous_commit: 'off',
    });
    await client.query('CREATE TABLE only_in_a (x int)');
    await client.end();
    const other = new pg.Client({ connectionString: b.url });
    await other.connect();
    const seen = await other.query("SELECT to_regclass('only_in_a') AS t");
    expect(seen.rows[0].t).toBeNull();
    await other.end();
  });

  it('refuses a wrong password (the cluster is not open to anyone on the machine)', async () => {
    const db = await freshDatabase();
    dbs.push(db);
    const url = new URL(db.url);
    url.password = 'not-the-password';
    const client = new pg.Client({ connectionString: url.toString() });
    await expect(client.connect()).rejects.toThrow(/password authentication failed/);
  });
});
