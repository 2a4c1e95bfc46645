import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { claimNext, claimRow, HeldLease, JOB_LEASES, releaseLease, takeNext, workerIdentity } from '../../src/db/pg/lease.js';
import { postgresAvailable, postgresSkipReason } from '../helpers/postgres.js';
import { eventually, kill, migratedDatabase, seedJobs, startHolder, type MigratedDatabase } from './pg-helpers.js';

describe.skipIf(!postgresAvailable())(`Postgres claims and leases${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let m: MigratedDatabase;
  beforeAll(async () => {
    m = await migratedDatabase();
  });
  afterAll(async () => {
    await m?.close();
  });
  const resetJobs = async () => {
    await m.pool(1).query('DELETE FROM jobs');
  };

  it('never gives one row to two of four concurrent claimers, and gives out every waiting row', async () => {
    await resetJobs();
    const ids = await seedJobs(m.pool(1), 60);
    // Four sessions claiming as fast as they can, as four worker processes would.
    const claimers = [0, 1, 2, 3].map(() => ({ pool: m.pool(1), owner: workerIdentity(), got: [] as string[] }));
    await Promise.all(
      claimers.map(async (c) => {
        for (;;) {
          const claimed = await claimNext(c.pool, JOB_LEASES, c.owner, { leaseSeconds: 60 });
          if (!claimed) return;
          expect(claimed.tookOverFrom).toBeNull();
          c.got.push(claimed.id);
        }
      }),
    );
    const all = claimers.flatMap((c) => c.got);
    expect(new Set(all).size).toBe(all.length); // nobody got a row twice or got another's row
    expect(all.sort()).toEqual(ids);
    expect(claimers.filter((c) => c.got.length > 0).length).toBeGreaterThan(1);
    const owners = await m.pool(1).query<{ job_id: string; lease_owner: string }>('SELECT job_id, lease_owner FROM jobs');
    for (const c of claimers) for (const id of c.got) expect(owners.rows.find((r) => r.job_id === id)?.lease_owner).toBe(c.owner);
  });

  it('skips rows that are not waiting for work, and rows someone holds; a released row is claimable again', async () => {
    await resetJobs();
    const pool = m.pool(1);
    const [a, b] = await seedJobs(pool, 2);
    await pool.query("UPDATE jobs SET status = 'CONTACT_MAP_READY' WHERE job_id = $1", [b]);
    const first = workerIdentity();
    const second = workerIdentity();
    expect((await claimNext(pool, JOB_LEASES, first, { leaseSeconds: 60 }))?.id).toBe(a);
    expect(await claimNext(pool, JOB_LEASES, second, { leaseSeconds: 60 })).toBeNull();
    expect(await claimRow(pool, JOB_LEASES, a!, second, { leaseSeconds: 60 })).toBe(false);
    expect(await claimRow(pool, JOB_LEASES, a!, first, { leaseSeconds: 60 })).toBe(true); // ours already
    await releaseLease(pool, JOB_LEASES, a!, second); // not the owner: nothing happens
    expect(await claimNext(pool, JOB_LEASES, second, { leaseSeconds: 60 })).toBeNull();
    await releaseLease(pool, JOB_LEASES, a!, first);
    expect((await claimNext(pool, JOB_LEASES, second, { leaseSeconds: 60 }))?.id).toBe(a);
  });

  it("takes over a SIGKILLed worker's row once its lease runs out, not before, and never while its heartbeat runs", async () => {
    await resetJobs();
    const [id] = await seedJobs(m.pool(1), 1);
    const { child, ready } = await startHolder([m.db.url, 'lease', '4']);
    expect(ready.id).toBe(id);
    const pool = m.pool(1);
    const me = workerIdentity();
    // Longer than the lease: only the other process's heartbeats keep the row from us.
    await sleep(5000);
    expect(await claimNext(pool, JOB_LEASES, me, { leaseSeconds: 60 })).toBeNull();
    await kill(child);
    expect(await claimNext(pool, JOB_LEASES, me, { leaseSeconds: 60 })).toBeNull(); // its lease still runs
    const taken = await eventually(async () => (await claimNext(pool, JOB_LEASES, me, { leaseSeconds: 60 })) ?? undefined);
    expect(taken).toEqual({ id, tookOverFrom: ready.owner });
  });

  it('tells the holder through its signal when its row was taken over, and stops renewing', async () => {
    await resetJobs();
    const pool = m.pool(2);
    const [id] = await seedJobs(pool, 1);
    const lease = await takeNext(pool, JOB_LEASES, workerIdentity(), { leaseSeconds: 0.3 });
    expect(lease).toBeInstanceOf(HeldLease);
    expect(lease!.signal.aborted).toBe(false);
    await pool.query("UPDATE jobs SET lease_owner = 'another-host:1:abcd' WHERE job_id = $1", [id]);
    await eventually(async () => (lease!.signal.aborted ? true : undefined));
    expect(String(lease!.signal.reason)).toMatch(/taken over/);
    const row = await pool.query('SELECT lease_owner FROM jobs WHERE job_id = $1', [id]);
    expect(row.rows[0].lease_owner).toBe('another-host:1:abcd');
  });
});
