/**
 * What the pipeline's queue costs per job, apart from the job: a backlog of jobs whose one stage
 * does nothing, run to the end by one process's sweep (`PIPELINE_CONCURRENCY` jobs at once), on
 * SQLite and on Postgres in the same run. Two sweeps side by side:
 *  - claim-next (now): `PipelineDispatcher.sweep` — one claim statement per job (FOR UPDATE SKIP
 *    LOCKED on Postgres);
 *  - list-and-try (before): list every unfinished job, skip the held ones, claim each — so each
 *    sweep reads the whole backlog.
 * Each job also pays the runner's own statements (attempts, transition, release), the same in both.
 *   LOG_LEVEL=silent npx tsx bench/pg-claim-next.ts [jobs=400] [concurrency=2]
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createRepositories, type Repositories } from '../src/db/repositories/index.js';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { openPostgres } from '../src/db/pg/client.js';
import { createPgRepositories } from '../src/db/pg/repositories/index.js';
import { PipelineDispatcher, PipelineRunner, JobEvents } from '../src/core/pipeline/index.js';
import type { StageDefinition } from '../src/core/pipeline/stage.js';
import { claimIsFree } from '../src/core/domain/work-owner.js';
import { freshDatabase } from '../test/helpers/postgres.js';
import { makeTempDir } from '../test/helpers/app.js';

const jobs = Number(process.argv[2] ?? 400);
const concurrency = Number(process.argv[3] ?? 2);
const stages: StageDefinition[] = [{ name: 'nothing', from: 'PDF_SAVED', to: 'CONTACT_MAP_READY', run: async () => ({}) }];

async function backlog(repos: Repositories): Promise<void> {
  const user = await repos.users.create(`bench${Date.now()}${Math.random()}@gc.test`, 'long enough password');
  for (let i = 0; i < jobs; i++) {
    const j = await repos.jobs.create({ userId: user.userId, name: `job ${i}` });
    await repos.jobs.transition(j.jobId, 'NEW', 'PDF_SAVED');
  }
}

/** The sweep as it was: list every unfinished job, start each free one while slots remain. */
async function listAndTry(repos: Repositories): Promise<void> {
  const runner = new PipelineRunner({ jobs: repos.jobs, leases: repos.leases, stages });
  const running = new Map<string, Promise<unknown>>();
  for (;;) {
    let started = 0;
    for (const job of await repos.jobs.listUnfinished()) {
      if (running.size >= concurrency) break;
      if (running.has(job.jobId) || !claimIsFree({ owner: job.leaseOwner, leaseUntil: job.leaseUntil }, runner.owner)) continue;
      running.set(job.jobId, runner.runJob(job.jobId).finally(() => running.delete(job.jobId)));
      started++;
    }
    if (running.size === 0 && started === 0) return;
    await Promise.race(running.values()); // a slot is free: sweep again (the old dispatcher's poke)
  }
}

/** The sweep as it is: the dispatcher's own loop (it sweeps again whenever one of its runs ends). */
async function claimNext(repos: Repositories): Promise<void> {
  const runner = new PipelineRunner({ jobs: repos.jobs, leases: repos.leases, stages });
  const events = new JobEvents();
  let finished = 0;
  const all = new Promise<void>((resolve) => events.on('cli', () => void (++finished === jobs && resolve())));
  const d = new PipelineDispatcher({ runner, jobs: repos.jobs, events, concurrency, pollMs: 600_000 });
  d.start();
  await all;
  await d.close();
}

async function measure(db: string, way: string, repos: Repositories, sweep: (r: Repositories) => Promise<void>): Promise<string> {
  await backlog(repos);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sweep(repos);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const left = (await repos.jobs.listUnfinished()).length;
  if (left) throw new Error(`${left} jobs left unfinished`);
  return `| ${db} | ${way} | ${(ms / 1000).toFixed(2)} s | ${(ms / jobs).toFixed(2)} ms | ${((cpu.user + cpu.system) / 1000 / jobs).toFixed(2)} ms |`;
}

console.log(`${jobs} jobs with a no-op stage, ${concurrency} at once; ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average before ${loadavg()[0]!.toFixed(2)}`);
console.log('| database | sweep | wall | per job | client CPU per job |\n|---|---|---|---|---|');
const tmp = makeTempDir('rb-bench-claims-');
const pgdb = await freshDatabase();
const pg = await openPostgres(pgdb.url, { max: 4 });
try {
  for (const [way, sweep] of [['list-and-try (before)', listAndTry], ['claim-next (now)', claimNext]] as const) {
    const handle = openDatabase(join(tmp.dir, `${way.split(' ')[0]}.sqlite`));
    migrate(handle.sqlite);
    console.log(await measure('SQLite', way, createRepositories(handle.db), sweep));
    handle.close();
    console.log(await measure('Postgres', way, createPgRepositories(pg), sweep));
  }
} finally {
  await pg.close();
  await pgdb.drop();
  tmp.cleanup();
}
console.log(`load average after ${loadavg()[0]!.toFixed(2)}`);
process.exit(0);
