/**
 * One run of a native tool (tesseract, pdftoppm) on untrusted input, with hard limits: an
 * address-space cap (prlimit), a kill timer and an output cap. Input goes in on stdin, output is
 * collected from stdout; the caller turns the outcome into its own typed error.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface CappedRun {
  timeoutMs: number;
  /** Address-space cap, MB. */
  memoryMb: number;
  /** Kill the process when stdout grows past this. */
  maxOutputBytes: number;
  input?: Uint8Array;
  env?: Record<string, string>;
}

export interface CappedResult { stdout: Buffer; stderr: string; code: number | null; signal: NodeJS.Signals | null }

/** Why a run did not produce a result; `missing` = the command is not installed. */
export class CappedRunError extends Error {
  constructor(readonly kind: 'timeout' | 'output' | 'missing' | 'spawn', message: string) {
    super(message);
  }
}

const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));

/** The command's path on PATH, or undefined when it is not installed. */
export function findCommand(command: string): string | undefined {
  if (command.includes('/')) return existsSync(command) ? command : undefined;
  return (process.env.PATH ?? '/usr/bin:/bin').split(delimiter).map((d) => join(d, command)).find((p) => existsSync(p));
}

export function runCapped(command: string, args: string[], opts: CappedRun): Promise<CappedResult> {
  const [file, argv] = PRLIMIT ? [PRLIMIT, [`--as=${opts.memoryMb * 1024 * 1024}`, '--', command, ...args]] : [command, args];
  const child = spawn(file, argv, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let outBytes = 0;
  let stderr = '';
  return new Promise<CappedResult>((resolve, reject) => {
    let failed: CappedRunError | undefined;
    const fail = (e: CappedRunError) => {
      failed ??= e;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => fail(new CappedRunError('timeout', `${command} exceeded ${opts.timeoutMs} ms`)), opts.timeoutMs);
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > opts.maxOutputBytes) fail(new CappedRunError('output', `${command} output over ${opts.maxOutputBytes} bytes`));
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => { if (stderr.length < 4000) stderr += b.toString('utf8'); });
    // The tool may exit (or be killed) before reading all of stdin: that is reported by 'close'.
    child.stdin.on('error', () => undefined);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new CappedRunError(e.code === 'ENOENT' ? 'missing' : 'spawn', e.message));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failed) return reject(failed);
      // prlimit runs the tool with execvp: a missing tool is its exit status 127.
      if (code === 127) return reject(new CappedRunError('missing', `${command} not found`));
      resolve({ stdout: Buffer.concat(out), stderr, code, signal });
    });
    child.stdin.end(opts.input ?? new Uint8Array());
  });
}
