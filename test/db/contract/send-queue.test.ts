import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgres, type PgHandle } from '../../../src/db/pg/client.js';
import { createPgRepositories } from '../../../src/db/pg/repositories/index.js';
import { INVITATIONS_QUEUED_CHANNEL } from '../../../src/db/pg/repositories/send-queue.js';
import type { Repositories } from '../../../src/db/repositories/index.js';
import { backends, type TestBackend } from '../../helpers/backends.js';
import { freshDatabase, postgresAvailable, postgresSkipReason, type TestDatabase } from '../../helpers/postgres.js';
import { countOf, seedContact, seedEmail, seedJob, seedUser } from './outreach-rows.js';

const NOW = '2026-11-10 12:00:00';
const LEASE = '2026-11-10 12:15:00';

describe.each(backends())('send queue on $name', ({ skip, open }) => {
  let b: TestBackend;
  const note = skip ? ` (skipped: ${skip})` : '';
  beforeAll(async () => {
    if (!skip) {
      b = await open();
      await seedUser(b);
      for (const c of ['c1', 'c2', 'c3', 'c4']) await seedContact(b, { id: c, name: `Sub ${c}` });
    }
  });
  afterAll(async () => {
    await b?.close();
  });

  it.skipIf(skip)(`claims the oldest due message first, of one job or any, and each message once${note}`, async () => {
    await seedJob(b, 'q1');
    await seedJob(b, 'q2');
    await seedEmail(b, { email_id: 'late', job_id: 'q1', contact_id: 'c1', status: 'QUEUED', created_at: '2026-11-10 11:00:00' });
    await seedEmail(b, { email_id: 'early', job_id: 'q1', contact_id: 'c2', status: 'QUEUED', created_at: '2026-11-10 10:00:00', trades: '["26","28"]' });
    await seedEmail(b, { email_id: 'backoff', job_id: 'q1', contact_id: 'c3', status: 'QUEUED', created_at: '2026-11-10 09:00:00', next_attempt_at: '2026-11-10 12:00:01', attempts: 1 });
    await seedEmail(b, { email_id: 'other', job_id: 'q2', contact_id: 'c1', status: 'QUEUED', created_at: '2026-11-10 08:00:00' });
    await seedEmail(b, { email_id: 'sent', job_id: 'q1', contact_id: 'c4', status: 'SENT', created_at: '2026-11-10 07:00:00' });
    const q = b.repos.sendQueue;

    const first = await q.claimNext('host:1:a', NOW, LEASE, 'q1');
    expect(first).toMatchObject({ emailId: 'early', status: 'SENDING', attempts: 1, jobId: 'q1', createdAt: '2026-11-10 10:00:00', nextAttemptAt: null, messageId: '<early@gc.test>' });
    expect(JSON.parse(first!.trades!)).toEqual(['26', '28']); // the row the sender renders from, in the same shape as SQLite's
    expect((await q.claimNext('host:1:a', NOW, LEASE, 'q1'))?.emailId).toBe('late');
    expect(await q.claimNext('host:1:a', NOW, LEASE, 'q1')).toBeUndefined(); // 'backoff' is not due until one second later
    expect((await q.claimNext('host:2:b', NOW, LEASE))?.emailId).toBe('other'); // any job
    const retried = await q.claimNext('host:2:b', '2026-11-10 12:00:01', LEASE);
    expect(retried).toMatchObject({ emailId: 'backoff', attempts: 2 });
    expect(await q.claimNext('host:2:b', '2026-11-11 00:00:00', LEASE)).toBeUndefined();

    const flying = await q.inFlight('q1');
    expect(flying.map((f) => [f.row.emailId, f.owner, f.stage, f.leaseUntil]).sort()).toEqual([
      ['backoff', 'host:2:b', 'claimed', LEASE],
      ['early', 'host:1:a', 'claimed', LEASE],
      ['late', 'host:1:a', 'claimed', LEASE],
    ]);
    expect((await q.inFlight()).length).toBe(4);
  });

  it.skipIf(skip)(`a claimer moves its own message on: stage, then out of SENDING once; a stranger's or a late finish does nothing${note}`, async () => {
    await seedJob(b, 'q3');
    await seedEmail(b, { email_id: 'm1', job_id: 'q3', contact_id: 'c1', status: 'QUEUED' });
    const q = b.repos.sendQueue;
    expect((await q.claimNext('mine', NOW, LEASE, 'q3'))?.emailId).toBe('m1');
    await q.setStage('m1', 'stranger', 'submitting');
    expect((await q.inFlight('q3'))[0]).toMatchObject({ owner: 'mine', stage: 'claimed' });
    await q.setStage('m1', 'mine', 'submitting');
    expect((await q.inFlight('q3'))[0]).toMatchObject({ owner: 'mine', stage: 'submitting' });

    expect(await q.finish('m1', 'mine', ['SENDING'], { status: 'SENT', providerId: '250 queued as X1', sentAt: '2026-11-10 12:00:05', lastError: null }, '2026-11-10 12:00:05')).toBe(true);
    expect(await q.finish('m1', 'mine', ['SENDING'], { status: 'FAILED', lastError: 'late' }, '2026-11-10 12:00:06')).toBe(false);
    expect(await b.repos.coverage.emailById('m1')).toMatchObject({ status: 'SENT', providerId: '250 queued as X1', sentAt: '2026-11-10 12:00:05', updatedAt: '2026-11-10 12:00:05', lastError: null, attempts: 1 });
    expect(await q.inFlight('q3')).toEqual([]);
    expect(await countOf(b, `SELECT count(*) AS n FROM email_send_claims WHERE email_id = 'm1'`)).toBe(0);
  });

  it.skipIf(skip)(`a temporary failure goes back to the queue with its back-off and is claimed again once due${note}`, async () => {
    await seedJob(b, 'q4');
    await seedEmail(b, { email_id: 't1', job_id: 'q4', contact_id: 'c1', status: 'QUEUED' });
    const q = b.repos.sendQueue;
    await q.claimNext('mine', NOW, LEASE, 'q4');
    expect(await q.finish('t1', 'mine', ['SENDING'], { status: 'QUEUED', lastError: 'temporary failure', nextAttemptAt: '2026-11-10 12:01:00' }, NOW)).toBe(true);
    expect(await q.claimNext('mine', '2026-11-10 12:00:59', LEASE, 'q4')).toBeUndefined();
    expect(await q.claimNext('again', '2026-11-10 12:01:00', '2026-11-10 12:16:00', 'q4')).toMatchObject({ emailId: 't1', attempts: 2 });
    expect((await q.inFlight('q4'))[0]).toMatchObject({ owner: 'again', leaseUntil: '2026-11-10 12:16:00' });
  });

  it.skipIf(skip)(`an abandoned message is settled once, and only under the dead claimer's name${note}`, async () => {
    await seedJob(b, 'q5');
    await seedEmail(b, { email_id: 's1', job_id: 'q5', contact_id: 'c1', status: 'QUEUED' });
    await seedEmail(b, { email_id: 's2', job_id: 'q5', contact_id: 'c2', status: 'SENDING' }); // its claim row is gone
    const q = b.repos.sendQueue;
    await q.claimNext('dead:1:x', NOW, LEASE, 'q5');
    const outcome = { status: 'QUEUED' as const, lastError: 'requeued: the previous sender stopped', nextAttemptAt: null };
    expect(await q.settleAbandoned('s1', 'someone-else', outcome, NOW)).toBe(false);
    expect(await q.settleAbandoned('s1', null, outcome, NOW)).toBe(false);
    expect(await q.settleAbandoned('s1', 'dead:1:x', outcome, NOW)).toBe(true);
    expect(await q.settleAbandoned('s1', 'dead:1:x', outcome, NOW)).toBe(false); // a second reconciler finds it settled
    expect(await b.repos.coverage.emailById('s1')).toMatchObject({ status: 'QUEUED', lastError: 'requeued: the previous sender stopped' });
    expect(await q.settleAbandoned('s2', 'dead:1:x', outcome, NOW)).toBe(false);
    expect(await q.settleAbandoned('s2', null, { status: 'UNCERTAIN', lastError: 'may have gone' }, NOW)).toBe(true); // no claim row: settled as ownerless
    expect(await q.inFlight('q5')).toEqual([]);
  });

  it.skipIf(skip)(`a claim inside a rolled-back transaction leaves the message queued and unclaimed${note}`, async () => {
    await seedJob(b, 'q6');
    await seedEmail(b, { email_id: 'x1', job_id: 'q6', contact_id: 'c1', status: 'QUEUED' });
    await expect(
      b.repos.transaction(async (tx) => {
        expect((await tx.sendQueue.claimNext('mine', NOW, LEASE, 'q6'))?.emailId).toBe('x1');
        throw new Error('crashed before commit');
      }),
    ).rejects.toThrow('crashed before commit');
    expect(await b.repos.coverage.emailById('x1')).toMatchObject({ status: 'QUEUED', attempts: 0 });
    expect(await b.repos.sendQueue.inFlight('q6')).toEqual([]);
  });
});

/** Postgres only: senders in several processes claim from one queue at once (SQLite has one writer). */
describe.skipIf(!postgresAvailable())(`send queue claimers on two Postgres connections${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let db: TestDatabase;
  const handles: PgHandle[] = [];
  let senders: Repositories[];
  beforeAll(async () => {
    db = await freshDatabase();
    // Two pools, as two sender processes would have, each running two claim loops.
    for (let i = 0; i < 2; i++) handles.push(await openPostgres(db.url, { max: 2 }));
    senders = handles.map((h) => createPgRepositories(h));
  });
  afterAll(async () => {
    for (const h of handles) await h.close();
    await db?.drop();
  });

  it('two SendQueueRepository claimers over 20 queued messages: every message is claimed exactly once', async () => {
    const pool = handles[0]!.pool;
    await pool.query(`INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'u1@gc.test', 'x')`);
    await pool.query(`INSERT INTO jobs (job_id, user_id, name) VALUES ('j1', 'u1', 'Clinic')`);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = `m${String(i).padStart(2, '0')}`;
      ids.push(id);
      await pool.query(`INSERT INTO contacts (contact_id, user_id, name, email) VALUES ($1, 'u1', $2, $3)`, [`c${id}`, `Sub ${id}`, `${id}@subs.test`]);
      await pool.query(`INSERT INTO email_logs (email_id, job_id, contact_id, status, to_email, message_id) VALUES ($1, 'j1', $2, 'QUEUED', $3, $4)`, [id, `c${id}`, `${id}@subs.test`, `<${id}@gc.test>`]);
    }
    const claimers = senders.flatMap((repos, p) => [0, 1].map((w) => ({ repos, owner: `host:${p}:${w}`, got: [] as string[] })));
    await Promise.all(
      claimers.map(async (c) => {
        for (;;) {
          const row = await c.repos.sendQueue.claimNext(c.owner, NOW, LEASE);
          if (!row) return;
          c.got.push(row.emailId);
        }
      }),
    );
    const all = claimers.flatMap((c) => c.got);
    expect(all.length).toBe(20);
    expect([...all].sort()).toEqual(ids);
    const states = await pool.query<{ email_id: string; status: string; attempts: number; owner: string }>(
      `SELECT l.email_id, l.status, l.attempts, c.owner FROM email_logs l JOIN email_send_claims c USING (email_id) ORDER BY l.email_id`,
    );
    expect(states.rows).toHaveLength(20);
    for (const r of states.rows) {
      expect(r).toMatchObject({ status: 'SENDING', attempts: 1 });
      expect(claimers.find((c) => c.got.includes(r.email_id))?.owner).toBe(r.owner); // the claim names the one who got it
    }
  });

  it("two reconcilers settling the same dead sender's messages: each message is settled by one of them", async () => {
    const pool = handles[0]!.pool;
    await pool.query(`INSERT INTO users (user_id, email, password_hash) VALUES ('u2', 'u2@gc.test', 'x')`);
    await pool.query(`INSERT INTO jobs (job_id, user_id, name) VALUES ('j2', 'u2', 'School')`);
    const ids = ['d1', 'd2', 'd3', 'd4', 'd5'];
    for (const id of ids) {
      await pool.query(`INSERT INTO contacts (contact_id, user_id, name, email) VALUES ($1, 'u2', $1, $2)`, [`c${id}`, `${id}@subs.test`]);
      await pool.query(`INSERT INTO email_logs (email_id, job_id, contact_id, status, to_email, message_id) VALUES ($1, 'j2', $2, 'QUEUED', $3, $4)`, [id, `c${id}`, `${id}@subs.test`, `<${id}@gc.test>`]);
      expect((await senders[0]!.sendQueue.claimNext('dead:9:z', NOW, LEASE, 'j2'))?.emailId).toBe(id);
    }
    const outcome = { status: 'QUEUED' as const, lastError: 'requeued: the previous sender stopped', nextAttemptAt: null };
    const settled = await Promise.all(
      senders.flatMap((repos) => [0, 1].map(async () => Promise.all(ids.map((id) => repos.sendQueue.settleAbandoned(id, 'dead:9:z', outcome, NOW))))),
    );
    for (let i = 0; i < ids.length; i++) expect(settled.filter((s) => s[i]).length).toBe(1);
    const states = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM email_logs WHERE job_id = 'j2' AND status = 'QUEUED'`);
    expect(Number(states.rows[0]!.n)).toBe(5);
  });

  it('announces queued messages on the invitations channel, heard by a listener on another connection, also from inside a transaction', async () => {
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    const heard: string[] = [];
    let hear: () => void = () => {};
    listener.on('notification', (n) => {
      heard.push(n.channel);
      hear();
    });
    await listener.query(`LISTEN ${INVITATIONS_QUEUED_CHANNEL}`);
    try {
      const [one, two] = senders;
      const first = new Promise<void>((resolve) => (hear = () => heard.length >= 1 && resolve()));
      await one!.sendQueue.announceQueued();
      await first;
      // Inside a transaction (an approval's), delivered when it commits.
      const second = new Promise<void>((resolve) => (hear = () => heard.length >= 2 && resolve()));
      await two!.transaction(async (tx) => tx.sendQueue.announceQueued());
      await second;
      expect(heard).toEqual([INVITATIONS_QUEUED_CHANNEL, INVITATIONS_QUEUED_CHANNEL]);
    } finally {
      await listener.end();
    }
  });
});
