import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { makeTempDir, repoRoot } from '../helpers/app.js';
import { freshDatabase, postgresAvailable, postgresSkipReason, type TestDatabase } from '../helpers/postgres.js';
import { smallPdf } from '../email/setup.js';
import { ApiTokens } from '../../src/core/auth/api-tokens.js';

/**
 * `serve` with PIPELINE_IN_SERVE=false beside one `redbutton worker`, real processes on one
 * Postgres database: serve receives and queues, the NOTIFY wakes the worker, the worker runs.
 * Both poll only every 10 minutes, so within this test only the NOTIFY can explain a pickup.
 */
interface Proc {
  child: ChildProcess;
  log: () => { msg: string; jobId?: string; time: number }[];
  exited: Promise<number | null>;
}

function start(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'redbutton.js'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, REDBUTTON_FROM_SOURCE: '1', OPENAI_API_KEY: '', SMTP_URL: '', IMAP_HOST: '', SLACK_BOT_TOKEN: '', LOG_LEVEL: 'info', PIPELINE_POLL_SECONDS: '600', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const log = () =>
    err
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; jobId?: string; time: number });
  return { child, log, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, ms = 150_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!postgresAvailable())(`serve that only queues, and a worker woken by NOTIFY${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let db: TestDatabase;
  let app: App;
  let tmp: { dir: string; cleanup: () => void };
  let env: Record<string, string>;
  let userId: string;
  beforeAll(async () => {
    tmp = makeTempDir('rb-queue-');
    db = await freshDatabase();
    env = { REDBUTTON_DATA_DIR: tmp.dir, DATABASE_URL: db.url, REDBUTTON_SECRET: 'a-shared-signing-secret-of-32-characters-or-more' };
    app = await openApp(loadConfig({ ...process.env, OPENAI_API_KEY: undefined, SMTP_URL: undefined, IMAP_HOST: undefined, ...env }));
    userId = (await app.repos.users.create('est@gc.test', 'a-long-password-1')).userId;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    tmp?.cleanup();
  });

  it('an HTTP-uploaded PDF is queued by serve and run to CONTACT_MAP_READY by the worker the NOTIFY woke, never by serve', { timeout: 240_000 }, async () => {
    if (app.backend !== 'postgres') throw new Error('expected the Postgres app');
    const pool = app.pg.pool;
    const worker = start(['worker'], env);
    let serve: Proc | undefined;
    try {
      // The worker is idle and LISTENing (its first sweeps found nothing; its next poll is 10 minutes away).
      await until(async () => (await pool.query("SELECT 1 FROM pg_stat_activity WHERE query = 'LISTEN redbutton_jobs_queued'")).rowCount! > 0 || undefined, 'the worker to LISTEN');
      serve = start(['serve', '--port', '0'], { ...env, PIPELINE_IN_SERVE: 'false' });
      const base = await until(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(serve!.log().map((l) => l.msg).join('\n'))?.[1], 'serve to listen');
      // A token as `redbutton token create` makes one (the HTTP channel's sign-in is not what is tested here).
      const { token } = await new ApiTokens(app.repos).create(userId, { days: 1 });
      const form = new FormData();
      form.append('file', new Blob([await smallPdf('SECTION 22 11 16 - DOMESTIC WATER PIPING')], { type: 'application/pdf' }), 'plumbing.pdf');
      form.append('name', 'Clinic plumbing');
      const upload = await fetch(`${base}/jobs`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      expect(upload.status).toBe(202);
      const { job_id: jobId } = (await upload.json()) as { job_id: string };

      const status = await until(async () => {
        const s = (await app.repos.jobs.getInternal(jobId))?.status;
        return s === 'CONTACT_MAP_READY' || s === 'FAILED' ? s : undefined;
      }, 'the job to finish');
      expect(status).toBe('CONTACT_MAP_READY');
      const shown = await fetch(`${base}/jobs/${jobId}`, { headers: { authorization: `Bearer ${token}` } });
      expect(await shown.json()).toMatchObject({ status: 'CONTACT_MAP_READY' });

      const queued = serve.log().find((l) => l.msg === 'job queued for the workers' && l.jobId === jobId);
      const picked = worker.log().find((l) => l.msg === 'picking up job' && l.jobId === jobId);
      expect(queued).toBeDefined();
      expect(picked).toBeDefined();
      expect(picked!.time).toBeGreaterThanOrEqual(queued!.time); // woken by serve's NOTIFY, not by a poll
      expect(worker.log().filter((l) => l.msg === 'stage started' && l.jobId === jobId).length).toBeGreaterThan(0);
      expect(serve.log().filter((l) => l.msg === 'stage started' || l.msg === 'picking up job')).toEqual([]);
    } finally {
      for (const p of [worker, serve]) p?.child.kill('SIGTERM');
    }
    expect(await worker.exited).toBe(0);
    expect(await serve.exited).toBe(0);
  });
});
