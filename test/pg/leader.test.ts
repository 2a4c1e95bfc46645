import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaderLock } from '../../src/db/pg/leader.js';
import { postgresAvailable, postgresSkipReason } from '../helpers/postgres.js';
import { eventually, kill, migratedDatabase, startHolder, type MigratedDatabase } from './pg-helpers.js';

describe.skipIf(!postgresAvailable())(`Postgres leader lock${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let m: MigratedDatabase;
  const locks: LeaderLock[] = [];
  const lock = (name: string) => {
    const l = new LeaderLock(m.db.url, name, { checkMs: 200 });
    locks.push(l);
    return l;
  };
  beforeAll(async () => {
    m = await migratedDatabase();
  });
  afterAll(async () => {
    for (const l of locks) await l.release();
    await m?.close();
  });

  it('lets one process lead per name; the next leads once it steps down', async () => {
    const a = lock('imap');
    const b = lock('imap');
    const other = lock('timers');
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    expect(await other.tryAcquire()).toBe(true); // names are independent
    expect(await a.tryAcquire()).toBe(true); // asking again while leading
    await a.release();
    expect(a.signal.aborted).toBe(true);
    expect(await b.tryAcquire()).toBe(true);
    await b.release();
    await other.release();
  });

  it('passes to another process when the leader is SIGKILLed (its session ends, so does the lock)', async () => {
    const { child, ready } = await startHolder([m.db.url, 'leader', 'reminders']);
    expect(ready.leader).toBe(true);
    const mine = lock('reminders');
    expect(await mine.tryAcquire()).toBe(false);
    await kill(child);
    await eventually(async () => ((await mine.tryAcquire()) ? true : undefined));
    expect(mine.held).toBe(true);
    await mine.release();
  });

  it("aborts the leader's signal when its connection is cut, and someone else can lead", async () => {
    const a = lock('watchers');
    expect(await a.tryAcquire()).toBe(true);
    await m.pool(1).query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'redbutton leader:watchers'");
    await eventually(async () => (a.signal.aborted ? true : undefined));
    expect(a.held).toBe(false);
    expect(String(a.signal.reason)).toMatch(/leadership of watchers lost/);
    const b = lock('watchers');
    expect(await b.tryAcquire()).toBe(true);
    await b.release();
  });
});
