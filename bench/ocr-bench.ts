/**
 * OCR benchmark: `npx tsx bench/ocr-bench.ts [pages=50]` (`OCR_BENCH_ONLY=<regex>` picks cases,
 * `OCR_BENCH_PAGE_TIMEOUT_MS` raises the page budget on a loaded machine, `OCR_BENCH_NO_REFERENCE=1`
 * skips the pdftoppm|tesseract column). Every case runs in its own child process
 * under /usr/bin/time (wall, CPU of node *and* the tesseract processes it waited for); peak memory
 * is the largest sum of RSS over the child's process tree (node + render workers + tesseracts),
 * sampled every 100 ms. Beside each case: the same pages through `pdftoppm -r 200 -gray | tesseract`,
 * one page after another. Generated scans go to bench/out/ (gitignored). Prints markdown rows.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPdf } from '../src/core/pdf/index.js';
import { extractScope } from '../src/core/scope/index.js';
import { makePlanSetPdf } from '../test/fixtures/pdf-fixtures.js';
import { makeScannedPdf } from '../test/fixtures/ocr-fixtures.js';
import { scoreFile } from './eval.js';
import { timed } from './proc-tree.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
const corpusDir = resolve(here, '..', '..', 'shared', 'corpus');

interface Case { name: string; file: string; workers: number; ocr: 'auto' | 'off'; score?: boolean }
interface ChildResult { pages: number; ocrPages: number; ocrRead: number; sheets: string[]; notes: string[]; score?: { precision: number; recall: number; predicted: string[] } }

// ---- child: read one file, print what was read ---------------------------------------------------
if (process.argv[2] === '--case') {
  const c = JSON.parse(process.argv[3]!) as Case;
  // OCR_BENCH_PAGE_TIMEOUT_MS: on a loaded machine the wall-clock budgets cut pages short; a larger
  // budget measures the CPU of the whole work.
  const pageTimeoutMs = process.env.OCR_BENCH_PAGE_TIMEOUT_MS ? Number(process.env.OCR_BENCH_PAGE_TIMEOUT_MS) : undefined;
  const doc = await readPdf(c.file, { workers: c.workers, limits: { ocr: c.ocr, workers: c.workers, pageTimeoutMs } });
  const ocr = doc.pages.filter((p) => p.ocr);
  const result: ChildResult = {
    pages: doc.pages.length,
    ocrPages: ocr.length,
    ocrRead: ocr.filter((p) => p.ocr!.status === 'read').length,
    sheets: doc.pages.map((p) => (p.sheet ? `${p.sheet.number}${p.sheet.title ? ` ${p.sheet.title}` : ''}` : '—')),
    notes: [...new Set(ocr.flatMap((p) => (p.ocr!.note ? [p.ocr!.note] : [])))],
  };
  if (c.score) {
    const truth = JSON.parse(readFileSync(join(corpusDir, 'ground_truth.json'), 'utf8')) as Record<string, Parameters<typeof scoreFile>[2]>;
    const name = c.file.split('/').pop()!;
    const scope = await extractScope(doc);
    const s = scoreFile(name, scope.trades.map((t) => t.division), truth[name]!);
    result.score = { precision: s.precision, recall: s.recall, predicted: s.predicted };
  }
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

async function runCase(c: Case) {
  const r = await timed([process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), '--case', JSON.stringify(c)], { ...process.env, LOG_LEVEL: 'silent' });
  return { ...r, result: JSON.parse(r.stdout) as ChildResult };
}

/** The reference: each page rendered by pdftoppm at 200 dpi and read by tesseract, serially. */
async function runReference(file: string, pages: number) {
  const script = `for p in $(seq 1 ${pages}); do pdftoppm -r 200 -gray -f $p -l $p "$1" | OMP_THREAD_LIMIT=1 tesseract stdin stdout --psm 3 tsv > /dev/null 2>&1; done`;
  return timed(['bash', '-c', script, 'ref', file]);
}

const row = (...cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const f1 = (n: number) => n.toFixed(1);

mkdirSync(out, { recursive: true });
const setPages = Number(process.argv[2] ?? 50);
const notes = ['PROVIDE GFCI RECEPTACLES AT ALL WET LOCATIONS.', 'ALL BRANCH CIRCUIT CONDUCTORS SHALL BE COPPER IN EMT CONDUIT.', 'SEE SHEET E-601 FOR PANEL SCHEDULES AND RISER DIAGRAM.', 'FIRE ALARM DEVICES PER NFPA 72; COORDINATE WITH FIRE SPRINKLER CONTRACTOR.'];
const disciplines = [['A', 'FLOOR PLAN'], ['S', 'FOUNDATION PLAN'], ['M', 'HVAC PLAN'], ['P', 'PLUMBING PLAN'], ['E', 'POWER PLAN'], ['FP', 'FIRE PROTECTION PLAN']] as const;
const sheets = Array.from({ length: setPages }, (_, i) => {
  const [d, t] = disciplines[i % disciplines.length]!;
  return { number: `${d}-${101 + Math.floor(i / disciplines.length)}`, title: `LEVEL ${1 + Math.floor(i / disciplines.length)} ${t}`, lines: notes };
});
const one = join(out, 'ocr-sheet-36x24.pdf'), set = join(out, `ocr-set-${setPages}.pdf`);
if (!existsSync(one)) await makeScannedPdf(await makePlanSetPdf(join(out, 'ocr-sheet-src.pdf'), { sheets: sheets.slice(0, 1), index: false, decoys: true, vectors: 3000 }), one, { dpi: 200, jpeg: true });
if (!existsSync(set)) await makeScannedPdf(await makePlanSetPdf(join(out, `ocr-set-src-${setPages}.pdf`), { sheets, decoys: true, vectors: 3000 }), set, { dpi: 200, jpeg: true });
const house = join(corpusDir, '28_permit_sonoma_bpc022_sample_house_plans_raster.pdf');
const textSet = join(corpusDir, '02_purdue_lilyhall_lab1-129_reno_CD_set.pdf');

console.log(`${new Date().toISOString().slice(0, 10)} — load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; tesseract ${execFileSync('tesseract', ['--version'], { encoding: 'utf8' }).split('\n')[0]}`);
console.log(row('case', 'workers', 'pages (OCR / read)', 'wall s', 'CPU s', 'peak MB (tree)', 'sheets read', 'reference pdftoppm|tesseract wall / CPU s', 'load avg (1 min) after'));
console.log(row('---', '---', '---', '---', '---', '---', '---', '---', '---'));
const cases: (Case & { refPages?: number })[] = [
  { name: 'one 36×24 in scanned sheet (200 dpi)', file: one, workers: 1, ocr: 'auto', refPages: 1 },
  { name: `${setPages}-sheet scanned set (200 dpi)`, file: set, workers: 2, ocr: 'auto', refPages: setPages },
  { name: 'raster house set (corpus 28, letter)', file: house, workers: 2, ocr: 'auto', score: true, refPages: 4 },
  { name: 'text-layer CD set (corpus 02), OCR auto', file: textSet, workers: 2, ocr: 'auto' },
  { name: 'text-layer CD set (corpus 02), OCR off', file: textSet, workers: 2, ocr: 'off' },
];
const only = process.env.OCR_BENCH_ONLY ? new RegExp(process.env.OCR_BENCH_ONLY) : undefined;
for (const c of cases) {
  if (only && !only.test(c.name)) continue;
  if (!existsSync(c.file)) continue;
  const r = await runCase(c);
  const ref = c.refPages && !process.env.OCR_BENCH_NO_REFERENCE ? await runReference(c.file, c.refPages) : undefined;
  const read = r.result.sheets.filter((s) => s !== '—').length;
  console.log(row(c.name, c.workers, `${r.result.pages} (${r.result.ocrPages} / ${r.result.ocrRead})`, f1(r.wallS), f1(r.cpuS), Math.round(r.peakMb), `${read}/${r.result.pages}`, ref ? `${f1(ref.wallS)} / ${f1(ref.cpuS)}` : '—', f1(loadavg()[0]!)));
  if (r.result.score) console.log(`  trades: precision ${r.result.score.precision.toFixed(2)}, recall ${r.result.score.recall.toFixed(2)}, predicted ${r.result.score.predicted.join(' ')}`);
  if (r.result.notes.length) console.log(`  notes: ${r.result.notes.join(' | ')}`);
  if (r.result.sheets.length <= 6) console.log(`  sheets: ${r.result.sheets.join(' · ')}`);
}
