import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { stopCluster } from './postgres.js';

/**
 * vitest globalSetup: hands every test file one directory for the run's Postgres cluster. Nothing
 * starts here — the first Postgres test starts the cluster (test/helpers/postgres.ts), so runs
 * without Postgres tests pay nothing — and the teardown stops it once the run is over.
 */
export default function setup(project: TestProject): () => void {
  const stateDir = mkdtempSync(join(tmpdir(), 'rb-pg-run-'));
  project.provide('pgStateDir', stateDir);
  return () => stopCluster(stateDir);
}
