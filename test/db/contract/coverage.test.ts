import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewInvitationRow } from '../../../src/db/repositories/index.js';
import { backends, type TestBackend } from '../../helpers/backends.js';
import { countOf, seedContact, seedEmail, seedJob, seedUser } from './outreach-rows.js';

const invite = (emailId: string, contactId: string): NewInvitationRow => ({
  emailId,
  contactId,
  toEmail: `${contactId}@subs.test`,
  divisions: ['09'],
  messageId: `<${emailId}@gc.test>`,
  mapVersion: 2,
});

describe.each(backends())('bid coverage on $name', ({ name, skip, open }) => {
  let b: TestBackend;
  const note = skip ? ` (skipped: ${skip})` : '';
  beforeAll(async () => {
    if (!skip) {
      b = await open();
      await seedUser(b);
      await seedUser(b, 'u2');
      await seedContact(b, { id: 'c1', name: 'Volt Bros', contactPerson: 'Dana' });
      await seedContact(b, { id: 'c2', name: 'Acme Concrete', unsubscribedAt: '2026-10-01 00:00:00' });
      await seedContact(b, { id: 'c3', name: 'Zenith Drywall', emailBadAt: '2026-10-02 00:00:00' });
      await seedContact(b, { id: 'c4', name: 'Best Paint' });
    }
  });
  afterAll(async () => {
    await b?.close();
  });

  it.skipIf(skip)(`a job's life in facts: approved or not, its invitations' states (not reminders'), its due date; unknown jobs get blanks${note}`, async () => {
    await seedJob(b, 'l1', 'u1', { dueDate: '2026-12-15' });
    await seedJob(b, 'l2');
    await b.raw(`INSERT INTO outreach_approvals (job_id, user_id, map_version, queued) VALUES ('l1', 'u1', 1, 2)`);
    await seedEmail(b, { email_id: 'l1a', job_id: 'l1', contact_id: 'c1', status: 'SENT' });
    await seedEmail(b, { email_id: 'l1b', job_id: 'l1', contact_id: 'c4', status: 'BOUNCED' });
    await seedEmail(b, { email_id: 'l1r', job_id: 'l1', contact_id: 'c1', status: 'QUEUED', kind: 'reminder', occasion: '3d', parent_email_id: 'l1a' });
    const facts = await b.repos.coverage.lifeFacts(['l1', 'l2', 'nope']);
    expect(facts.get('l1')).toEqual({ approved: true, statuses: expect.arrayContaining(['SENT', 'BOUNCED']) as unknown, dueDate: '2026-12-15', dueTime: '14:00', timeZone: 'America/Chicago' });
    expect(facts.get('l1')!.statuses).toHaveLength(2);
    expect(facts.get('l2')).toEqual({ approved: false, statuses: [], dueDate: null, dueTime: null, timeZone: null });
    expect(facts.get('nope')).toEqual({ approved: false, statuses: [], dueDate: null, dueTime: null, timeZone: null });
    expect((await b.repos.coverage.lifeFacts([])).size).toBe(0);
  });

  it.skipIf(skip)(`invitations with their contact and plan downloads, in the order they were queued, then by name${note}`, async () => {
    await seedJob(b, 'i1');
    await seedJob(b, 'i2');
    await seedEmail(b, { email_id: 'i1z', job_id: 'i1', contact_id: 'c3', created_at: '2026-11-01 10:00:00' });
    await seedEmail(b, { email_id: 'i1v', job_id: 'i1', contact_id: 'c1', created_at: '2026-11-01 10:00:00' });
    await seedEmail(b, { email_id: 'i1a', job_id: 'i1', contact_id: 'c2', created_at: '2026-11-02 10:00:00' });
    await seedEmail(b, { email_id: 'i1r', job_id: 'i1', contact_id: 'c1', kind: 'reminder', occasion: '1d', parent_email_id: 'i1v', created_at: '2026-11-03 10:00:00' });
    await b.raw(`INSERT INTO plan_downloads (job_id, email_id, downloaded_at) VALUES ('i1', 'i1v', '2026-11-04 09:30:00'), ('i1', 'i1v', '2026-11-03 08:15:00'), ('i1', NULL, '2026-11-01 00:00:00')`);
    await b.repos.coverage.recordDownload('i1', 'i1z');
    const facts = await b.repos.coverage.invitations('i1');
    expect(facts.map((f) => [f.row.emailId, f.name])).toEqual([
      ['i1v', 'Volt Bros'], // same second as Zenith: by name
      ['i1z', 'Zenith Drywall'],
      ['i1a', 'Acme Concrete'],
    ]);
    expect(facts[0]).toMatchObject({ contactPerson: 'Dana', unsubscribed: false, emailBad: false, downloads: 2, firstDownloadAt: '2026-11-03 08:15:00' });
    expect(facts[1]).toMatchObject({ emailBad: true, downloads: 1 });
    expect(facts[1]!.firstDownloadAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(facts[2]).toMatchObject({ unsubscribed: true, downloads: 0, firstDownloadAt: null });
    expect((await b.repos.coverage.reminders('i1')).map((r) => [r.emailId, r.parentEmailId, r.occasion, r.status, r.createdAt])).toEqual([['i1r', 'i1v', '1d', 'SENT', '2026-11-03 10:00:00']]);
    expect((await b.repos.coverage.invitationOfJob('i1', 'i1v'))?.contactId).toBe('c1');
    expect(await b.repos.coverage.invitationOfJob('i2', 'i1v')).toBeUndefined(); // a link naming another job finds nothing
    expect(await b.repos.coverage.emailById('missing')).toBeUndefined();
  });

  it.skipIf(skip)(`"invite these too" inserts a contact's invitation once, however often it is asked${note}`, async () => {
    await seedJob(b, 'm1');
    const first = await b.repos.coverage.addInvitations('m1', [invite('m1-a', 'c1'), invite('m1-b', 'c4')]);
    expect(first.map((r) => r.emailId)).toEqual(['m1-a', 'm1-b']);
    const again = await b.repos.coverage.addInvitations('m1', [invite('m1-a2', 'c1'), invite('m1-c', 'c3')]);
    expect(again.map((r) => r.emailId)).toEqual(['m1-c']);
    expect(await b.repos.coverage.addInvitations('m1', [])).toEqual([]);
    expect(await countOf(b, `SELECT count(*) AS n FROM email_logs WHERE job_id = 'm1'`)).toBe(3);
    const row = await b.repos.coverage.emailById('m1-a');
    expect(row).toMatchObject({ status: 'QUEUED', kind: 'invitation', occasion: '', mapVersion: 2, toEmail: 'c1@subs.test' });
    expect(JSON.parse(row!.trades!)).toEqual(['09']);
  });

  it.skipIf(skip)(`reminders go to sent invitations of jobs still due whose sub has not declined or dropped out, once per occasion${note}`, async () => {
    await seedUser(b, 'u3');
    for (const [id, n] of [['rc1', 'Alpha'], ['rc2', 'Beta'], ['rc3', 'Gamma'], ['rc4', 'Delta']]) await seedContact(b, { id: id!, name: n!, userId: 'u3' });
    await seedContact(b, { id: 'rc5', name: 'Gone', userId: 'u3', unsubscribedAt: '2026-11-01 00:00:00' });
    await seedJob(b, 'r1', 'u3', { dueDate: '2026-12-20' });
    await seedJob(b, 'r2', 'u3', { dueDate: '2026-11-01' }); // past
    await seedJob(b, 'r3', 'u3', { dueDate: '2026-12-20', reminderDays: '[]' }); // reminders switched off
    await seedJob(b, 'r4', 'u3', { dueDate: '2026-12-21', reminderDays: '[7, 1]' });
    await seedEmail(b, { email_id: 'r1a', job_id: 'r1', contact_id: 'rc1', sent_at: '2026-12-01 09:00:00', trades: '["09"]' });
    await seedEmail(b, { email_id: 'r1b', job_id: 'r1', contact_id: 'rc2', bid_response: 'NO_BID', responded_at: '2026-12-02 09:00:00' });
    await seedEmail(b, { email_id: 'r1c', job_id: 'r1', contact_id: 'rc3', bid_response: 'BID', responded_at: '2026-12-02 09:00:00' });
    await seedEmail(b, { email_id: 'r1d', job_id: 'r1', contact_id: 'rc4', status: 'QUEUED' });
    await seedEmail(b, { email_id: 'r1e', job_id: 'r1', contact_id: 'rc5' });
    await seedEmail(b, { email_id: 'r2a', job_id: 'r2', contact_id: 'rc1' });
    await seedEmail(b, { email_id: 'r3a', job_id: 'r3', contact_id: 'rc1' });
    await seedEmail(b, { email_id: 'r4a', job_id: 'r4', contact_id: 'rc1' });
    const candidates = (await b.repos.coverage.reminderCandidates('2026-12-10')).filter((c) => c.userId === 'u3');
    expect(candidates.map((c) => c.emailId).sort()).toEqual(['r1a', 'r1c', 'r4a']);
    const r1a = candidates.find((c) => c.emailId === 'r1a')!;
    expect(r1a).toMatchObject({ jobId: 'r1', userId: 'u3', contactId: 'rc1', toEmail: 'rc1@subs.test', sentAt: '2026-12-01 09:00:00', dueDate: '2026-12-20', dueTime: '14:00', timeZone: 'America/Chicago', reminderDays: null });
    expect(JSON.parse(r1a.trades!)).toEqual(['09']);
    expect(JSON.parse(candidates.find((c) => c.emailId === 'r4a')!.reminderDays!)).toEqual([7, 1]);

    const reminder = { emailId: 'rem1', jobId: 'r1', contactId: 'rc1', parentEmailId: 'r1a', occasion: '2026-12-13', toEmail: 'rc1@subs.test', trades: r1a.trades, mapVersion: 1, messageId: '<rem1@gc.test>' };
    expect(await b.repos.coverage.queueReminder(reminder)).toBe(true);
    expect(await b.repos.coverage.queueReminder({ ...reminder, emailId: 'rem2', messageId: '<rem2@gc.test>' })).toBe(false); // same occasion
    expect(await b.repos.coverage.queueReminder({ ...reminder, emailId: 'rem3', messageId: '<rem3@gc.test>', occasion: '2026-12-19' })).toBe(true);
    expect((await b.repos.coverage.reminders('r1')).map((r) => [r.emailId, r.parentEmailId, r.status]).sort()).toEqual([
      ['rem1', 'r1a', 'QUEUED'],
      ['rem3', 'r1a', 'QUEUED'],
    ]);
    expect(JSON.parse((await b.repos.coverage.emailById('rem1'))!.trades!)).toEqual(['09']);
  });

  it.skipIf(skip)(`two clocks ticking at once (two processes that both think they lead) queue each reminder once: the occasion's row is the claim${note}`, async () => {
    await seedUser(b, 'u5');
    await seedContact(b, { id: 'tc1', name: 'Twice Electric', userId: 'u5' });
    await seedJob(b, 't1', 'u5', { dueDate: '2026-12-20' });
    await seedEmail(b, { email_id: 't1a', job_id: 't1', contact_id: 'tc1', sent_at: '2026-12-01 09:00:00', trades: '["26"]' });
    const tick = (k: number) =>
      b.repos.coverage.queueReminder({ emailId: `tick-${k}`, jobId: 't1', contactId: 'tc1', parentEmailId: 't1a', occasion: '2026-12-17', toEmail: 'tc1@subs.test', trades: '["26"]', mapVersion: 1, messageId: `<tick-${k}@gc.test>` });
    const won = await Promise.all([0, 1, 2, 3, 4, 5].map(tick)); // on Postgres: concurrent sessions of the pool
    expect(won.filter(Boolean)).toHaveLength(1);
    expect((await b.repos.coverage.reminders('t1')).map((r) => r.parentEmailId)).toEqual(['t1a']);
  });

  it.skipIf(skip)(`answer notices: one slot per job per period takes the answers not yet told; a failed notice gives them back${note}`, async () => {
    await seedJob(b, 'n1');
    await seedJob(b, 'n2');
    await seedEmail(b, { email_id: 'n1a', job_id: 'n1', contact_id: 'c4', bid_response: 'NO_BID', responded_at: '2026-11-10 09:05:00' });
    await seedEmail(b, { email_id: 'n1b', job_id: 'n1', contact_id: 'c1', bid_response: 'BID', responded_at: '2026-11-10 09:00:00' });
    await seedEmail(b, { email_id: 'n1c', job_id: 'n1', contact_id: 'c3', bid_response: 'BID', responded_at: '2026-11-09 09:00:00', answer_notified_at: '2026-11-09 10:00:00' });
    await seedEmail(b, { email_id: 'n2a', job_id: 'n2', contact_id: 'c1' });
    const cov = b.repos.coverage;
    expect((await cov.jobsWithPendingAnswers()).filter((j) => j.startsWith('n'))).toEqual(['n1']);
    expect(await cov.lastAnswerNotice('n1')).toBeNull();
    expect(await cov.takeAnswerNotice('n2', '2026-11-10 10:00:00', '2026-11-10 09:00:00')).toBeUndefined(); // nothing pending

    const taken = await cov.takeAnswerNotice('n1', '2026-11-10 10:00:00', '2026-11-10 09:00:00');
    expect(taken).toEqual([
      { emailId: 'n1b', contactId: 'c1', name: 'Volt Bros', trades: null, answer: 'BID', note: null, respondedAt: '2026-11-10 09:00:00' },
      { emailId: 'n1a', contactId: 'c4', name: 'Best Paint', trades: null, answer: 'NO_BID', note: null, respondedAt: '2026-11-10 09:05:00' },
    ]);
    expect(await cov.lastAnswerNotice('n1')).toBe('2026-11-10 10:00:00');
    expect((await cov.jobsWithPendingAnswers()).filter((j) => j.startsWith('n'))).toEqual([]);

    await b.repos.emailLogs.saveBidResponse('n1a', 'BID'); // changed its mind: news again
    expect(await cov.takeAnswerNotice('n1', '2026-11-10 10:30:00', '2026-11-10 09:30:00')).toBeUndefined(); // the slot was taken at 10:00
    const later = await cov.takeAnswerNotice('n1', '2026-11-10 11:00:00', '2026-11-10 10:00:00'); // cutoff inclusive
    expect(later?.map((p) => [p.emailId, p.answer])).toEqual([['n1a', 'BID']]);

    await cov.releaseAnswerNotice('n1', ['n1a'], '2026-11-10 10:00:00'); // that notice could not be delivered
    expect(await cov.lastAnswerNotice('n1')).toBe('2026-11-10 10:00:00');
    expect(await cov.jobsWithPendingAnswers()).toContain('n1');
    await cov.releaseAnswerNotice('n1', [], null);
    expect(await cov.lastAnswerNotice('n1')).toBeNull();
  });

  // SQLite's created_at has whole seconds; Postgres keeps microseconds, which must not change the order.
  it.skipIf(skip || name !== 'postgres')(`invitations queued within one second are listed by name, as on SQLite${note}`, async () => {
    await seedJob(b, 'i3');
    await seedEmail(b, { email_id: 'i3z', job_id: 'i3', contact_id: 'c3', created_at: '2026-11-01 10:00:00.100' });
    await seedEmail(b, { email_id: 'i3a', job_id: 'i3', contact_id: 'c2', created_at: '2026-11-01 10:00:00.900' });
    expect((await b.repos.coverage.invitations('i3')).map((f) => f.name)).toEqual(['Acme Concrete', 'Zenith Drywall']);
  });

  // SQLite has one writer: these requests cannot interleave there.
  it.skipIf(skip || name !== 'postgres')(`racing requests on several connections: one answer notice, one invitation per contact${note}`, async () => {
    await seedJob(b, 'p1');
    for (let i = 0; i < 6; i++) await seedEmail(b, { email_id: `p1-${i}`, job_id: 'p1', contact_id: 'c1', kind: 'reminder', occasion: `o${i}`, bid_response: 'BID', responded_at: '2026-11-10 09:00:00' });
    const notices = await Promise.all([0, 1, 2, 3].map(() => b.repos.coverage.takeAnswerNotice('p1', '2026-11-10 10:00:00', '2026-11-10 09:00:00')));
    const winners = notices.filter((n) => n !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toHaveLength(6);

    await seedJob(b, 'p2');
    const asks = await Promise.all([0, 1, 2, 3].map((k) => b.repos.coverage.addInvitations('p2', [invite(`p2-${k}`, 'c4')])));
    expect(asks.flat()).toHaveLength(1);
    expect(await countOf(b, `SELECT count(*) AS n FROM email_logs WHERE job_id = 'p2'`)).toBe(1);
  });
});
