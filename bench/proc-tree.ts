/** Process-tree measurements for the benchmarks: memory of a process and its descendants, and a timed run. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Sum of RSS (MB) over a process and its descendants, from /proc. */
export function treeRssMb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch { /* exited meanwhile */ }
  }
  let kb = 0;
  const walk = (p: number) => {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch { /* exited meanwhile */ }
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return kb / 1024;
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
