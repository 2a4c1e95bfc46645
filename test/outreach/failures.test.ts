import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmailLogRow } from '../../src/db/schema/index.js';
import { approveJob, OutreachSender, outreachReport, formatOutreachReport, type SenderOptions } from '../../src/core/outreach/index.js';
import { emailLogRows, readyJob, type AnyWorld } from './world.js';
import { appBackends } from '../helpers/app.js';
import { useSmtpWorld } from './smtp-world.js';
import { smtpError, startSmtpServer, type TestSmtpServer } from './smtp-server.js';

describe.each(appBackends())('SMTP failures on $backend', ({ backend, skip }) => {
  let smtp: TestSmtpServer;
  let w: AnyWorld;
  let userId: string;
  const senders: OutreachSender[] = [];
  const t0 = new Date('2026-11-23T12:00:00Z');

  useSmtpWorld(
    (s) => ({ SMTP_URL: s.url, REDBUTTON_MAIL_FROM: 'bids@gc-builders.test', PUBLIC_URL: 'https://rb.gc-builders.test' }),
    (s) => ({ smtp, w, userId } = s),
    senders,
    { backend, skip },
  );
  const sender = (at: Date, opts: SenderOptions = {}) => {
    const s = new OutreachSender(w, { clock: () => at, ...opts });
    senders.push(s);
    return s;
  };
  const row = async (jobId: string, email: string): Promise<EmailLogRow> => (await emailLogRows(w, { jobId })).find((r) => r.toEmail === email)!;

  it.skipIf(skip)('a 4xx is retried later with back-off; a 5xx fails at once with the reason; the job waits for both', async () => {
    const { jobId, map } = await readyJob(w, userId, ['22', '26']);
    await approveJob(w, userId, jobId, { version: map.version });
    smtp.onRcpt = (addr) => (addr === 'drip@drip-plumbing.test' ? smtpError(450, '4.2.1 Mailbox busy, try again later') : undefined);
    smtp.onData = (rcpt) => (rcpt.includes('est@voltbros.test') ? smtpError(554, '5.7.1 Message rejected: content policy') : undefined);

    const first = await sender(t0).drainOnce();
    expect(first.retried).toBe(1);
    expect(first.failed).toBe(1);
    const drip = await row(jobId, 'drip@drip-plumbing.test');
    expect(drip).toMatchObject({ status: 'QUEUED', attempts: 1, nextAttemptAt: '2026-11-23 12:01:00' });
    expect(drip.lastError).toMatch(/450 4\.2\.1 Mailbox busy/);
    const volt = await row(jobId, 'est@voltbros.test');
    expect(volt.status).toBe('FAILED');
    expect(volt.lastError).toMatch(/554 5\.7\.1 Message rejected: content policy/);
    expect(smtp.to('est@voltbros.test')).toHaveLength(0);
    expect((await w.repos.jobs.getInternal(jobId))?.status).toBe('CONTACT_MAP_READY'); // drip still pending

    // Not due yet: nothing happens.
    smtp.onRcpt = undefined;
    expect((await sender(new Date(t0.getTime() + 30_000)).drainOnce()).sent).toBe(0);
    // Due: sent once, and the job is done (FAILED counts as final).
    const later = await sender(new Date(t0.getTime() + 61_000)).drainOnce();
    expect(later.sent).toBe(1);
    expect(await row(jobId, 'drip@drip-plumbing.test')).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(smtp.to('drip@drip-plumbing.test')).toHaveLength(1);
    expect((await w.repos.jobs.getInternal(jobId))?.status).toBe('EMAILED');

    const report = await outreachReport(w, userId, jobId);
    expect(report.counts.failed).toBe(1);
    expect(report.rows.find((r) => r.toEmail === 'est@voltbros.test')?.reason).toMatch(/content policy/);
    expect(formatOutreachReport(report)).toMatch(/FAILED\s+Volt Bros Electric/);
  });

  it.skipIf(skip)('gives up after the maximum number of attempts', async () => {
    const { jobId, map } = await readyJob(w, userId, ['22']);
    await approveJob(w, userId, jobId, { version: map.version });
    smtp.onRcpt = (addr) => (addr === 'drip@drip-plumbing.test' ? smtpError(421, '4.7.0 Try again later') : undefined);
    await sender(t0, { maxAttempts: 2 }).drainOnce();
    expect((await row(jobId, 'drip@drip-plumbing.test')).status).toBe('QUEUED');
    await sender(new Date(t0.getTime() + 3_600_000), { maxAttempts: 2 }).drainOnce();
    const drip = await row(jobId, 'drip@drip-plumbing.test');
    expect(drip.status).toBe('FAILED');
    expect(drip.lastError).toMatch(/gave up after 2 attempts.*421/);
    expect((await w.repos.jobs.getInternal(jobId))?.status).toBe('EMAILED');
  });

  it.skipIf(skip)('uses the templates a user edited; a broken template stops sending and keeps everything queued', async () => {
    const dir = join(w.dataDir, 'my-templates');
    mkdirSync(dir);
    writeFileSync(join(dir, 'invitation.txt'), 'Subject: Bid {{project_name}} for {{trade_list}}\n\nHi {{contact_name}}, plans: {{plans_url}}\n');
    writeFileSync(join(dir, 'invitation.html'), '<p>Hi {{contact_name}}</p>');
    const { jobId, map } = await readyJob(w, userId, ['26']);
    const s = await approveJob(w, userId, jobId, { version: map.version });
    await sender(t0, { templatesDir: dir }).drainOnce();
    const m = smtp.to('bids@acme-electric.test')[0]!;
    expect(m.parsed.subject).toBe('Bid Riverside Clinic for Division 26 – Electrical');
    expect(m.parsed.text).toMatch(/^Hi Acme Electric, plans: https:\/\/rb\.gc-builders\.test\/plans\//);
    expect(smtp.received).toHaveLength(s.queued);

    const broken = join(w.dataDir, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'invitation.txt'), 'Hello {{#trades}} unclosed\n');
    writeFileSync(join(broken, 'invitation.html'), '<p></p>');
    const next = await readyJob(w, userId, ['26'], { name: 'Lakeside School' });
    await approveJob(w, userId, next.jobId, { version: next.map.version });
    await expect(sender(t0, { templatesDir: broken }).drainOnce()).rejects.toMatchObject({ code: 'MAIL_CONFIG', userMessage: expect.stringContaining('Subject') });
    const rows = await emailLogRows(w, { jobId: next.jobId });
    expect(rows.every((r) => r.status === 'QUEUED' && r.attempts === 0)).toBe(true);
    expect(smtp.received).toHaveLength(s.queued);
  });

  it.skipIf(skip)('an unreachable server is a temporary failure: the invitations stay queued', async () => {
    const dead = await startSmtpServer();
    const url = dead.url;
    await dead.close();
    const { jobId, map } = await readyJob(w, userId, ['26']);
    const s = await approveJob(w, userId, jobId, { version: map.version });
    const off = new OutreachSender({ ...w, config: { ...w.config, SMTP_URL: url } }, { clock: () => t0, concurrency: 1 });
    senders.push(off);
    const r = await off.drainOnce();
    expect(r.retried).toBe(s.queued);
    const all = await emailLogRows(w, { jobId });
    expect(all.every((x) => x.status === 'QUEUED' && x.attempts === 1 && /ECONNREFUSED|connect/i.test(x.lastError ?? ''))).toBe(true);
  });
});
