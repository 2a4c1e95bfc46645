// Score a round of held-out texts on a tree (bench/heldout/score.sh runs it): npx tsx score.ts <roundDir> <tree> [out.json]
// roundDir/texts/NN.txt, roundDir/truth/NN.json = {"trades":[{"division":"03","confidence":"clear"|"likely"|"possible"}]},
// optional roundDir/truth/NN.facts.json in project_facts.json's "project" form. Scored as `npm run eval` scores.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makePdf } from './mkpdf.js';
const [roundArg, treeArg, outArg] = process.argv.slice(2);
if (!roundArg || !treeArg) throw new Error('usage: score.ts <roundDir> <tree> [out.json]');
const round = resolve(roundArg), tree = resolve(treeArg);
const { readPdf } = await import(join(tree, 'src/core/pdf/index.ts'));
const { extractScopeFromText } = await import(join(tree, 'src/core/scope/text-extractor.ts'));
const { CONFIDENT_AT } = await import(join(tree, 'src/core/scope/confidence.ts'));
const { scoreFile } = await import(join(tree, 'bench/eval.ts'));
const { scoreFacts } = await import(join(tree, 'bench/facts-score.ts'));
mkdirSync(join(round, 'pdf'), { recursive: true });
const names = readdirSync(join(round, 'texts')).filter((f) => f.endsWith('.txt')).sort();
let tp = 0, pred = 0, found = 0, clear = 0, bandRight = 0, band = 0;
const facts = { right: 0, wrong: 0, missing: 0 };
const rows: unknown[] = [];
for (const n of names) {
  const id = n.replace(/\.txt$/, '');
  const pdf = join(round, 'pdf', id + '.pdf');
  if (!existsSync(pdf)) await makePdf(join(round, 'texts', n), pdf);
  const truth = JSON.parse(readFileSync(join(round, 'truth', id + '.json'), 'utf8'));
  const doc = await readPdf(pdf);
  const scope = extractScopeFromText(doc, { fileName: id + '.pdf' });
  const s = scoreFile(id, scope.trades.map((t: { division: string; confidence: number }) => ({ division: t.division, confidence: t.confidence })), truth);
  tp += s.truePositives; pred += s.predicted.length; found += s.clearFound; clear += s.clearTotal;
  for (const c of s.calibration) if (c.confidence >= CONFIDENT_AT) { band++; if (c.truth !== 'absent') bandRight++; }
  let f: { outcomes: Record<string, string>; wrong: string[] } | undefined;
  const ft = join(round, 'truth', id + '.facts.json');
  if (existsSync(ft)) {
    f = scoreFacts(id, scope.project, JSON.parse(readFileSync(ft, 'utf8')), true);
    for (const o of Object.values(f!.outcomes)) facts[o as keyof typeof facts]++;
  }
  rows.push({ id, predicted: s.predicted, falsePositives: s.falsePositives, missed: s.missed, facts: f?.outcomes, wrongFacts: f?.wrong });
  console.log(`${id.padEnd(6)} P ${s.truePositives}/${s.predicted.length}  R ${s.clearFound}/${s.clearTotal}`);
}
const P = pred ? tp / pred : 1, R = clear ? found / clear : 1;
const summary = { texts: names.length, precision: `${(100 * P).toFixed(1)} % (${tp}/${pred})`, recall: `${(100 * R).toFixed(1)} % (${found}/${clear})`, facts, band: `${bandRight}/${band}` };
console.log(JSON.stringify(summary));
if (outArg) writeFileSync(resolve(outArg), JSON.stringify({ summary, rows }, null, 2));
