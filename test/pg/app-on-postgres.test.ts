import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { makeTempDir, repoRoot } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { freshDatabase, postgresAvailable, postgresSkipReason, type TestDatabase } from '../helpers/postgres.js';
import { writeDemoPlanSet } from '../../src/demo/plan-set.js';

/** A due date 30 days out, as an estimator types it ("Jan 5 2027 2pm CT"). */
function dueIn30Days(): string {
  const d = new Date(Date.now() + 30 * 86_400_000);
  return `${d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${d.getUTCDate()} ${d.getUTCFullYear()} 2pm CT`;
}

const skip = postgresAvailable() ? undefined : postgresSkipReason;

// The whole product through the real CLI on DATABASE_URL=postgres://…, one process per command as
// a user runs it: a plan set in, the pipeline to the contacts map, approval, and the invitations
// in a real SMTP server exactly once. Every command opens the App with openApp on the pool. (The
// same flow on SQLite: test/cli/built-bin.test.ts and test/outreach/cli.test.ts; this test with
// DATABASE_URL left out passes too — it was written and checked that way first.)
describe('redbutton on Postgres: plan set → contacts map → approve → invitations sent once', () => {
  const t = makeTempDir('rb-e2e-pg-');
  let smtp: SmtpSink;
  let db: TestDatabase | undefined;
  let env: Record<string, string>;
  beforeAll(async () => {
    if (skip) return;
    smtp = await startSmtpSink();
    db = await freshDatabase();
    env = {
      REDBUTTON_DATA_DIR: t.dir,
      REDBUTTON_SECRET: 'a-shared-signing-secret-of-32-characters-or-more',
      REDBUTTON_MAIL_FROM: 'GC Builders Bids <bids@gc-builders.test>',
      REDBUTTON_USER: 'estimator@gc-builders.test',
      PUBLIC_URL: 'https://rb.gc-builders.test',
      SMTP_URL: smtp.url,
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
    };
    await writeDemoPlanSet(join(t.dir, 'plans.pdf'));
  });
  afterAll(async () => {
    await smtp?.close();
    await db?.drop();
    t.cleanup();
  });

  // Eight CLI processes reading an 11-page PDF: generous time on a busy machine.
  it.skipIf(skip)(`every command runs on the configured database${skip ? ` (skipped: ${skip})` : ''}`, { timeout: 300_000 }, async () => {
    const ok = async (args: string[], stdin?: string) => {
      const r = await runCli(args, env, stdin);
      expect(r.code, `redbutton ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    await ok(['init']);
    await ok(['user', 'add', 'estimator@gc-builders.test', '--password-stdin'], 'a long password\n');
    expect(await ok(['contacts', 'import', join(repoRoot, 'samples', 'contacts.csv')])).toMatch(/^Imported contacts CSV: \d+ contacts created/);
    await ok(['profile', 'set', '--name', 'Pat Estimator', '--company', 'GC Builders', '--phone', '612-555-0100', '--company-address', '100 Main St, Anoka, MN 55303']);

    const run = await ok(['process', join(t.dir, 'plans.pdf'), '--zip', '55303']);
    expect(run).toMatch(/^Job [0-9a-f-]{36}: 11 pages read, \d+ trades\./);
    expect(run).toContain('Contacts map v1');
    const jobId = /^Job ([0-9a-f-]{36})/.exec(run)![1]!;
    await ok(['job', 'edit', jobId.slice(0, 8), '--due', dueIn30Days()]);

    const approved = await ok(['approve', jobId, '--version', '1', '--send']);
    const queued = Number(/(\d+) invitations? queued/.exec(approved)?.[1]);
    expect(queued).toBeGreaterThan(0);
    expect(approved).toMatch(new RegExp(`${queued} sent, 0 to retry later, 0 failed`));

    // Once: a second sender finds nothing left, and every invitation is its own message.
    expect(await ok(['outreach', 'send'])).toMatch(/\b0 sent/);
    expect(smtp.messages).toHaveLength(queued);
    expect(new Set(smtp.messages.map((m) => m.parsed.messageId)).size).toBe(queued);
    expect(new Set(smtp.messages.flatMap((m) => m.envelope.to)).size).toBe(queued);
    const status = JSON.parse(await ok(['outreach', 'status', jobId, '--json'])) as { jobStatus: string; counts: Record<string, number> };
    expect(status).toMatchObject({ jobStatus: 'EMAILED', counts: { sent: queued, queued: 0, failed: 0 } });

    // The rows are in Postgres, and no SQLite file was made beside them.
    expect(existsSync(join(t.dir, 'redbutton.sqlite'))).toBe(false);
    const client = new pg.Client({ connectionString: db!.url });
    await client.connect();
    try {
      const sent = await client.query<{ n: string }>(`SELECT count(*) AS n FROM email_logs WHERE job_id = $1 AND status = 'SENT'`, [jobId]);
      expect(Number(sent.rows[0]!.n)).toBe(queued);
    } finally {
      await client.end();
    }
  });
});
