import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmailLogRow } from '../../src/db/schema/index.js';
import { approveJob, formatOutreachReport, handleBounce, INVITATION_HEADER, invitationToken, OutreachSender, outreachReport, SOFT_BOUNCE_FLAG, verpAddress } from '../../src/core/outreach/index.js';
import { signUnsubscribeToken } from '../../src/core/outreach/links.js';
import { emailLogRows, estimator, openWorldOn, readyJob, type AnyWorld } from './world.js';
import { appBackends } from '../helpers/app.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'dsn');

/** A fixture with the placeholders filled for one of our rows (`verp` may point at another row). */
function fixture(name: string, row: EmailLogRow, secret: Buffer, verp = verpAddress(secret, row.emailId, 'gc-builders.test')): Buffer {
  const text = readFileSync(join(FIXTURES, name), 'utf8').replaceAll('__VERP__', verp).replaceAll('__MESSAGE_ID__', row.messageId!).replaceAll('__RCPT__', row.toEmail!);
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'));
}

/** The Postfix fixture failing with another status and server text (both in the human part and the report). */
function postfixFailure(row: EmailLogRow, secret: Buffer, status: string, said: string): Buffer {
  const text = fixture('postfix-hard-bounce.eml', row, secret)
    .toString()
    .replace(/said: 550\r\n {4}5\.1\.1 <[^>]+>: Recipient address rejected: User unknown in\r\n {4}virtual mailbox table/, `said: ${said}`)
    .replace('Status: 5.1.1', `Status: ${status}`)
    .replace(/Diagnostic-Code: smtp; 550 5\.1\.1[^\r]*\r\n[^\r]*\r\n/, `Diagnostic-Code: smtp; ${said}\r\n`);
  return Buffer.from(text);
}

describe.each(appBackends())('returned mail on $backend: bounces, auto-replies, complaints', ({ backend, skip }) => {
  let smtp: TestSmtpServer;
  let w: AnyWorld;
  let userId: string;
  let jobId: string;

  beforeAll(async () => {
    if (!skip) smtp = await startSmtpServer();
  });
  afterAll(async () => {
    if (!skip) await smtp.close();
  });
  beforeEach(async () => {
    if (skip) return;
    w = await openWorldOn(backend, { SMTP_URL: smtp.url, REDBUTTON_MAIL_FROM: 'GC Builders Bids <bids@gc-builders.test>', PUBLIC_URL: 'https://rb.gc-builders.test' });
    userId = await estimator(w);
    const job = await readyJob(w, userId, ['22', '26']);
    jobId = job.jobId;
    await approveJob(w, userId, jobId, { version: job.map.version });
    const s = new OutreachSender(w);
    await s.drainOnce();
    await s.close();
  });
  afterEach(async () => {
    if (!skip) await w.close();
  });
  const row = async (email: string) => (await emailLogRows(w, { jobId })).find((r) => r.toEmail === email)!;

  it.skipIf(skip)('a Postfix hard bounce marks the row BOUNCED and the address bad; the next job skips it', async () => {
    const r = await row('bids@acme-electric.test');
    const res = await handleBounce(w, fixture('postfix-hard-bounce.eml', r, w.secret));
    expect(res).toMatchObject({ matched: true, matchedBy: 'verp', emailId: r.emailId, kind: 'bounce', verdict: 'hard', bounced: true, contactMarkedBad: true });
    const after = await row('bids@acme-electric.test');
    expect(after).toMatchObject({ status: 'BOUNCED', bounceType: 'hard' });
    expect(after.bounceReason).toMatch(/^no such mailbox — 5\.1\.1 550 — .*User unknown/);
    expect(after.bouncedAt).toBeTruthy();
    const contact = await w.repos.contacts.getForUser(userId, r.contactId);
    expect(contact.emailBadAt).toBeTruthy();
    expect(contact.emailBadReason).toMatch(/User unknown/);
    // every other row untouched
    expect((await emailLogRows(w, { jobId })).filter((x) => x.status === 'BOUNCED')).toHaveLength(1);
    // the same DSN again changes nothing
    expect(await handleBounce(w, fixture('postfix-hard-bounce.eml', r, w.secret))).toMatchObject({ matched: true, bounced: false });
    expect((await outreachReport(w, userId, jobId)).counts.bounced).toBe(1);

    const next = await readyJob(w, userId, ['26'], { name: 'Lakeside School' });
    expect(next.map.trades[0]!.candidates.find((c) => c.contact_id === r.contactId)?.status).toBe('bad_email');
    const s = await approveJob(w, userId, next.jobId, { version: next.map.version });
    expect(s.invitations.map((i) => i.email)).not.toContain('bids@acme-electric.test');
  });

  it.skipIf(skip)('an Exim bounce (5.0.0 with a 550 5.1.1 diagnostic) bounces its row', async () => {
    const r = await row('drip@drip-plumbing.test');
    const res = await handleBounce(w, fixture('exim-hard-bounce.eml', r, w.secret));
    expect(res).toMatchObject({ matched: true, emailId: r.emailId, verdict: 'hard', status: '5.1.1', bounced: true });
    expect((await row('drip@drip-plumbing.test')).status).toBe('BOUNCED');
    expect((await w.repos.contacts.getForUser(userId, r.contactId)).emailBadAt).toBeTruthy();
  });

  it.skipIf(skip)('a Gmail bounce without our VERP address is matched by the original Message-ID', async () => {
    const r = await row('office@bothtrades.test');
    const raw = fixture('gmail-hard-bounce.eml', r, w.secret);
    expect(raw.toString()).not.toContain('bounces+');
    const res = await handleBounce(w, raw);
    expect(res).toMatchObject({ matched: true, matchedBy: 'message-id', emailId: r.emailId, verdict: 'hard', status: '5.1.1', bounced: true });
    expect((await row('office@bothtrades.test')).bounceReason).toMatch(/The email account that you tried to reach does not exist/);
  });

  it.skipIf(skip)('a delayed-delivery warning (4.4.1) does not bounce the row or the contact', async () => {
    const r = await row('est@voltbros.test');
    const res = await handleBounce(w, fixture('postfix-delayed.eml', r, w.secret));
    expect(res).toMatchObject({ matched: true, verdict: 'delayed', bounced: false, contactMarkedBad: false });
    expect((await row('est@voltbros.test')).status).toBe('SENT');
    expect((await w.repos.contacts.getForUser(userId, r.contactId)).emailBadAt).toBeNull();
  });

  it.skipIf(skip)('a final failure with a 4.x.x status bounces the row but keeps the address', async () => {
    const r = await row('est@voltbros.test');
    const res = await handleBounce(w, postfixFailure(r, w.secret, '4.4.7', '451 4.4.7 message delivery timed out after 5 days'));
    expect(res).toMatchObject({ matched: true, verdict: 'soft', status: '4.4.7', bounced: true, contactMarkedBad: false });
    expect(await row('est@voltbros.test')).toMatchObject({ status: 'BOUNCED', bounceType: 'soft', bounceReason: expect.stringContaining('timed out after 5 days') });
    expect((await w.repos.contacts.getForUser(userId, r.contactId)).emailBadAt).toBeNull();
    // A later hard bounce for the same invitation replaces the soft verdict; a soft one after it does not.
    expect(await handleBounce(w, fixture('postfix-hard-bounce.eml', r, w.secret))).toMatchObject({ verdict: 'hard', bounced: true, contactMarkedBad: true });
    expect(await handleBounce(w, postfixFailure(r, w.secret, '5.2.2', '552 5.2.2 Mailbox full'))).toMatchObject({ verdict: 'soft', bounced: false });
    expect(await row('est@voltbros.test')).toMatchObject({ status: 'BOUNCED', bounceType: 'hard' });
  });

  it.skipIf(skip)('a forged bounce address is not trusted', async () => {
    const victim = await row('bids@acme-electric.test');
    const forged = `bounces+${victim.emailId.replace(/-/g, '')}-${'0'.repeat(20)}@gc-builders.test`;
    // Forged VERP and an unknown Message-ID: nothing matches, nothing changes.
    const raw = fixture('exim-hard-bounce.eml', { ...victim, messageId: '<not-ours@elsewhere.test>' }, w.secret, forged);
    const res = await handleBounce(w, raw);
    expect(res.matched).toBe(false);
    expect((await row('bids@acme-electric.test')).status).toBe('SENT');
    expect((await w.repos.contacts.getForUser(userId, victim.contactId)).emailBadAt).toBeNull();
  });

  it.skipIf(skip)('a full mailbox or a spam filter (5.x.x, soft) bounces the invitation but keeps the address', async () => {
    for (const [status, said, group] of [
      ['5.2.2', '552 5.2.2 Mailbox full, quota exceeded', 'mailbox_full'],
      ['5.7.1', '550 5.7.1 Message rejected as spam by Content Filtering', 'spam_detected'],
    ] as const) {
      const r = await row(group === 'mailbox_full' ? 'est@voltbros.test' : 'drip@drip-plumbing.test');
      const res = await handleBounce(w, postfixFailure(r, w.secret, status, said));
      expect(res).toMatchObject({ matched: true, verdict: 'soft', group, bounced: true, contactMarkedBad: false });
      expect(await row(r.toEmail!)).toMatchObject({ status: 'BOUNCED', bounceType: 'soft' });
      expect((await w.repos.contacts.getForUser(userId, r.contactId)).emailBadAt).toBeNull();
    }
  });

  it.skipIf(skip)(`${SOFT_BOUNCE_FLAG.count} soft failures of one address within ${SOFT_BOUNCE_FLAG.days} days flag it for the estimator`, async () => {
    const first = await row('est@voltbros.test');
    const mailboxFull = (r: EmailLogRow) => postfixFailure(r, w.secret, '5.2.2', '552 5.2.2 Mailbox full');
    const contactId = first.contactId;
    const rows = [first];
    for (const name of ['Job Two', 'Job Three']) {
      const next = await readyJob(w, userId, ['26'], { name });
      await approveJob(w, userId, next.jobId, { version: next.map.version });
      const s = new OutreachSender(w);
      await s.drainOnce();
      await s.close();
      rows.push((await emailLogRows(w, { jobId: next.jobId })).find((x) => x.contactId === contactId)!);
    }
    const flags: (boolean | undefined)[] = [];
    for (const r of rows) flags.push((await handleBounce(w, mailboxFull(r))).contactFlagged);
    expect(flags).toEqual([false, false, true]);
    const contact = await w.repos.contacts.getForUser(userId, contactId);
    expect(contact.deliveryWarningAt).toBeTruthy();
    expect(contact.deliveryWarning).toMatch(/3 invitations not delivered in 30 days; last: mailbox full/);
    expect(contact.emailBadAt).toBeNull();
    // The estimator sees it in the job's outreach report.
    const report = await outreachReport(w, userId, jobId);
    expect(report.rows.find((x) => x.contactId === contactId)).toMatchObject({ status: 'BOUNCED', bounceType: 'soft', deliveryWarning: expect.stringContaining('3 invitations') });
    expect(formatOutreachReport(report)).toMatch(/BOUNCED \(soft\)[\s\S]*Check Volt Bros Electric <est@voltbros\.test>: 3 invitations not delivered/);
  });

  it.skipIf(skip)('a bounce with neither VERP nor our Message-ID is tied by the signed header in the returned original', async () => {
    const r = await row('office@bothtrades.test');
    const raw = fixture('gmail-hard-bounce.eml', { ...r, messageId: '<rewritten-by-provider@outlook.example>' }, w.secret)
      .toString()
      .replace('X-Original-Message-ID: <rewritten-by-provider@outlook.example>', `X-Original-Message-ID: <rewritten-by-provider@outlook.example>`)
      .replace(/(Content-Type: text\/rfc822-headers\r\n\r\n)/, `$1${INVITATION_HEADER}: ${invitationToken(w.secret, r.emailId)}\r\n`);
    expect(raw).toContain(INVITATION_HEADER);
    const res = await handleBounce(w, Buffer.from(raw));
    expect(res).toMatchObject({ matched: true, matchedBy: 'header', emailId: r.emailId, verdict: 'hard' });
    // The same header with a wrong signature names nothing.
    const forged = raw.replace(invitationToken(w.secret, r.emailId), `${r.emailId.replace(/-/g, '')}-${'0'.repeat(20)}`);
    expect(await handleBounce(w, Buffer.from(forged))).toMatchObject({ matched: false });
  });

  it.skipIf(skip)('an out-of-office reply is noted on its invitation and changes nothing else', async () => {
    const r = await row('bids@acme-electric.test');
    const res = await handleBounce(w, fixture('vacation-auto-reply.eml', r, w.secret));
    expect(res).toMatchObject({ kind: 'auto_reply', matched: true, matchedBy: 'message-id', emailId: r.emailId, bounced: false, contactMarkedBad: false });
    expect(await row('bids@acme-electric.test')).toMatchObject({ status: 'SENT', autoReplyNote: expect.stringContaining('out of the office until December 7') });
    expect(await w.repos.contacts.getForUser(userId, r.contactId)).toMatchObject({ emailBadAt: null, unsubscribedAt: null });
  });

  it.skipIf(skip)('a spam complaint (ARF feedback report) unsubscribes the contact', async () => {
    const r = await row('bids@acme-electric.test');
    const res = await handleBounce(w, fixture('arf-complaint.eml', r, w.secret));
    expect(res).toMatchObject({ kind: 'complaint', matched: true, emailId: r.emailId, contactUnsubscribed: true, contactMarkedBad: false });
    expect((await row('bids@acme-electric.test')).complainedAt).toBeTruthy();
    expect((await w.repos.contacts.getForUser(userId, r.contactId)).unsubscribedAt).toBeTruthy();
    const next = await readyJob(w, userId, ['26'], { name: 'After the complaint' });
    const s = await approveJob(w, userId, next.jobId, { version: next.map.version });
    expect(s.invitations.map((i) => i.email)).not.toContain('bids@acme-electric.test');
  });

  it.skipIf(skip)('a mail program\'s automatic unsubscribe to our List-Unsubscribe mailto unsubscribes by its signed token', async () => {
    const r = await row('bids@acme-electric.test');
    // What a mail client sends for its user when they press its "unsubscribe" banner.
    const optOut = (subject: string) =>
      Buffer.from(
        ['From: bids@acme-electric.test', 'To: bids@gc-builders.test', `Subject: ${subject}`, 'Auto-Submitted: auto-replied', 'Message-ID: <opt-out-1@mail.acme-electric.test>', '', 'This e-mail was sent automatically to unsubscribe from the message "Invitation to bid".', ''].join('\r\n'),
      );
    const res = await handleBounce(w, optOut(`unsubscribe ${signUnsubscribeToken(w.secret, { contactId: r.contactId, emailId: r.emailId })}`));
    expect(res).toMatchObject({ kind: 'complaint', matched: true, matchedBy: 'unsubscribe-token', emailId: r.emailId, contactUnsubscribed: true, bounced: false });
    expect((await w.repos.contacts.getForUser(userId, r.contactId)).unsubscribedAt).toBeTruthy();

    // A token that does not verify unsubscribes nobody: tied by the address alone, the contact is only flagged.
    const d = await row('drip@drip-plumbing.test');
    const forged = optOut(`unsubscribe ${signUnsubscribeToken(Buffer.alloc(32, 7), { contactId: d.contactId, emailId: d.emailId })}`).toString().replaceAll('bids@acme-electric.test', 'drip@drip-plumbing.test');
    const res2 = await handleBounce(w, Buffer.from(forged));
    expect(res2).toMatchObject({ kind: 'complaint', matchedBy: 'recipient', contactFlagged: true });
    expect((await w.repos.contacts.getForUser(userId, d.contactId)).unsubscribedAt).toBeNull();
  });

  it.skipIf(skip)('a person\'s mail is none of these', async () => {
    const res = await handleBounce(w, Buffer.from('From: a@b.test\r\nTo: c@d.test\r\nSubject: Re: invitation\r\n\r\nWe will bid.\r\n'));
    expect(res).toMatchObject({ matched: false, bounced: false });
    expect(res.kind).toBeUndefined();
  });

  it.skipIf(skip)('a bounce that names only the failed address is recorded on the latest invitation to it, but never marks the address bad', async () => {
    const r = await row('bids@acme-electric.test');
    // No VERP, no header of ours, and the provider dropped the original: only the address is left.
    const raw = fixture('gmail-hard-bounce.eml', { ...r, messageId: '<rewritten@provider.example>' }, w.secret)
      .toString()
      .replace(/^(References|In-Reply-To|X-Original-Message-ID): <rewritten@provider\.example>\r\n/gim, '');
    const res = await handleBounce(w, Buffer.from(raw));
    expect(res).toMatchObject({ matched: true, matchedBy: 'recipient', emailId: r.emailId, verdict: 'hard', bounced: true, contactMarkedBad: false });
    expect(res.note).toMatch(/the address is kept/);
    expect(await row('bids@acme-electric.test')).toMatchObject({ status: 'BOUNCED', bounceType: 'hard' });
    expect((await w.repos.contacts.getForUser(userId, r.contactId)).emailBadAt).toBeNull();
  });

  it.skipIf(skip)('a complaint that names only the address flags the contact instead of unsubscribing it', async () => {
    const r = await row('drip@drip-plumbing.test');
    // Redacted feedback report: no VERP, the original's Message-ID is not ours.
    const raw = fixture('arf-complaint.eml', { ...r, messageId: '<unknown@elsewhere.test>' }, w.secret, 'someone@elsewhere.test');
    const res = await handleBounce(w, raw);
    expect(res).toMatchObject({ kind: 'complaint', matched: true, matchedBy: 'recipient', contactFlagged: true });
    expect(res.contactUnsubscribed).toBeUndefined();
    const contact = await w.repos.contacts.getForUser(userId, r.contactId);
    expect(contact.unsubscribedAt).toBeNull();
    expect(contact.deliveryWarning).toMatch(/spam complaint names this address/);
  });
});
