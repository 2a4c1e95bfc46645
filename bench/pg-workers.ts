/**
 * Jobs per minute with 1, 2 and 4 `redbutton worker` processes on Postgres, side by side with one
 * worker on SQLite (the single-process default) in the same run — first one job at a time per
 * worker (PIPELINE_CONCURRENCY=1, so the figures show how processes add up), then the default. Each run: a fresh database, the
 * corpus's text-layer documents submitted as jobs (received, not run: the workers pick them up),
 * then N workers started and timed until every job reaches the contacts map. Prints wall time,
 * the workers' CPU (their own and their reaped children's, from /proc), and the load average.
 * Needs Debian postgresql (a throw-away cluster, durability off) and ../shared/corpus.
 *   LOG_LEVEL=silent npx tsx bench/pg-workers.ts [copies=1]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { corpusDir, makeTempDir, repoRoot } from '../test/helpers/app.js';
import { freshDatabase } from '../test/helpers/postgres.js';

const copies = Number(process.argv[2] ?? 1);
// Text-layer documents (the raster set is OCR's bench); the largest plan sets are left out to keep a run short.
const docs = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.pdf') && !f.includes('raster') && statSync(join(corpusDir, f)).size < 2_500_000)
  .sort();
const TICKS = 100; // USER_HZ on Linux

/** CPU seconds of a live process and the children it has reaped (pdftotext, tesseract …). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS;
}

async function run(backend: 'sqlite' | 'postgres', workers: number, concurrency = 2): Promise<void> {
  const { dir, cleanup } = makeTempDir('rb-bench-workers-');
  const db = backend === 'postgres' ? await freshDatabase() : undefined;
  const env: Record<string, string> = { REDBUTTON_DATA_DIR: dir, ...(db ? { DATABASE_URL: db.url, REDBUTTON_SECRET: 'a-bench-signing-secret-of-32-characters-plus' } : {}) };
  const app = await openApp(loadConfig({ ...process.env, OPENAI_API_KEY: undefined, SMTP_URL: undefined, IMAP_HOST: undefined, LOG_LEVEL: 'silent', ...env }));
  const user = await app.repos.users.create('bench@gc.test', 'a-long-password-1');
  const ids: string[] = [];
  for (let c = 0; c < copies; c++) {
    for (const doc of docs) {
      const path = join(dir, `${c}-${doc}`);
      copyFileSync(join(corpusDir, doc), path);
      const r = await app.packages.submit({ userId: user.userId, files: [{ name: doc, path, receivedVia: 'file' }], text: '', origin: 'http', allowDuplicate: true });
      ids.push(r.job!.jobId);
    }
  }
  const children: ChildProcess[] = [];
  const t0 = performance.now();
  for (let i = 0; i < workers; i++) {
    children.push(
      spawn(process.execPath, [join(repoRoot, 'bin', 'redbutton.js'), 'worker'], {
        cwd: repoRoot,
        env: { ...process.env, REDBUTTON_FROM_SOURCE: '1', ...env, PIPELINE_CONCURRENCY: String(concurrency), OPENAI_API_KEY: '', SMTP_URL: '', IMAP_HOST: '', SLACK_BOT_TOKEN: '', LOG_LEVEL: 'silent' },
        stdio: 'ignore',
      }),
    );
  }
  let cpu = 0;
  for (;;) {
    const statuses = await Promise.all(ids.map(async (id) => (await app.repos.jobs.getInternal(id))?.status));
    if (statuses.every((s) => s === 'CONTACT_MAP_READY' || s === 'FAILED')) {
      cpu = children.reduce((sum, c) => sum + cpuSeconds(c.pid!), 0);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const wallS = (performance.now() - t0) / 1000;
  const failed = (await Promise.all(ids.map(async (id) => (await app.repos.jobs.getInternal(id))?.status))).filter((s) => s === 'FAILED').length;
  await Promise.all(children.map((c) => new Promise((r) => (c.kill('SIGTERM'), c.once('exit', r)))));
  console.log(
    `${backend.padEnd(8)} ${workers} worker(s) × ${concurrency} job(s) at once: ${ids.length} jobs in ${wallS.toFixed(1)} s = ${((ids.length / wallS) * 60).toFixed(1)} jobs/min` +
      `${failed ? ` (${failed} failed)` : ''}; workers' CPU ${cpu.toFixed(1)} s (${(cpu / ids.length).toFixed(2)} s/job); load ${loadavg()[0]!.toFixed(2)}`,
  );
  await app.close();
  await db?.drop();
  cleanup();
}

console.log(`${docs.length * copies} jobs per run (${docs.length} corpus documents × ${copies}); ${cpus().length} cores; load before: ${loadavg()[0]!.toFixed(2)}`);
// One job at a time per worker: how the claims let processes add up (2 cores: 2 workers should near 2×).
await run('sqlite', 1, 1);
for (const n of [1, 2, 4]) await run('postgres', n, 1);
// The default (2 jobs at once per process): one worker already keeps both cores busy.
await run('sqlite', 1);
for (const n of [1, 2]) await run('postgres', n);
process.exit(0);
