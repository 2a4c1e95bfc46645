import { afterAll, describe, expect, it } from 'vitest';
import { estimator, openWorldOn, readyJob, type AnyWorld } from './world.js';
import { approveJob } from '../../src/core/outreach/index.js';
import { runCli } from '../helpers/cli.js';

const cli = (args: string[], env: Record<string, string>) => runCli(args, { LOG_LEVEL: 'warn', ...env });

// SQLite only: the slow part is three CLI processes, not the database; coverage and job edits run on
// Postgres in coverage.test.ts and test/project/details.test.ts.
describe('redbutton coverage / jobs list / job edit --target --reminders (CLI)', () => {
  let w: AnyWorld | undefined;
  afterAll(async () => w?.close());

  // Three CLI processes: generous time on a busy machine.
  it('shows where the job is and its coverage; target and reminders stay editable after approval', { timeout: 300_000 }, async () => {
    const mail = { REDBUTTON_MAIL_FROM: 'bids@gc-builders.test' };
    w = await openWorldOn('sqlite', mail);
    const env = { ...w.env, ...mail, REDBUTTON_USER: 'estimator@gc-builders.test' };
    const userId = await estimator(w);
    const { jobId, map } = await readyJob(w, userId, ['26']);
    await approveJob(w, userId, jobId, { version: map.version });

    const list = await cli(['jobs', 'list'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(jobId.slice(0, 8));
    expect(list.stdout).toContain("approved · bids due in"); // the cell wraps at 80 columns
    for (const line of list.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);

    const edit = await cli(['job', 'edit', jobId.slice(0, 8), '--target', '2', '--reminders', 'off'], env);
    expect(edit.code, edit.stderr).toBe(0);
    const refused = await cli(['job', 'edit', jobId.slice(0, 8), '--due', 'Dec 12 2pm CT'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already queued or sent/);

    const cov = await cli(['coverage', jobId.slice(0, 8), '--json'], env);
    expect(cov.code, cov.stderr).toBe(0);
    const c = JSON.parse(cov.stdout) as { target: number; reminder_days: number[]; life: { words: string }; trades: { division: string; invited: number; sending: number }[] };
    expect(c.target).toBe(2);
    expect(c.reminder_days).toEqual([]);
    expect(c.life.words).toMatch(/^approved/);
    expect(c.trades.find((x) => x.division === '26')).toMatchObject({ invited: 3, sending: 3 });
  });
});
