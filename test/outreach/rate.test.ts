import { describe, expect, it } from 'vitest';
import { approveJob, OutreachSender } from '../../src/core/outreach/index.js';
import { readyJob, type AnyWorld } from './world.js';
import { appBackends } from '../helpers/app.js';
import { useSmtpWorld } from './smtp-world.js';
import type { TestSmtpServer } from './smtp-server.js';

describe.each(appBackends())('SMTP_RATE_PER_SECOND holds for every sending process together on $backend', ({ backend, skip }) => {
  let smtp: TestSmtpServer;
  let w: AnyWorld;
  let userId: string;
  const senders: OutreachSender[] = [];
  useSmtpWorld(
    (s) => ({ SMTP_URL: s.url, REDBUTTON_MAIL_FROM: 'bids@gc-builders.test', PUBLIC_URL: 'https://rb.gc-builders.test', SMTP_RATE_PER_SECOND: '2' }),
    (s) => ({ smtp, w, userId } = s),
    senders,
    { backend, skip },
  );

  it.skipIf(skip)('two senders draining at once hand SMTP at most 2 messages in any second, each exactly once', async () => {
    const first = await readyJob(w, userId, ['22', '26']);
    const second = await readyJob(w, userId, ['22', '26'], { name: 'Lakeside School' });
    const queued = (await approveJob(w, userId, first.jobId, { version: first.map.version })).queued + (await approveJob(w, userId, second.jobId, { version: second.map.version })).queued;
    expect(queued).toBeGreaterThanOrEqual(8);
    // Each sender alone would send 4 at once (its concurrency); the slots are in the database.
    const a = new OutreachSender(w, { concurrency: 4 });
    const b = new OutreachSender(w, { concurrency: 4 });
    senders.push(a, b);
    const [ra, rb] = await Promise.all([a.drainOnce(), b.drainOnce()]);
    expect(ra!.sent + rb!.sent).toBe(queued);
    expect(ra!.failed + rb!.failed).toBe(0);
    expect(smtp.received).toHaveLength(queued);
    expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).toBe(queued);
    // Postgres returns the bigint second as text: compare numbers.
    const slots = (await w.raw<{ second: number | string; sent: number }>('SELECT second, sent FROM smtp_rate_slots ORDER BY second')).map((s) => ({ second: Number(s.second), sent: Number(s.sent) }));
    expect(slots.every((s) => s.sent <= 2)).toBe(true);
    expect(slots.reduce((n, s) => n + s.sent, 0)).toBe(queued);
    expect(slots.length).toBeGreaterThanOrEqual(Math.ceil(queued / 2));
  }, 60_000);
});
