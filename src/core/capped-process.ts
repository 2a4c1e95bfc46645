/**
 * The one way Red Button runs a native tool on untrusted input (poppler's pdfinfo, pdftotext,
 * pdftoppm and pdfimages, tesseract, the tnef decoder, the Perl bounce analyzer), with hard limits: no shell and a minimal environment, an address-space cap
 * (util-linux `prlimit --as`, which C programs honour, unlike Node's heap cap), a kill timer that a
 * caller reading progress can feed, and a cap on the output held in memory. Every way a run can
 * fail is one typed error, CappedRunError; callers turn its kind into their own user-facing error.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));
const MAX_STDERR_CHARS = 8000;

export interface CappedRunOptions {
  /** Address-space cap, MB. */
  memoryMb: number;
  /** Kill when this long passes without feed() — a whole-run limit for callers that never feed. */
  timeoutMs: number;
  /** Kill when more output than this is held: stdout buffered here, or what onData says it still holds. */
  maxOutputBytes: number;
  /** Sent on stdin (otherwise stdin is empty). */
  input?: Uint8Array;
  /** Added to the minimal environment (PATH, LANG=C.UTF-8). */
  env?: Record<string, string>;
  /** Takes stdout as it arrives instead of buffering it; returns how many bytes it still holds. */
  onData?: (chunk: Buffer) => number;
}

export interface CappedResult {
  /** All of stdout (empty when onData consumed it). */
  stdout: Buffer;
  stderr: string;
}

/**
 * Why a run gave no result: `timeout` (the timer ran out), `memory` (the address-space cap: the
 * tool's allocator gave up or it aborted), `output` (more output than allowed), `missing` (the tool
 * is not installed), `failed` (any other non-zero exit, or stopped by kill()).
 */
export type CappedFailure = 'timeout' | 'memory' | 'output' | 'missing' | 'failed';

export class CappedRunError extends Error {
  constructor(
    readonly kind: CappedFailure,
    message: string,
    /** What the tool wrote on stderr (its own words for what went wrong), up to a few kB. */
    readonly stderr = '',
  ) {
    super(message);
    this.name = 'CappedRunError';
  }
}

export interface CappedRun {
  /** Resolves once the tool exited with status 0; rejects with a CappedRunError otherwise. */
  done: Promise<CappedResult>;
  /** Restarts the kill timer (call on progress). */
  feed(): void;
  /** Stops the tool; `done` rejects with kind `failed`. */
  kill(): void;
}

/** The command's path (a name is looked up on PATH, no shell, no `which`), or undefined when it is not installed. */
export function findCommand(command: string): string | undefined {
  if (command.includes('/')) return existsSync(command) ? command : undefined;
  return (process.env.PATH ?? '/usr/bin:/bin').split(delimiter).filter(Boolean).map((d) => join(d, command)).find((p) => existsSync(p));
}

/** What allocators print when the address-space cap stops them (poppler, leptonica/tesseract, C++). */
const OUT_OF_MEMORY = /out of memory|bad_alloc|cannot allocate|\w*alloc\w* fail/i;
const CRASH_SIGNALS = new Set<NodeJS.Signals>(['SIGABRT', 'SIGSEGV', 'SIGBUS']);

export function runCapped(command: string, args: string[], opts: CappedRunOptions): CappedRun {
  const [file, argv] = PRLIMIT ? [PRLIMIT, [`--as=${opts.memoryMb * 1024 * 1024}`, '--', command, ...args]] : [command, args];
  const child = spawn(file, argv, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let failure: CappedRunError | undefined;
  const stop = (e: CappedRunError) => {
    failure ??= e;
    child.kill('SIGKILL');
  };
  let timer: NodeJS.Timeout | undefined;
  const feed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stop(new CappedRunError('timeout', `${command} made no progress for ${opts.timeoutMs} ms`, stderr)), opts.timeoutMs);
  };
  feed();

  const out: Buffer[] = [];
  let held = 0;
  child.stdout.on('data', (b: Buffer) => {
    if (failure) return;
    if (opts.onData) held = opts.onData(b);
    else {
      out.push(b);
      held += b.length;
    }
    if (held > opts.maxOutputBytes) stop(new CappedRunError('output', `${command} output over ${opts.maxOutputBytes} bytes`));
  });
  // One decoder across chunks: a chunk may end inside a multi-byte character.
  const errDecoder = new StringDecoder('utf8');
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    if (stderr.length < MAX_STDERR_CHARS) stderr += errDecoder.write(b);
  });
  // The tool may exit (or be killed) before reading all of stdin: 'close' reports that.
  child.stdin.on('error', () => undefined);
  child.stdin.end(opts.input ?? new Uint8Array());

  const done = new Promise<CappedResult>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new CappedRunError(e.code === 'ENOENT' ? 'missing' : 'failed', `${command}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      stderr += errDecoder.end();
      if (failure) return reject(failure);
      // prlimit execs the tool: a tool that is not installed is its exit status 127.
      if (code === 127 && PRLIMIT) return reject(new CappedRunError('missing', `${command} not found`));
      if (code === 0) return resolve({ stdout: Buffer.concat(out), stderr });
      const why = `${command} exit ${code ?? signal}: ${stderr.trim().slice(0, 300)}`;
      reject(new CappedRunError(OUT_OF_MEMORY.test(stderr) || (signal && CRASH_SIGNALS.has(signal)) ? 'memory' : 'failed', why, stderr));
    });
  });
  // A caller that kills the run and never awaits `done` must not leave an unhandled rejection.
  done.catch(() => undefined);
  return { done, feed, kill: () => stop(new CappedRunError('failed', `${command} stopped`)) };
}
