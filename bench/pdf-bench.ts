/**
 * PDF reading benchmark: `npx tsx bench/pdf-bench.ts`. Every case runs in its own process tree under
 * /usr/bin/time: **CPU s** is user + system of node, its PDF worker processes and the poppler tools
 * it waited for; **peak MB** is the largest sum of RSS over the tree, sampled every 100 ms (node +
 * tsx + imports alone are the first row). **wall s** is the operation only, measured inside the case
 * (start-up excluded; the poppler rows have none). poppler's pdftotext/pdftoppm run in the same
 * session. The real 200-page set is the corpus's vector plan sets concatenated with qpdf (no corpus
 * file has 200 pages). Prints a markdown table for bench/README.md (also bench/out/pdf-bench.md).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPdf, renderPdfPages } from '../src/core/pdf/index.js';
import type { PdfLimits } from '../src/core/pdf/types.js';
import { makePlanSetPdf } from '../test/fixtures/pdf-fixtures.js';
import { makeFlateContentBomb, makeImageBomb, makeNestedFormBomb } from '../test/fixtures/pdf-bombs.js';
import { timed } from './proc-tree.js';
import { corpusDir, pageCount, realSet } from './real-set.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');

type Engine = 'pdfjs' | 'poppler';
interface Case { name: string; kind: 'startup' | 'text' | 'render' | 'pdftotext' | 'bbox' | 'pdftoppm'; file: string; pages?: number[]; engine?: Engine; limits?: Partial<PdfLimits> }

// ---- child: run one case, print the operation's wall time and outcome as JSON -----------------
if (process.argv[2] === '--case') {
  const c = JSON.parse(process.argv[3]!) as Case;
  const t0 = performance.now();
  let pages = 0;
  let note = '';
  try {
    const limits = { maxPages: 100_000, ...(c.engine ? { engine: c.engine } : {}), ...c.limits };
    if (c.kind === 'text') {
      const doc = await readPdf(c.file, { limits });
      pages = doc.pages.length;
      note = `${doc.pages.filter((p) => p.sheet).length} sheets`;
    } else if (c.kind === 'render') pages = (await renderPdfPages(c.file, c.pages!, { limits, format: 'jpeg', longestSide: 2048 })).length;
  } catch (e) {
    note = `${(e as { code?: string }).code ?? 'ERROR'}: ${(e as Error).message}`;
  }
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, pages, note }));
  process.exit(0);
}

interface Result { wallS: number; cpuS: number; peakMb: number; pages: number; note: string }

async function runCase(c: Case): Promise<Result> {
  if (c.kind === 'startup' || c.kind === 'text' || c.kind === 'render') {
    const r = await timed([process.execPath, ...process.execArgv, fileURLToPath(import.meta.url), '--case', JSON.stringify(c)], { ...process.env, LOG_LEVEL: 'silent' });
    const o = JSON.parse(r.stdout) as { ms: number; pages: number; note: string };
    return { wallS: c.kind === 'startup' ? 0 : o.ms / 1000, cpuS: r.cpuS, peakMb: r.peakMb, pages: o.pages, note: o.note };
  }
  const tmp = join(out, 'poppler');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const args = c.kind === 'pdftotext' ? ['pdftotext', c.file, join(tmp, 'out.txt')]
    : c.kind === 'bbox' ? ['pdftotext', '-bbox-layout', c.file, join(tmp, 'out.html')]
    : ['pdftoppm', '-jpeg', '-scale-to', '2048', '-f', String(Math.min(...c.pages!)), '-l', String(Math.max(...c.pages!)), c.file, join(tmp, 'p')];
  const r = await timed(args);
  return { wallS: r.wallS, cpuS: r.cpuS, peakMb: r.peakMb, pages: c.kind === 'pdftoppm' ? readdirSync(tmp).length : pageCount(c.file), note: '' };
}

async function generatedSet(pages: number): Promise<string> {
  const path = join(out, `plans-${pages}.pdf`);
  if (existsSync(path)) return path;
  const notes = Array.from({ length: 40 }, (_, k) => `PROVIDE AND INSTALL ALL WORK SHOWN PER SPECIFICATION SECTION 09 29 00, ITEM ${k}.`);
  const disciplines = ['A', 'S', 'M', 'P', 'E', 'FP'];
  const sheets = Array.from({ length: pages }, (_, i) => ({ number: `${disciplines[i % 6]}-${100 + i}`, title: `LEVEL ${1 + (i % 5)} PLAN AREA ${i}`, lines: notes }));
  return makePlanSetPdf(path, { sheets, vectors: 4000, decoys: true });
}

const bomb = async (name: string, make: (p: string) => Promise<string>) => (existsSync(join(out, name)) ? join(out, name) : make(join(out, name)));
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const fmt = (v: number, d = 1) => v.toFixed(d);

async function main() {
  mkdirSync(out, { recursive: true });
  const only = process.env.PDF_BENCH_ONLY ? new RegExp(process.env.PDF_BENCH_ONLY) : undefined;
  const real = realSet();
  const gen = await generatedSet(200);
  const purdue = join(corpusDir, readdirSync(corpusDir).find((f) => f.startsWith('02_'))!);
  const flate = await bomb('bomb-flate-1gb.pdf', (p) => makeFlateContentBomb(p, 1024));
  const images = await bomb('bomb-images.pdf', (p) => makeImageBomb(p, 24, 5000));
  const forms = await bomb('bomb-forms.pdf', (p) => makeNestedFormBomb(p, 40));
  const ten = Array.from({ length: 10 }, (_, i) => i + 1);
  // Speed rows measure speed: time limits out of the way (a shared machine can be 15× oversubscribed).
  // The bomb rows keep the defaults.
  const slow = { totalTimeoutMs: 1_800_000, pageTimeoutMs: 300_000 };
  const cases: Case[] = [
    { name: 'start-up only (node + tsx + imports)', kind: 'startup', file: '' },
    { name: 'real 200 p: pdftotext', kind: 'pdftotext', file: real },
    { name: 'real 200 p: pdftotext -bbox-layout', kind: 'bbox', file: real },
    { name: 'real 200 p: readPdf, poppler engine (default)', kind: 'text', file: real, engine: 'poppler', limits: slow },
    { name: 'real 200 p: readPdf, pdf.js engine', kind: 'text', file: real, engine: 'pdfjs', limits: slow },
    { name: 'generated 200 p: pdftotext', kind: 'pdftotext', file: gen },
    { name: 'generated 200 p: readPdf, poppler engine', kind: 'text', file: gen, engine: 'poppler', limits: slow },
    { name: 'real set: pdftoppm 10 p 2048 jpeg', kind: 'pdftoppm', file: real, pages: ten },
    { name: 'real set: render 10 p 2048 jpeg, poppler engine', kind: 'render', file: real, pages: ten, engine: 'poppler', limits: slow },
    { name: 'real set: render 10 p 2048 jpeg, pdf.js engine', kind: 'render', file: real, pages: ten, engine: 'pdfjs', limits: slow },
    { name: 'corpus 02: pdftoppm 10 p 2048 jpeg', kind: 'pdftoppm', file: purdue, pages: ten },
    { name: 'corpus 02: render 10 p 2048 jpeg, poppler engine', kind: 'render', file: purdue, pages: ten, engine: 'poppler', limits: slow },
    { name: 'bomb: 1 GB Flate content stream (13 KB), defaults', kind: 'text', file: flate },
    { name: 'bomb: 1 GB Flate content stream, pdf.js engine', kind: 'text', file: flate, engine: 'pdfjs' },
    { name: 'bomb: 24 images of 75 MB (7.9 MB), render, pdf.js', kind: 'render', file: images, pages: [1], engine: 'pdfjs' },
    { name: 'bomb: 24 images of 75 MB, defaults (text + OCR probe)', kind: 'text', file: images },
    { name: 'bomb: forms nested 40 deep (6 KB), defaults', kind: 'text', file: forms },
  ].filter((c) => !only || only.test(c.name)) as Case[];
  const lines = [
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · load avg at start ${loadavg().map((l) => fmt(l)).join(' / ')} · real set ${fmt(statSync(real).size / 1e6)} MB, ${pageCount(real)} pages`,
    '',
    row(['case', 'pages', 'wall s', 'CPU s', 'peak MB (tree)', 'load 1 min', 'note']),
    row(['---', '---', '---', '---', '---', '---', '---']),
  ];
  console.log(lines.join('\n'));
  for (const c of cases) {
    const r = await runCase(c);
    const line = row([c.name, r.pages, fmt(r.wallS, 2), fmt(r.cpuS, 2), fmt(r.peakMb, 0), fmt(loadavg()[0]!), r.note.slice(0, 140)]);
    console.log(line);
    lines.push(line);
  }
  writeFileSync(join(out, 'pdf-bench.md'), lines.join('\n') + '\n');
}

await main();
