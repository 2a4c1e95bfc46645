import { relative } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that take the longest (CI, 2026-12-02: 30–65 s each), started first in their project. On a
 * clean clone vitest has no timings yet and starts the biggest files first, so a long but short file
 * could start last and leave one worker idle at the end (the scope corpus test did: a ~45 s tail).
 */
const LONGEST = [
  'test/scope/real-pdfs.test.ts',
  'test/pdf/ocr.test.ts',
  'test/pg/cluster-kill.test.ts',
  'test/email/edge-cases.test.ts',
  'test/pipeline/worker-role.test.ts',
  'test/outreach/crash.test.ts',
  'test/slack/channel.test.ts',
  'test/outreach/returned-mail.test.ts',
  'test/contacts/map.test.ts',
  'test/email/answers.test.ts',
  'test/pdf/poppler-text.test.ts',
  'test/cli/cli.test.ts',
  'test/outreach/reminders-crash.test.ts',
  'test/http/sign-in.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONGEST.indexOf(relative(f.project.config.root, f.moduleId).replaceAll('\\', '/'));
      return i === -1 ? LONGEST.length : i;
    };
    // Projects stay in vitest's order (they run one after the other); within one, the longest first.
    const projects = [...new Set(sorted.map((f) => f.project.name))];
    return projects.flatMap((name) => sorted.filter((f) => f.project.name === name).map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f));
  }
}

/**
 * Test files whose modules a worker may keep from one file to the next (isolate: false): they
 * import the extractor and the repositories but change no environment, mock nothing and leave
 * nothing running, so re-importing that graph for each file buys nothing. Every other file still
 * gets a fresh process.
 */
const SHARED_MODULES = [
  'test/scope/**/*.test.ts',
  'test/db/**/*.test.ts',
  // PDF reading (pdf.js in a worker, poppler, tesseract): every case makes its own temp files.
  'test/pdf/**/*.test.ts',
  // An App per test (openTestApp, closed after it), the graph test/db files load already.
  'test/contacts/{map,import-formats}.test.ts',
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
    sequence: { sequencer: LongestFirst },
    projects: [
      { extends: true, test: { name: 'shared-modules', include: SHARED_MODULES, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...SHARED_MODULES] } },
    ],
  },
});
