/**
 * Runs one of poppler's command-line tools (pdfinfo, pdftotext, pdftoppm) on an untrusted PDF with
 * the limits the pdf.js workers have: no shell, a minimal environment, an address-space cap
 * (util-linux `prlimit --as`, which C programs honour, unlike Node), a watchdog that must be fed
 * (the caller feeds it on every page), and a cap on output held in memory.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));

/** How a native run ended when it did not exit cleanly. */
export type NativeFailure =
  | { kind: 'timeout' }
  | { kind: 'memory' }
  | { kind: 'output'; bytes: number }
  | { kind: 'missing' }
  | { kind: 'failed'; detail: string };

export class NativeRunError extends Error {
  constructor(readonly failure: NativeFailure) {
    super(failure.kind === 'failed' ? failure.detail : `native PDF tool ${failure.kind}`);
  }
}

export interface NativeRunOptions {
  /** Address-space cap, MB. */
  memoryMb: number;
  /** Kill when nothing fed the watchdog for this long. */
  idleTimeoutMs: number;
  /** Kill when more than this much output is buffered at once (bytes). */
  maxBufferedBytes: number;
  /** Receives stdout; returns how many bytes it still holds (what it did not consume yet). */
  onData?: (chunk: Buffer) => number;
}

/** Whether a program is on PATH (no shell, no `which`). */
export function onPath(program: string): boolean {
  return (process.env.PATH ?? '/usr/bin:/bin').split(delimiter).some((dir) => dir && existsSync(join(dir, program)));
}

export interface NativeRun {
  /** Resolves with stdout (when no onData consumer) and stderr once the tool exited with 0. */
  done: Promise<{ stdout: Buffer; stderr: string }>;
  /** Restarts the idle timer (call on progress). */
  feed(): void;
  kill(): void;
}

export function runNative(program: string, args: string[], opts: NativeRunOptions): NativeRun {
  const [file, argv] = PRLIMIT ? [PRLIMIT, [`--as=${opts.memoryMb * 1024 * 1024}`, '--', program, ...args]] : [program, args];
  const child = spawn(file, argv, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let failure: NativeFailure | undefined;
  const stop = (f: NativeFailure) => {
    failure ??= f;
    child.kill('SIGKILL');
  };
  let timer: NodeJS.Timeout | undefined;
  const feed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stop({ kind: 'timeout' }), opts.idleTimeoutMs);
  };
  feed();
  const out: Buffer[] = [];
  let held = 0;
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    if (failure) return;
    if (opts.onData) held = opts.onData(b);
    else {
      out.push(b);
      held += b.length;
    }
    if (held > opts.maxBufferedBytes) stop({ kind: 'output', bytes: held });
  });
  child.stderr.on('data', (b: Buffer) => { if (stderr.length < 8000) stderr += b.toString('utf8'); });
  const done = new Promise<{ stdout: Buffer; stderr: string }>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new NativeRunError(e.code === 'ENOENT' ? { kind: 'missing' } : { kind: 'failed', detail: e.message }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) return reject(new NativeRunError(failure));
      // prlimit execs the tool: a missing tool is its exit status 127.
      if (code === 127) return reject(new NativeRunError({ kind: 'missing' }));
      // Under the address-space cap poppler's allocator aborts ("Out of memory") or is killed.
      if (code !== 0 && (/out of memory|bad_alloc/i.test(stderr) || signal === 'SIGABRT' || signal === 'SIGSEGV')) return reject(new NativeRunError({ kind: 'memory' }));
      if (code !== 0) return reject(new NativeRunError({ kind: 'failed', detail: `${program} exit ${code ?? signal}: ${stderr.trim().slice(0, 300)}` }));
      resolve({ stdout: Buffer.concat(out), stderr });
    });
  });
  done.catch(() => undefined);
  return { done, feed, kill: () => stop({ kind: 'failed', detail: 'stopped' }) };
}
