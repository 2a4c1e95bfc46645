/**
 * Start-up of the `redbutton` command, beside a bare `node -e 0` (hyperfine is not installed here).
 * Runs each command N times, interleaved so load from other processes hits all of them alike, and
 * prints the median wall time and its ratio to bare node, and the load average before and after.
 * On Linux also the median CPU time (user + system) of each command, from the children's times in
 * /proc/self/stat: under load from other processes wall time is mostly waiting for a core, CPU
 * time is what the command itself costs.
 * Needs `npm run build` first (dist/): bin/redbutton.js runs the bundle.
 *
 *   npx tsx bench/cli-start.ts [N]      (default N = 15)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'redbutton.js');
if (!existsSync(join(root, 'dist', 'redbutton.cjs'))) throw new Error('dist/ missing: run `npm run build` first');
const n = Number(process.argv[2] ?? 15);
const loadBefore = loadavg()[0]!;
const dataDir = mkdtempSync(join(tmpdir(), 'rb-start-'));
const env = { ...process.env, REDBUTTON_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
spawnSync(process.execPath, [bin, 'user', 'add', 'bench@gc.test', '--password-stdin'], { env, input: 'bench password\n' });

const user = ['--user', 'bench@gc.test'];
const cases: { name: string; args: string[] }[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'redbutton --version', args: [bin, '--version'] },
  { name: 'redbutton --help', args: [bin, '--help'] },
  { name: 'redbutton contacts list', args: [bin, 'contacts', 'list', ...user] },
  { name: 'redbutton jobs list', args: [bin, 'jobs', 'list', ...user] },
];
const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
const cpu = new Map<string, number[]>(cases.map((c) => [c.name, []]));
/** CPU ms of this process's waited-for children so far (cutime + cstime, in clock ticks of 10 ms), or undefined off Linux. */
const childCpuMs = (): number | undefined => {
  if (!existsSync('/proc/self/stat')) return undefined;
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
};
for (let i = 0; i < n + 1; i++) {
  for (const c of cases) {
    const cpu0 = childCpuMs();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, c.args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu1 = childCpuMs();
    if (r.status !== 0) throw new Error(`${c.name} failed: ${r.stderr.toString()}`);
    if (i === 0) continue; // the first round warms the file cache
    times.get(c.name)!.push(ms);
    if (cpu0 !== undefined && cpu1 !== undefined) cpu.get(c.name)!.push(cpu1 - cpu0);
  }
}
rmSync(dataDir, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(times.get('node -e 0')!);
const cpuBase = cpu.get('node -e 0')!.length ? median(cpu.get('node -e 0')!) : undefined;
console.log(`${new Date().toISOString().slice(0, 10)} · node ${process.version} · ${n} runs each · load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} · ${cpus().length} × ${cpus()[0]?.model ?? '?'}`);
console.log('| command | median ms | min ms | × bare node | median CPU ms | CPU × bare node |\n| --- | --- | --- | --- | --- | --- |');
for (const c of cases) {
  const xs = times.get(c.name)!;
  const cs = cpu.get(c.name)!;
  const cpuCells = cpuBase ? `${median(cs)} | ${(median(cs) / cpuBase).toFixed(1)}` : '— | —';
  console.log(`| ${c.name} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)} | ${(median(xs) / base).toFixed(1)} | ${cpuCells} |`);
}
