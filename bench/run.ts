/**
 * `npm run bench [-- name …]`: runs the benchmarks one after another (each prints its figures beside
 * the native reference in the same run). Without names it lists them; `all` runs every one.
 * Each runs in its own process so one's memory peak does not colour the next's.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const BENCHES: Record<string, string> = {
  pdf: 'pdf-bench.ts — text pass and rendering beside pdftotext/pdftoppm, hostile-PDF bounds',
  scope: 'scope-text-pass.ts — the detector\'s 200-page text pass beside pdftotext (and an old tree: run it directly with --old)',
  ocr: 'ocr-bench.ts — OCR of scanned sheets beside pdftoppm | tesseract',
  cli: 'cli-start.ts — CLI start-up beside bare node',
  contacts: 'contacts-import-bench.ts — big address-book imports and event-loop stalls',
  map: 'map-bench.ts — contacts maps with many contacts',
  outreach: 'outreach-bench.ts — sending invitations',
  'pg-claims': 'pg-claims.ts — SKIP LOCKED claims on a throw-away Postgres',
};

const here = dirname(fileURLToPath(import.meta.url));
const names = process.argv.slice(2);
if (names.length === 0) {
  console.log('usage: npm run bench -- <name …|all>\n');
  for (const [name, what] of Object.entries(BENCHES)) console.log(`  ${name.padEnd(10)} ${what}`);
  process.exit(0);
}
const chosen = names.includes('all') ? Object.keys(BENCHES) : names;
const unknown = chosen.filter((n) => !BENCHES[n]);
if (unknown.length) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (one of: ${Object.keys(BENCHES).join(', ')}, all)`);
  process.exit(2);
}
let failed = 0;
for (const name of chosen) {
  const file = join(here, BENCHES[name]!.split(' ')[0]!);
  console.log(`\n### ${name} (${file})`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
