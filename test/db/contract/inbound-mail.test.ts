import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../../helpers/backends.js';
import { postgresAvailable, postgresSkipReason } from '../../helpers/postgres.js';
import { pgProcesses, type PgProcesses } from '../../helpers/pg-processes.js';
import { InboundStore } from '../../../src/db/repositories/index.js';

const outcome = { kind: 'new-job', outcome: 'job created', jobId: 'j1' };

describe.each(backends())('inbound mail claims on $name', ({ skip, open }) => {
  let b: TestBackend;
  beforeAll(async () => {
    if (!skip) {
      b = await open();
      await b.raw(`INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'est@gc.test', 'x')`);
      await b.raw(`INSERT INTO jobs (job_id, user_id, name, origin, origin_context) VALUES ('j1', 'u1', 'Clinic', 'email', '{"messageKey":"<m1@gc.test>"}')`);
    }
  });
  afterAll(async () => {
    await b?.close();
  });

  it.skipIf(skip)(`a message is one reader's at a time; once done every copy of it is a known duplicate${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const a = b.repos.inboundMail(InboundStore.newOwner());
    const other = b.repos.inboundMail(InboundStore.newOwner());
    await a.register();
    await other.register();
    expect(await a.claim('INBOX', 7, 101, '<m1@gc.test>', { from: 'est@gc.test', subject: 'Bid set' })).toEqual({ state: 'claimed', takeover: false });
    expect(await a.claim('INBOX', 7, 101, '<m1@gc.test>', {})).toEqual({ state: 'claimed', takeover: false }); // re-entry
    expect(await a.claim('INBOX', 7, 102, '<m1@gc.test>', {})).toEqual({ state: 'busy' }); // a second copy while we hold it
    expect(await other.claim('INBOX', 7, 101, '<m1@gc.test>', {})).toEqual({ state: 'busy' });
    expect(await a.uidDone('INBOX', 7, 101)).toBe(false);
    expect(await a.jobsFromMessage('<m1@gc.test>')).toEqual(['j1']);
    await a.finish('<m1@gc.test>', outcome);
    expect(await a.get('<m1@gc.test>')).toEqual({ status: 'DONE', kind: 'new-job', outcome: 'job created', job_id: 'j1' });
    expect(await other.uidDone('INBOX', 7, 101)).toBe(true);
    expect(await other.uidDone('INBOX', 7, 102)).toBe(true); // the copy's UID was recorded too
    expect(await other.claim('INBOX', 7, 101, '<m1@gc.test>', {})).toEqual({ state: 'done', duplicate: false });
    expect(await other.claim('Archive', 3, 9, '<m1@gc.test>', {})).toEqual({ state: 'done', duplicate: true });
    await a.markMoved('INBOX', 7, [101, 102]);
    const moved = await b.raw<{ uid: number | string; moved: number | boolean }>(`SELECT uid, moved_at IS NOT NULL AS moved FROM email_inbound_uids WHERE message_key = ? ORDER BY uid`, ['<m1@gc.test>']);
    expect(moved.map((r) => [Number(r.uid), Boolean(r.moved)])).toEqual([
      [9, false],
      [101, true],
      [102, true],
    ]);
    expect(await a.get('<unknown@gc.test>')).toBeUndefined();
    await a.unregister();
    await other.unregister();
  });

  it.skipIf(skip)(`a released claim, a run-out lease and a stopped reader of this process are taken over; a live one is not${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const a = b.repos.inboundMail(InboundStore.newOwner());
    const c = b.repos.inboundMail(InboundStore.newOwner());
    await a.register();
    await c.register();
    expect((await a.claim('INBOX', 7, 201, '<m2@gc.test>', {})).state).toBe('claimed');
    await c.release('<m2@gc.test>'); // not c's to release: nothing changes
    expect(await c.claim('INBOX', 7, 201, '<m2@gc.test>', {})).toEqual({ state: 'busy' });
    await a.release('<m2@gc.test>');
    expect(await c.claim('INBOX', 7, 201, '<m2@gc.test>', {})).toEqual({ state: 'claimed', takeover: true });

    // A holder on another host whose lease ran out (it died): taken over; while it runs, busy.
    await b.raw(`INSERT INTO email_inbound (message_key, status, claimed_by, claim_until) VALUES (?, 'CLAIMED', 'elsewhere:4242:ab', '2999-01-01 00:00:00'), (?, 'CLAIMED', 'elsewhere:4242:ab', '2020-01-01 00:00:00')`, [
      '<m3@gc.test>',
      '<m4@gc.test>',
    ]);
    expect(await a.claim('INBOX', 7, 301, '<m3@gc.test>', {})).toEqual({ state: 'busy' });
    expect(await a.claim('INBOX', 7, 401, '<m4@gc.test>', {})).toEqual({ state: 'claimed', takeover: true });

    // A reader of this process that stopped: its claim is free at once, lease or not.
    const stopped = b.repos.inboundMail(InboundStore.newOwner());
    await stopped.register();
    expect((await stopped.claim('INBOX', 7, 501, '<m5@gc.test>', {})).state).toBe('claimed');
    expect(await a.claim('INBOX', 7, 501, '<m5@gc.test>', {})).toEqual({ state: 'busy' });
    await stopped.unregister();
    expect(await a.claim('INBOX', 7, 501, '<m5@gc.test>', {})).toEqual({ state: 'claimed', takeover: true });
    await a.unregister();
    await c.unregister();
  });

  it.skipIf(skip)(`a reader's heartbeat keeps the claims it is still working on, and names those no longer its own${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const a = b.repos.inboundMail(InboundStore.newOwner());
    const other = b.repos.inboundMail(InboundStore.newOwner());
    await a.register();
    await other.register();
    for (const [uid, key] of [[601, '<m6@gc.test>'], [701, '<m7@gc.test>'], [801, '<m8@gc.test>']] as const) expect((await a.claim('INBOX', 7, uid, key, {})).state).toBe('claimed');
    await a.finish('<m8@gc.test>', outcome);
    // A long poll: the leases taken at its start have run out by the time it reaches these messages.
    await b.raw(`UPDATE email_inbound SET claim_until = '2020-01-01 00:00:00' WHERE message_key IN (?, ?)`, ['<m6@gc.test>', '<m7@gc.test>']);
    expect(await a.renew(['<m6@gc.test>', '<m8@gc.test>', '<never-claimed@gc.test>'])).toEqual(['<m8@gc.test>', '<never-claimed@gc.test>']);
    // Renewed: another reader finds it busy. Not renewed: taken over, and no longer the first reader's.
    expect(await other.claim('INBOX', 7, 601, '<m6@gc.test>', {})).toEqual({ state: 'busy' });
    expect(await other.claim('INBOX', 7, 701, '<m7@gc.test>', {})).toEqual({ state: 'claimed', takeover: true });
    expect(await a.renew(['<m6@gc.test>', '<m7@gc.test>'])).toEqual(['<m7@gc.test>']);
    await a.unregister();
    await other.unregister();
  });

  it.skipIf(skip)(`notices in a job's thread are sent once, and name the map version they showed${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const s = b.repos.inboundMail(InboundStore.newOwner());
    expect(await s.claimNotice('j1', 'started')).toBe(true);
    expect(await s.claimNotice('j1', 'started')).toBe(false);
    await s.releaseNotice('j1', 'started'); // not sent after all: free again
    expect(await s.claimNotice('j1', 'started')).toBe(true);
    await s.recordNotice('j1', 'started', '<started@rb.test>');
    await s.releaseNotice('j1', 'started'); // sent: stays
    expect(await s.claimNotice('j1', 'started')).toBe(false);
    expect(await s.hasNotice('j1', 'map:%')).toBe(false);
    await s.recordNotice('j1', 'map:v2', '<map2@rb.test>');
    await s.recordNotice('j1', 'show:v3', '<show3@rb.test>');
    expect(await s.hasNotice('j1', 'map:%')).toBe(true);
    expect(await s.hasNotice('j1', 'failed')).toBe(false);
    expect(await s.versionShownIn('j1', ['<other@x.test>', '<started@rb.test>', '<show3@rb.test>', '<map2@rb.test>'])).toBe(3);
    expect(await s.versionShownIn('j1', ['<started@rb.test>'])).toBeUndefined();
  });

  it.skipIf(skip)(`a stranger gets one note a day, whatever the address's case; answered e-mail jobs of the last two days are listed${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const s = b.repos.inboundMail(InboundStore.newOwner());
    expect(await s.claimSenderNote('Stranger@Example.test')).toBe(true);
    expect(await s.claimSenderNote('stranger@example.test')).toBe(false);
    await b.raw(
      `INSERT INTO jobs (job_id, user_id, name, origin, status, updated_at) VALUES
       ('j-ready', 'u1', 'A', 'email', 'CONTACT_MAP_READY', '2999-01-01 00:00:00'),
       ('j-failed', 'u1', 'B', 'email', 'FAILED', '2998-01-01 00:00:00'),
       ('j-old', 'u1', 'C', 'email', 'FAILED', '2020-01-01 00:00:00'),
       ('j-slack', 'u1', 'D', 'slack', 'FAILED', '2998-01-01 00:00:00'),
       ('j-busy', 'u1', 'E', 'email', 'PDF_SAVED', '2998-01-01 00:00:00')`,
    );
    expect(await s.recentJobsAwaitingAnswer()).toEqual(['j-failed', 'j-ready']);
  });
});

describe.skipIf(!postgresAvailable())(`inbound mail read by two processes on Postgres${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let p: PgProcesses;
  beforeAll(async () => {
    p = await pgProcesses(2);
  });
  afterAll(async () => {
    await p?.close();
  });

  it('two readers seeing the same messages at once: each message is claimed by exactly one', async () => {
    const readers = p.repos.map((repos) => repos.inboundMail(InboundStore.newOwner()));
    for (const r of readers) await r.register();
    const keys = Array.from({ length: 25 }, (_, i) => `<race-${i}@gc.test>`);
    const results = await Promise.all(keys.flatMap((key, uid) => readers.map((r, who) => r.claim('INBOX', 1, uid + 1, key, {}).then((c) => ({ key, who, state: c.state })))));
    for (const key of keys) expect(results.filter((r) => r.key === key && r.state === 'claimed'), key).toHaveLength(1);
    expect(results.filter((r) => r.state === 'busy')).toHaveLength(keys.length);
    // And a lease that runs out while its holder is gone passes to the other reader, once.
    const [first] = results.filter((r) => r.state === 'claimed');
    await p.raw(`UPDATE email_inbound SET claim_until = now() - interval '1 second' WHERE message_key = $1`, [first!.key]);
    const other = readers[1 - first!.who]!;
    const again = await Promise.all([other.claim('INBOX', 1, 1000, first!.key, {}), other.claim('INBOX', 1, 1000, first!.key, {})]);
    expect(again.map((c) => c.state).sort()).toEqual(['busy', 'claimed']);
    for (const r of readers) await r.unregister();
  });
});
