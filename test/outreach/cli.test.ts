import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimator, openWorldOn, readyJob, type AnyWorld } from './world.js';
import { approveJob } from '../../src/core/outreach/index.js';
import { runCli } from '../helpers/cli.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.js';

const cli = (args: string[], env: Record<string, string>) => runCli(args, { LOG_LEVEL: 'warn', ...env });

// SQLite only: the slow part is four CLI processes, not the database. approve, send and the report run
// on Postgres in send.test.ts / approve.test.ts, and test/pg/app-on-postgres.test.ts runs `approve --send`
// and `outreach status` through the CLI on Postgres.
describe('redbutton approve / outreach (CLI)', () => {
  let smtp: TestSmtpServer;
  let w: AnyWorld | undefined;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
    await w?.close();
  });

  // Four CLI processes: generous time on a busy machine.
  it('previews, refuses --send without SMTP (job left unapproved), sends only that job, refuses a second approval', { timeout: 300_000 }, async () => {
    w = await openWorldOn('sqlite', { REDBUTTON_MAIL_FROM: 'GC Builders Bids <bids@gc-builders.test>' });
    const userId = await estimator(w);
    const { jobId } = await readyJob(w, userId, ['22', '26']);
    // Another job, approved and waiting in the queue: `approve --send` must not send it.
    const other = await readyJob(w, userId, ['26'], { name: 'Other Clinic' });
    await approveJob(w, userId, other.jobId, { version: other.map.version });
    const env = {
      ...w.env,
      SMTP_URL: smtp.url,
      REDBUTTON_MAIL_FROM: 'GC Builders Bids <bids@gc-builders.test>',
      PUBLIC_URL: 'https://rb.gc-builders.test',
    };
    const user = ['--user', 'estimator@gc-builders.test'];
    const noSmtp = await cli(['approve', jobId, ...user, '--send'], { ...env, SMTP_URL: '' });
    expect(noSmtp.code).toBe(1);
    expect(noSmtp.stderr.trim()).toMatch(/^error: Invitations cannot be sent: set SMTP_URL/);
    expect(noSmtp.stderr).not.toMatch(/\n\s+at /);

    // The job was not approved: the preview (by a short id prefix, user from REDBUTTON_USER) still offers it.
    const preview = await cli(['approve', jobId.slice(0, 8), '--preview'], { ...env, REDBUTTON_USER: 'estimator@gc-builders.test' });
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('From:    "Pat Estimator at GC Builders" <bids@gc-builders.test>');
    expect(preview.stdout).toMatch(/Subject: GC Builders invites you to bid: Riverside Clinic \(.*Electrical.*\), due \w{3} \d{1,2}, 2:00 PM C[SD]T/); // CST or CDT by the season of the due date
    expect(preview.stdout).toContain('Division 26 – Electrical: see sheet');
    expect(preview.stdout).not.toContain('Cannot send yet');
    expect(smtp.received).toHaveLength(0);

    const first = await cli(['approve', jobId, ...user, '--version', '1', '--send'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Approved version 1 of "Riverside Clinic": 5 invitations queued/);
    expect(first.stdout).toMatch(/5 sent, 0 to retry later, 0 failed/);
    expect(smtp.received).toHaveLength(5);
    expect(smtp.received.every((m) => m.parsed.subject?.includes('Riverside Clinic'))).toBe(true); // nothing of the other job

    const again = await cli(['approve', jobId, ...user], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already approved/);

    const status = await cli(['outreach', 'status', jobId, ...user, '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as { jobStatus: string; counts: Record<string, number> };
    expect(report.jobStatus).toBe('EMAILED');
    expect(report.counts).toMatchObject({ sent: 5, queued: 0, failed: 0 });

    // The other job's invitations were left for the service (or `outreach send`).
    const drain = await cli(['outreach', 'send'], env);
    expect(drain.stdout).toMatch(/3 sent/);
    expect(smtp.received).toHaveLength(8);
  });
});
