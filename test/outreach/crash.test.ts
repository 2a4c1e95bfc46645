import { beforeEach, describe, expect, it } from 'vitest';
import { approveJob, OutreachSender, outreachReport, resendUncertain, type SenderOptions } from '../../src/core/outreach/index.js';
import { emailLogRows, readyJob, type AnyWorld } from './world.js';
import { appBackends } from '../helpers/app.js';
import { useSmtpWorld } from './smtp-world.js';
import type { TestSmtpServer } from './smtp-server.js';
import { runCrashingChild } from './crash-child.js';

/** Run a sender in a child process that SIGKILLs itself at `crashAt`; resolves when it is dead and reaped. */
const runCrashingSender = (w: AnyWorld, smtpUrl: string, crashAt: string) => runCrashingChild('crash-sender.ts', { ...w.env, RB_DATA_DIR: w.dataDir, SMTP_URL: smtpUrl, CRASH_AT: crashAt });

// Each case starts a child process (tsx): generous time on a busy machine.
describe.each(appBackends())('a sender killed mid-send on $backend', { timeout: 180_000 }, ({ backend, skip }) => {
  let smtp: TestSmtpServer;
  let w: AnyWorld;
  let userId: string;
  let jobId: string;
  const senders: OutreachSender[] = [];

  useSmtpWorld(
    (s) => ({ SMTP_URL: s.url, REDBUTTON_MAIL_FROM: 'bids@gc-builders.test', PUBLIC_URL: 'https://rb.gc-builders.test' }),
    (s) => ({ smtp, w, userId } = s),
    senders,
    { backend, skip },
  );
  beforeEach(async () => {
    if (skip) return;
    const job = await readyJob(w, userId, ['22', '26']);
    jobId = job.jobId;
    await approveJob(w, userId, jobId, { version: job.map.version });
  });
  const sender = (opts: SenderOptions = {}) => {
    const s = new OutreachSender(w, opts);
    senders.push(s);
    return s;
  };
  const rows = () => emailLogRows(w, { jobId });
  const perRecipient = async () => (await rows()).map((r) => smtp.to(r.toEmail!).length);

  async function crashAt(point: string): Promise<string> {
    const res = await runCrashingSender(w, smtp.url, point);
    expect(res.signal, res.stderr).toBe('SIGKILL');
    const all = await rows();
    const sending = all.filter((r) => r.status === 'SENDING');
    expect(sending).toHaveLength(1); // the one it was working on; the rest untouched
    expect(all.filter((r) => r.status === 'QUEUED')).toHaveLength(all.length - 1);
    return sending[0]!.emailId;
  }

  it.skipIf(skip)('between claim and send: the row goes back to the queue and is sent exactly once', async () => {
    const emailId = await crashAt('afterClaim');
    expect(smtp.received).toHaveLength(0);
    const r = await sender().drainOnce();
    expect(r.reconciled).toEqual({ requeued: 1, sent: 0, uncertain: 0 });
    expect((await rows()).every((x) => x.status === 'SENT')).toBe(true);
    expect((await perRecipient()).every((n) => n === 1)).toBe(true);
    expect((await rows()).find((x) => x.emailId === emailId)?.attempts).toBe(2);
    expect(await w.raw('SELECT email_id FROM email_send_claims')).toHaveLength(0);
    expect((await w.repos.jobs.getInternal(jobId))?.status).toBe('EMAILED');
  });

  it.skipIf(skip)('between send and mark: not re-sent; UNCERTAIN with an explanation, everyone else sent once', async () => {
    const emailId = await crashAt('afterSend');
    const row = (await rows()).find((x) => x.emailId === emailId)!;
    expect(smtp.to(row.toEmail!)).toHaveLength(1); // it did reach the server before the kill
    const r = await sender().drainOnce();
    expect(r.reconciled).toEqual({ requeued: 0, sent: 0, uncertain: 1 });
    const after = (await rows()).find((x) => x.emailId === emailId)!;
    expect(after.status).toBe('UNCERTAIN');
    expect(after.lastError).toMatch(/may or may not have been sent.*Sent folder/);
    expect((await perRecipient()).every((n) => n === 1)).toBe(true); // nobody got two
    const after2 = await rows();
    expect(after2.filter((x) => x.status === 'SENT')).toHaveLength(after2.length - 1);
    // UNCERTAIN waits for a person, so the job counts as done.
    expect((await w.repos.jobs.getInternal(jobId))?.status).toBe('EMAILED');
    const report = await outreachReport(w, userId, jobId);
    expect(report.counts.uncertain).toBe(1);
  });

  it.skipIf(skip)('between send and mark, with a Sent-folder lookup: recognised as SENT, not re-sent', async () => {
    const emailId = await crashAt('afterSend');
    const lookup = { wasSent: async (messageId: string) => smtp.received.some((m) => m.parsed.messageId === messageId) };
    const r = await sender({ sentLookup: lookup }).drainOnce();
    expect(r.reconciled).toEqual({ requeued: 0, sent: 1, uncertain: 0 });
    expect((await rows()).find((x) => x.emailId === emailId)?.status).toBe('SENT');
    expect((await rows()).every((x) => x.status === 'SENT')).toBe(true);
    expect((await perRecipient()).every((n) => n === 1)).toBe(true);
  });

  it.skipIf(skip)('handed to SMTP but never arrived: UNCERTAIN until the user resends it, then exactly one copy', async () => {
    const emailId = await crashAt('beforeSubmit');
    await sender().drainOnce();
    const row = (await rows()).find((x) => x.emailId === emailId)!;
    expect(row.status).toBe('UNCERTAIN');
    expect(smtp.to(row.toEmail!)).toHaveLength(0);
    // Only the owner, only an UNCERTAIN row.
    const other = await w.repos.users.create('rival@other-gc.test', 'password123');
    await expect(resendUncertain(w, other.userId, jobId, emailId)).rejects.toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const sent = (await rows()).find((x) => x.status === 'SENT')!;
    await expect(resendUncertain(w, userId, jobId, sent.emailId)).rejects.toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect((await resendUncertain(w, userId, jobId, emailId)).status).toBe('QUEUED');
    const r = await sender().drainOnce();
    expect(r.sent).toBe(1);
    expect(smtp.to(row.toEmail!)).toHaveLength(1);
    expect(smtp.to(row.toEmail!)[0]!.parsed.messageId).toBe(row.messageId);
    expect((await rows()).every((x) => x.status === 'SENT')).toBe(true);
  });

  it.skipIf(skip)('two senders draining at once never send a row twice', async () => {
    // Claims by a live sender (here: another sender in this process) are never reconciled away.
    const a = sender();
    const b = sender();
    const [ra] = await Promise.all([a.drainOnce(), b.drainOnce()]);
    expect(ra.reconciled).toEqual({ requeued: 0, sent: 0, uncertain: 0 });
    expect((await perRecipient()).every((n) => n === 1)).toBe(true);
  });
});
