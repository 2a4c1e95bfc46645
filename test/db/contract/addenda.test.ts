import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../../helpers/backends.js';
import type { QueuedAddendumMail } from '../../../src/db/repositories/index.js';

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe.each(backends())('addenda repository on $name', ({ skip, open }) => {
  let b: TestBackend;
  let n = 0;
  /** A job of alice's with two invited contacts (c1 invited before c2) and one never invited. */
  async function invitedJob(): Promise<{ jobId: string; c: [string, string, string]; inv: [string, string] }> {
    const k = ++n;
    const jobId = `job${k}`;
    const c: [string, string, string] = [`c${k}-1`, `c${k}-2`, `c${k}-3`];
    const inv: [string, string] = [`inv${k}-b`, `inv${k}-a`];
    await b.raw(`INSERT INTO jobs (job_id, user_id, name) VALUES (?, 'alice', 'Clinic')`, [jobId]);
    for (const [i, id] of c.entries()) await b.raw(`INSERT INTO contacts (contact_id, user_id, name, email) VALUES (?, 'alice', ?, ?)`, [id, `Sub ${i}`, `${id}@sub.test`]);
    await b.raw(`INSERT INTO email_logs (email_id, job_id, contact_id, status, message_id, created_at) VALUES (?, ?, ?, 'SENT', ?, '2026-03-01 10:00:00')`, [inv[0], jobId, c[0], `<${inv[0]}@rb>`]);
    await b.raw(`INSERT INTO email_logs (email_id, job_id, contact_id, status, message_id, created_at) VALUES (?, ?, ?, 'SENT', ?, '2026-03-01 10:05:00')`, [inv[1], jobId, c[1], `<${inv[1]}@rb>`]);
    return { jobId, c, inv };
  }
  /** The notices an approval queues: one per invited contact, and an invitation for the new trade. */
  function mails(tag: string, job: { c: [string, string, string]; inv: [string, string] }): QueuedAddendumMail[] {
    return [
      { emailId: `${tag}-n1`, contactId: job.c[0], kind: 'addendum', toEmail: `${job.c[0]}@sub.test`, trades: ['26'], messageId: `<${tag}-n1@rb>`, parentEmailId: job.inv[0] },
      { emailId: `${tag}-n2`, contactId: job.c[1], kind: 'addendum', toEmail: `${job.c[1]}@sub.test`, trades: ['22'], messageId: `<${tag}-n2@rb>`, parentEmailId: job.inv[1] },
      { emailId: `${tag}-i3`, contactId: job.c[2], kind: 'invitation', toEmail: `${job.c[2]}@sub.test`, trades: ['09'], messageId: `<${tag}-i3@rb>` },
    ];
  }
  const logged = (jobId: string) => b.raw<{ email_id: string; kind: string; occasion: string; status: string; parent_email_id: string | null; trades: unknown }>(`SELECT email_id, kind, occasion, status, parent_email_id, trades FROM email_logs WHERE job_id = ? AND email_id NOT LIKE 'inv%' ORDER BY email_id`, [jobId]);

  beforeAll(async () => {
    if (skip) return;
    b = await open();
    await b.raw(`INSERT INTO users (user_id, email, password_hash) VALUES ('alice', 'alice@gc.test', 'x'), ('bob', 'bob@gc.test', 'x')`);
  });
  afterAll(async () => {
    await b?.close();
  });
  const test = (name: string, body: () => Promise<void>) => it.skipIf(skip)(`${name}${skip ? ` (skipped: ${skip})` : ''}`, body);

  test('an addendum is read once (READING → READY), lists oldest first for its owner only, and the newest in a status is found', async () => {
    const { jobId } = await invitedJob();
    const a2 = await b.repos.addenda.create({ jobId, packageNumber: 2, fileName: 'Addendum 1.pdf', receivedVia: 'email' });
    expect(a2).toMatchObject({ jobId, packageNumber: 2, status: 'READING', newTrades: '[]', changesJson: null, approvedAt: null });
    expect(a2.createdAt).toMatch(TIME);
    const a3 = await b.repos.addenda.create({ jobId, packageNumber: 3, fileName: `${'x'.repeat(300)}.pdf`, receivedVia: 'slack' });
    expect(a3.fileName).toHaveLength(255);

    await b.repos.addenda.markRead(a2.addendumId, { changesJson: JSON.stringify({ changes: [{ sheet: 'E-101', what: 'new panel' }] }), newTrades: ['26', '28'], mapVersion: 4 });
    const read = await b.repos.addenda.get(a2.addendumId);
    expect(read).toMatchObject({ status: 'READY', mapVersion: 4, error: null });
    expect(JSON.parse(read!.newTrades)).toEqual(['26', '28']);
    expect(JSON.parse(read!.changesJson!)).toEqual({ changes: [{ sheet: 'E-101', what: 'new panel' }] });
    await b.repos.addenda.markFailed(a3.addendumId, `unreadable ${'!'.repeat(2000)}`);
    await b.repos.addenda.markRead(a3.addendumId, { changesJson: '{}', newTrades: [], mapVersion: 5 }); // no longer READING: ignored
    expect(await b.repos.addenda.get(a3.addendumId)).toMatchObject({ status: 'FAILED', mapVersion: null });
    expect((await b.repos.addenda.get(a3.addendumId))!.error).toHaveLength(1000);

    expect((await b.repos.addenda.listForUser('alice', jobId)).map((a) => a.packageNumber)).toEqual([2, 3]);
    expect(await b.repos.addenda.listForUser('bob', jobId)).toEqual([]);
    const a4 = await b.repos.addenda.create({ jobId, packageNumber: 4, fileName: 'Addendum 3.pdf', receivedVia: 'email' });
    await b.repos.addenda.markRead(a4.addendumId, { changesJson: '{}', newTrades: [], mapVersion: 6 });
    expect((await b.repos.addenda.latestWithStatus(jobId, 'READY'))?.addendumId).toBe(a4.addendumId);
    expect((await b.repos.addenda.latestWithStatus(jobId, 'FAILED'))?.addendumId).toBe(a3.addendumId);
    expect(await b.repos.addenda.latestWithStatus(jobId, 'APPROVED')).toBeUndefined();
    expect(await b.repos.addenda.get('no-such-addendum')).toBeUndefined();
  });

  test('a job\'s invitations come with their contacts in the order they were sent; an e-mail is found by id', async () => {
    const job = await invitedJob();
    await b.raw(`UPDATE contacts SET unsubscribed_at = '2026-03-02 00:00:00' WHERE contact_id = ?`, [job.c[1]]);
    const rows = await b.repos.addenda.invitationsOfJob(job.jobId);
    expect(rows.map((r) => [r.invitation.emailId, r.contact.contactId, r.contact.unsubscribedAt])).toEqual([
      [job.inv[0], job.c[0], null],
      [job.inv[1], job.c[1], '2026-03-02 00:00:00'],
    ]);
    expect(rows[0]!.invitation.createdAt).toBe('2026-03-01 10:00:00');
    expect((await b.repos.addenda.emailById(job.inv[1]))?.contactId).toBe(job.c[1]);
    expect(await b.repos.addenda.emailById('no-such-email')).toBeUndefined();
  });

  test('approval queues every notice once, only from READY; a notice already logged for a contact is not queued again', async () => {
    const job = await invitedJob();
    const a = await b.repos.addenda.create({ jobId: job.jobId, packageNumber: 2, fileName: 'A1.pdf', receivedVia: 'email' });
    expect(await b.repos.addenda.approve(a.addendumId, job.jobId, 3, mails('early', job), 'slack')).toBe(false); // still READING
    await b.repos.addenda.markRead(a.addendumId, { changesJson: '{}', newTrades: ['09'], mapVersion: 3 });
    // a notice for c1 on this addendum is on record already (an earlier attempt)
    await b.raw(`INSERT INTO email_logs (email_id, job_id, contact_id, kind, occasion, message_id) VALUES ('prior-n1', ?, ?, 'addendum', ?, '<prior@rb>')`, [job.jobId, job.c[0], a.addendumId]);

    expect(await b.repos.addenda.approve(a.addendumId, job.jobId, 3, mails('won', job), 'slack')).toBe(true);
    expect(await b.repos.addenda.approve(a.addendumId, job.jobId, 3, mails('again', job), 'http')).toBe(false);
    const approved = await b.repos.addenda.get(a.addendumId);
    expect(approved).toMatchObject({ status: 'APPROVED', approvedVia: 'slack', noticesQueued: 2, invitationsQueued: 1 });
    expect(approved!.approvedAt).toMatch(TIME);
    const rows = await logged(job.jobId);
    expect(rows.map((r) => [r.email_id, r.kind, r.occasion, r.status, r.parent_email_id])).toEqual([
      ['prior-n1', 'addendum', a.addendumId, 'QUEUED', null],
      ['won-i3', 'invitation', '', 'QUEUED', null],
      ['won-n2', 'addendum', a.addendumId, 'QUEUED', job.inv[1]],
    ]);
    const trades = rows.find((r) => r.email_id === 'won-i3')!.trades;
    expect(typeof trades === 'string' ? JSON.parse(trades) : trades).toEqual(['09']);
  });

  test('approvals racing for one addendum: one wins and queues its mails, the others get false and queue nothing; a rolled-back approval leaves it READY', async () => {
    const job = await invitedJob();
    const a = await b.repos.addenda.create({ jobId: job.jobId, packageNumber: 2, fileName: 'A1.pdf', receivedVia: 'email' });
    await b.repos.addenda.markRead(a.addendumId, { changesJson: '{}', newTrades: [], mapVersion: 3 });

    await expect(
      b.repos.transaction(async (tx) => {
        expect(await tx.addenda.approve(a.addendumId, job.jobId, 3, mails('undone', job), 'http')).toBe(true);
        throw new Error('the map could not be saved');
      }),
    ).rejects.toThrow('the map could not be saved');
    expect(await b.repos.addenda.get(a.addendumId)).toMatchObject({ status: 'READY', approvedAt: null });
    expect(await logged(job.jobId)).toEqual([]);

    const results = await Promise.all(['r1', 'r2', 'r3'].map((tag) => b.repos.addenda.approve(a.addendumId, job.jobId, 3, mails(tag, job), tag)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = ['r1', 'r2', 'r3'][results.indexOf(true)]!;
    expect((await b.repos.addenda.get(a.addendumId))?.approvedVia).toBe(winner);
    expect((await logged(job.jobId)).map((r) => r.email_id)).toEqual([`${winner}-i3`, `${winner}-n1`, `${winner}-n2`]);
  });
});
