/**
 * `npm run eval` — scores the offline text extractor on the shared corpus (../shared/corpus/*.pdf,
 * relative to the repo root; override with REDBUTTON_CORPUS) against ground_truth.json.
 *
 *  - recall: over trades the truth marks confidence "clear" ("23/26" is found if either is);
 *  - precision: predicted divisions that the truth names at ANY confidence;
 *  - divisions 00 and 01 are excluded from both.
 * Target (issue #11): precision ≥ 0.95 and recall ≥ 0.90, per file and overall, on files with a text layer.
 * Exits 1 below target. `--write-readme` records the table in bench/README.md (its own section only).
 * `--files 02,25` scores a subset (number prefixes or full names). The PDF reader's output is cached in
 * bench/out/eval-cache/ keyed by the file's size and mtime and the reader's source, so re-runs while developing rules take
 * seconds; `--no-cache` reads every PDF again (and `ms` then includes reading).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPdf } from '../src/core/pdf/index.js';
import type { PdfDocumentText } from '../src/core/pdf/types.js';
import { extractScopeFromText } from '../src/core/scope/text-extractor.js';
import { CONFIDENT_AT } from '../src/core/scope/confidence.js';
import { loadFactsTruth, renderFactsTable, scoreFacts, writeFactsReadme, type FactsFileScore } from './facts-score.js';

const TARGET = { precision: 0.95, recall: 0.9 };
const EXCLUDED = new Set(['00', '01']);

interface TruthTrade {
  division: string;
  confidence: string;
}
interface TruthFile {
  trades: TruthTrade[];
  text_layer?: { has_text_layer?: boolean };
}

export interface FileScore {
  file: string;
  gated: boolean;
  predicted: string[];
  precision: number;
  recall: number;
  truePositives: number;
  clearFound: number;
  clearTotal: number;
  falsePositives: string[];
  missed: string[];
  ms: number;
  /** Each predicted trade's confidence and what the truth calls it ("clear", "likely", "possible", or "absent"). */
  calibration: Array<{ division: string; confidence: number; truth: string }>;
}

const alternatives = (division: string): string[] => division.split('/').map((d) => d.trim()).filter((d) => /^\d{2}$/.test(d) && !EXCLUDED.has(d));

/** Score one file's predicted divisions against its truth. */
export function scoreFile(file: string, predictedRaw: Array<string | { division: string; confidence: number }>, truth: TruthFile, ms = 0): FileScore {
  const withConfidence = predictedRaw.map((p) => (typeof p === 'string' ? { division: p, confidence: 1 } : p)).filter((p) => !EXCLUDED.has(p.division));
  const predicted = [...new Set(withConfidence.map((p) => p.division))].sort();
  const named = new Set(truth.trades.flatMap((t) => alternatives(t.division)));
  const clear = truth.trades.filter((t) => t.confidence === 'clear').map((t) => alternatives(t.division)).filter((a) => a.length > 0);
  const tp = predicted.filter((d) => named.has(d));
  const found = clear.filter((alts) => alts.some((d) => predicted.includes(d)));
  return {
    file,
    gated: truth.text_layer?.has_text_layer !== false,
    predicted,
    precision: predicted.length === 0 ? 1 : tp.length / predicted.length,
    recall: clear.length === 0 ? 1 : found.length / clear.length,
    truePositives: tp.length,
    clearFound: found.length,
    clearTotal: clear.length,
    falsePositives: predicted.filter((d) => !named.has(d)),
    missed: clear.filter((alts) => !alts.some((d) => predicted.includes(d))).map((a) => a.join('/')),
    ms,
    calibration: withConfidence.map((p) => ({
      division: p.division,
      confidence: p.confidence,
      truth: truth.trades.find((t) => alternatives(t.division).includes(p.division))?.confidence ?? 'absent',
    })),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

export function renderTable(scores: FileScore[]): { text: string; ok: boolean } {
  const gated = scores.filter((s) => s.gated);
  const predictedTotal = gated.reduce((n, s) => n + s.predicted.length, 0);
  const overall = {
    precision: predictedTotal === 0 ? 1 : gated.reduce((n, s) => n + s.truePositives, 0) / predictedTotal,
    recall: gated.reduce((n, s) => n + s.clearFound, 0) / Math.max(1, gated.reduce((n, s) => n + s.clearTotal, 0)),
  };
  const pass = (p: number, r: number) => p >= TARGET.precision && r >= TARGET.recall;
  const width = Math.max(4, ...scores.map((s) => s.file.length));
  const lines = [
    `${'file'.padEnd(width)}  prec  recall  found  predicted                               false+   missed   ms`,
  ];
  for (const s of scores) {
    const flag = !s.gated ? ' (no text layer, not gated)' : pass(s.precision, s.recall) ? '' : '  BELOW TARGET';
    lines.push(
      `${s.file.padEnd(width)}  ${pct(s.precision).padStart(4)}  ${pct(s.recall).padStart(6)}  ${`${s.clearFound}/${s.clearTotal}`.padStart(5)}  ${s.predicted.join(',').padEnd(38)}  ${(s.falsePositives.join(',') || '-').padEnd(7)}  ${(s.missed.join(',') || '-').padEnd(7)}  ${String(Math.round(s.ms)).padStart(4)}${flag}`,
    );
  }
  const ok = pass(overall.precision, overall.recall) && gated.every((s) => pass(s.precision, s.recall));
  lines.push(`${'OVERALL (micro, gated files)'.padEnd(width)}  ${pct(overall.precision).padStart(4)}  ${pct(overall.recall).padStart(6)}`);
  lines.push(`target: precision ≥ ${pct(TARGET.precision)}, recall ≥ ${pct(TARGET.recall)} per file and overall → ${ok ? 'PASS' : 'FAIL'}`);
  return { text: lines.join('\n'), ok };
}

/**
 * How often a trade at a given confidence is right, over gated files: "named" = the truth names it at
 * any confidence; "worth inviting" = the truth calls it clear or likely. The line at CONFIDENT_AT is
 * the one the contacts map uses to pre-select contacts.
 */
export function renderCalibration(scores: FileScore[]): string {
  const rows = scores.filter((s) => s.gated).flatMap((s) => s.calibration);
  const bands: Array<[string, number, number]> = [
    ['< 0.75', 0, 0.75],
    ['0.75–0.9', 0.75, CONFIDENT_AT],
    [`≥ ${CONFIDENT_AT} (pre-selected)`, CONFIDENT_AT, 1.01],
  ];
  const lines = ['confidence              trades  named  worth inviting'];
  for (const [label, lo, hi] of bands) {
    const inBand = rows.filter((r) => r.confidence >= lo && r.confidence < hi);
    const named = inBand.filter((r) => r.truth !== 'absent').length;
    const worth = inBand.filter((r) => r.truth === 'clear' || r.truth === 'likely').length;
    const rate = (n: number) => (inBand.length === 0 ? '   -' : pct(n / inBand.length).padStart(4));
    lines.push(`${label.padEnd(22)}  ${String(inBand.length).padStart(6)}  ${rate(named)}  ${rate(worth).padStart(14)}`);
  }
  return lines.join('\n');
}

function writeReadmeSection(readmePath: string, body: string): void {
  const heading = '## Trade detection (eval)';
  const existing = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '# Benchmarks\n';
  const start = existing.indexOf(heading);
  let next: string;
  if (start === -1) {
    next = `${existing.replace(/\s*$/, '')}\n\n${heading}\n\n${body}\n`;
  } else {
    const after = existing.indexOf('\n## ', start + heading.length);
    next = `${existing.slice(0, start)}${heading}\n\n${body}\n${after === -1 ? '' : existing.slice(after)}`;
  }
  writeFileSync(readmePath, next);
}

/** The value after `--name`, if any. */
function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

/** `--files 02,25_uk…` → does this corpus file belong to the selection? */
export function selectFiles(files: string[], selection: string | undefined): string[] {
  if (!selection) return files;
  const wanted = selection.split(',').map((x) => x.trim()).filter(Boolean);
  const picked = files.filter((f) => wanted.some((w) => f === w || f.startsWith(`${w}_`)));
  const unknown = wanted.filter((w) => !files.some((f) => f === w || f.startsWith(`${w}_`)));
  if (unknown.length > 0) throw new Error(`--files: no corpus file matches ${unknown.join(', ')}`);
  return picked;
}

const PDF_SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'core', 'pdf');

async function readCached(path: string, cacheDir: string | undefined): Promise<PdfDocumentText> {
  if (!cacheDir) return readPdf(path);
  const st = statSync(path);
  // The reader's own code is part of the key: a change in src/core/pdf re-reads every file.
  const reader = createHash('sha256');
  for (const f of readdirSync(PDF_SRC).sort()) reader.update(readFileSync(join(PDF_SRC, f)));
  const key = join(cacheDir, `${path.split('/').pop()}.${st.size}.${Math.round(st.mtimeMs)}.${reader.digest('hex').slice(0, 12)}.json`);
  if (existsSync(key)) return JSON.parse(readFileSync(key, 'utf8')) as PdfDocumentText;
  const doc = await readPdf(path);
  mkdirSync(cacheDir, { recursive: true });
  // Older readings of the same file (another mtime or reader version) are stale.
  const base = `${path.split('/').pop()}.`;
  for (const old of readdirSync(cacheDir)) if (old.startsWith(base)) rmSync(join(cacheDir, old));
  writeFileSync(key, JSON.stringify(doc));
  return doc;
}

async function main(): Promise<void> {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const corpus = resolve(process.env.REDBUTTON_CORPUS ?? join(repoRoot, '..', 'shared', 'corpus'));
  const truthPath = join(corpus, 'ground_truth.json');
  if (!existsSync(truthPath)) {
    console.error(`No ground truth at ${truthPath}. Set REDBUTTON_CORPUS to the corpus directory.`);
    process.exit(2);
  }
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as Record<string, TruthFile>;
  const files = selectFiles(readdirSync(corpus).filter((f) => f.toLowerCase().endsWith('.pdf') && truth[f]).sort(), argValue('--files'));
  const cacheDir = process.argv.includes('--no-cache') ? undefined : join(repoRoot, 'bench', 'out', 'eval-cache');
  const scores: FileScore[] = [];
  const factsTruth = loadFactsTruth(corpus);
  const facts: FactsFileScore[] = [];
  for (const file of files) {
    const t0 = performance.now();
    const doc = await readCached(join(corpus, file), cacheDir);
    const scope = extractScopeFromText(doc, { fileName: file });
    const ms = performance.now() - t0;
    scores.push(scoreFile(file, scope.trades.map((t) => ({ division: t.division, confidence: t.confidence })), truth[file]!, ms));
    const factTruth = factsTruth?.[file];
    if (factTruth) facts.push(scoreFacts(file, scope.project, factTruth, truth[file]!.text_layer?.has_text_layer !== false));
    if (process.argv.includes('--verbose')) {
      for (const tr of scope.trades) {
        console.log(`  ${file} ${tr.division} ${tr.confidence} ${tr.evidence.slice(0, 2).map((e) => `[p${e.page} ${e.source}] ${e.snippet}`).join(' | ')}`);
      }
    }
  }
  const { text: table, ok } = renderTable(scores);
  const text = `${table}\n\n${renderCalibration(scores)}`;
  console.log(text);
  const factsTable = renderFactsTable(facts);
  console.log(`\nProject facts\n${factsTable.text}`);
  if (process.argv.includes('--write-readme')) writeFactsReadme(join(repoRoot, 'bench', 'README.md'), factsTable.text);
  if (process.argv.includes('--write-readme')) {
    const body = [
      'Offline text extractor (`src/core/scope/text-extractor.ts`) on `../shared/corpus` against `ground_truth.json`, via `npm run eval`',
      '(`-- --verbose` prints each trade\'s top evidence; `-- --files 02,25` scores a subset; `-- --write-readme` rewrites this section).',
      'Recall over trades marked "clear" ("23/26" counts if either is found); precision over every division the truth names at any',
      'confidence; 00/01 excluded from both. Target (issue #11): precision ≥ 95 % and recall ≥ 90 %, per file and overall, on files',
      'with a text layer. The raster-only file is listed but not gated: the text extractor has no text to read there (OCR is separate).',
      '',
      'How it reads (no file names, no per-file rules; each rule has a synthetic fixture in test/scope/document-structure.test.ts):',
      '- document type first (`doc-type.ts`): drawing set, one-discipline set, project manual, single spec section, solicitation,',
      '  addendum, bill of quantities, cost estimate;',
      '- a spec section speaks for its own division(s) only; section numbers in every printed form (`26 05 19`, `260519`, `26-05-19`,',
      '  `26 0519`, `Section 09 91 23`, legacy `15400`; Division 20 = plumbing/HVAC common work) map via `section-division.ts`;',
      '  a project manual\'s trades are its sections and its table of contents, minus divisions marked "NOT APPLICABLE";',
      '- a one-discipline set speaks for its discipline\'s divisions, and for another trade only where a note directs that work',
      '  ("CUT AND CAP DOMESTIC WATER LINES") or states scope; an addendum for the sheets it revises;',
      '- schedule titles (`schedules.ts`) and bill work sections by name (`work-sections.ts`, NRM and Indian schedules) are',
      '  authoritative; item codes such as "13.1" are never read as divisions;',
      '- keywords corroborate: two independent hits with real weight, discounted on legend sheets, boilerplate and master notes;',
      '  requirement sentences of an RFP/ITB and line items of a bill or estimate count as stated scope; coordination language',
      '  ("by others", "by Div 26", "coordinate with", "owner furnished", "existing to remain", "N.I.C.") never counts.',
      '',
      `Confidence: trades at ≥ ${CONFIDENT_AT} are pre-selected in the contacts map; below it they are "possible" (shown, nobody ticked).`,
      'A trade the document\'s structure states (a strong discipline\'s sheet, its own spec section, a schedule, a bill work section, a',
      'drawing title naming it) is at least 0.95; a keyword-only trade gets 1 − e^(−points/3), so it needs many independent observations.',
      'The calibration table below says how often each band was right on the corpus ("worth inviting" = the truth calls it clear or likely).',
      '`ms` = extraction per file (plus reading when the PDF reader\'s cache was cold), on a machine shared with other sessions.',
      '',
      `Run ${new Date().toISOString().slice(0, 10)} (all files, after both held-out rounds above):`,
      '',
      '```',
      text,
      '```',
    ].join('\n');
    writeReadmeSection(join(repoRoot, 'bench', 'README.md'), body);
  }
  process.exitCode = ok && factsTable.ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(2);
  });
}
