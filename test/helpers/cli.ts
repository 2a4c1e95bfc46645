import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './app.js';
import { oncePerRun, runStateDir } from './run-once.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run the real `redbutton` CLI in a child process (as a user would), with its own environment:
 * bin/redbutton.js on the bundle in dist/, built from the current src/ for this run (ensureBundle).
 * The bundle starts in about a fifth of the CPU time src/ through tsx takes (each test spawns
 * dozens of these); bin/redbutton.js's tsx path has its own test (runSourceCli).
 */
export async function runCli(args: string[], env: Record<string, string | undefined>, stdin?: string): Promise<CliResult> {
  await ensureBundle();
  return runBin(args, { ...env, REDBUTTON_FROM_SOURCE: undefined }, stdin);
}

/** The same from src/ through tsx (REDBUTTON_FROM_SOURCE=1), as in development. */
export function runSourceCli(args: string[], env: Record<string, string | undefined>, stdin?: string): Promise<CliResult> {
  return runBin(args, { ...env, REDBUTTON_FROM_SOURCE: '1' }, stdin);
}

const bundle = join(repoRoot, 'dist', 'redbutton.cjs');
/** What the bundle is made from: a change to any of these makes dist/ stale. */
const INPUTS = ['src', 'scripts/build.mjs', 'package.json', 'package-lock.json'];

function newestChange(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((n, name) => Math.max(n, newestChange(join(path, name))), s.mtimeMs);
}

/** Whether dist/ holds a bundle at least as new as every file it is made from. */
export function bundleIsCurrent(): boolean {
  if (!existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  return INPUTS.every((p) => !existsSync(join(repoRoot, p)) || newestChange(join(repoRoot, p)) <= built);
}

/** `npm run build` (scripts/build.mjs, what `npm ci` runs): fails the caller with the build's own message. */
function build(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build failed (${code}): ${stderr}`))));
  });
}

let ready: Promise<void> | undefined;

/**
 * dist/ built from the current sources, once per test run: on CI `npm ci` has just built it, so
 * nothing is done; after an edit to src/ the first test process that needs the CLI rebuilds it
 * while the others wait (they must not start a half-written bundle).
 */
export function ensureBundle(): Promise<void> {
  ready ??= (async () => {
    const check = async () => {
      if (!bundleIsCurrent()) await build();
      return true;
    };
    const stateDir = runStateDir();
    await (stateDir ? oncePerRun(stateDir, 'cli-bundle', check) : check());
  })();
  return ready;
}

function runBin(args: string[], env: Record<string, string | undefined>, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'redbutton.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'silent', OPENAI_API_KEY: '', SMTP_URL: '', IMAP_HOST: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}
