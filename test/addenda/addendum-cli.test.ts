/**
 * `redbutton addendum <job> <file>` in a child process, as an estimator runs it, on both databases:
 * the CLI representative of the addendum and bid-package channel tests on Postgres (`process a.pdf
 * b.zip`, test/documents/package-cli.test.ts, stays on SQLite; its intake runs on both in
 * package-intake.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { appBackends, openTestApp, type AnyTestApp } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { makePlanSetPdf } from '../fixtures/pdf-fixtures.js';

const SECRET = 'test-secret-test-secret-test-secret-0123';

describe.each(appBackends())('redbutton addendum on $backend', ({ backend, skip }) => {
  let t: AnyTestApp;
  let env: Record<string, string>;
  let jobId: string;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp(backend, { LOG_LEVEL: 'silent', REDBUTTON_SECRET: SECRET });
    // The CLI opens the very same database (and data dir) in its own process.
    env = { ...t.env, REDBUTTON_SECRET: SECRET, REDBUTTON_USER: 'est@gc.test' };
    const { app } = t;
    const user = await app.repos.users.create('est@gc.test', 'password123');
    await app.addressBook.importCsv(user.userId, 'name,email,trades,zip\nAcme Electric,bids@acme-electric.test,Electrical,55303\n');
    const plans = await makePlanSetPdf(join(t.dir, 'plans.pdf'), { sheets: [{ number: 'E101', title: 'LIGHTING PLAN', lines: ['LIGHTING FIXTURE SCHEDULE'] }, { number: 'E201', title: 'POWER PLAN', lines: ['PANEL SCHEDULE LP-1'] }] });
    const job = await app.intake.submitPdf({ userId: user.userId, sourcePath: plans, fileName: 'plans.pdf', zipCode: '55303', origin: 'cli' });
    await app.runner.runJob(job.jobId);
    jobId = job.jobId;
    await makePlanSetPdf(join(t.dir, 'addendum-1.pdf'), { index: false, sheets: [{ number: 'E201', title: 'POWER PLAN', lines: ['PANEL SCHEDULE LP-1'], revisions: [['1', '12/01/2026', 'ADDENDUM 1']] }] });
    writeFileSync(join(t.dir, 'notes.pdf'), 'not really a PDF\n');
  }, 120_000);
  afterAll(async () => t?.cleanup());

  it.skipIf(!!skip)('adds the addendum and prints what changed and who gets a notice; a file that is not a PDF is refused with exit code 1', async () => {
    const ok = await runCli(['addendum', jobId.slice(0, 8), join(t.dir, 'addendum-1.pdf')], env);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Addendum 1 ("addendum-1.pdf"): 1 change.');
    expect(ok.stdout).toContain('Sheet E201 (POWER PLAN) revised: revised (revision 1, dated 2026-12-01) [26]');
    expect(ok.stdout).toMatch(/redbutton approve \w{8} --version \d+/);
    const bad = await runCli(['addendum', jobId.slice(0, 8), join(t.dir, 'notes.pdf')], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a PDF/i);
    const again = await runCli(['addendum', jobId.slice(0, 8), '--json'], env);
    expect((JSON.parse(again.stdout) as { addendum: { number: number; changes: { trades: string[] }[] } }).addendum).toMatchObject({ number: 1, changes: [{ trades: ['26'] }] });
  }, 180_000); // three CLI processes (each starts the app from source)
});
