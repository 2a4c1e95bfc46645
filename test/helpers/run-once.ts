import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A directory the globalSetup (test/helpers/postgres-global.ts) made for this run, removed after it. */
    runStateDir: string;
  }
}

/** This vitest run's shared directory, or undefined when a file runs without the globalSetup. */
export function runStateDir(): string | undefined {
  try {
    return inject('runStateDir');
  } catch {
    return undefined;
  }
}

/**
 * Something made once per test run and shared by every test process (vitest runs files in separate
 * processes): the first caller makes it under a lock directory in `stateDir` and publishes the
 * result as JSON; every other caller waits for that result (or the first one's error).
 */
export async function oncePerRun<T>(stateDir: string, name: string, make: () => Promise<T>, waitSeconds = 180): Promise<T> {
  const done = publishedFile(stateDir, name);
  const failed = join(stateDir, `${name}.failed`);
  try {
    mkdirSync(join(stateDir, `${name}.lock`));
  } catch {
    for (let i = 0; i < waitSeconds * 10; i++) {
      if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as T;
      if (existsSync(failed)) throw new Error(`${name} failed in another test process: ${readFileSync(failed, 'utf8')}`);
      await sleep(100);
    }
    throw new Error(`${name} was not ready within ${waitSeconds} s`);
  }
  try {
    const value = await make();
    // Written whole under another name first, so a waiting process never reads half of it.
    writeFileSync(`${done}.tmp`, JSON.stringify(value ?? null), { mode: 0o600 });
    renameSync(`${done}.tmp`, done);
    return value;
  } catch (e) {
    writeFileSync(failed, e instanceof Error ? e.message : String(e));
    throw e;
  }
}

/** The file oncePerRun publishes `name`'s result in. */
export const publishedFile = (stateDir: string, name: string): string => join(stateDir, `${name}.json`);
