import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../../helpers/backends.js';
import { sqlTime } from '../../../src/db/repositories/slack-state.js';
import { SLACK_MESSAGES_LOCK_NAMESPACE } from '../../../src/db/pg/locks.js';

const daysAgo = (days: number) => sqlTime(new Date(Date.now() - days * 86_400_000));

describe.each(backends())('Slack store on $name', ({ name, skip, open }) => {
  let b: TestBackend;
  beforeAll(async () => {
    if (skip) return;
    b = await open();
    await b.raw(`INSERT INTO users (user_id, email, password_hash) VALUES ('alice', 'alice@gc.test', 'x'), ('bob', 'bob@gc.test', 'x')`);
    await b.raw(`INSERT INTO jobs (job_id, user_id, name) VALUES ('j1', 'alice', 'Clinic'), ('j2', 'alice', 'School'), ('j3', 'alice', 'Old'), ('j4', 'alice', 'Quiet')`);
  });
  afterAll(async () => {
    await b?.close();
  });
  const test = (name: string, body: () => Promise<void>) => it.skipIf(skip)(`${name}${skip ? ` (skipped: ${skip})` : ''}`, body);

  test('a member\'s link is saved over, found per workspace, and forgotten by member (one workspace or all) or by account', async () => {
    const slack = b.repos.slack;
    await slack.saveLink({ teamId: 'T1', slackUserId: 'U1', userId: 'alice', email: 'alice@gc.test', linkedVia: 'profile' });
    await slack.saveLink({ teamId: 'T1', slackUserId: 'U1', userId: 'bob', email: 'bob@gc.test', linkedVia: 'code' });
    expect(await slack.findLink('T1', 'U1')).toMatchObject({ userId: 'bob', email: 'bob@gc.test', linkedVia: 'code' });
    expect(await slack.findLink('T2', 'U1')).toBeUndefined();
    await slack.saveLink({ teamId: 'T2', slackUserId: 'U1', userId: 'bob', email: 'bob@gc.test', linkedVia: 'profile' });
    await slack.saveLink({ teamId: 'T3', slackUserId: 'U1', userId: 'bob', email: 'bob@gc.test', linkedVia: 'profile' });
    await slack.saveLink({ teamId: 'T1', slackUserId: 'U9', userId: 'alice', email: 'alice@gc.test', linkedVia: 'profile' });
    expect(await slack.deleteLinks({ teamId: 'T3', slackUserId: 'U1' })).toBe(1);
    expect(await slack.deleteLinks({ slackUserId: 'U1' })).toBe(2);
    expect(await slack.deleteLinks({ userId: 'alice' })).toBe(1);
    expect(await slack.deleteLinks({ userId: 'alice' })).toBe(0);
    expect(await slack.findLink('T1', 'U9')).toBeUndefined();
  });

  test('a delivery key is recorded once, even when several processes receive it at once; old keys are pruned', async () => {
    const slack = b.repos.slack;
    const firsts = await Promise.all([1, 2, 3, 4].map(() => slack.markProcessed('event:Ev1', 'event')));
    expect(firsts.filter(Boolean)).toHaveLength(1);
    expect(await slack.markProcessed('event:Ev1', 'event')).toBe(false);
    await b.raw(`UPDATE slack_processed SET created_at = ? WHERE key = 'event:Ev1'`, [daysAgo(8)]);
    expect(await slack.markProcessed('event:Ev2', 'event')).toBe(true);
    expect(await slack.pruneProcessed(7)).toBe(1);
    expect(await slack.seen('event:Ev1')).toBe(false);
    expect(await slack.seen('event:Ev2')).toBe(true);
    expect(await slack.pruneProcessed()).toBe(0);
  });

  test('a file is claimed once (the same share delivered to two processes starts one job), then settled with what became of it', async () => {
    const slack = b.repos.slack;
    const row = { fileId: 'F1', teamId: 'T', slackUserId: 'U', channelId: 'C', threadTs: '1.1' };
    const claims = await Promise.all([row, row, { ...row, slackUserId: 'U2' }].map((r) => slack.claimFile(r)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await slack.claimFile(row)).toBe(false);
    expect(await slack.getFile('F1')).toMatchObject({ status: 'claimed', channelId: 'C', threadTs: '1.1', jobId: null });
    await slack.settleFile('F1', 'job', { jobId: 'j1' });
    await slack.claimFile({ ...row, fileId: 'F2' });
    await slack.settleFile('F2', 'job', { jobId: 'j1', detail: 'second file of the share' });
    await slack.claimFile({ ...row, fileId: 'F3' });
    await slack.settleFile('F3', 'rejected', { detail: 'not a PDF', channelId: 'D1', threadTs: null });
    expect(await slack.getFile('F3')).toMatchObject({ status: 'rejected', detail: 'not a PDF', channelId: 'D1', threadTs: null, jobId: null });
    expect((await slack.fileForJob('j1'))?.fileId).toBe('F1');
    expect(await slack.fileForJob('j2')).toBeUndefined();
    expect(await slack.getFile('F404')).toBeUndefined();
  });

  test('a job\'s messages are kept per page in page order; saving a page again replaces its message', async () => {
    const slack = b.repos.slack;
    await slack.saveMessage({ jobId: 'j2', kind: 'map', page: 1, channelId: 'C', ts: '10.2' });
    await slack.saveMessage({ jobId: 'j2', kind: 'map', page: 0, channelId: 'C', ts: '10.1' });
    await slack.saveMessage({ jobId: 'j2', kind: 'progress', page: 0, channelId: 'C', ts: '9.0' });
    await slack.saveMessage({ jobId: 'j2', kind: 'map', page: 1, channelId: 'C2', ts: '11.0' });
    const map = await slack.messages('j2', 'map');
    expect(map.map((m) => [m.page, m.channelId, m.ts])).toEqual([[0, 'C', '10.1'], [1, 'C2', '11.0']]);
    expect(map[0]!.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    await slack.deleteMessage('j2', 'map', 1);
    expect((await slack.messages('j2', 'map')).map((m) => m.page)).toEqual([0]);
    expect((await slack.messages('j2', 'progress')).map((m) => m.ts)).toEqual(['9.0']);
  });

  test('a pending intent expires, is replaced by a newer one, and is taken once even by deliveries racing for it', async () => {
    const slack = b.repos.slack;
    await slack.setPending('T', 'U', 'new', 'Project A', 30);
    expect(await slack.getPending('T', 'U', 'new', new Date(Date.now() + 31 * 60_000))).toBeUndefined();
    expect(await slack.takePending('T', 'U', 'new', new Date(Date.now() + 31 * 60_000))).toBeUndefined();
    expect((await slack.getPending('T', 'U', 'new'))?.value).toBe('Project A');
    await slack.setPending('T', 'U', 'new', 'Project B', 30);
    expect(await slack.getPending('T', 'U2', 'new')).toBeUndefined();
    expect(await slack.getPending('T', 'U', 'contacts_import')).toBeUndefined();
    const taken = await Promise.all([1, 2, 3].map(() => slack.takePending('T', 'U', 'new')));
    expect(taken.filter(Boolean).map((p) => p!.value)).toEqual(['Project B']);
    expect(await slack.takePending('T', 'U', 'new')).toBeUndefined();

    await slack.setPending('T', 'U', 'contacts_import', null, 30);
    await slack.clearPending('T', 'U', 'contacts_import');
    expect(await slack.takePending('T', 'U', 'contacts_import')).toBeUndefined();
  });

  test('a map message\'s signature is steady until what it shows changes (an answer, a download); quiet or old jobs are left out', async () => {
    const slack = b.repos.slack;
    await b.raw(`INSERT INTO contacts (contact_id, user_id, name, email) VALUES ('c1', 'alice', 'Sub One', 'one@sub.test'), ('c2', 'alice', 'Sub Two', 'two@sub.test')`);
    for (const [id, c] of [['e-b', 'c1'], ['e-a', 'c2']]) await b.raw(`INSERT INTO email_logs (email_id, job_id, contact_id, status, message_id) VALUES (?, 'j1', ?, 'SENT', ?)`, [id, c, `<${id}@rb>`]);
    await slack.saveMessage({ jobId: 'j1', kind: 'map', page: 0, channelId: 'C', ts: '1.0' });
    await slack.saveMessage({ jobId: 'j3', kind: 'map', page: 0, channelId: 'C', ts: '2.0' });
    await slack.saveMessage({ jobId: 'j4', kind: 'progress', page: 0, channelId: 'C', ts: '3.0' });
    await b.raw(`UPDATE jobs SET updated_at = ? WHERE job_id = 'j3'`, [daysAgo(15)]);
    await b.raw(`UPDATE jobs SET contacts_map_ref = ? WHERE job_id = 'j1'`, [JSON.stringify({ kind: 'local', key: 'map-v1.json' })]);

    const sigOf = async () => (await slack.mapMessageSignatures()).filter((r) => r.jobId === 'j1').map((r) => r.sig);
    const jobs = (await slack.mapMessageSignatures()).map((r) => r.jobId);
    expect(jobs.sort()).toEqual(['j1', 'j2']); // j2 has a map message from the test above; j3 is old, j4 has none
    const [first] = await sigOf();
    expect(await sigOf()).toEqual([first]);
    await b.raw(`UPDATE email_logs SET bid_response = 'BID', bid_note = 'by Friday' WHERE email_id = 'e-a'`);
    const [answered] = await sigOf();
    expect(answered).not.toBe(first);
    expect(await sigOf()).toEqual([answered]);
    await b.raw(`INSERT INTO plan_downloads (job_id, email_id) VALUES ('j1', 'e-b')`);
    const [downloaded] = await sigOf();
    expect(downloaded).not.toBe(answered);
    await b.raw(`UPDATE jobs SET contacts_map_ref = ? WHERE job_id = 'j1'`, [JSON.stringify({ kind: 'local', key: 'map-v2.json' })]);
    expect(await sigOf()).not.toEqual([downloaded]);
  });

  test('withJobMessages returns what its body returns and passes its error on (the lock goes with it)', async () => {
    const slack = b.repos.slack;
    expect(await slack.withJobMessages('j1', async () => 'posted')).toBe('posted');
    await expect(slack.withJobMessages('j1', async () => Promise.reject(new Error('Slack said no')))).rejects.toThrow('Slack said no');
    expect(await slack.withJobMessages('j1', async () => (await slack.messages('j1', 'map')).length)).toBeGreaterThan(0);
    if (b.name === 'postgres') expect(await slackLocks()).toEqual([]);
  });

  test('many jobs published at once still find connections for their statements (the pool is not all taken by lock holders)', async () => {
    const slack = b.repos.slack;
    const jobs = ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7', 'j8'];
    const pages = await Promise.all(jobs.map((j) => slack.withJobMessages(j, async () => (await slack.messages(j, 'map')).length)));
    expect(pages).toHaveLength(jobs.length);
  });

  /** The per-job Slack message locks in this database: granted or waiting. */
  const slackLocks = async () =>
    (
      await b.raw<{ granted: boolean }>(
        `SELECT granted FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::bigint::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [SLACK_MESSAGES_LOCK_NAMESPACE],
      )
    ).map((r) => r.granted);

  it.skipIf(skip || name !== 'postgres')(`on Postgres a second publisher of the same job waits until the first one's body ends; another job does not wait${name !== 'postgres' ? ' (SQLite: one process per file, nothing to wait for)' : ''}`, async () => {
    const slack = b.repos.slack;
    const order: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = slack.withJobMessages('j1', async () => {
      order.push('first in');
      entered();
      await released;
      order.push('first out');
    });
    await inside;
    const second = slack.withJobMessages('j1', async () => {
      order.push('second in');
    });
    // Another job's publisher runs to its end while j1's first publisher still holds the lock.
    await slack.withJobMessages('j2', async () => {
      order.push('other job');
    });
    // The second publisher of j1 is queued in Postgres behind the first (a lock not granted) —
    // unless nothing holds it back, and then it has run its body.
    while (!order.includes('second in') && !(await slackLocks()).includes(false)) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(['first in', 'other job']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'other job', 'first out', 'second in']);
    expect(await slackLocks()).toEqual([]);
  });
});
