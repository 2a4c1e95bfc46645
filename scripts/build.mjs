// `npm run build` (and `prepare`, so `npm ci` on a fresh clone builds too): bundle the CLI with
// esbuild into dist/ — dist/redbutton.js plus one chunk per lazily loaded command group
// (dist/chunks/). Why a bundle: Node's ESM loader resolves and links every module one by one, and
// the CLI's ~100 own modules plus drizzle-orm (~110) and zod (~95) cost more at start than the code
// itself. Type checking stays with `npm run typecheck` (tsc --noEmit); the bundle is a transpile.
//
// Bundled: our src/ and the pure-ESM libraries the start path loads (BUNDLED below). Everything
// else stays an ordinary import from node_modules, loaded when first used: native modules
// (better-sqlite3, @napi-rs/canvas), packages that find their own files at run time (pdfjs-dist,
// pdfkit's fonts, pino's transports, zipcodes' table), and the heavy ones only some commands need
// (exceljs, mailparser, openai, @slack/bolt, fastify, imapflow, nodemailer). Files the program
// reads at run time (migrations/, templates/, the PDF worker, lib/) stay where they are: src/paths.ts
// finds them from the package root, which is the same from src/ and from dist/.
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** Pure-ESM packages with many modules on the start path, bundled with our code. */
const BUNDLED = ['zod', 'drizzle-orm', 'csv-parse', 'csv-stringify', 'libqp', 'pino', 'commander', 'dotenv', 'cli-progress', 'cli-table3', 'vcf',
  // Imports zod: bundled so it shares the one bundled zod with our schemas.
  'fastify-type-provider-zod'];

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // An install without devDependencies (npm ci --omit=dev): bin/redbutton.js then runs src/ through tsx if present.
  console.warn('redbutton build: esbuild is not installed (devDependencies omitted); dist/ not built.');
  process.exit(0);
}

const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2) : spec.split('/').slice(0, 1)).join('/');

/** Every bare import stays external unless its package is in BUNDLED. */
const externals = {
  name: 'externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      return BUNDLED.includes(packageName(args.path)) ? undefined : { path: args.path, external: true };
    });
  },
};

rmSync(dist, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { redbutton: 'src/cli/main.ts' },
  outdir: dist,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  // Class and function names as written (esbuild renames clashing top-level names across modules): stack traces and error names stay readable.
  keepNames: true,
  banner: { js: "import { createRequire as __cjsRequire } from 'node:module'; const require = __cjsRequire(import.meta.url);" },
  plugins: [externals],
  logLevel: 'warning',
  metafile: true,
});
if (result.errors.length > 0 || !existsSync(join(dist, 'redbutton.js'))) {
  console.error('redbutton build: dist/redbutton.js was not produced');
  process.exit(1);
}
const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
console.log(`redbutton build: ${outputs.length} files in dist/ (entry dist/redbutton.js)`);
