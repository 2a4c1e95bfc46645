import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files whose modules a worker may keep from one file to the next (isolate: false): they
 * import the extractor and the repositories but change no environment, mock nothing and leave
 * nothing running, so re-importing that graph for each file buys nothing. Every other file still
 * gets a fresh process.
 */
const SHARED_MODULES = [
  'test/scope/**/*.test.ts',
  'test/db/**/*.test.ts',
  'test/pg/{client,lease,migrate,leader,cluster,config,schema-parity}.test.ts',
];

export default defineConfig({
  test: {
    // One directory per run for what the test processes share: the throw-away Postgres and its
    // migrated template, the CLI bundle's build (test/helpers/run-once.ts).
    globalSetup: ['test/helpers/postgres-global.ts'],
    // Real servers (dovecot, SMTP, Chromium) and real PDFs: give them time, and keep the two cores busy but not swamped.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'shared-modules', include: SHARED_MODULES, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...SHARED_MODULES] } },
    ],
  },
});
