/**
 * Process-tree measurements for the benchmarks: memory and CPU of a process and its descendants,
 * a timed run, and pinning a process to one core (util-linux `taskset`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on every Linux we run on). */
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces); [0] is the state. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // exited meanwhile
  }
}

/** A process and its live descendants. */
function tree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    const ppid = Number(statFields(Number(d))?.[1]);
    if (ppid) children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

/** Sum of RSS (MB) over a process and its descendants, from /proc. */
export function treeRssMb(pid: number): number {
  let kb = 0;
  for (const p of tree(pid)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch { /* exited meanwhile */ }
  }
  return kb / 1024;
}

/** CPU seconds (user + system) of a live process and of the children it has reaped (pdftotext, pdftoppm …). */
export function cpuSeconds(pid: number): number {
  const f = statFields(pid);
  return f ? (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS : 0;
}

/** CPU seconds of a process tree: every live process's own and its reaped children's (a Postgres server and its backends). */
export function treeCpuSeconds(pid: number): number {
  return tree(pid).reduce((sum, p) => sum + cpuSeconds(p), 0);
}

/**
 * The argv prefix that runs a command on one core: `taskset -c <core>`; its children (poppler's
 * tools) inherit the affinity, and Node's availableParallelism() then reports 1. Fails with what
 * to do when taskset is missing or the machine has fewer cores than asked for.
 */
export function pinnedTo(core: number): string[] {
  return ['taskset', '-c', String(core)];
}

/** Checks that `taskset` can pin to each of `cores`, else throws an error saying why. */
export function requirePinning(cores: number[]): void {
  const needed = Math.max(...cores) + 1;
  if (availableParallelism() < needed) {
    throw new Error(`--pin needs ${needed} cores this process may use; it has ${availableParallelism()} (see \`taskset -p $$\`)`);
  }
  const probe = spawnSync('taskset', ['-c', [...new Set(cores)].join(','), 'true'], { encoding: 'utf8' });
  if (probe.error && (probe.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('--pin needs `taskset` (Debian package util-linux: apt-get install util-linux); it is not on PATH');
  }
  if (probe.status !== 0) throw new Error(`--pin: \`taskset -c ${cores.join(',')} true\` failed: ${probe.stderr || probe.error?.message}`);
}

/** Runs a command under /usr/bin/time, sampling its tree's memory. */
export async function timed(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; wallS: number; cpuS: number; peakMb: number }> {
  const child = spawn('/usr/bin/time', ['-f', '\n@@%e %U %S', ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '', peakMb = 0;
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const poll = setInterval(() => (peakMb = Math.max(peakMb, treeRssMb(child.pid!))), 100);
  const code = await new Promise<number | null>((r) => child.on('close', r));
  clearInterval(poll);
  const m = /@@([\d.]+) ([\d.]+) ([\d.]+)/.exec(stderr);
  if (code !== 0 || !m) throw new Error(`${argv.join(' ')} failed: ${stderr.slice(-2000)}`);
  return { stdout, wallS: Number(m[1]), cpuS: Number(m[2]) + Number(m[3]), peakMb };
}
