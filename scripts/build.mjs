// `npm run build` (and `prepare`, so `npm ci` on a fresh clone builds too): compile src/ to dist/
// with tsc, then copy the files the program reads at run time that tsc does not emit (src/**/*.mjs
// such as the PDF worker, JSON data). dist/ mirrors src/, so paths like ../../migrations and
// ../../../templates resolve from either.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // An install without devDependencies (npm ci --omit=dev): bin/redbutton.js then needs a dist/ from elsewhere.
  console.warn('redbutton build: typescript is not installed (devDependencies omitted); dist/ not built.');
  process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);

const RUNTIME_FILE = /\.(mjs|cjs|json)$/;
function copyRuntimeFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const from = join(dir, entry.name);
    if (entry.isDirectory()) copyRuntimeFiles(from);
    else if (RUNTIME_FILE.test(entry.name)) cpSync(from, join(dist, relative(src, from)));
  }
}
copyRuntimeFiles(src);
if (!existsSync(join(dist, 'cli', 'main.js'))) {
  console.error('redbutton build: dist/cli/main.js missing after tsc');
  process.exit(1);
}
