import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One throw-away Postgres per run, started by the first test that needs it (test/helpers/postgres.ts).
    globalSetup: ['test/helpers/postgres-global.ts'],
    // Real servers (dovecot, SMTP, Chromium) and real PDFs: give them time, and keep the two cores busy but not swamped.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
