import { beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { emailLogs } from '../../src/db/schema/index.js';
import { approveJob, OutreachSender, queueDueReminders } from '../../src/core/outreach/index.js';
import { readyJob, type World } from './world.js';
import { useSmtpWorld } from './smtp-world.js';
import type { TestSmtpServer } from './smtp-server.js';
import { runCrashingChild } from './crash-child.js';

const DAY = 86_400_000;

const runCrashingTick = (dataDir: string, smtpUrl: string, crashAt: string, crashOn: number, tickAt: Date) =>
  runCrashingChild('crash-reminders.ts', { RB_DATA_DIR: dataDir, SMTP_URL: smtpUrl, CRASH_AT: crashAt, CRASH_ON: String(crashOn), TICK_AT: tickAt.toISOString() });

// Each case starts a child process (tsx): generous time on a busy machine.
describe('a process killed while reminders go out', { timeout: 180_000 }, () => {
  let smtp: TestSmtpServer;
  let w: World;
  let dir: string;
  let userId: string;
  let jobId: string;
  const senders: OutreachSender[] = [];
  useSmtpWorld(
    (s) => ({ SMTP_URL: s.url, REDBUTTON_MAIL_FROM: 'bids@gc-builders.test', PUBLIC_URL: 'https://rb.gc-builders.test' }),
    (s) => ({ smtp, w, userId, dir } = s),
    senders,
  );
  beforeEach(async () => {
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
  const reminders = () => w.handle.db.select().from(emailLogs).where(and(eq(emailLogs.jobId, jobId), eq(emailLogs.kind, 'reminder'))).all();
  const invitations = () => w.handle.db.select().from(emailLogs).where(and(eq(emailLogs.jobId, jobId), eq(emailLogs.kind, 'invitation'))).all();

  for (const [crashAt, what] of [
    ['afterClaim', 'after claiming the second reminder'],
    ['afterSend', 'after the server took the second reminder, before it was marked sent'],
  ] as const) {
    it(`${what}: a restart sends every reminder exactly once`, async () => {
      const tickAt = new Date(Date.now() + 2.1 * DAY);
      const res = await runCrashingTick(dir, smtp.url, crashAt, 2, tickAt);
      expect(res.signal, res.stderr).toBe('SIGKILL');
      const invited = invitations();
      expect(reminders()).toHaveLength(invited.length); // all queued before the first send
      expect(reminders().filter((r) => r.status === 'SENDING')).toHaveLength(1);
      // The restarted service: its tick queues nothing twice; its sender reconciles the row left
      // mid-send (asking the mail system, as serve does with the Sent folder) and sends the rest.
      expect((await queueDueReminders(w, tickAt)).queued).toBe(0);
      const lookup = { wasSent: async (messageId: string) => smtp.received.some((m) => m.parsed.messageId === messageId) };
      const s = new OutreachSender(w, { sentLookup: lookup, clock: () => tickAt });
      senders.push(s);
      await s.drainOnce();
      expect(reminders().every((r) => r.status === 'SENT')).toBe(true);
      // Nobody lost, nobody doubled: one reminder per invitee.
      for (const inv of invited) expect(smtp.to(inv.toEmail!), inv.toEmail!).toHaveLength(1);
      expect(smtp.received).toHaveLength(invited.length);
    });
  }
});
