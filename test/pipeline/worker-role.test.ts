import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { makeTempDir, repoRoot } from '../helpers/app.js';
import { ensureBundle } from '../helpers/cli.js';
import { freshDatabase, postgresAvailable, postgresSkipReason, type TestDatabase } from '../helpers/postgres.js';
import { smallPdf } from '../email/setup.js';

/** The database the processes share: the app's SQLite file, or a Postgres database (DATABASE_URL, with the shared secret it requires). */
interface Shared {
  app: App;
  dir: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

async function openShared(backend: 'sqlite' | 'postgres'): Promise<Shared> {
  const { dir, cleanup } = makeTempDir();
  let db: TestDatabase | undefined;
  const env: Record<string, string> = { REDBUTTON_DATA_DIR: dir };
  if (backend === 'postgres') {
    db = await freshDatabase();
    Object.assign(env, { DATABASE_URL: db.url, REDBUTTON_SECRET: 'a-shared-signing-secret-of-32-characters-or-more' });
  }
  const app = await openApp(loadConfig({ ...process.env, OPENAI_API_KEY: undefined, SMTP_URL: undefined, IMAP_HOST: undefined, ...env }));
  return {
    app,
    dir,
    env,
    close: async () => {
      await app.close();
      await db?.drop();
      cleanup();
    },
  };
}

/**
 * `redbutton worker` as an operator runs it: real processes on the shared database, on the bundle
 * in dist/ built from the current src/ (ensureBundle, in beforeAll): it starts on about a fifth of
 * the CPU tsx needs for src/, and this file starts ten workers.
 */
function startWorker(shared: Shared): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'redbutton.js'), 'worker'], {
    cwd: repoRoot,
    env: { ...process.env, REDBUTTON_FROM_SOURCE: undefined, ...shared.env, OPENAI_API_KEY: '', SMTP_URL: '', IMAP_HOST: '', SLACK_BOT_TOKEN: '', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return { child, stderr: () => err, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

const backends = [
  { backend: 'sqlite' as const, skip: undefined },
  { backend: 'postgres' as const, skip: postgresAvailable() ? undefined : postgresSkipReason },
];

describe.each(backends)('redbutton worker on $backend', ({ backend, skip }) => {
  let t: Shared;
  beforeAll(async () => {
    if (!skip) [t] = await Promise.all([openShared(backend), ensureBundle()]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(skip)('two workers on one database finish the jobs another process received, each stage once, and stop on SIGTERM', { timeout: 180_000 }, async () => {
    const user = await t.app.repos.users.create('est@gc.test', 'a-long-password-1');
    const ids: string[] = [];
    for (const title of ['SECTION 26 05 19 - LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS', 'SECTION 22 11 16 - DOMESTIC WATER PIPING', 'SECTION 09 91 23 - INTERIOR PAINTING']) {
      const path = join(t.dir, `${ids.length}.pdf`);
      writeFileSync(path, await smallPdf(title));
      // Received (e.g. by `serve` over HTTP) but not run here: the workers pick them up.
      const r = await t.app.packages.submit({ userId: user.userId, files: [{ name: `${ids.length}.pdf`, path, receivedVia: 'file' }], text: '', origin: 'http', allowDuplicate: true });
      ids.push(r.job!.jobId);
    }
    const workers = [startWorker(t), startWorker(t)];
    try {
      const until = Date.now() + 150_000;
      const statuses = async () => Promise.all(ids.map(async (id) => (await t.app.repos.jobs.getInternal(id))?.status));
      while ((await statuses()).some((s) => s !== 'CONTACT_MAP_READY' && s !== 'FAILED') && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
      expect(await statuses()).toEqual(['CONTACT_MAP_READY', 'CONTACT_MAP_READY', 'CONTACT_MAP_READY']);
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
    }
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
    const logs = workers.map((w) => w.stderr()).join('\n');
    expect(logs).toContain('worker started');
    // Every stage of every job started exactly once across the two processes.
    const starts = logs.split('\n').filter((l) => l.includes('"stage started"')).map((l) => JSON.parse(l) as { jobId: string; stage: string });
    for (const id of ids) {
      const stages = starts.filter((s) => s.jobId === id).map((s) => s.stage);
      expect(stages.length, id).toBeGreaterThan(0);
      expect(new Set(stages).size, `${id}: ${stages.join(', ')}`).toBe(stages.length);
    }
  });

  it.skipIf(skip)('three workers, one SIGKILLed in the middle of a stage: every job still ends, no stage is finished twice', { timeout: 240_000 }, async () => {
    const user = await t.app.repos.users.create('kill@gc.test', 'a-long-password-1');
    const titles = ['SECTION 26 05 19 - CONDUCTORS', 'SECTION 22 11 16 - DOMESTIC WATER PIPING', 'SECTION 09 91 23 - INTERIOR PAINTING', 'SECTION 23 31 13 - METAL DUCTS', 'SECTION 08 71 00 - DOOR HARDWARE', 'SECTION 07 92 00 - JOINT SEALANTS', 'SECTION 05 12 00 - STRUCTURAL STEEL FRAMING', 'SECTION 21 13 13 - WET-PIPE SPRINKLER SYSTEMS', 'SECTION 03 30 00 - CAST-IN-PLACE CONCRETE'];
    const ids: string[] = [];
    for (const title of titles) {
      const path = join(t.dir, `k${ids.length}.pdf`);
      writeFileSync(path, await smallPdf(title));
      const r = await t.app.packages.submit({ userId: user.userId, files: [{ name: `k${ids.length}.pdf`, path, receivedVia: 'file' }], text: '', origin: 'http', allowDuplicate: true });
      ids.push(r.job!.jobId);
    }
    const workers = [startWorker(t), startWorker(t), startWorker(t)];
    const victim = workers[0]!;
    try {
      // Killed the moment it has started a stage of one of these jobs (before it can commit it).
      const killBy = Date.now() + 60_000;
      while (!ids.some((id) => victim.stderr().includes(id) && victim.stderr().includes('"stage started"')) && Date.now() < killBy) await new Promise((r) => setTimeout(r, 5));
      victim.child.kill('SIGKILL');
      const until = Date.now() + 180_000;
      const statuses = async () => Promise.all(ids.map(async (id) => (await t.app.repos.jobs.getInternal(id))?.status));
      while ((await statuses()).some((s) => s !== 'CONTACT_MAP_READY') && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
      expect(await statuses()).toEqual(ids.map(() => 'CONTACT_MAP_READY'));
    } finally {
      for (const w of workers.slice(1)) w.child.kill('SIGTERM');
    }
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([null, 0, 0]);
    const finished = workers
      .flatMap((w) => w.stderr().split('\n'))
      .filter((l) => l.includes('"stage finished"'))
      .map((l) => JSON.parse(l) as { jobId: string; stage: string; moved: boolean })
      .filter((f) => f.moved);
    for (const id of ids) {
      const stages = finished.filter((f) => f.jobId === id).map((f) => f.stage);
      expect(stages.length, id).toBeGreaterThan(0);
      expect(new Set(stages).size, `${id}: ${stages.join(', ')}`).toBe(stages.length);
    }
    expect(await t.app.repos.jobs.listUnfinished()).toEqual([]);
    // The job the killed worker held was taken over from it (its lease had not expired: the owner was dead).
    expect(workers.slice(1).flatMap((w) => w.stderr().split('\n')).filter((l) => l.includes('taking over a job from a process that died')).length).toBeGreaterThanOrEqual(1);
  });
});
