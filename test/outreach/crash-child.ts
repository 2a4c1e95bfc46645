import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Run one of the crash scripts here (crash-sender.ts, crash-reminders.ts) in a child process with
 * the given environment; it SIGKILLs itself at the point its env names. Resolves once it is dead
 * and reaped, with how it ended and what it printed on stderr.
 */
export function runCrashingChild(script: string, env: Record<string, string>): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/outreach', script)], {
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
