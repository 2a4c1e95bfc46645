/**
 * PDF reading benchmark: `npx tsx bench/pdf-bench.ts`. Every case runs in its own child process, so
 * peak RSS (`process.resourceUsage().maxRSS`, which includes the worker threads) and CPU time belong
 * to that case alone. poppler's pdftotext/pdftoppm run in the same session under /usr/bin/time.
 * Generated sets go to bench/out/ (gitignored). Prints a markdown table for bench/README.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDeflate } from 'node:zlib';
import { defaultPdfLimits, readPdf, renderPdfPages } from '../src/core/pdf/index.js';
import { runPdfWorkers } from '../src/core/pdf/run.js';
import { makePlanSetPdf } from '../test/fixtures/pdf-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
const corpusDir = resolve(here, '..', '..', 'shared', 'corpus');

interface Case { name: string; kind: 'startup' | 'text' | 'parse' | 'render' | 'pdftotext' | 'pdftoppm'; file: string; pages?: number[]; workers?: number }
interface Result { ms: number; pages: number; rssMb: number; cpuMs: number; note?: string }

// ---- child: run one case and print its numbers as JSON -------------------------------------
if (process.argv[2] === '--case') {
  const c = JSON.parse(process.argv[3]!) as Case;
  const t0 = performance.now();
  let pages = 0;
  let note: string | undefined;
  try {
    if (c.kind === 'startup') pages = 0; // node + tsx + importing the reader: the fixed cost in every row
    else if (c.kind === 'text') pages = (await readPdf(c.file, { workers: c.workers, limits: { maxPages: 100_000 } })).pages.length;
    else if (c.kind === 'parse') {
      // The workers alone, results dropped as they arrive: memory of the parsing side only.
      await runPdfWorkers({ job: { path: c.file, mode: 'text', limits: { ...defaultPdfLimits } }, workers: c.workers ?? 1, splitFrom: 41, pagesFor: (o) => Array.from({ length: o.pageCount }, (_, i) => i + 1), onResult: () => pages++ });
    } else pages = (await renderPdfPages(c.file, c.pages!, { workers: c.workers, format: 'jpeg', longestSide: 2048 })).length;
  } catch (e) {
    note = `${(e as { code?: string }).code ?? 'ERROR'}: ${(e as Error).message}`;
  }
  const ru = process.resourceUsage();
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, pages, rssMb: ru.maxRSS / 1024, cpuMs: (ru.userCPUTime + ru.systemCPUTime) / 1000, note } satisfies Result));
  process.exit(0);
}

function runCase(c: Case): Result {
  if (c.kind === 'pdftotext' || c.kind === 'pdftoppm') return runPoppler(c);
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--case', JSON.stringify(c)], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } });
  if (r.status !== 0) throw new Error(`case ${c.name} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Result;
}

function runPoppler(c: Case): Result {
  const tmp = join(out, 'poppler');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const args = c.kind === 'pdftotext'
    ? ['pdftotext', c.file, join(tmp, 'out.txt')]
    : ['pdftoppm', '-jpeg', '-scale-to', '2048', '-f', String(Math.min(...c.pages!)), '-l', String(Math.max(...c.pages!)), c.file, join(tmp, 'p')];
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', ...args], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  const [user = 0, sys = 0, maxKb = 0] = (r.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  const pages = c.kind === 'pdftotext' ? pageCount(c.file) : readdirSync(tmp).length;
  return { ms, pages, rssMb: maxKb / 1024, cpuMs: (user + sys) * 1000 };
}

const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);

/** 36x24in sheets, ~4000 vector strokes and ~200 text runs each, plus notes and a title block. */
async function generatedSet(pages: number): Promise<string> {
  const path = join(out, `plans-${pages}.pdf`);
  if (existsSync(path)) return path;
  const notes = Array.from({ length: 40 }, (_, k) => `PROVIDE AND INSTALL ALL WORK SHOWN PER SPECIFICATION SECTION 09 29 00, ITEM ${k}.`);
  const disciplines = ['A', 'S', 'M', 'P', 'E', 'FP'];
  const sheets = Array.from({ length: pages }, (_, i) => ({ number: `${disciplines[i % 6]}-${100 + i}`, title: `LEVEL ${1 + (i % 5)} PLAN AREA ${i}`, lines: notes }));
  return makePlanSetPdf(path, { sheets, vectors: 4000, decoys: true });
}

/** One 20 000 x 20 000 px grey image (400 M pixels) deflated to a few hundred KB: a decompression bomb. */
async function hugeImagePdf(): Promise<string> {
  const path = join(out, 'hostile-huge-image.pdf');
  if (existsSync(path)) return path;
  const side = 20_000;
  const deflated: Buffer[] = [];
  await new Promise<void>((res, rej) => {
    const z = createDeflate({ level: 9 });
    z.on('data', (d: Buffer) => deflated.push(d)).on('end', res).on('error', rej);
    const row = Buffer.alloc(side * 100, 0x80);
    for (let y = 0; y < side; y += 100) z.write(row);
    z.end();
  });
  const img = Buffer.concat(deflated);
  const content = 'q 2592 0 0 1728 0 0 cm /Im1 Do Q BT /F1 24 Tf 72 72 Td (HOSTILE) Tj ET';
  const parts: (string | Buffer)[] = [];
  const offsets: number[] = [];
  let len = 0;
  const push = (p: string | Buffer) => { parts.push(p); len += Buffer.byteLength(p); };
  const obj = (n: number, body: string | (string | Buffer)[]) => { offsets[n] = len; push(`${n} 0 obj\n`); if (typeof body === 'string') push(body); else body.forEach(push); push('\nendobj\n'); };
  push('%PDF-1.4\n');
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, '<< /Type /Pages /Count 1 /Kids [3 0 R] >>');
  obj(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 2592 1728] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >> >>');
  obj(4, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  obj(5, [`<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${img.length} >>\nstream\n`, img, '\nendstream']);
  obj(6, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const xref = len;
  push(`xref\n0 7\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  await new Promise<void>((res, rej) => {
    const ws = createWriteStream(path).on('finish', res).on('error', rej);
    parts.forEach((p) => ws.write(p));
    ws.end();
  });
  return path;
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const fmt = (v: number, d = 1) => v.toFixed(d);

async function main() {
  mkdirSync(out, { recursive: true });
  const [set200, set20, hostile] = [await generatedSet(200), await generatedSet(20), await hugeImagePdf()];
  const corpus = readdirSync(corpusDir).filter((f) => f.endsWith('.pdf')).sort().map((f) => join(corpusDir, f));
  const ten = Array.from({ length: 10 }, (_, i) => i + 1);
  const cases: Case[] = [
    { name: 'startup only (node + tsx + import)', kind: 'startup', file: '' },
    ...corpus.flatMap((f): Case[] => [
      { name: `${basename(f).slice(0, 28)} text`, kind: 'text', file: f },
      { name: `${basename(f).slice(0, 28)} pdftotext`, kind: 'pdftotext', file: f },
    ]),
    { name: 'generated 200 p, text, 2 workers', kind: 'text', file: set200, workers: 2 },
    { name: 'generated 200 p, text, 1 worker', kind: 'text', file: set200, workers: 1 },
    { name: 'generated 200 p, pdftotext', kind: 'pdftotext', file: set200 },
    { name: 'generated 20 p, text, 1 worker', kind: 'text', file: set20, workers: 1 },
    { name: 'generated 200 p, workers only, 1 worker', kind: 'parse', file: set200, workers: 1 },
    { name: 'generated 20 p, workers only, 1 worker', kind: 'parse', file: set20, workers: 1 },
    { name: 'generated 200 p, render 10 p 2048 jpeg', kind: 'render', file: set200, pages: ten, workers: 2 },
    { name: 'generated 200 p, pdftoppm 10 p 2048 jpeg', kind: 'pdftoppm', file: set200, pages: ten },
    { name: 'corpus 02, render 10 p 2048 jpeg', kind: 'render', file: corpus[0]!, pages: ten, workers: 2 },
    { name: 'corpus 02, pdftoppm 10 p 2048 jpeg', kind: 'pdftoppm', file: corpus[0]!, pages: ten },
    { name: 'hostile 400 Mpx image, text', kind: 'text', file: hostile },
    { name: 'hostile 400 Mpx image, render', kind: 'render', file: hostile, pages: [1] },
  ];
  const lines = [
    `${new Date().toISOString().slice(0, 10)} · load avg at start ${loadavg().map((l) => fmt(l)).join(' / ')} · 200-page set ${fmt(statSync(set200).size / 1e6)} MB`,
    '',
    row(['case', 'pages', 'wall s', 'pages/s', 'CPU s', 'peak RSS MB', 'note']),
    row(['---', '---', '---', '---', '---', '---', '---']),
  ];
  console.log(lines.join('\n'));
  for (const c of cases) {
    const r = runCase(c);
    const line = row([c.name, r.pages, fmt(r.ms / 1000, 2), fmt(r.pages / (r.ms / 1000)), fmt(r.cpuMs / 1000, 2), fmt(r.rssMb, 0), r.note ?? '']);
    console.log(line);
    lines.push(line);
  }
  writeFileSync(join(out, 'pdf-bench.md'), lines.join('\n') + '\n');
}

await main();
