import { describe, expect, it } from 'vitest';
import { createOutreach, type Outreach, type OutreachSender } from '../../src/core/outreach/index.js';
import { openApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { isAppError } from '../../src/core/errors.js';
import { readyJob, type AnyWorld } from './world.js';
import { appBackends } from '../helpers/app.js';
import { useSmtpWorld } from './smtp-world.js';
import type { TestSmtpServer } from './smtp-server.js';

/** The poll of the senders under test: an hour, so only a wake-up explains a message sent within the test's time. */
const LONG_POLL_SECONDS = '3600';

/** Resolves once `check` holds (looked at every 20 ms; the test's own timeout bounds it). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

/**
 * An idle sender of `w` (its poll an hour) and a promise for the moment it has looked for work
 * `looks` times and found none — it then waits for a wake-up. On Postgres the first wait opens the
 * LISTEN connection and looks once more (a NOTIFY sent before LISTEN would be lost), hence two looks there.
 */
function idleSender(w: AnyWorld, senders: OutreachSender[]): { outreach: Outreach; idle: Promise<void> } {
  let empty = 0;
  const looks = w.backend === 'postgres' ? 2 : 1;
  let idle!: () => void;
  const idled = new Promise<void>((r) => (idle = r));
  const queue = w.repos.sendQueue;
  const sendQueue = new Proxy(queue, {
    get: (target, key) =>
      key === 'claimNext'
        ? async (...args: Parameters<typeof queue.claimNext>) => {
            const row = await target.claimNext(...args);
            if (!row && ++empty >= looks) idle();
            return row;
          }
        : Reflect.get(target, key),
  });
  // One message at a time: each look is then one claim that finds nothing.
  const outreach = createOutreach({ ...w, repos: { ...w.repos, sendQueue } }, { concurrency: 1 });
  const sender = outreach.sender();
  senders.push(sender);
  void sender.run();
  return { outreach, idle: idled };
}

describe.each(appBackends())('the outreach sender is woken when invitations are queued, on $backend', ({ backend, skip }) => {
  let smtp: TestSmtpServer;
  let w: AnyWorld;
  let userId: string;
  const senders: OutreachSender[] = [];
  useSmtpWorld(
    (s) => ({ SMTP_URL: s.url, REDBUTTON_MAIL_FROM: 'bids@gc-builders.test', PUBLIC_URL: 'https://rb.gc-builders.test', OUTREACH_POLL_SECONDS: LONG_POLL_SECONDS }),
    (s) => ({ smtp, w, userId } = s),
    senders,
    { backend, skip },
  );

  it.skipIf(skip)('an approval in its own process is sent at once, not at the next poll', async () => {
    const job = await readyJob(w, userId, ['22', '26']);
    const { outreach, idle } = idleSender(w, senders);
    await idle;
    const summary = await outreach.approve(userId, job.jobId, { version: job.map.version });
    expect(summary.queued).toBeGreaterThan(0);
    await until(() => smtp.received.length === summary.queued);
    expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).toBe(summary.queued);
  }, 30_000);

  it.skipIf(skip || backend === 'sqlite')('an approval in another process wakes this process\'s idle sender (NOTIFY), long before its poll', async () => {
    const job = await readyJob(w, userId, ['22', '26']);
    const { idle } = idleSender(w, senders);
    await idle;
    // A second process: its own pool, its own Outreach and no sender of its own.
    const other: App = await openApp(w.app.config);
    try {
      const summary = await createOutreach(other).approve(userId, job.jobId, { version: job.map.version });
      expect(summary.queued).toBeGreaterThan(0);
      await until(() => smtp.received.length === summary.queued);
      expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).toBe(summary.queued);
    } finally {
      await other.close();
    }
  }, 30_000);
});

describe('OUTREACH_POLL_SECONDS', () => {
  it('defaults to 5 s and refuses a value that is not a sensible interval, naming the variable', () => {
    expect(loadConfig({}).OUTREACH_POLL_SECONDS).toBe(5);
    expect(loadConfig({ OUTREACH_POLL_SECONDS: '0.5' }).OUTREACH_POLL_SECONDS).toBe(0.5);
    for (const bad of ['0', 'soon', '-1']) {
      let err: unknown;
      try {
        loadConfig({ OUTREACH_POLL_SECONDS: bad });
      } catch (e) {
        err = e;
      }
      expect(isAppError(err) && err.message).toMatch(/OUTREACH_POLL_SECONDS/);
    }
  });
});
