import { beforeEach, describe, expect, it } from 'vitest';
import { approveJob, OutreachSender, queueDueReminders } from '../../src/core/outreach/index.js';
import { emailLogRows, readyJob, type AnyWorld } from './world.js';
import { appBackends } from '../helpers/app.js';
import { useSmtpWorld } from './smtp-world.js';
import type { TestSmtpServer } from './smtp-server.js';
import { runCrashingChild } from './crash-child.js';

const DAY = 86_400_000;

const runCrashingTick = (w: AnyWorld, smtpUrl: string, crashAt: string, crashOn: number, tickAt: Date) =>
  runCrashingChild('crash-reminders.ts', { ...w.env, RB_DATA_DIR: w.dataDir, SMTP_URL: smtpUrl, CRASH_AT: crashAt, CRASH_ON: String(crashOn), TICK_AT: tickAt.toISOString() });

// Each case starts a child process (tsx): generous time on a busy machine.
describe.each(appBackends())('a process killed while reminders go out on $backend', { timeout: 180_000 }, ({ backend, skip }) => {
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
    const due = new Date(Date.now() + 5 * DAY);
    await w.repos.jobDetails.upsert(jobId, { dueDate: due.toISOString().slice(0, 10), dueTime: due.toISOString().slice(11, 16), timeZone: 'UTC' });
    await approveJob(w, userId, jobId, { version: job.map.version });
    const s = new OutreachSender(w);
    senders.push(s);
    await s.drainOnce();
    smtp.received.length = 0;
  });
  const reminders = () => emailLogRows(w, { jobId, kind: 'reminder' });
  const invitations = () => emailLogRows(w, { jobId, kind: 'invitation' });

  for (const [crashAt, what] of [
    ['afterClaim', 'after claiming the second reminder'],
    ['afterSend', 'after the server took the second reminder, before it was marked sent'],
  ] as const) {
    it.skipIf(skip)(`${what}: a restart sends every reminder exactly once`, async () => {
      const tickAt = new Date(Date.now() + 2.1 * DAY);
      const res = await runCrashingTick(w, smtp.url, crashAt, 2, tickAt);
      expect(res.signal, res.stderr).toBe('SIGKILL');
      const invited = await invitations();
      expect(await reminders()).toHaveLength(invited.length); // all queued before the first send
      expect((await reminders()).filter((r) => r.status === 'SENDING')).toHaveLength(1);
      // The restarted service: its tick queues nothing twice; its sender reconciles the row left
      // mid-send (asking the mail system, as serve does with the Sent folder) and sends the rest.
      expect((await queueDueReminders(w, tickAt)).queued).toBe(0);
      const lookup = { wasSent: async (messageId: string) => smtp.received.some((m) => m.parsed.messageId === messageId) };
      const s = new OutreachSender(w, { sentLookup: lookup, clock: () => tickAt });
      senders.push(s);
      await s.drainOnce();
      expect((await reminders()).every((r) => r.status === 'SENT')).toBe(true);
      // Nobody lost, nobody doubled: one reminder per invitee.
      for (const inv of invited) expect(smtp.to(inv.toEmail!), inv.toEmail!).toHaveLength(1);
      expect(smtp.received).toHaveLength(invited.length);
    });
  }
});
