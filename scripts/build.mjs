// `npm run build` (and `prepare`, so `npm ci` on a fresh clone builds too): bundle the CLI with
// esbuild into one CommonJS file, dist/redbutton.cjs, and warm its V8 code cache
// (dist/redbutton.cjs.v8cache, see bin/redbutton.js). Why a bundle: Node's ESM loader resolves,
// reads, compiles and links every module one by one, and the CLI's ~100 own modules plus
// drizzle-orm (~110) and zod (~95) cost more at start than the code itself. Why one CommonJS file
// rather than ESM chunks: Node 20 can cache compiled code only for a script (vm.Script's
// cachedData), never for an ES module; with the cache, compiling the bundle costs little, so one
// file beats ~20 chunks (each a resolve, read and link). Modules a command does not use still only
// run when first imported: esbuild keeps each lazily imported module behind an init function.
// Type checking stays with `npm run typecheck` (tsc --noEmit); the bundle is a transpile.
//
// Bundled: our src/ and the pure-JS libraries the start path loads (BUNDLED below). Everything
// else stays an ordinary require/import from node_modules, loaded when first used: native modules
// (better-sqlite3, @napi-rs/canvas), packages that find their own files at run time (pdfjs-dist,
// pdfkit's fonts, pino's transports, zipcodes' table), and the heavy ones only some commands need
// (exceljs, mailparser, openai, @slack/bolt, fastify, imapflow, nodemailer). Files the program
// reads at run time (migrations/, templates/, the PDF worker, lib/) stay where they are: src/paths.ts
// finds them from the package root, which is the same from src/ and from dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** Pure-ESM packages with many modules on the start path, bundled with our code. */
const BUNDLED = ['zod', 'drizzle-orm', 'csv-parse', 'csv-stringify', 'libqp', 'pino', 'commander', 'dotenv', 'cli-progress', 'cli-table3', 'vcf',
  // Imports zod: bundled so it shares the one bundled zod with our schemas.
  'fastify-type-provider-zod',
  // What those require at start (pino's serializers and stderr writer, cli-table3's string width,
  // vcf's helpers, the address check's ipaddr.js): ~40 small CommonJS files, each otherwise
  // resolved, read and compiled on every start, outside the code cache. pino's thread-stream stays
  // external: it starts transports from its own lib/worker.js.
  'sonic-boom', 'pino-std-serializers', '@pinojs/redact', 'safe-stable-stringify', 'quick-format-unescaped', 'atomic-sleep', 'on-exit-leak-free',
  'string-width', 'strip-ansi', 'ansi-regex', 'is-fullwidth-code-point', 'emoji-regex', 'foldline', 'camelcase', 'ipaddr.js'];

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

/**
 * Our sources as 7-bit text (see asciiOnly): esbuild's charset 'ascii' escapes strings and
 * identifiers but not regular expression literals or template text (its docs: it does not parse
 * regular expressions), where our patterns carry dashes, bullets and currency signs. Each such
 * character is written as its \uXXXX escape before esbuild reads the file, so the source map is
 * made over the same text. \uXXXX means the same character in a regular expression (with or
 * without the u flag), a template's cooked text, a comment, and String.raw text given to new
 * RegExp — the only ways src/ uses such text.
 */
const asciiSources = {
  name: 'ascii-sources',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => ({ contents: asciiOnly(readFileSync(args.path, 'utf8'), args.path), loader: 'ts' }));
  },
};

function asciiOnly(text, file) {
  return text.replace(/(\\*)([\u0080-\uffff])/g, (_, slashes, c) => {
    // After an odd number of backslashes the character is itself escaped: \u would change its meaning.
    if (slashes.length % 2 === 1) throw new Error(`redbutton build: cannot escape "${c}" after a backslash in ${file}`);
    return `${slashes}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

rmSync(dist, { recursive: true, force: true });
const bundle = join(dist, 'redbutton.cjs');
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outfile: bundle,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  // Class and function names as written (esbuild renames clashing top-level names across modules): stack traces and error names stay readable.
  keepNames: true,
  // ASCII only (with asciiSources below), comments dropped. Identifiers stay as written, so stack
  // traces read as the source does.
  charset: 'ascii',
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  // CommonJS has no import.meta: the modules that find files or make a require from their own URL get the bundle's.
  define: { 'import.meta.url': '__bundleUrl' },
  // import() of a package becomes require(): a function V8 restores from the code cache has lost the
  // dynamic-import callback of its script (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING on Node 20). The
  // lazily imported packages (exceljs, yauzl, mailparser …) all have a CommonJS entry.
  supported: { 'dynamic-import': false },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [externals, asciiSources],
  logLevel: 'warning',
});
if (result.errors.length > 0 || !existsSync(bundle)) {
  console.error('redbutton build: dist/redbutton.cjs was not produced');
  process.exit(1);
}
// bin/redbutton.js reads the bundle as one-byte text (latin1), 3–5× faster than decoding UTF-8 on
// this machine (~15 vs ~70 ms for 2 MB), and V8 keeps a one-byte string: it must be 7-bit.
const nonAscii = /[\u0080-\uffff]/.exec(readFileSync(bundle, 'latin1'));
if (nonAscii) {
  console.error(`redbutton build: dist/redbutton.cjs is not ASCII-only: ${JSON.stringify(readFileSync(bundle, 'utf8').slice(Math.max(0, nonAscii.index - 60), nonAscii.index + 20))}`);
  process.exit(1);
}

// Warm the code cache with one run that loads every command's module (bin/redbutton.js writes the
// cache after a run that had none); a later Node with another V8 rejects it and the next run rewrites it.
const warm = spawnSync(process.execPath, [join(root, 'bin', 'redbutton.js'), '--help'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, REDBUTTON_FROM_SOURCE: '' } });
if (warm.status !== 0) {
  console.error('redbutton build: the built CLI did not start (bin/redbutton.js --help failed)');
  process.exit(1);
}
console.log('redbutton build: dist/redbutton.cjs' + (existsSync(`${bundle}.v8cache`) ? ' and its V8 code cache' : ''));
