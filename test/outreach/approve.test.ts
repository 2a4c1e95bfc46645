import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveJob, formatApproval, outreachReport } from '../../src/core/outreach/index.js';
import { emailLogRows, estimator, openWorldOn, readyJob, type AnyWorld } from './world.js';
import { appBackends } from '../helpers/app.js';

describe.each(appBackends())('approval (the red button) on $backend', ({ backend, skip }) => {
  let w: AnyWorld;
  let userId: string;

  beforeEach(async () => {
    if (skip) return;
    w = await openWorldOn(backend, { REDBUTTON_MAIL_FROM: 'GC Builders Bids <bids@gc-builders.test>' });
    userId = await estimator(w);
  });
  afterEach(async () => {
    if (!skip) await w.close();
  });

  const rows = (jobId: string) => emailLogRows(w, { jobId });

  it.skipIf(skip)('queues one row per selected contact, with version, address, trades and a Message-ID, in one go', async () => {
    const { jobId, map } = await readyJob(w, userId, ['22', '26']);
    const s = await approveJob(w, userId, jobId, { version: map.version, via: 'cli' });
    const queued = await rows(jobId);
    expect(queued).toHaveLength(s.queued);
    expect(new Set(queued.map((r) => r.contactId)).size).toBe(queued.length);
    for (const r of queued) {
      expect(r.status).toBe('QUEUED');
      expect(r.mapVersion).toBe(map.version);
      expect(r.messageId).toMatch(/^<[0-9a-f-]{36}@gc-builders\.test>$/);
      expect(JSON.parse(r.trades!)).toEqual(expect.arrayContaining([expect.stringMatching(/^\d{2}$/)]));
    }
    expect(queued.find((r) => r.toEmail === 'office@bothtrades.test')?.trades).toBe('["22","26"]');
    expect(s.trades.map((t) => t.division)).toEqual(['22', '26']);
    expect(s.companies).toContain('Both Trades Mechanical');
    expect(formatApproval(s)).toMatch(/Approved version 1 of "Riverside Clinic": \d+ invitations queued/);
    // The map is frozen once invitations are queued.
    await expect(w.maps.edit(userId, jobId, [{ op: 'remove_trade', trade: '22' }])).rejects.toMatchObject({ code: 'ALREADY_SENT' });
  });

  it.skipIf(skip)('refuses approving twice', async () => {
    const { jobId, map } = await readyJob(w, userId, ['26']);
    await approveJob(w, userId, jobId, { version: map.version });
    const before = (await rows(jobId)).length;
    await expect(approveJob(w, userId, jobId, { version: map.version })).rejects.toMatchObject({
      code: 'ALREADY_SENT',
      userMessage: expect.stringContaining('already approved'),
    });
    expect(await rows(jobId)).toHaveLength(before);
  });

  it.skipIf(skip)('refuses an old version of the map, naming the current one, and queues nothing', async () => {
    const { jobId, map } = await readyJob(w, userId, ['26']);
    const v2 = await w.maps.edit(userId, jobId, [{ op: 'deselect', trade: '26', contact: 'bids@acme-electric.test' }]);
    await expect(approveJob(w, userId, jobId, { version: map.version })).rejects.toMatchObject({
      code: 'STALE_VERSION',
      userMessage: expect.stringContaining(`now version ${v2.version}`),
    });
    expect(await rows(jobId)).toHaveLength(0);
    const s = await approveJob(w, userId, jobId, { version: v2.version });
    expect(s.invitations.map((i) => i.email)).not.toContain('bids@acme-electric.test');
  });

  it("is only for the job's owner, and only when the map is ready", async () => {
    const { jobId, map } = await readyJob(w, userId, ['26']);
    const other = await w.repos.users.create('rival@other-gc.test', 'password123');
    await expect(approveJob(w, other.userId, jobId, { version: map.version })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const early = await w.repos.jobs.create({ userId, name: 'Not ready' });
    await expect(approveJob(w, userId, early.jobId, { version: 1 })).rejects.toMatchObject({ code: 'JOB_STATE' });
    expect(await rows(jobId)).toHaveLength(0);
  });

  it.skipIf(skip)('skips (and reports) contacts that unsubscribed or bounced since the map was built', async () => {
    const { jobId, map } = await readyJob(w, userId, ['22', '26']);
    const acme = (await w.repos.contacts.findByEmail(userId, 'bids@acme-electric.test'))!;
    const drip = (await w.repos.contacts.findByEmail(userId, 'drip@drip-plumbing.test'))!;
    await w.repos.contacts.markUnsubscribed(acme.contactId);
    await w.repos.contacts.markEmailBad(drip.contactId, '5.1.1 user unknown');
    const s = await approveJob(w, userId, jobId, { version: map.version });
    expect(s.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: 'bids@acme-electric.test', reason: 'unsubscribed' }),
        expect.objectContaining({ email: 'drip@drip-plumbing.test', reason: 'bad_email' }),
      ]),
    );
    const emails = (await rows(jobId)).map((r) => r.toEmail);
    expect(emails).not.toContain('bids@acme-electric.test');
    expect(emails).not.toContain('drip@drip-plumbing.test');
    expect(formatApproval(s)).toMatch(/Not invited: .*Acme Electric.*unsubscribed/);
    const report = await outreachReport(w, userId, jobId);
    expect(report.counts.skipped).toBe(2);
    expect(report.counts.unsubscribed).toBe(1);
  });

  it.skipIf(skip)('refuses when nobody can be invited, and when no sender address is configured', async () => {
    const { jobId, map } = await readyJob(w, userId, ['26']);
    const v2 = await w.maps.edit(userId, jobId, [{ op: 'set_selection', trade: '26', contacts: [] }]);
    await expect(approveJob(w, userId, jobId, { version: v2.version })).rejects.toMatchObject({ code: 'VALIDATION', userMessage: expect.stringContaining('Nobody is selected') });
    expect(map.version).toBe(1);

    const bare = await openWorldOn(backend, {});
    try {
      const uid = await estimator(bare);
      const j = await readyJob(bare, uid, ['26']);
      await expect(approveJob(bare, uid, j.jobId, { version: j.map.version })).rejects.toMatchObject({ code: 'MAIL_CONFIG', userMessage: expect.stringContaining('REDBUTTON_MAIL_FROM') });
    } finally {
      await bare.close();
    }
  });
});
