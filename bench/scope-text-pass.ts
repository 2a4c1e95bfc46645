/**
 * The 200-page text pass: `npx tsx bench/scope-text-pass.ts [--old <tree>] [--runs N] [--pdf <file>]`.
 * CPU of `extractScopeFromText` (the offline detector: trades and project facts) over the real
 * 200-page set (real-set.ts), the PDF read once beforehand. Printed beside, in the same run:
 * `pdftotext` of the same PDF (the native reference for reading that much text) and, with --old, the
 * same pass of another checkout of this repo (its node_modules in place), the trees run alternately
 * in one process so a shared machine's load falls on both alike. Min and median of the runs, with
 * the load average at start and end. Prints a markdown table for bench/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readPdf } from '../src/core/pdf/index.js';
import { extractScopeFromText } from '../src/core/scope/text-extractor.js';
import { timed } from './proc-tree.js';
import { pageCount, realSet } from './real-set.js';

const { values } = parseArgs({ options: { old: { type: 'string' }, runs: { type: 'string', default: '12' }, pdf: { type: 'string' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive whole number, not "${values.runs}"`);
const pdf = values.pdf ? resolve(values.pdf) : realSet();

type Pass = (doc: Awaited<ReturnType<typeof readPdf>>) => unknown;
const passes: Array<{ name: string; pass: Pass }> = [{ name: 'this tree', pass: extractScopeFromText }];
if (values.old) {
  const old = resolve(values.old);
  const mod = (await import(join(old, 'src/core/scope/text-extractor.ts'))) as { extractScopeFromText: Pass };
  passes.push({ name: `old tree ${old}`, pass: mod.extractScopeFromText });
}

const fmt = (v: number) => v.toFixed(0);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');
const summary = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor((s.length - 1) / 2)]! };
};
const cpuMs = (f: () => void) => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

const loadStart = load();
const started = new Date();
const doc = await readPdf(pdf, { limits: { maxPages: 100_000 } });
// One untimed pass each: compiled regexes and JIT warm for every tree alike.
for (const p of passes) p.pass(doc);
const times = passes.map(() => [] as number[]);
for (let i = 0; i < runs; i++) passes.forEach((p, j) => times[j]!.push(cpuMs(() => p.pass(doc))));

// The native reference: poppler's pdftotext reading the same PDF to text (CPU of the process).
const tmp = mkdtempSync(join(tmpdir(), 'scope-text-pass-'));
const poppler: number[] = [];
for (let i = 0; i < Math.min(runs, 3); i++) poppler.push((await timed(['pdftotext', pdf, join(tmp, 'out.txt')])).cpuS * 1000);
rmSync(tmp, { recursive: true, force: true });

const rows = [
  ...passes.map((p, j) => ({ name: `extractScopeFromText, ${p.name}`, ...summary(times[j]!), n: runs })),
  { name: 'pdftotext (native reference)', ...summary(poppler), n: poppler.length },
];
console.log(`${started.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · load avg ${loadStart} at start, ${load()} at end · ${pdf} (${pageCount(pdf)} pages, ${doc.pages.filter((p) => p.hasTextLayer).length} with text)`);
console.log('');
console.log('| pass | CPU ms min | CPU ms median | runs |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.name} | ${fmt(r.min)} | ${fmt(r.median)} | ${r.n} |`);
