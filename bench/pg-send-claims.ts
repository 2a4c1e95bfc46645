/**
 * The outbox's cost on Postgres: 1 and 2 sender processes (a pool each) with 4 claim loops apiece
 * (the sender's default concurrency) take queued invitations through PgSendQueueRepository exactly
 * as OutreachSender does — claimNext (SKIP LOCKED → SENDING + claim row), setStage('submitting'),
 * finish(SENT) — with no SMTP in between: what the queue adds per invitation, apart from the
 * sending. Checks every message was claimed once. Starts a throw-away cluster (Debian postgresql,
 * durability off, so this is the statements' cost rather than fsync's).
 *   npx tsx bench/pg-send-claims.ts [messages=1000]
 */
import { cpus, loadavg } from 'node:os';
import { sqlTime } from '../src/core/outreach/deps.js';
import { openPostgres, type PgHandle } from '../src/db/pg/client.js';
import { createPgRepositories } from '../src/db/pg/repositories/index.js';
import { freshDatabase } from '../test/helpers/postgres.js';

const messages = Number(process.argv[2] ?? 1000);
const LOOPS_PER_SENDER = 4;
const db = await freshDatabase();
const setup = await openPostgres(db.url, { max: 1 });
await setup.pool.query("INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'b@b.test', 'x')");
await setup.pool.query("INSERT INTO jobs (job_id, user_id, name) VALUES ('j1', 'u1', 'bench')");
await setup.pool.query("INSERT INTO contacts (contact_id, user_id, name, email) SELECT 'c' || g, 'u1', 'Sub ' || g, 's' || g || '@subs.test' FROM generate_series(1, $1) g", [messages]);

console.log(`messages per run: ${messages}; ${LOOPS_PER_SENDER} claim loops per sender; ${cpus().length} cores; load average before: ${loadavg()[0]!.toFixed(2)}`);
// The first run warms the JIT and the pools (not printed).
for (const senders of [0, 1, 2]) {
  const warmUp = senders === 0;
  await setup.pool.query('DELETE FROM email_logs');
  await setup.pool.query(
    "INSERT INTO email_logs (email_id, job_id, contact_id, status, to_email, message_id) SELECT 'e' || g, 'j1', 'c' || g, 'QUEUED', 's' || g || '@subs.test', '<e' || g || '@gc.test>' FROM generate_series(1, $1) g",
    [messages],
  );
  const handles: PgHandle[] = [];
  for (let s = 0; s < Math.max(1, senders); s++) handles.push(await openPostgres(db.url, { max: LOOPS_PER_SENDER, migrate: false }));
  const claimed = new Set<string>();
  let duplicates = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    handles.flatMap((h, s) => {
      const queue = createPgRepositories(h).sendQueue;
      return Array.from({ length: LOOPS_PER_SENDER }, async (_, loop) => {
        const owner = `bench:${s}:${loop}`;
        for (;;) {
          const now = new Date();
          const row = await queue.claimNext(owner, sqlTime(now), sqlTime(new Date(now.getTime() + 900_000)));
          if (!row) return;
          if (claimed.has(row.emailId)) duplicates++;
          claimed.add(row.emailId);
          await queue.setStage(row.emailId, owner, 'submitting');
          await queue.finish(row.emailId, owner, ['SENDING'], { status: 'SENT', providerId: 'bench', sentAt: sqlTime(new Date()) }, sqlTime(new Date()));
        }
      });
    }),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (warmUp) {
    for (const h of handles) await h.close();
    continue;
  }
  const [left] = (await setup.pool.query<{ n: string }>("SELECT count(*) AS n FROM email_logs WHERE status <> 'SENT'")).rows;
  console.log(
    `${senders} sender(s): ${claimed.size} invitations in ${(ms / 1000).toFixed(2)} s = ${Math.round((claimed.size / ms) * 1000)}/s, ` +
      `${((ms * senders * LOOPS_PER_SENDER) / claimed.size).toFixed(2)} ms per invitation per loop; client CPU ${((cpu.user + cpu.system) / 1000 / claimed.size).toFixed(3)} ms/invitation; ` +
      `claimed twice: ${duplicates}; not SENT: ${left?.n}; load ${loadavg()[0]!.toFixed(2)}`,
  );
  for (const h of handles) await h.close();
}
await setup.close();
await db.drop();
process.exit(0);
