import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { emailLogs, type EmailLogRow } from '../../src/db/schema/index.js';
import { approveJob, handleBounce, OutreachSender, outreachReport, parseDsn, verpAddress } from '../../src/core/outreach/index.js';
import { estimator, openWorld, readyJob, tempDir, type World } from './world.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'dsn');

/** A fixture with the placeholders filled for one of our rows (`verp` may point at another row). */
function fixture(name: string, row: EmailLogRow, secret: Buffer, verp = verpAddress(secret, row.emailId, 'gc-builders.test')): Buffer {
  const text = readFileSync(join(FIXTURES, name), 'utf8').replaceAll('__VERP__', verp).replaceAll('__MESSAGE_ID__', row.messageId!).replaceAll('__RCPT__', row.toEmail!);
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'));
}

describe('bounces (DSN)', () => {
  let smtp: TestSmtpServer;
  let w: World;
  let cleanup: () => void;
  let userId: string;
  let jobId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });
  beforeEach(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    w = openWorld(t.dir, { SMTP_URL: smtp.url, REDBUTTON_MAIL_FROM: 'GC Builders Bids <bids@gc-builders.test>', PUBLIC_URL: 'https://rb.gc-builders.test' });
    userId = await estimator(w);
    const job = await readyJob(w, userId, ['22', '26']);
    jobId = job.jobId;
    await approveJob(w, userId, jobId, { version: job.map.version });
    const s = new OutreachSender(w);
    await s.drainOnce();
    await s.close();
  });
  afterEach(() => {
    w.close();
    cleanup();
  });
  const row = (email: string) => w.handle.db.select().from(emailLogs).where(eq(emailLogs.jobId, jobId)).all().find((r) => r.toEmail === email)!;

  it('parses the per-recipient fields of a Postfix report', async () => {
    const r = row('bids@acme-electric.test');
    const dsn = (await parseDsn(fixture('postfix-hard-bounce.eml', r, w.secret)))!;
    expect(dsn.reportingMta).toBe('mail.gc-builders.example');
    expect(dsn.recipients).toEqual([
      expect.objectContaining({ finalRecipient: 'bids@acme-electric.test', action: 'failed', status: '5.1.1', diagnosticCode: expect.stringContaining('User unknown in virtual mailbox table') }),
    ]);
    expect(dsn.originalMessageId).toBe(r.messageId);
    expect(dsn.verpTokens).toHaveLength(1);
    expect(await parseDsn(Buffer.from('From: a@b.test\r\nTo: c@d.test\r\nSubject: Re: invitation\r\n\r\nWe will bid.\r\n'))).toBeNull();
  });

  it('a Postfix hard bounce marks the row BOUNCED and the address bad; the next job skips it', async () => {
    const r = row('bids@acme-electric.test');
    const res = await handleBounce(w, fixture('postfix-hard-bounce.eml', r, w.secret));
    expect(res).toMatchObject({ matched: true, emailId: r.emailId, kind: 'hard', bounced: true, contactMarkedBad: true });
    const after = row('bids@acme-electric.test');
    expect(after.status).toBe('BOUNCED');
    expect(after.bounceReason).toMatch(/^5\.1\.1 — smtp; 550 5\.1\.1 .*User unknown/);
    expect(after.bouncedAt).toBeTruthy();
    const contact = w.repos.contacts.getForUser(userId, r.contactId);
    expect(contact.emailBadAt).toBeTruthy();
    expect(contact.emailBadReason).toMatch(/User unknown/);
    // every other row untouched
    expect(w.handle.db.select().from(emailLogs).where(eq(emailLogs.jobId, jobId)).all().filter((x) => x.status === 'BOUNCED')).toHaveLength(1);
    // the same DSN again changes nothing
    expect(await handleBounce(w, fixture('postfix-hard-bounce.eml', r, w.secret))).toMatchObject({ matched: true, bounced: false });
    expect(outreachReport(w, userId, jobId).counts.bounced).toBe(1);

    const next = await readyJob(w, userId, ['26'], { name: 'Lakeside School' });
    expect(next.map.trades[0]!.candidates.find((c) => c.contact_id === r.contactId)?.status).toBe('bad_email');
    const s = await approveJob(w, userId, next.jobId, { version: next.map.version });
    expect(s.invitations.map((i) => i.email)).not.toContain('bids@acme-electric.test');
  });

  it('an Exim bounce (5.0.0 with a 550 diagnostic) bounces its row', async () => {
    const r = row('drip@drip-plumbing.test');
    const res = await handleBounce(w, fixture('exim-hard-bounce.eml', r, w.secret));
    expect(res).toMatchObject({ matched: true, emailId: r.emailId, kind: 'hard', status: '5.0.0', bounced: true });
    expect(row('drip@drip-plumbing.test').status).toBe('BOUNCED');
    expect(w.repos.contacts.getForUser(userId, r.contactId).emailBadAt).toBeTruthy();
  });

  it('a Gmail bounce without our VERP address is matched by the original Message-ID', async () => {
    const r = row('office@bothtrades.test');
    const raw = fixture('gmail-hard-bounce.eml', r, w.secret);
    expect(raw.toString()).not.toContain('bounces+');
    const res = await handleBounce(w, raw);
    expect(res).toMatchObject({ matched: true, emailId: r.emailId, kind: 'hard', status: '5.1.1', bounced: true });
    expect(row('office@bothtrades.test').bounceReason).toMatch(/The email account that you tried to reach does not exist/);
  });

  it('a delayed-delivery warning (4.4.1) does not bounce the row or the contact', async () => {
    const r = row('est@voltbros.test');
    const res = await handleBounce(w, fixture('postfix-delayed.eml', r, w.secret));
    expect(res).toMatchObject({ matched: true, kind: 'delayed', bounced: false, contactMarkedBad: false });
    expect(row('est@voltbros.test').status).toBe('SENT');
    expect(w.repos.contacts.getForUser(userId, r.contactId).emailBadAt).toBeNull();
  });

  it('a final failure with a 4.x.x status bounces the row but keeps the address', async () => {
    const r = row('est@voltbros.test');
    const raw = fixture('postfix-hard-bounce.eml', r, w.secret)
      .toString()
      .replace('Status: 5.1.1', 'Status: 4.4.7')
      .replace(/Diagnostic-Code: smtp; 550 5\.1\.1[^\r]*\r\n[^\r]*\r\n/, 'Diagnostic-Code: X-Postfix; message delivery timed out after 5 days\r\n');
    const res = await handleBounce(w, Buffer.from(raw));
    expect(res).toMatchObject({ matched: true, kind: 'soft', status: '4.4.7', bounced: true, contactMarkedBad: false });
    expect(row('est@voltbros.test')).toMatchObject({ status: 'BOUNCED', bounceReason: expect.stringContaining('timed out after 5 days') });
    expect(w.repos.contacts.getForUser(userId, r.contactId).emailBadAt).toBeNull();
  });

  it('a forged bounce address is not trusted', async () => {
    const victim = row('bids@acme-electric.test');
    const forged = `bounces+${victim.emailId.replace(/-/g, '')}-${'0'.repeat(20)}@gc-builders.test`;
    // Forged VERP and an unknown Message-ID: nothing matches, nothing changes.
    const raw = fixture('exim-hard-bounce.eml', { ...victim, messageId: '<not-ours@elsewhere.test>' }, w.secret, forged);
    const res = await handleBounce(w, raw);
    expect(res.matched).toBe(false);
    expect(row('bids@acme-electric.test').status).toBe('SENT');
    expect(w.repos.contacts.getForUser(userId, victim.contactId).emailBadAt).toBeNull();
  });
});
