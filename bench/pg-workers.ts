/**
 * Jobs per minute with 1, 2 and 4 `redbutton worker` processes on Postgres, side by side with one
 * worker on SQLite (the single-process default) in the same run. Each run: a fresh database, the
 * corpus's text-layer documents submitted as jobs (received, not run: the workers pick them up),
 * then N workers started and timed until every job reaches the contacts map. Prints wall time, the
 * workers' CPU (their own and their reaped children's, from /proc), Postgres' CPU (server and
 * backends) and the load average before and after.
 *
 * Default mode: unpinned workers, one job at a time per worker (PIPELINE_CONCURRENCY=1), then the
 * default concurrency. On a 2-core machine one unpinned worker already uses ~1.5 cores (it reads a
 * document with two poppler processes beside Node), so this mode cannot show processes adding up.
 *
 * `--pin`: one worker = one core. Each worker runs under `taskset -c <core>` (its poppler children
 * inherit it; it then reads with one lane): 1 worker on core 0, 2 on cores 0 and 1, 4 with two per
 * core, one job at a time each, beside 1 pinned SQLite worker; ratios are to the 1 pinned Postgres
 * worker. Postgres and this process (which only polls the jobs' states) are not pinned. It first
 * runs one unpinned worker to print how many cores one worker uses on its own.
 *
 * Needs Debian postgresql (a throw-away cluster, durability off), ../shared/corpus, and for --pin
 * util-linux's taskset and 2 cores.
 *   LOG_LEVEL=silent npx tsx bench/pg-workers.ts [copies=1] [--pin]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { corpusDir, makeTempDir, repoRoot } from '../test/helpers/app.js';
import { freshDatabase, postgresCluster } from '../test/helpers/postgres.js';
import { cpuSeconds, pinnedTo, requirePinning, treeCpuSeconds } from './proc-tree.js';

const pin = process.argv.includes('--pin');
const copies = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 1);
// Text-layer documents (the raster set is OCR's bench); the largest plan sets are left out to keep a run short.
// Submitted largest first (workers take jobs in the order received), each document's copies together:
// the run ends on short documents, not with one worker alone on a long plan set while the others
// have nothing left — that tail measures the corpus' skew, not the workers (it is printed).
const docs = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.pdf') && !f.includes('raster') && statSync(join(corpusDir, f)).size < 2_500_000)
  .sort((a, b) => statSync(join(corpusDir, b)).size - statSync(join(corpusDir, a)).size || a.localeCompare(b));

interface Run {
  backend: 'sqlite' | 'postgres';
  workers: number;
  /** Jobs each worker reads at once (PIPELINE_CONCURRENCY). */
  concurrency: number;
  /** Core of each worker (`taskset -c`), or none: unpinned. */
  cores?: number[];
}

interface Result {
  jobs: number;
  failed: number;
  wallS: number;
  workerCpuS: number;
  /** Each worker's CPU over the wall time: cores it used (≈ 1 for a pinned worker with work on a quiet core). */
  coreShares: number[];
  postgresCpuS: number;
  loadBefore: number;
  loadAfter: number;
  /** Jobs leased at once, averaged over the looks that found jobs still waiting: N workers × 1 job should keep N running. */
  runningWhileWaiting: number;
  /** Seconds from the last job taken to the end: the longest last documents, while some workers have nothing left. */
  tailS: number;
  /** Jobs each worker (lease holder) ran. */
  perWorker: number[];
}

/** The throw-away cluster's postmaster (its backends are its children), to count Postgres' CPU. */
async function postmasterPid(): Promise<number> {
  const { dir } = await postgresCluster();
  return Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

async function measure({ backend, workers, concurrency, cores }: Run): Promise<Result> {
  const { dir, cleanup } = makeTempDir('rb-bench-workers-');
  const db = backend === 'postgres' ? await freshDatabase() : undefined;
  const env: Record<string, string> = { REDBUTTON_DATA_DIR: dir, ...(db ? { DATABASE_URL: db.url, REDBUTTON_SECRET: 'a-bench-signing-secret-of-32-characters-plus' } : {}) };
  const app = await openApp(loadConfig({ ...process.env, OPENAI_API_KEY: undefined, SMTP_URL: undefined, IMAP_HOST: undefined, LOG_LEVEL: 'silent', ...env }));
  const user = await app.repos.users.create('bench@gc.test', 'a-long-password-1');
  const ids = new Set<string>();
  for (const doc of docs) {
    for (let c = 0; c < copies; c++) {
      const path = join(dir, `${c}-${doc}`);
      copyFileSync(join(corpusDir, doc), path);
      const r = await app.packages.submit({ userId: user.userId, files: [{ name: doc, path, receivedVia: 'file' }], text: '', origin: 'http', allowDuplicate: true });
      ids.add(r.job!.jobId);
    }
  }
  const postgres = db ? await postmasterPid() : undefined;
  const pgCpu0 = postgres ? treeCpuSeconds(postgres) : 0;
  const loadBefore = loadavg()[0]!;
  const children: ChildProcess[] = [];
  const t0 = performance.now();
  for (let i = 0; i < workers; i++) {
    const argv = [...(cores ? pinnedTo(cores[i]!) : []), process.execPath, join(repoRoot, 'bin', 'redbutton.js'), 'worker'];
    children.push(
      spawn(argv[0]!, argv.slice(1), {
        cwd: repoRoot,
        env: { ...process.env, REDBUTTON_FROM_SOURCE: '1', ...env, PIPELINE_CONCURRENCY: String(concurrency), OPENAI_API_KEY: '', SMTP_URL: '', IMAP_HOST: '', SLACK_BOT_TOKEN: '', LOG_LEVEL: 'silent' },
        stdio: 'ignore',
      }),
    );
  }
  let workerCpu: number[] = [];
  let failed = 0;
  let looks = 0;
  let running = 0;
  let lastWaiting = t0;
  const holder = new Map<string, string>();
  // One query per look (not one per job), four times a second: the poller stays out of the way.
  for (;;) {
    const mine = (await app.repos.jobs.listForUser(user.userId, ids.size)).filter((j) => ids.has(j.jobId));
    const open = mine.filter((j) => j.status !== 'CONTACT_MAP_READY' && j.status !== 'FAILED');
    for (const j of open) if (j.leaseOwner) holder.set(j.jobId, j.leaseOwner);
    // Whether anything serializes the workers: while jobs wait, every worker should hold one
    // (counted from the first job taken: a worker's start, ~1.5 s from source, is not a claim's fault).
    if (holder.size && open.some((j) => !j.leaseOwner)) {
      lastWaiting = performance.now();
      looks++;
      running += open.filter((j) => j.leaseOwner).length;
    }
    if (!open.length) {
      workerCpu = children.map((c) => cpuSeconds(c.pid!));
      failed = mine.filter((j) => j.status === 'FAILED').length;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const end = performance.now();
  const wallS = (end - t0) / 1000;
  const tailS = (end - lastWaiting) / 1000;
  const postgresCpuS = postgres ? treeCpuSeconds(postgres) - pgCpu0 : 0;
  const loadAfter = loadavg()[0]!;
  await Promise.all(children.map((c) => new Promise((r) => (c.kill('SIGTERM'), c.once('exit', r)))));
  await app.close();
  await db?.drop();
  cleanup();
  const counts = new Map<string, number>();
  for (const owner of holder.values()) counts.set(owner, (counts.get(owner) ?? 0) + 1);
  const perWorker = [...counts.values()].sort((a, b) => b - a);
  const workerCpuS = workerCpu.reduce((a, b) => a + b, 0);
  const coreShares = workerCpu.map((cpu) => cpu / wallS);
  return { jobs: ids.size, failed, wallS, workerCpuS, coreShares, postgresCpuS, loadBefore, loadAfter, runningWhileWaiting: looks ? running / looks : 0, tailS, perWorker };
}

const perMin = (r: Result) => (r.jobs / r.wallS) * 60;

function line(run: Run, r: Result, baseline?: Result): string {
  const where = run.cores ? `on core${new Set(run.cores).size > 1 ? 's' : ''} ${run.cores.join(',')}` : 'unpinned';
  return (
    `${run.backend.padEnd(8)} ${run.workers} worker(s) × ${run.concurrency} job(s) at once, ${where}: ${r.jobs} jobs in ${r.wallS.toFixed(1)} s = ${perMin(r).toFixed(1)} jobs/min` +
    `${baseline ? ` (${(perMin(r) / perMin(baseline)).toFixed(2)}× 1 worker)` : ''}${r.failed ? ` (${r.failed} failed)` : ''}; ` +
    `workers' CPU ${r.workerCpuS.toFixed(1)} s (${(r.workerCpuS / r.jobs).toFixed(2)} s/job; cores used by each: ${r.coreShares.map((c) => c.toFixed(2)).join('/')})` +
    `${run.backend === 'postgres' ? `, Postgres' ${r.postgresCpuS.toFixed(1)} s` : ''}; load ${r.loadBefore.toFixed(2)} → ${r.loadAfter.toFixed(2)}; ` +
    `jobs running while others waited: ${r.runningWhileWaiting.toFixed(2)} on average; tail after the last job was taken: ${r.tailS.toFixed(1)} s; jobs per worker: ${r.perWorker.join('/')}`
  );
}

async function report(run: Run, baseline?: Result): Promise<Result> {
  const r = await measure(run);
  console.log(line(run, r, baseline));
  return r;
}

console.log(`${docs.length * copies} jobs per run (${docs.length} corpus documents × ${copies}); ${cpus().length} cores; load before: ${loadavg()[0]!.toFixed(2)}`);
if (pin) {
  requirePinning([0, 1]);
  // What one worker uses left to itself: why unpinned workers cannot add up on 2 cores.
  const alone = await report({ backend: 'postgres', workers: 1, concurrency: 1 });
  console.log(`  one unpinned worker uses ${(alone.workerCpuS / alone.wallS).toFixed(2)} cores (${alone.workerCpuS.toFixed(1)} s CPU in ${alone.wallS.toFixed(1)} s)`);
  console.log('pinned (taskset; Postgres and the poller unpinned):');
  const sqlite = await report({ backend: 'sqlite', workers: 1, concurrency: 1, cores: [0] });
  const one = await report({ backend: 'postgres', workers: 1, concurrency: 1, cores: [0] });
  console.log(`  SQLite vs Postgres, one pinned worker: ${(perMin(sqlite) / perMin(one)).toFixed(2)}×`);
  await report({ backend: 'postgres', workers: 2, concurrency: 1, cores: [0, 1] }, one);
  await report({ backend: 'postgres', workers: 4, concurrency: 1, cores: [0, 1, 0, 1] }, one);
} else {
  // One job at a time per worker, then the default (2 jobs at once per process).
  await report({ backend: 'sqlite', workers: 1, concurrency: 1 });
  const one = await report({ backend: 'postgres', workers: 1, concurrency: 1 });
  for (const n of [2, 4]) await report({ backend: 'postgres', workers: n, concurrency: 1 }, one);
  await report({ backend: 'sqlite', workers: 1, concurrency: 2 });
  const oneDefault = await report({ backend: 'postgres', workers: 1, concurrency: 2 });
  await report({ backend: 'postgres', workers: 2, concurrency: 2 }, oneDefault);
}
process.exit(0);
