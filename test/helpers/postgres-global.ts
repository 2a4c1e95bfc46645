import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { stopCluster } from './postgres.js';

/** The run's directory and how many projects still use it: vitest runs this setup once per project (vitest.config.ts has two), in one process. */
const run = globalThis as { redbuttonTestRun?: { dir: string; users: number } };

/**
 * vitest globalSetup: hands every test file one directory for what the run's test processes share
 * (test/helpers/run-once.ts): the Postgres cluster and its migrated template, the CLI bundle's
 * build. Nothing starts here — the first test that needs a thing makes it, so runs without it pay
 * nothing — and the teardown of the last project stops the cluster once the run is over.
 */
export default function setup(project: TestProject): () => void {
  run.redbuttonTestRun ??= { dir: mkdtempSync(join(tmpdir(), 'rb-test-run-')), users: 0 };
  const shared = run.redbuttonTestRun;
  shared.users++;
  project.provide('runStateDir', shared.dir);
  return () => {
    if (--shared.users > 0) return;
    run.redbuttonTestRun = undefined;
    stopCluster(shared.dir);
  };
}
