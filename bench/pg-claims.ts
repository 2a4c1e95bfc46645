/**
 * Claim overhead on Postgres: N claimers (separate sessions, as N worker processes) take rows with
 * `FOR UPDATE SKIP LOCKED` + lease and release them, with no work in between — what the queue costs
 * per job, apart from the job. Starts a throw-away cluster (Debian postgresql, durability off, so
 * this is the CPU cost of the statements rather than of fsync).
 *   npx tsx bench/pg-claims.ts [rows=2000]
 */
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { claimNext, JOB_LEASES, releaseLease, workerIdentity } from '../src/db/pg/lease.js';
import { migratePostgres } from '../src/db/pg/migrate.js';
import { freshDatabase } from '../test/helpers/postgres.js';

const rows = Number(process.argv[2] ?? 2000);
const db = await freshDatabase();
const setup = new pg.Pool({ connectionString: db.url, max: 1 });
await migratePostgres(setup);
await setup.query("INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'b@b.test', 'x')");

console.log(`rows per run: ${rows}; ${cpus().length} cores; load average before: ${loadavg()[0]!.toFixed(2)}`);
for (const claimers of [1, 2, 4]) {
  await setup.query('DELETE FROM jobs');
  await setup.query("INSERT INTO jobs (job_id, user_id, name, status) SELECT 'j' || g, 'u1', 'j', 'PDF_SAVED' FROM generate_series(1, $1) g", [rows]);
  const pools = Array.from({ length: claimers }, () => new pg.Pool({ connectionString: db.url, max: 1 }));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let done = 0;
  await Promise.all(
    pools.map(async (pool) => {
      const owner = workerIdentity();
      for (;;) {
        const c = await claimNext(pool, JOB_LEASES, owner, { leaseSeconds: 60 });
        if (!c) return;
        // finishing a stage moves the job on; here: straight to the final state
        await pool.query("UPDATE jobs SET status = 'CONTACT_MAP_READY' WHERE job_id = $1", [c.id]);
        await releaseLease(pool, JOB_LEASES, c.id, owner);
        done++;
      }
    }),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `${claimers} claimer(s): ${done} jobs in ${(ms / 1000).toFixed(2)} s = ${Math.round((done / ms) * 1000)} claim+finish+release/s, ` +
      `${((ms * claimers) / done).toFixed(2)} ms per job per claimer; client CPU ${((cpu.user + cpu.system) / 1000 / done).toFixed(3)} ms/job; load ${loadavg()[0]!.toFixed(2)}`,
  );
  for (const p of pools) await p.end();
}
await setup.end();
await db.drop();
process.exit(0);
