/**
 * Project-facts scoring for `npm run eval`: each field of `scan --json`'s `project` against the
 * corpus's project_facts.json, as right / wrong / missing.
 *
 *  - right:   the value matches the truth or one of its `acceptable` alternatives — or both are null
 *             (the document is silent and we said nothing);
 *  - wrong:   a value the truth does not accept, including any value where the truth is null (a guess);
 *  - missing: the truth has a value and we gave null.
 * Target: no wrong fact on any file with a text layer (null beats a guess). Missing is reported, not gated.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FactDate, ProjectFacts } from '../src/core/scope/types.js';

interface TruthDate {
  date: string | null;
  time: string | null;
  timezone: string | null;
  date_alternatives?: string[];
}

export interface FactsTruth {
  name: string | null;
  name_alternatives?: string[];
  name_core?: string[];
  owner: string | null;
  location: { city: string | null; state_or_province: string | null; country: string | null; zip_or_postcode: string | null; street_address: string | null };
  bid_due: TruthDate | null;
  pre_bid_meeting: TruthDate | null;
  project_number: string | null;
  architect_or_engineer: string[] | null;
  acceptable?: Record<string, string[]>;
}

export const FACT_FIELDS = ['name', 'owner', 'street', 'city', 'state', 'country', 'zip', 'number', 'design', 'bid_due', 'pre_bid'] as const;
export type FactField = (typeof FACT_FIELDS)[number];
export type Outcome = 'right' | 'wrong' | 'missing';

export interface FactsFileScore {
  file: string;
  /** False for raster-only files: no text layer, so the text pass reads no facts (OCR is a separate issue). */
  gated: boolean;
  outcomes: Record<FactField, Outcome>;
  /** What was predicted for each wrong field (to read the failures). */
  wrong: string[];
}

/** Read `project_facts.json` of a corpus directory; undefined when the corpus has none. */
export function loadFactsTruth(corpus: string): Record<string, FactsTruth> | undefined {
  const path = join(corpus, 'project_facts.json');
  if (!existsSync(path)) return undefined;
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { project: FactsTruth }>;
  return Object.fromEntries(Object.entries(raw).map(([file, v]) => [file, v.project]));
}

const ABBREVIATIONS: Record<string, string> = { street: 'st', avenue: 'ave', boulevard: 'blvd', road: 'rd', drive: 'dr', north: 'n', south: 's', east: 'e', west: 'w', and: '&' };

/** Case, punctuation and the usual street-word abbreviations do not make a fact wrong. */
export function normalize(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, ' & ')
    .replace(/[^a-z0-9&]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => ABBREVIATIONS[w] ?? w)
    .join(' ');
}

function judge(predicted: string | null | undefined, truth: string | null, accepted: string[] = []): Outcome {
  if (predicted === null || predicted === undefined) return truth === null ? 'right' : 'missing';
  const p = normalize(predicted);
  return [truth, ...accepted].some((t) => t !== null && normalize(t) === p) ? 'right' : 'wrong';
}

function judgeName(predicted: string | undefined, t: FactsTruth): Outcome {
  if (!predicted) return t.name === null ? 'right' : 'missing';
  if (judge(predicted, t.name, t.name_alternatives) === 'right') return 'right';
  // The name's distinctive core ("Lab 1-129") within a short title is the project, not a fragment.
  const p = normalize(predicted);
  const short = t.name ? p.split(' ').length <= normalize(t.name).split(' ').length + 4 : false;
  return short && (t.name_core ?? []).some((c) => p.includes(normalize(c))) ? 'right' : 'wrong';
}

function judgeDesign(predicted: string[] | undefined, t: FactsTruth): Outcome {
  if (!predicted || predicted.length === 0) return t.architect_or_engineer === null ? 'right' : 'missing';
  const known = [...(t.architect_or_engineer ?? []), ...(t.acceptable?.architect_or_engineer ?? [])].map(normalize);
  // Each firm named must be one of the truth's (a legal suffix such as ", Inc." may be left off).
  const ok = predicted.every((p) => known.some((k) => k === normalize(p) || k.startsWith(`${normalize(p)} `) || normalize(p).startsWith(`${k} `)));
  return ok ? 'right' : 'wrong';
}

function judgeDate(predicted: FactDate | undefined, truth: TruthDate | null, accepted: Record<string, string[]>, key: string): Outcome {
  if (!predicted) return truth === null ? 'right' : 'missing';
  if (!truth) return 'wrong';
  const dates = [truth.date, ...(truth.date_alternatives ?? []), ...(accepted[`${key}.date`] ?? [])];
  if (!dates.includes(predicted.date)) return 'wrong';
  if (truth.time !== null && predicted.time !== truth.time) return 'wrong';
  if (truth.time === null && predicted.time !== null) return 'wrong';
  const zones = [truth.timezone, ...(accepted[`${key}.timezone`] ?? [])].filter((z): z is string => z !== null).map(normalize);
  if (predicted.timeZone !== null && !zones.includes(normalize(predicted.timeZone))) return 'wrong';
  if (truth.timezone !== null && predicted.timeZone === null) return 'missing';
  return 'right';
}

export function scoreFacts(file: string, facts: ProjectFacts, t: FactsTruth, gated: boolean): FactsFileScore {
  const acc = t.acceptable ?? {};
  const outcomes: Record<FactField, Outcome> = {
    name: judgeName(facts.name?.value, t),
    owner: judge(facts.owner?.value, t.owner, acc.owner),
    street: judge(facts.streetAddress?.value, t.location.street_address, acc['location.street_address']),
    city: judge(facts.city?.value, t.location.city, acc['location.city']),
    state: judge(facts.stateOrProvince?.value, t.location.state_or_province, acc['location.state_or_province']),
    country: judge(facts.country?.value, t.location.country, acc['location.country']),
    zip: judge(facts.zipOrPostcode?.value, t.location.zip_or_postcode, acc['location.zip_or_postcode']),
    number: judge(facts.projectNumber?.value, t.project_number, acc.project_number),
    design: judgeDesign(facts.architectOrEngineer?.value, t),
    bid_due: judgeDate(facts.bidDue?.value, t.bid_due, acc, 'bid_due'),
    pre_bid: judgeDate(facts.preBidMeeting?.value, t.pre_bid_meeting, acc, 'pre_bid_meeting'),
  };
  const shown: Record<FactField, unknown> = {
    name: facts.name?.value,
    owner: facts.owner?.value,
    street: facts.streetAddress?.value,
    city: facts.city?.value,
    state: facts.stateOrProvince?.value,
    country: facts.country?.value,
    zip: facts.zipOrPostcode?.value,
    number: facts.projectNumber?.value,
    design: facts.architectOrEngineer?.value,
    bid_due: facts.bidDue?.value,
    pre_bid: facts.preBidMeeting?.value,
  };
  const wrong = FACT_FIELDS.filter((f) => outcomes[f] === 'wrong').map((f) => `${f}=${JSON.stringify(shown[f])}`);
  return { file, gated, outcomes, wrong };
}

const MARK: Record<Outcome, string> = { right: '✓', wrong: '✗', missing: '·' };

/** Per file one mark per field, then right / wrong / missing per field over the gated files. Ok when nothing is wrong. */
export function renderFactsTable(scores: FactsFileScore[]): { text: string; ok: boolean } {
  const width = Math.max(4, ...scores.map((s) => s.file.length));
  const cols = FACT_FIELDS.map((f) => f.padEnd(Math.max(f.length, 1)));
  const lines = [`${'file'.padEnd(width)}  ${cols.join(' ')}  right wrong missing`];
  const gated = scores.filter((s) => s.gated);
  for (const s of scores) {
    const marks = FACT_FIELDS.map((f, i) => MARK[s.outcomes[f]].padEnd(cols[i]!.length)).join(' ');
    const count = (o: Outcome) => FACT_FIELDS.filter((f) => s.outcomes[f] === o).length;
    const note = s.gated ? (s.wrong.length ? `  wrong: ${s.wrong.join('; ')}` : '') : '  (raster only: read by OCR, not gated)';
    lines.push(`${s.file.padEnd(width)}  ${marks}  ${String(count('right')).padStart(5)} ${String(count('wrong')).padStart(5)} ${String(count('missing')).padStart(7)}${note}`);
  }
  const per = (f: FactField, o: Outcome) => gated.filter((s) => s.outcomes[f] === o).length;
  for (const o of ['right', 'wrong', 'missing'] as const) {
    lines.push(`${`${o.toUpperCase()} (gated files)`.padEnd(width)}  ${FACT_FIELDS.map((f, i) => String(per(f, o)).padEnd(cols[i]!.length)).join(' ')}  ${String(FACT_FIELDS.reduce((n, f) => n + per(f, o), 0)).padStart(5)}`);
  }
  const wrongTotal = gated.reduce((n, s) => n + s.wrong.length, 0);
  const ok = wrongTotal === 0;
  lines.push(`✓ right (or both null)  ✗ wrong  · missing — target: no wrong fact on files with a text layer → ${ok ? 'PASS' : 'FAIL'}`);
  return { text: lines.join('\n'), ok };
}

/** Rewrite the facts section of bench/README.md (its own section only). */
export function writeFactsReadme(readmePath: string, table: string): void {
  const heading = '## Project facts (eval)';
  const body = [
    'Project facts from the offline text pass (`src/core/scope/project-facts.ts`) on `../shared/corpus` against',
    '`project_facts.json`, via `npm run eval` (scoring: `bench/facts-score.ts`). Right = the truth or one of its',
    '`acceptable` alternatives, or null where the document is silent; wrong = anything else, including a value where the',
    'truth is null; missing = null where the truth has a value. Target: nothing wrong on files with a text layer.',
    '',
    `Run ${new Date().toISOString().slice(0, 10)}:`,
    '',
    '```',
    table,
    '```',
  ].join('\n');
  const existing = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '# Benchmarks\n';
  const start = existing.indexOf(heading);
  if (start === -1) {
    writeFileSync(readmePath, `${existing.replace(/\s*$/, '')}\n\n${heading}\n\n${body}\n`);
    return;
  }
  const after = existing.indexOf('\n## ', start + heading.length);
  writeFileSync(readmePath, `${existing.slice(0, start)}${heading}\n\n${body}\n${after === -1 ? '' : existing.slice(after)}`);
}
