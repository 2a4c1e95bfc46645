/**
 * Big address books: import an N-row contacts CSV (and an N/10-row workbook) through
 * AddressBook.import, as every channel does, into a real SQLite file and, side by side, a
 * Postgres database (a throw-away cluster, when Debian postgresql is installed). Prints the time to
 * read and plan, the time to write, and how long the event loop was held at most meanwhile (what a
 * concurrent /health request would wait).   npx tsx bench/contacts-import-bench.ts [N] [xlsx-only|csv-only]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpus, loadavg, totalmem } from 'node:os';
import ExcelJS from 'exceljs';

process.env.LOG_LEVEL ??= 'warn';
const { openTestApp } = await import('../test/helpers/app.js');
const { postgresAvailable } = await import('../test/helpers/postgres.js');
const BACKENDS = postgresAvailable() ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

const N = Number(process.argv[2] ?? 100_000);
const TRADES = ['Electrical', 'Plumbing', 'HVAC', 'Drywall', 'Concrete', 'Roofing', 'Low Voltage; Fire Alarm', 'Div 31', 'Paving', 'Sheet Metal'];

function csvOf(n: number): string {
  const rows = ['Company,Contact,E-mail,Phone,Trades,Zip'];
  for (let i = 0; i < n; i++) rows.push(`Sub ${i} Inc,Person ${i},est${i}@sub${i}.test,612-555-${String(i % 10000).padStart(4, '0')},"${TRADES[i % TRADES.length]}",${55000 + (i % 900)}`);
  return `${rows.join('\n')}\n`;
}

async function xlsxOf(n: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Subs');
  ws.addRow(['Subcontractor list']);
  ws.addRow(['Company', 'Contact', 'E-mail', 'Phone', 'Zip', 'Electrical', 'Plumbing', 'Drywall']);
  for (let i = 0; i < n; i++) ws.addRow([`Sub ${i} Inc`, `Person ${i}`, `x${i}@xsub${i}.test`, '612-555-0100', 55401, i % 3 === 0 ? 'X' : '', i % 3 === 1 ? 'X' : '', i % 3 === 2 ? 'X' : '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function measure(label: string, bytes: Buffer | string, dryRun: boolean, backend: 'sqlite' | 'postgres'): Promise<void> {
  const t = await openTestApp(backend, { CONTACTS_MAX_PER_USER: String(10 * N), LOG_LEVEL: 'silent' });
  try {
    const userId = (await t.app.repos.users.create('big@gc.test', 'password123')).userId;
    const loop = monitorEventLoopDelay({ resolution: 5 });
    let writeStart = 0;
    const t0 = performance.now();
    loop.enable();
    const r = await t.app.addressBook.import(userId, bytes, {
      dryRun,
      onProgress: (p) => {
        if (p.done === 0) writeStart = performance.now();
      },
    });
    loop.disable();
    const t1 = performance.now();
    const readMs = (writeStart || t1) - t0;
    const writeMs = writeStart ? t1 - writeStart : 0;
    console.log(
      `| ${label} | ${backend} | ${r.rows.length + r.skipped.length} | ${(readMs / 1000).toFixed(1)} s | ${dryRun ? '—' : `${(writeMs / 1000).toFixed(1)} s`} | ${((t1 - t0) / 1000).toFixed(1)} s | ${(loop.max / 1e6).toFixed(0)} ms | ${(loop.percentile(99) / 1e6).toFixed(0)} ms |`,
    );
  } finally {
    await t.cleanup();
  }
}

console.log(`${new Date().toISOString().slice(0, 10)} — ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`);
console.log('| input | database | rows | read + plan | write | total | longest event-loop stall | p99 stall |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
if (process.argv[3] !== 'xlsx-only') {
  const csv = csvOf(N);
  for (const backend of BACKENDS) await measure(`CSV, dry run`, csv, true, backend);
  for (const backend of BACKENDS) await measure(`CSV, import`, csv, false, backend);
}
if (process.argv[3] !== 'csv-only') {
  const workbook = await xlsxOf(Math.round(N / 10));
  for (const backend of BACKENDS) await measure(`.xlsx (X-marked trades), dry run`, workbook, true, backend);
  for (const backend of BACKENDS) await measure(`.xlsx (X-marked trades), import`, workbook, false, backend);
}
// The throw-away Postgres cluster is stopped on exit.
process.exit(0);
