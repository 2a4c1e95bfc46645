/**
 * A separate process that takes a lease (with heartbeats) or the leader lock on the test database,
 * prints one JSON line when it holds it, then keeps holding until it is killed — what a worker on
 * another host looks like to the database.
 *   holder.ts <url> lease <leaseSeconds>   |   holder.ts <url> leader <name>
 */
import pg from 'pg';
import { JOB_LEASES, takeNext, workerIdentity } from '../../src/db/pg/lease.js';
import { LeaderLock } from '../../src/db/pg/leader.js';

const [url, mode, arg] = process.argv.slice(2) as [string, string, string];
if (mode === 'lease') {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const owner = workerIdentity();
  const lease = await takeNext(pool, JOB_LEASES, owner, { leaseSeconds: Number(arg) });
  process.stdout.write(`${JSON.stringify({ id: lease?.id ?? null, owner })}\n`);
} else {
  const leader = new LeaderLock(url, arg, { checkMs: 200 });
  process.stdout.write(`${JSON.stringify({ leader: await leader.tryAcquire() })}\n`);
}
setInterval(() => {}, 60_000);
