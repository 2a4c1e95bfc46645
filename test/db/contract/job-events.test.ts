import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../../helpers/backends.js';
import { postgresAvailable, postgresSkipReason } from '../../helpers/postgres.js';
import { pgProcesses, type PgProcesses } from '../../helpers/pg-processes.js';
import { JOB_EVENTS_CHANNEL } from '../../../src/db/pg/repositories/job-events.js';
import { WakeUps } from '../../../src/db/pg/wakeups.js';

const seed = (raw: TestBackend['raw']) =>
  raw(`INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'est@gc.test', 'x')`).then(() =>
    raw(`INSERT INTO jobs (job_id, user_id, name, origin) VALUES ('j1', 'u1', 'Clinic', 'email'), ('j2', 'u1', 'School', 'slack')`),
  );

describe.each(backends())('the job-events outbox on $name', ({ skip, open }) => {
  let b: TestBackend;
  beforeAll(async () => {
    if (!skip) {
      b = await open();
      await seed(b.raw);
    }
  });
  afterAll(async () => {
    await b?.close();
  });

  it.skipIf(skip)(`updates wait per origin, oldest first, and each is taken once${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const e1 = await b.repos.jobEvents.record('j1', 'email');
    const s1 = await b.repos.jobEvents.record('j2', 'slack');
    const e2 = await b.repos.jobEvents.record('j1', 'email');
    expect(e1 < s1 && s1 < e2).toBe(true);
    expect(await b.repos.jobEvents.pending(['email'])).toEqual([
      { eventId: e1, jobId: 'j1' },
      { eventId: e2, jobId: 'j1' },
    ]);
    expect(await b.repos.jobEvents.pending(['email', 'slack'], 2)).toEqual([
      { eventId: e1, jobId: 'j1' },
      { eventId: s1, jobId: 'j2' },
    ]);
    expect(await b.repos.jobEvents.pending([])).toEqual([]);
    expect(await b.repos.jobEvents.take([e1])).toEqual([e1]);
    expect(await b.repos.jobEvents.take([e1, e2])).toEqual([e2]); // e1 was taken already
    expect(await b.repos.jobEvents.take([e1, e2])).toEqual([]);
    expect(await b.repos.jobEvents.take([])).toEqual([]);
    expect(await b.repos.jobEvents.pending(['email'])).toEqual([]);
    expect(await b.repos.jobEvents.pending(['slack'])).toEqual([{ eventId: s1, jobId: 'j2' }]);
  });

  it.skipIf(skip)(`housekeeping drops what was delivered over a day ago and what nobody took in a week${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await b.repos.jobEvents.record('j2', 'slack'));
    const [deliveredLongAgo, deliveredNow, abandoned, fresh] = ids as [number, number, number, number];
    await b.raw(`UPDATE job_events SET delivered_at = '2020-01-01 00:00:00' WHERE event_id = ?`, [deliveredLongAgo]);
    await b.repos.jobEvents.take([deliveredNow]);
    await b.raw(`UPDATE job_events SET created_at = '2020-01-01 00:00:00' WHERE event_id = ?`, [abandoned]);
    await b.repos.jobEvents.forget();
    const left = await b.raw<{ event_id: number | string }>(`SELECT event_id FROM job_events WHERE event_id IN (?, ?, ?, ?) ORDER BY event_id`, ids);
    expect(left.map((r) => Number(r.event_id))).toEqual([deliveredNow, fresh]);
  });

  it.skipIf(skip)(`an update recorded in a rolled-back transaction is not relayed${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    await expect(
      b.repos.transaction(async (tx) => {
        await tx.jobEvents.record('j1', 'email');
        throw new Error('stage failed');
      }),
    ).rejects.toThrow('stage failed');
    expect(await b.repos.jobEvents.pending(['email'])).toEqual([]);
  });
});

describe.skipIf(!postgresAvailable())(`job events relayed by two processes on Postgres${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let p: PgProcesses;
  beforeAll(async () => {
    p = await pgProcesses(2);
    await p.raw(`INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'est@gc.test', 'x')`);
    await p.raw(`INSERT INTO jobs (job_id, user_id, name, origin) VALUES ('j1', 'u1', 'Clinic', 'email')`);
  });
  afterAll(async () => {
    await p?.close();
  });

  it('of two relays taking the same updates at once, each update goes to exactly one', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push(await p.repos[0]!.jobEvents.record('j1', 'email'));
    const halves = [ids.slice(0, 20), ids.slice(10)]; // 10 ids asked for by both
    const takes = await Promise.all(halves.flatMap((half) => p.repos.map((repos) => repos.jobEvents.take(half))));
    const taken = takes.flat();
    expect(taken.sort((a, b) => a - b)).toEqual(ids);
  });

  it('a recorded update wakes a relay listening on the channel when the recording commits', async () => {
    const wake = new WakeUps(p.url, [JOB_EVENTS_CHANNEL], { pollMs: 3_000 });
    await wake.start();
    try {
      const woke = wake.next();
      await p.repos[1]!.jobEvents.record('j1', 'email');
      expect(await woke).toBe('notify');
    } finally {
      await wake.close();
    }
  });
});
