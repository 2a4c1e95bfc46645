/**
 * The outbox's cost on Postgres: 1 and 2 senders (a pool each) with 4 claim loops apiece (the
 * sender's default concurrency) take queued invitations through PgSendQueueRepository exactly as
 * OutreachSender does — claimNext (SKIP LOCKED → SENDING + claim row), setStage('submitting'),
 * finish(SENT) — with no SMTP in between: what the queue adds per invitation, apart from the
 * sending. Checks every message was claimed once. Starts a throw-away cluster (Debian postgresql,
 * durability off, so this is the statements' cost rather than fsync's). Prints the senders' CPU,
 * Postgres' CPU (server and backends) and the load average before and after.
 *
 * Default: both "senders" are pools inside this process (a warm-up run first, not printed).
 * `--pin`: each sender is a process of its own under `taskset -c <core>` — 1 sender on core 0, then
 * 2 on cores 0 and 1 — so the senders do not share a core; Postgres stays unpinned. Each sender
 * opens its pool and warms its statements on an empty queue before the invitations are queued and
 * the clock starts.
 *   LOG_LEVEL=silent npx tsx bench/pg-send-claims.ts [messages=1000] [--pin]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sqlTime } from '../src/core/outreach/deps.js';
import { openPostgres, type PgHandle } from '../src/db/pg/client.js';
import { createPgRepositories } from '../src/db/pg/repositories/index.js';
import { freshDatabase, postgresCluster } from '../test/helpers/postgres.js';
import { pinnedTo, requirePinning, treeCpuSeconds } from './proc-tree.js';

const LOOPS_PER_SENDER = 4;
const args = process.argv.slice(2);

/** Takes queued invitations until none is left, as OutreachSender's loops do; returns the ids it took. */
async function drain(handle: PgHandle, sender: number): Promise<string[]> {
  const queue = createPgRepositories(handle).sendQueue;
  const taken: string[] = [];
  await Promise.all(
    Array.from({ length: LOOPS_PER_SENDER }, async (_, loop) => {
      const owner = `bench:${sender}:${loop}`;
      for (;;) {
        const now = new Date();
        const row = await queue.claimNext(owner, sqlTime(now), sqlTime(new Date(now.getTime() + 900_000)));
        if (!row) return;
        taken.push(row.emailId);
        await queue.setStage(row.emailId, owner, 'submitting');
        await queue.finish(row.emailId, owner, ['SENDING'], { status: 'SENT', providerId: 'bench', sentAt: sqlTime(new Date()) }, sqlTime(new Date()));
      }
    }),
  );
  return taken;
}

/**
 * One sender process (`--sender <url> <n>`): opens its pool, warms its statements on the empty
 * queue, says "ready", drains the queue on "go", and prints the ids it took and its CPU as JSON.
 */
async function senderProcess(url: string, sender: number): Promise<void> {
  const handle = await openPostgres(url, { max: LOOPS_PER_SENDER, migrate: false });
  for (let i = 0; i < 20; i++) await drain(handle, sender);
  const lines = createInterface({ input: process.stdin });
  console.log('ready');
  for await (const l of lines) if (l === 'go') break;
  const cpu0 = process.cpuUsage();
  const taken = await drain(handle, sender);
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ taken, cpuMs: (cpu.user + cpu.system) / 1000 }));
  await handle.close();
  process.exit(0);
}

interface Drained {
  taken: string[];
  /** CPU of the senders while draining. */
  cpuMs: number;
}

/** `senders` processes, each on its core, started and warmed before `queue()` fills the outbox; timed from "go". */
async function drainInProcesses(url: string, cores: number[], queue: () => Promise<void>): Promise<Drained & { ms: number }> {
  const children = cores.map((core, n) => {
    const argv = [...pinnedTo(core), process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), '--sender', url, String(n)];
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const next = async () => {
      const { value, done } = await lines.next();
      if (done) throw new Error(`sender ${n} exited before answering`);
      return value as string;
    };
    return { child, next };
  });
  for (const c of children) if ((await c.next()) !== 'ready') throw new Error('a sender did not start');
  await queue();
  const t0 = performance.now();
  for (const c of children) c.child.stdin!.write('go\n');
  const results = await Promise.all(children.map(async (c) => JSON.parse(await c.next()) as Drained));
  const ms = performance.now() - t0;
  return { ms, taken: results.flatMap((r) => r.taken), cpuMs: results.reduce((s, r) => s + r.cpuMs, 0) };
}

/** `senders` pools in this process. */
async function drainInThisProcess(url: string, senders: number): Promise<Drained & { ms: number }> {
  const handles: PgHandle[] = [];
  for (let s = 0; s < senders; s++) handles.push(await openPostgres(url, { max: LOOPS_PER_SENDER, migrate: false }));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const taken = (await Promise.all(handles.map((h, s) => drain(h, s)))).flat();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  for (const h of handles) await h.close();
  return { ms, taken, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function main(): Promise<void> {
  const pin = args.includes('--pin');
  const messages = Number(args.find((a) => !a.startsWith('--')) ?? 1000);
  if (pin) requirePinning([0, 1]);
  const db = await freshDatabase();
  const setup = await openPostgres(db.url, { max: 1 });
  const { dir } = await postgresCluster();
  const postmaster = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  await setup.pool.query("INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'b@b.test', 'x')");
  await setup.pool.query("INSERT INTO jobs (job_id, user_id, name) VALUES ('j1', 'u1', 'bench')");
  await setup.pool.query("INSERT INTO contacts (contact_id, user_id, name, email) SELECT 'c' || g, 'u1', 'Sub ' || g, 's' || g || '@subs.test' FROM generate_series(1, $1) g", [messages]);
  let pg0 = 0;
  const queue = async () => {
    await setup.pool.query('DELETE FROM email_logs');
    await setup.pool.query(
      "INSERT INTO email_logs (email_id, job_id, contact_id, status, to_email, message_id) SELECT 'e' || g, 'j1', 'c' || g, 'QUEUED', 's' || g || '@subs.test', '<e' || g || '@gc.test>' FROM generate_series(1, $1) g",
      [messages],
    );
    pg0 = treeCpuSeconds(postmaster); // Postgres' CPU from here: the draining, not the senders' start
  };

  console.log(
    `messages per run: ${messages}; ${LOOPS_PER_SENDER} claim loops per sender; ${pin ? 'each sender a process pinned to its core (taskset), Postgres unpinned' : 'senders are pools in this process'}; ` +
      `${cpus().length} cores; load average before: ${loadavg()[0]!.toFixed(2)}`,
  );
  // In this process, the first run warms the JIT and the pools (not printed); a sender process warms itself.
  for (const senders of pin ? [1, 2] : [0, 1, 2]) {
    const loadBefore = loadavg()[0]!;
    let run: Drained & { ms: number };
    if (pin) {
      run = await drainInProcesses(db.url, [0, 1].slice(0, senders), queue);
    } else {
      await queue();
      run = await drainInThisProcess(db.url, Math.max(1, senders));
    }
    const pgCpuMs = (treeCpuSeconds(postmaster) - pg0) * 1000;
    if (senders === 0) continue;
    const n = new Set(run.taken).size;
    const [left] = (await setup.pool.query<{ n: string }>("SELECT count(*) AS n FROM email_logs WHERE status <> 'SENT'")).rows;
    console.log(
      `${senders} sender(s)${pin ? ` on core${senders > 1 ? 's' : ''} ${[0, 1].slice(0, senders).join(',')}` : ''}: ${n} invitations in ${(run.ms / 1000).toFixed(2)} s = ${Math.round((n / run.ms) * 1000)}/s, ` +
        `${((run.ms * senders * LOOPS_PER_SENDER) / n).toFixed(2)} ms per invitation per loop; senders' CPU ${(run.cpuMs / n).toFixed(3)} ms/invitation, ` +
        `Postgres' ${(pgCpuMs / n).toFixed(3)} ms/invitation (so ${cpus().length} cores carry at most ${Math.round((cpus().length * 1000 * n) / (run.cpuMs + pgCpuMs))}/s); claimed twice: ${run.taken.length - n}; not SENT: ${left?.n}; load ${loadBefore.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`,
    );
  }
  await setup.close();
  await db.drop();
}

if (args[0] === '--sender') await senderProcess(args[1]!, Number(args[2]));
else await main();
process.exit(0);
