import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the files the program reads at run time live: the one place that knows. The code runs from
 * src/ (tsx, vitest), from dist/ (the esbuild bundle) and from dist/ chunks, so a path relative to
 * the calling module would differ in each; every path here hangs off the package root instead.
 */

interface PackageJson { name?: string; version?: string }

/** The nearest directory above this module whose package.json is Red Button's (src/ and dist/ both sit one level below it). */
function findPackageRoot(): { root: string; pkg: PackageJson } {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
      if (pkg.name === 'redbutton') return { root: dir, pkg };
    }
    if (dirname(dir) === dir) throw new Error(`Red Button's package.json was not found above ${start}: the program's files (migrations/, templates/) must stay beside it.`);
  }
}

const { root, pkg } = findPackageRoot();

export const PACKAGE_ROOT = root;
export const PACKAGE_VERSION = pkg.version ?? 'unknown';
/** SQL migrations applied at start (`migrations/NNNN_*.sql`). */
export const MIGRATIONS_DIR = join(root, 'migrations');
/** Editable invitation templates (mustache). */
export const TEMPLATES_DIR = join(root, 'templates');
/** The PDF worker: plain JavaScript, run as-is in a worker thread (never bundled: it loads pdf.js itself). */
export const PDF_WORKER_FILE = join(root, 'src', 'core', 'pdf', 'worker.mjs');
/** The Perl bridge that classifies returned mail. */
export const BOUNCE_ANALYZER_SCRIPT = join(root, 'lib', 'bounce-analyzer.pl');
/** Sample inputs for `npm run demo`. */
export const SAMPLES_DIR = join(root, 'samples');
