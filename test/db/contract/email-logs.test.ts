import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import type { NewApproval } from '../../../src/db/repositories/index.js';
import { backends, type TestBackend } from '../../helpers/backends.js';
import { countOf, seedContact, seedEmail, seedJob, seedUser } from './outreach-rows.js';

const approvalOf = (jobId: string, contactIds: string[], tag = 'a'): NewApproval => ({
  jobId,
  userId: 'u1',
  mapVersion: 3,
  invitations: contactIds.map((c) => ({ emailId: `${jobId}-${c}-${tag}`, contactId: c, email: `${c}@subs.test`, divisions: ['03', '26'], messageId: `<${jobId}-${c}-${tag}@gc.test>` })),
  skippedJson: JSON.stringify([{ contact_id: 'gone', reason: 'unsubscribed' }]),
  via: 'cli',
});

describe.each(backends())('email logs on $name', ({ name, skip, open }) => {
  let b: TestBackend;
  const note = skip ? ` (skipped: ${skip})` : '';
  beforeAll(async () => {
    if (!skip) {
      b = await open();
      await seedUser(b);
      for (const j of ['j1', 'j2', 'j3', 'j4', 'j5']) await seedJob(b, j);
      for (const [id, name] of [['c1', 'Volt Bros'], ['c2', 'Acme Concrete'], ['c3', 'Zenith Drywall']]) await seedContact(b, { id: id!, name: name!, deliveryWarning: id === 'c3' ? 'mailbox full' : undefined });
    }
  });
  afterAll(async () => {
    await b?.close();
  });

  it.skipIf(skip)(`an approval queues its invitations once; a second or retried approval writes nothing and says ALREADY_SENT${note}`, async () => {
    await b.repos.transaction((tx) => tx.emailLogs.recordApproval(approvalOf('j1', ['c1', 'c2'])));
    const err = await b.repos.transaction((tx) => tx.emailLogs.recordApproval(approvalOf('j1', ['c1', 'c2', 'c3'], 'retry'))).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('ALREADY_SENT');
    expect(isAppError(err) && err.userMessage).toMatch(/already approved \(version 3, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\).*will not go out twice/);
    expect(await b.repos.emailLogs.countForJob('j1')).toBe(2);
    expect(await b.repos.emailLogs.countForJob('j1', ['QUEUED'])).toBe(2);
    expect(await b.repos.emailLogs.countForJob('j1', ['SENT', 'SENDING'])).toBe(0);
    const approval = await b.repos.coverage.approval('j1');
    expect(approval).toMatchObject({ userId: 'u1', mapVersion: 3, queued: 2, via: 'cli' });
    expect(JSON.parse(approval!.skipped)).toEqual([{ contact_id: 'gone', reason: 'unsubscribed' }]);
    const row = await b.repos.coverage.emailById('j1-c1-a');
    expect(row).toMatchObject({ status: 'QUEUED', kind: 'invitation', occasion: '', toEmail: 'c1@subs.test', mapVersion: 3, attempts: 0, messageId: '<j1-c1-a@gc.test>' });
    expect(JSON.parse(row!.trades!)).toEqual(['03', '26']);
    expect(row!.createdAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it.skipIf(skip)(`an approval whose transaction rolls back leaves neither the approval nor its invitations${note}`, async () => {
    await expect(
      b.repos.transaction(async (tx) => {
        await tx.emailLogs.recordApproval(approvalOf('j2', ['c1']));
        expect(await tx.emailLogs.countForJob('j2')).toBe(1);
        throw new Error('the job moved meanwhile');
      }),
    ).rejects.toThrow('the job moved meanwhile');
    expect(await b.repos.coverage.approval('j2')).toBeUndefined();
    expect(await b.repos.emailLogs.countForJob('j2')).toBe(0);
  });

  it.skipIf(skip)(`finds messages by Message-ID and the latest one that went to an address${note}`, async () => {
    await seedEmail(b, { email_id: 'e1', job_id: 'j3', contact_id: 'c1', to_email: 'Est@Subs.Test', sent_at: '2026-11-01 09:00:00' });
    await seedEmail(b, { email_id: 'e2', job_id: 'j3', contact_id: 'c2', to_email: 'est@subs.test', sent_at: '2026-11-03 09:00:00', status: 'BOUNCED' });
    await seedEmail(b, { email_id: 'e3', job_id: 'j4', contact_id: 'c1', to_email: 'est@subs.test', status: 'QUEUED' });
    expect(await b.repos.emailLogs.findByMessageIds([])).toBeUndefined();
    expect((await b.repos.emailLogs.findByMessageIds(['<nope@x>', '<e2@gc.test>']))?.emailId).toBe('e2');
    expect(await b.repos.emailLogs.findByMessageIds(['<nope@x>'])).toBeUndefined();
    expect((await b.repos.emailLogs.latestSentTo(['est@subs.test'], '2026-10-01 00:00:00'))?.emailId).toBe('e2'); // case-insensitive, newest; the QUEUED one never went
    expect((await b.repos.emailLogs.latestSentTo(['est@subs.test'], '2026-11-03 09:00:00'))?.emailId).toBe('e2'); // `since` is inclusive
    expect(await b.repos.emailLogs.latestSentTo(['est@subs.test'], '2026-11-03 09:00:01')).toBeUndefined();
    expect(await b.repos.emailLogs.latestSentTo([], '2026-10-01 00:00:00')).toBeUndefined();
  });

  it.skipIf(skip)(`a bounce moves a sent message once; a hard verdict replaces a soft one, never the reverse${note}`, async () => {
    await seedEmail(b, { email_id: 'b1', job_id: 'j5', contact_id: 'c1', sent_at: '2026-11-01 09:00:00' });
    await seedEmail(b, { email_id: 'b2', job_id: 'j5', contact_id: 'c2', status: 'QUEUED' });
    await seedEmail(b, { email_id: 'b3', job_id: 'j5', contact_id: 'c3', status: 'UNCERTAIN' });
    const logs = b.repos.emailLogs;
    expect(await logs.markBounced('b1', 'soft', 'mailbox full', '2026-11-02 10:00:00')).toBe(true);
    expect(await logs.markBounced('b1', 'soft', 'mailbox full', '2026-11-02 11:00:00')).toBe(false); // a repeat
    expect(await logs.countSoftBounces('c1', '2026-11-02 10:00:00')).toBe(1);
    expect(await logs.countSoftBounces('c1', '2026-11-02 10:00:01')).toBe(0);
    expect(await logs.markBounced('b1', 'hard', 'no such user', '2026-11-03 10:00:00')).toBe(true);
    expect(await logs.markBounced('b1', 'soft', 'later soft', '2026-11-04 10:00:00')).toBe(false);
    expect(await logs.markBounced('b1', 'hard', 'again', '2026-11-04 10:00:00')).toBe(false);
    expect(await b.repos.coverage.emailById('b1')).toMatchObject({ status: 'BOUNCED', bounceType: 'hard', bounceReason: 'no such user', bouncedAt: '2026-11-03 10:00:00' });
    expect(await logs.countSoftBounces('c1', '2026-11-01 00:00:00')).toBe(0);
    expect(await logs.markBounced('b2', 'hard', 'never sent', '2026-11-03 10:00:00')).toBe(false);
    expect(await logs.markBounced('b3', 'hard', 'it did go', '2026-11-03 10:00:00')).toBe(true);
  });

  it.skipIf(skip)(`answers, complaints and auto-replies: a changed answer is news again, the same one twice is not; the first complaint is kept${note}`, async () => {
    await seedJob(b, 'j6');
    await seedEmail(b, { email_id: 'a1', job_id: 'j6', contact_id: 'c1', sent_at: '2026-11-01 09:00:00' });
    const logs = b.repos.emailLogs;
    await logs.saveBidResponse('a1', 'BID', 'x'.repeat(1500));
    let row = (await b.repos.coverage.emailById('a1'))!;
    expect(row).toMatchObject({ bidResponse: 'BID', answerNotifiedAt: null });
    expect(row.bidNote).toHaveLength(1000);
    expect(row.respondedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    await b.raw(`UPDATE email_logs SET answer_notified_at = '2026-11-05 08:00:00' WHERE email_id = 'a1'`);
    await logs.saveBidResponse('a1', 'BID'); // the same answer again: already told, and the note stays
    row = (await b.repos.coverage.emailById('a1'))!;
    expect(row.answerNotifiedAt).toBe('2026-11-05 08:00:00');
    expect(row.bidNote).toHaveLength(1000);
    await logs.saveBidResponse('a1', 'NO_BID', null);
    expect(await b.repos.coverage.emailById('a1')).toMatchObject({ bidResponse: 'NO_BID', answerNotifiedAt: null, bidNote: null });

    await logs.recordComplaint('a1', '2026-11-06 10:00:00');
    await logs.recordComplaint('a1', '2026-11-07 10:00:00');
    await logs.recordAutoReply('a1', 'out of office until Monday', '2026-11-08 10:00:00');
    expect(await b.repos.coverage.emailById('a1')).toMatchObject({ complainedAt: '2026-11-06 10:00:00', autoReplyAt: '2026-11-08 10:00:00', autoReplyNote: 'out of office until Monday' });
  });

  it.skipIf(skip)(`an uncertain message is re-queued once, and only from UNCERTAIN${note}`, async () => {
    await seedJob(b, 'j7');
    await seedEmail(b, { email_id: 'u1', job_id: 'j7', contact_id: 'c1', status: 'UNCERTAIN', next_attempt_at: '2026-11-01 09:00:00' });
    expect(await b.repos.emailLogs.requeueUncertain('u1', 'resend requested')).toBe(true);
    expect(await b.repos.emailLogs.requeueUncertain('u1', 'resend requested')).toBe(false);
    expect(await b.repos.coverage.emailById('u1')).toMatchObject({ status: 'QUEUED', nextAttemptAt: null, lastError: 'resend requested' });
  });

  it.skipIf(skip)(`the report lists a job's invitations (not its reminders) by company name, with the contact's warnings${note}`, async () => {
    await seedJob(b, 'j8');
    await seedEmail(b, { email_id: 'r1', job_id: 'j8', contact_id: 'c3' });
    await seedEmail(b, { email_id: 'r2', job_id: 'j8', contact_id: 'c1' });
    await seedEmail(b, { email_id: 'r3', job_id: 'j8', contact_id: 'c2' });
    await seedEmail(b, { email_id: 'r4', job_id: 'j8', contact_id: 'c1', kind: 'reminder', occasion: '3d', parent_email_id: 'r2' });
    const report = await b.repos.emailLogs.invitationsForReport('j8');
    expect(report.map((r) => [r.name, r.log.emailId])).toEqual([
      ['Acme Concrete', 'r3'],
      ['Volt Bros', 'r2'],
      ['Zenith Drywall', 'r1'],
    ]);
    expect(report[2]).toMatchObject({ deliveryWarning: 'mailbox full', unsubscribedAt: null });
    expect(await b.repos.emailLogs.invitationsForReport('j-none')).toEqual([]);
  });

  // SQLite has one writer: two approvals cannot interleave there.
  it.skipIf(skip || name !== 'postgres')(`two approvals racing on two connections: one queues the invitations, the other gets ALREADY_SENT${note}`, async () => {
    await seedJob(b, 'j9');
    // Both check "not approved yet" before either records: what two processes can do under READ COMMITTED.
    let checked = 0;
    let bothChecked!: () => void;
    const barrier = new Promise<void>((resolve) => (bothChecked = resolve));
    const approve = (tag: string) =>
      b.repos.transaction(async (tx) => {
        expect(await tx.coverage.approval('j9')).toBeUndefined();
        if (++checked === 2) bothChecked();
        await barrier;
        await tx.emailLogs.recordApproval(approvalOf('j9', ['c1', 'c2', 'c3'], tag));
      });
    const outcomes = await Promise.allSettled([approve('first'), approve('second')]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(isAppError(lost.reason) && lost.reason.code).toBe('ALREADY_SENT');
    expect(await countOf(b, `SELECT count(*) AS n FROM email_logs WHERE job_id = 'j9'`)).toBe(3);
    expect(await countOf(b, `SELECT count(*) AS n FROM outreach_approvals WHERE job_id = 'j9'`)).toBe(1);
  });
});
