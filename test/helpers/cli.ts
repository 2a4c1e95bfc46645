import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
/** The SHA-256 of the sources a bundle was built from, written beside it by ensureBundle. */
const stamp = `${bundle}.sources`;
/** What the bundle is made from: a change to any of these makes dist/ stale. */
const INPUTS = ['src', 'scripts/build.mjs', 'package.json', 'package-lock.json'];

/**
 * A hash of every input file's path and bytes. By content, not modification time: a checkout or a
 * copy of the tree can leave an older dist/ looking newer than the sources it was not built from.
 */
function sourcesHash(): string {
  const hash = createHash('sha256');
  const add = (rel: string): void => {
    const path = join(repoRoot, rel);
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) add(join(rel, name));
      return;
    }
    hash.update(`${rel}\0`).update(readFileSync(path));
  };
  INPUTS.forEach(add);
  return hash.digest('hex');
}

/** Whether dist/ holds a bundle built from the sources as they are now. */
export function bundleIsCurrent(): boolean {
  return existsSync(bundle) && existsSync(stamp) && readFileSync(stamp, 'utf8') === sourcesHash();
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
 * dist/ built from the current sources, checked once per test run: when the sources changed since
 * the last build the tests made (or dist/ has no stamp, as after `npm ci`), the first test process
 * that needs the CLI rebuilds it while the others wait (they must not start a half-written bundle).
 */
export function ensureBundle(): Promise<void> {
  ready ??= (async () => {
    const check = async () => {
      if (bundleIsCurrent()) return true;
      const hash = sourcesHash();
      await build();
      writeFileSync(stamp, hash);
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
