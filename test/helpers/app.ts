import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type SqliteApp, type AppOverrides } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const corpusDir = resolve(repoRoot, '..', 'shared', 'corpus');

/** A throw-away data dir (real SQLite file, real LOCAL storage) for one test file. */
export function makeTempDir(prefix = 'rb-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestApp {
  app: SqliteApp;
  dir: string;
  cleanup: () => void;
}

/** A real App over a temp data dir; `env` adds or overrides configuration variables. */
export function createTestApp(env: Record<string, string | undefined> = {}, overrides: AppOverrides = {}): TestApp {
  const { dir, cleanup } = makeTempDir();
  const config = loadConfig({ ...process.env, OPENAI_API_KEY: undefined, SMTP_URL: undefined, IMAP_HOST: undefined, ...env, REDBUTTON_DATA_DIR: dir });
  const app = createApp(config, overrides);
  return {
    app,
    dir,
    cleanup: () => {
      app.close();
      cleanup();
    },
  };
}
