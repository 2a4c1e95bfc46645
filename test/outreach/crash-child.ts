import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const bundles = new Map<string, Promise<string>>();

/**
 * `script` and what it imports as one ES module, made once per test process. A child started from
 * it spends about half the CPU of one that loads ~200 modules through tsx (2.3 s against 4.9 s
 * measured), and each crash case starts one. The same esbuild transpile tsx does, with every
 * package left an ordinary import. The file is a cache under node_modules/.cache, named by its
 * content (a change of the sources makes a new one): there packages resolve as from src/, and
 * src/paths.ts finds the package root above it (the bundle's import.meta.url is every module's).
 */
function bundled(script: string): Promise<string> {
  let made = bundles.get(script);
  if (!made) {
    made = (async () => {
      const out = await build({ absWorkingDir: repoRoot, entryPoints: [join(repoRoot, 'test/outreach', script)], write: false, outfile: 'child.mjs', bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
      const code = out.outputFiles[0]!.contents;
      const dir = join(repoRoot, 'node_modules', '.cache', 'redbutton-test-children');
      const file = join(dir, `${script.replace(/\.ts$/, '')}.${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
      if (!existsSync(file)) {
        mkdirSync(dir, { recursive: true });
        // Whole under another name first: a process of another test file may be starting the same one.
        writeFileSync(`${file}.${process.pid}`, code);
        renameSync(`${file}.${process.pid}`, file);
      }
      return file;
    })();
    bundles.set(script, made);
  }
  return made;
}

/**
 * Run one of the crash scripts here (crash-sender.ts, crash-reminders.ts) in a child process with
 * the given environment; it SIGKILLs itself at the point its env names. Resolves once it is dead
 * and reaped, with how it ended and what it printed on stderr.
 */
export async function runCrashingChild(script: string, env: Record<string, string>): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const file = await bundled(script);
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [file], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', rej);
    child.on('exit', (code, signal) => res({ code, signal, stderr }));
  });
}
