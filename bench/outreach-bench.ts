/**
 * Outreach throughput: approve a job with N invitations, then drain the queue through a real
 * SMTP server (smtp-server on 127.0.0.1, in this process) with nodemailer's pool, the rate limit
 * off. Prints invitations per second for a few concurrency settings, and one run with the rate
 * limit on to show it holds.   npx tsx bench/outreach-bench.ts [N]
 */
import { cpus, loadavg, totalmem } from 'node:os';

// Per-message info logs would dominate the measurement; the logger reads LOG_LEVEL on import.
process.env.LOG_LEVEL ??= 'warn';
const { approveJob, OutreachSender } = await import('../src/core/outreach/index.js');
const { openWorldOn, readyJob } = await import('../test/outreach/world.js');
const { startSmtpServer } = await import('../test/outreach/smtp-server.js');

const N = Number(process.argv[2] ?? 400);

interface BenchResult {
  label: string;
  n: number;
  approveMs: number;
  sendMs: number;
  perSecond: number;
  /** CPU time of this process (sender + the in-process SMTP server) per invitation. */
  cpuMsPer: number;
}

async function run(label: string, concurrency: number, ratePerSecond: number, n: number): Promise<BenchResult> {
  const smtp = await startSmtpServer({ parse: false });
  const w = await openWorldOn('sqlite', {
    SMTP_URL: smtp.url,
    REDBUTTON_MAIL_FROM: 'GC Builders Bids <bids@gc-builders.test>',
    PUBLIC_URL: 'https://rb.gc-builders.test',
    SMTP_RATE_PER_SECOND: String(ratePerSecond),
    MAP_MAX_PER_TRADE: String(n),
    MAP_RADIUS_MILES: '5000',
    LOG_LEVEL: 'silent',
  });
  try {
    const user = await w.repos.users.create('estimator@gc-builders.test', 'password123');
    const rows = ['name,email,trades,zip'];
    for (let i = 0; i < n; i++) rows.push(`Sub ${i} Electric,bids@sub${i}-electric.test,${i % 2 ? 'Electrical' : 'Electrical;Plumbing'},55303`);
    await w.addressBook.importCsv(user.userId, rows.join('\n'));
    const { jobId, map } = await readyJob(w, user.userId, ['22', '26']);
    const a0 = performance.now();
    const summary = await approveJob(w, user.userId, jobId, { version: map.version });
    const approveMs = performance.now() - a0;
    const sender = new OutreachSender(w, { concurrency });
    const s0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await sender.drainOnce();
    const sendMs = performance.now() - s0;
    const cpu = process.cpuUsage(c0);
    await sender.close();
    if (r.sent !== summary.queued || smtp.received.length !== summary.queued) throw new Error(`sent ${r.sent}, received ${smtp.received.length}, queued ${summary.queued}`);
    return { label, n: summary.queued, approveMs, sendMs, perSecond: summary.queued / (sendMs / 1000), cpuMsPer: (cpu.user + cpu.system) / 1000 / summary.queued };
  } finally {
    await w.close();
    await smtp.close();
  }
}

console.log(`outreach bench: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
await run('warm-up', 4, 0, 50);
const results: BenchResult[] = [];
for (const c of [1, 4, 8]) results.push(await run(`rate limit off, concurrency ${c}`, c, 0, N));
results.push(await run('rate limit 20/s, concurrency 4', 4, 20, 60));
for (const r of results) {
  console.log(
    `${r.label.padEnd(34)} ${String(r.n).padStart(4)} invitations  approve ${r.approveMs.toFixed(0).padStart(5)} ms  send ${r.sendMs.toFixed(0).padStart(6)} ms  ${r.perSecond.toFixed(1).padStart(6)} /s  cpu ${r.cpuMsPer.toFixed(1)} ms/invitation`,
  );
}
