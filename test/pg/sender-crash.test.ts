import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { approveJob, OutreachSender, outreachReport } from '../../src/core/outreach/index.js';
import { makeTempDir } from '../helpers/app.js';
import { readyJob } from '../helpers/jobs.js';
import { freshDatabase, postgresAvailable, postgresSkipReason, type TestDatabase } from '../helpers/postgres.js';
import { runCrashingChild } from '../outreach/crash-child.js';
import { startSmtpServer, type TestSmtpServer } from '../outreach/smtp-server.js';
import { CONTACTS_CSV } from '../outreach/world.js';

const skip = postgresAvailable() ? undefined : postgresSkipReason;
const SECRET = 'a-shared-signing-secret-of-32-characters-or-more';

// The SQLite twin of this test is test/outreach/crash.test.ts; here the sender is a process on
// Postgres, killed between handing a message to SMTP and marking it sent, and the survivors are
// two senders on their own pools (two processes' worth) reconciling and draining at once.
describe.skipIf(skip)(`a sender SIGKILLed mid-send on Postgres${skip ? ` (skipped: ${skip})` : ''}`, { timeout: 180_000 }, () => {
  const t = makeTempDir('rb-pg-crash-');
  let smtp: TestSmtpServer;
  let db: TestDatabase;
  let env: Record<string, string>;
  const apps: App[] = [];
  const open = async () => {
    const app = await openApp(loadConfig({ ...process.env, OPENAI_API_KEY: undefined, IMAP_HOST: undefined, LOG_LEVEL: 'silent', ...env }));
    apps.push(app);
    return app;
  };
  beforeAll(async () => {
    smtp = await startSmtpServer();
    db = await freshDatabase();
    env = { REDBUTTON_DATA_DIR: t.dir, DATABASE_URL: db.url, REDBUTTON_SECRET: SECRET, SMTP_URL: smtp.url, REDBUTTON_MAIL_FROM: 'bids@gc-builders.test', PUBLIC_URL: 'https://rb.gc-builders.test' };
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await db?.drop();
    await smtp?.close();
    t.cleanup();
  });

  it('the message it handed over is not sent again (UNCERTAIN, explained); every other one arrives exactly once', async () => {
    const app = await open();
    const userId = (await app.repos.users.create('estimator@gc-builders.test', 'password123')).userId;
    await app.addressBook.importCsv(userId, CONTACTS_CSV);
    const job = await readyJob(app, userId, ['22', '26']);
    await approveJob(app, userId, job.jobId, { version: job.map.version });

    const res = await runCrashingChild('crash-sender.ts', { RB_DATA_DIR: t.dir, SMTP_URL: smtp.url, CRASH_AT: 'afterSend', DATABASE_URL: db.url, REDBUTTON_SECRET: SECRET });
    expect(res.signal, res.stderr).toBe('SIGKILL');
    const inFlight = await app.repos.sendQueue.inFlight(job.jobId);
    expect(inFlight).toHaveLength(1);
    const stuck = inFlight[0]!.row;
    expect(smtp.to(stuck.toEmail!)).toHaveLength(1); // it reached the server before the kill

    const other = await open();
    const results = await Promise.all([new OutreachSender(app), new OutreachSender(other)].map(async (s) => {
      try {
        return await s.drainOnce();
      } finally {
        await s.close();
      }
    }));
    expect(results.reduce((n, r) => n + r.reconciled.uncertain, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.reconciled.requeued + r.reconciled.sent, 0)).toBe(0);

    const report = await outreachReport(app, userId, job.jobId);
    expect(report.counts.uncertain).toBe(1);
    expect(report.counts.sent).toBeGreaterThan(0);
    expect(report.counts.queued + report.counts.sending).toBe(0);
    const ids = smtp.received.map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(ids.length); // no Message-ID twice
    expect(smtp.received).toHaveLength(report.counts.sent + 1); // the sent ones, and the uncertain one once
    const after = (await app.repos.emailLogs.invitationsForReport(job.jobId)).find((r) => r.log.emailId === stuck.emailId)?.log;
    expect(after?.status).toBe('UNCERTAIN');
    expect(after?.lastError).toMatch(/may or may not have been sent.*Sent folder/);
    expect((await app.repos.jobs.getInternal(job.jobId))?.status).toBe('EMAILED');
  });
});
