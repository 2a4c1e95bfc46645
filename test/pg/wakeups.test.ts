import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyWork, WakeUps } from '../../src/db/pg/wakeups.js';
import { postgresAvailable, postgresSkipReason } from '../helpers/postgres.js';
import { eventually, migratedDatabase, type MigratedDatabase } from './pg-helpers.js';

describe.skipIf(!postgresAvailable())(`Postgres wake-ups${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let m: MigratedDatabase;
  const open: WakeUps[] = [];
  const wakeUps = async (pollMs: number) => {
    const w = new WakeUps(m.db.url, ['redbutton_jobs'], { pollMs, reconnectMs: 100 });
    open.push(w);
    await w.start();
    return w;
  };
  beforeAll(async () => {
    m = await migratedDatabase();
  });
  afterAll(async () => {
    for (const w of open) await w.close();
    await m?.close();
  });

  it('wakes a waiting worker on NOTIFY, long before its poll interval', async () => {
    const w = await wakeUps(600_000);
    const waiting = w.next();
    await notifyWork(m.pool(1), 'redbutton_jobs', 'job-1');
    expect(await waiting).toBe('notify');
  });

  it('keeps a notification that came while nobody waited for the next wait', async () => {
    const w = await wakeUps(600_000);
    await notifyWork(m.pool(1), 'redbutton_jobs');
    await eventually(async () => ((await w.next()) === 'notify' ? true : undefined));
  });

  it('falls back to polling: without a notification it wakes after the poll interval', async () => {
    const w = await wakeUps(100);
    expect(await w.next()).toBe('poll');
  });

  it('delivers a NOTIFY sent inside a transaction only when it commits', async () => {
    const w = await wakeUps(300);
    const tx = await m.pool(1).connect();
    await tx.query('BEGIN');
    await notifyWork(tx, 'redbutton_jobs');
    expect(await w.next()).toBe('poll');
    await tx.query('COMMIT');
    tx.release();
    await eventually(async () => ((await w.next()) === 'notify' ? true : undefined));
  });

  it('polls while its connection is lost, reconnects, and is woken by NOTIFY again', async () => {
    const w = await wakeUps(100);
    await m.pool(1).query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'redbutton wake-ups' AND datname = current_database()");
    await eventually(async () => (w.listening ? undefined : true));
    expect(await w.next()).toBe('poll');
    await eventually(async () => (w.listening ? true : undefined));
    const slow = new WakeUps(m.db.url, ['redbutton_jobs'], { pollMs: 600_000 });
    open.push(slow);
    await slow.start();
    const waiting = slow.next();
    await notifyWork(m.pool(1), 'redbutton_jobs');
    expect(await waiting).toBe('notify');
    await eventually(async () => ((await w.next()) === 'notify' ? true : undefined));
  });

  it('refuses a channel name that is not a plain identifier', () => {
    expect(() => new WakeUps(m.db.url, ['jobs; DROP TABLE jobs'], { pollMs: 100 })).toThrow(/not a plain channel name/);
  });
});
