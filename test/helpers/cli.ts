import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './app.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real `redbutton` CLI in a child process (as a user would), with its own environment — from src/, never a stale dist/. */
export function runCli(args: string[], env: Record<string, string | undefined>, stdin?: string): Promise<CliResult> {
  return runBin(args, { REDBUTTON_FROM_SOURCE: '1', ...env }, stdin);
}

/** The same, through the bundle in dist/ (`npm run build` first): what `npx redbutton` runs after `npm ci`. */
export function runBuiltCli(args: string[], env: Record<string, string | undefined>, stdin?: string): Promise<CliResult> {
  return runBin(args, { ...env, REDBUTTON_FROM_SOURCE: undefined }, stdin);
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
