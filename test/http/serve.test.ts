import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestApp, repoRoot, type AnyTestApp } from '../helpers/app.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';
import { runCli } from '../helpers/cli.js';

/** `redbutton token …` and `redbutton serve` as a user runs them: real processes sharing one database (the SQLite file, or Postgres through DATABASE_URL). */
describeOnBothDatabases('token CLI and serve', (backend) => {
  let t: AnyTestApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await openTestApp(backend);
    env = { ...t.env, PUBLIC_URL: 'http://127.0.0.1:1' };
    await t.app.repos.users.create('alice@gc.test', 'correct horse battery'); // `redbutton user add` itself: test/cli/cli.test.ts
  });
  afterAll(async () => t?.cleanup());

  function startServe(): Promise<{ child: ChildProcess; base: string; stderr: () => string }> {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'redbutton.js'), 'serve', '--port', '0'], {
      cwd: repoRoot,
      env: { ...process.env, OPENAI_API_KEY: '', SMTP_URL: '', IMAP_HOST: '', SLACK_BOT_TOKEN: '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    return new Promise((resolve, reject) => {
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
        if (m) resolve({ child, base: m[1]!, stderr: () => err });
      });
      child.on('exit', (code) => reject(new Error(`serve exited early (${code}): ${err}`)));
    });
  }

  // Several real CLI processes (each loads TypeScript through tsx): allow for a busy machine.
  it('creates a token that the running service accepts, revokes it, and shuts down on SIGTERM', { timeout: 180_000 }, async () => {
    const created = await runCli(['token', 'create', '--user', 'alice@gc.test', '--days', '2', '--json'], env);
    expect(created.code, created.stderr).toBe(0);
    const { token, token_id } = JSON.parse(created.stdout) as { token: string; token_id: string };
    expect(token).toMatch(/^rb_/);
    const bad = await runCli(['token', 'create', '--user', 'alice@gc.test', '--days', 'x'], env);
    expect(bad.code).toBe(2);

    const serve = await startServe();
    try {
      const health = await fetch(`${serve.base}/health`);
      expect(health.status).toBe(200);
      const me = await fetch(`${serve.base}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ email: 'alice@gc.test' });

      const listed = await runCli(['token', 'list', '--user', 'alice@gc.test', '--json'], env);
      expect(JSON.parse(listed.stdout)).toEqual({ tokens: [expect.objectContaining({ token_id, revoked_at: null })] }); // GET /auth/tokens's shape
      const revoked = await runCli(['token', 'revoke', token_id, '--user', 'alice@gc.test'], env);
      expect(revoked.code, revoked.stderr).toBe(0);
      const after = await fetch(`${serve.base}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(after.status).toBe(401);
      expect(serve.stderr()).not.toContain(token);
    } finally {
      const exited = new Promise<number | null>((resolve) => serve.child.once('exit', (code) => resolve(code)));
      serve.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(serve.stderr()).toContain('"msg":"stopped"');
    }
  });
});
