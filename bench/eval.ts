/**
 * `npm run eval` — scores the offline text extractor on the shared corpus (../shared/corpus/*.pdf,
 * relative to the repo root; override with REDBUTTON_CORPUS) against ground_truth.json.
 *
 *  - recall: over trades the truth marks confidence "clear" ("23/26" is found if either is);
 *  - precision: predicted divisions that the truth names at ANY confidence;
 *  - divisions 00 and 01 are excluded from both.
 * Target: precision ≥ 0.90 and recall ≥ 0.85, per file and overall, on files with a text layer.
 * Exits 1 below target. `--write-readme` records the table in bench/README.md (its own section only).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPdf } from '../src/core/pdf/index.js';
import { extractScopeFromText } from '../src/core/scope/text-extractor.js';
import { loadFactsTruth, renderFactsTable, scoreFacts, writeFactsReadme, type FactsFileScore } from './facts-score.js';

const TARGET = { precision: 0.9, recall: 0.85 };
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
}

const alternatives = (division: string): string[] => division.split('/').map((d) => d.trim()).filter((d) => /^\d{2}$/.test(d) && !EXCLUDED.has(d));

/** Score one file's predicted divisions against its truth. */
export function scoreFile(file: string, predictedRaw: string[], truth: TruthFile, ms = 0): FileScore {
  const predicted = [...new Set(predictedRaw)].filter((d) => !EXCLUDED.has(d)).sort();
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

async function main(): Promise<void> {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const corpus = resolve(process.env.REDBUTTON_CORPUS ?? join(repoRoot, '..', 'shared', 'corpus'));
  const truthPath = join(corpus, 'ground_truth.json');
  if (!existsSync(truthPath)) {
    console.error(`No ground truth at ${truthPath}. Set REDBUTTON_CORPUS to the corpus directory.`);
    process.exit(2);
  }
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as Record<string, TruthFile>;
  const files = readdirSync(corpus).filter((f) => f.toLowerCase().endsWith('.pdf') && truth[f]).sort();
  const scores: FileScore[] = [];
  const factsTruth = loadFactsTruth(corpus);
  const facts: FactsFileScore[] = [];
  for (const file of files) {
    const t0 = performance.now();
    const doc = await readPdf(join(corpus, file));
    const scope = extractScopeFromText(doc, { fileName: file });
    const ms = performance.now() - t0;
    scores.push(scoreFile(file, scope.trades.map((t) => t.division), truth[file]!, ms));
    const factTruth = factsTruth?.[file];
    if (factTruth) facts.push(scoreFacts(file, scope.project, factTruth, truth[file]!.text_layer?.has_text_layer !== false));
    if (process.argv.includes('--verbose')) {
      for (const tr of scope.trades) {
        console.log(`  ${file} ${tr.division} ${tr.confidence} ${tr.evidence.slice(0, 2).map((e) => `[p${e.page} ${e.source}] ${e.snippet}`).join(' | ')}`);
      }
    }
  }
  const { text, ok } = renderTable(scores);
  console.log(text);
  const factsTable = renderFactsTable(facts);
  console.log(`\nProject facts\n${factsTable.text}`);
  if (process.argv.includes('--write-readme')) writeFactsReadme(join(repoRoot, 'bench', 'README.md'), factsTable.text);
  if (process.argv.includes('--write-readme')) {
    const body = [
      'Offline text extractor (`src/core/scope/text-extractor.ts`) on `../shared/corpus` against `ground_truth.json`, via `npm run eval`',
      '(`npm run eval -- --verbose` prints each trade\'s top evidence; `-- --write-readme` rewrites this section).',
      'Recall over trades marked "clear" ("23/26" counts if either is found); precision over every division the truth names at any',
      'confidence; 00/01 excluded from both. Target: precision ≥ 90 % and recall ≥ 85 %, per file and overall, on files with a text layer.',
      '',
      'The rules are generic (no file names, no per-file rules): a spec section speaks only for its own division; a project manual\'s',
      'trades are its sections; sheet disciplines count only where honest (E→26, P→22, M→23, FP→21, FA→28; A implies nothing; S/C weak;',
      'a "T" title sheet is not telecom); keyword hits in code citations, coordination notes, "by others", "existing to remain" and',
      'spec cross-references do not count; legend/abbreviation sheets, boilerplate and lettered master notes are discounted; a',
      'keyword-only trade needs two independent hits with real weight outside master notes/legends/boilerplate; a stated scope of work',
      '("The project includes …") counts more.',
      '',
      'Caveat: these five files were looked at while the rules were written, so the figures below are optimistic for unseen sets.',
      '`ms` = readPdf + extraction per file, on a machine shared with other engineers\' test runs.',
      '',
      `Run ${new Date().toISOString().slice(0, 10)}:`,
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
