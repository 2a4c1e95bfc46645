import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { estimator, openWorld, readyJob, tempDir } from './world.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', OPENAI_API_KEY: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', rej);
    child.on('exit', (code) => res({ code, stdout, stderr }));
  });
}

describe('redbutton approve / outreach (CLI)', () => {
  let smtp: TestSmtpServer;
  const t = tempDir();
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
    t.cleanup();
  });

  // Four CLI processes: generous time on a busy machine.
  it('approves with --send, refuses a second approval, and reports the status as JSON', { timeout: 240_000 }, async () => {
    const w = openWorld(t.dir);
    const userId = await estimator(w);
    const { jobId } = await readyJob(w, userId, ['22', '26']);
    w.close();
    const env = {
      REDBUTTON_DATA_DIR: t.dir,
      REDBUTTON_SECRET: 'test-secret-test-secret-test-secret-0123',
      SMTP_URL: smtp.url,
      REDBUTTON_MAIL_FROM: 'GC Builders Bids <bids@gc-builders.test>',
      PUBLIC_URL: 'https://rb.gc-builders.test',
    };
    const user = ['--user', 'estimator@gc-builders.test'];
    const first = await cli(['approve', jobId, ...user, '--version', '1', '--send'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Approved version 1 of "Riverside Clinic": 5 invitations queued/);
    expect(first.stdout).toMatch(/5 sent, 0 to retry later, 0 failed/);
    expect(smtp.received).toHaveLength(5);

    const again = await cli(['approve', jobId, ...user], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already approved/);

    const status = await cli(['outreach', 'status', jobId, ...user, '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as { jobStatus: string; counts: Record<string, number> };
    expect(report.jobStatus).toBe('EMAILED');
    expect(report.counts).toMatchObject({ sent: 5, queued: 0, failed: 0 });

    const drain = await cli(['outreach', 'send'], env);
    expect(drain.stdout).toMatch(/0 sent/);
    expect(smtp.received).toHaveLength(5);
  });
});
