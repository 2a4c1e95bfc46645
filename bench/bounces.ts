/**
 * Bounce handling on real returned mail: `npm run eval:bounces [dir]` (default ../shared/bounces).
 * Runs every message through the real path (bounce analyzer, classification, correlation,
 * SQLite) against a real invitation and prints, per server family, what was recognized, tied to
 * the invitation (by VERP, and by Message-ID alone), and what the address verdicts were.
 */
import Table from 'cli-table3';
import { BOUNCES_DIR, corpusWorld, runCorpus, summarize } from '../test/helpers/bounce-corpus.js';

const dir = process.argv[2] ?? BOUNCES_DIR;
const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);

const world = await corpusWorld();
const started = performance.now();
try {
  const outcomes = await runCorpus(world.w, world.row, dir, world.domain);
  const ms = performance.now() - started;
  const families = [...new Set(outcomes.map((o) => o.family))].sort();
  const table = new Table({ head: ['family', 'msgs', 'recognized+tied (VERP)', 'tied (Message-ID)', 'tied w/o VERP', 'hard → bad', 'soft → bad', 'reason group agrees'] });
  for (const f of families) {
    const s = summarize(outcomes.filter((o) => o.family === f));
    table.push([f, s.messages, `${s.tiedByVerp}/${s.messages}`, `${s.tiedByMessageId}/${s.carryingOriginalId}`, `${s.tiedWithoutVerp}/${s.messages}`, s.hard ? `${s.hardMarked}/${s.hard}` : '', s.soft ? `${s.softMarked}/${s.soft}` : '', `${s.groupAgrees}/${s.recipients}`]);
  }
  console.log(table.toString());
  const s = summarize(outcomes);
  console.log(`messages ${s.messages} (${outcomes.filter((o) => o.expectedKind === 'bounce').length} bounces, ${s.autoReplies} auto-replies, ${s.complaints} complaints) in ${(ms / 1000).toFixed(1)} s`);
  console.log(`recognized and tied by VERP:        ${s.tiedByVerp}/${s.messages} = ${pct(s.tiedByVerp, s.messages)}   (target ≥ 95 %)`);
  console.log(`recognized and tied by Message-ID:  ${s.tiedByMessageId}/${s.messages} = ${pct(s.tiedByMessageId, s.messages)}; of the ${s.carryingOriginalId} that return the original's Message-ID: ${pct(s.tiedByMessageId, s.carryingOriginalId)}`);
  console.log(`recognized and tied without VERP:   ${s.tiedWithoutVerp}/${s.messages} = ${pct(s.tiedWithoutVerp, s.messages)}   (Message-ID, else the failed address; target ≥ 95 %)`);
  console.log(`hard bounces marking the address:   ${s.hardMarked}/${s.hard} = ${pct(s.hardMarked, s.hard)}   (target ≥ 90 %)`);
  console.log(`soft failures marking the address:  ${s.softMarked}/${s.soft} = ${pct(s.softMarked, s.soft)}   (target ≤ 2 %)`);
  console.log(`auto-replies noted: ${s.autoRepliesHandled}/${s.autoReplies}; complaints handled: ${s.complaintsHandled}/${s.complaints} (unsubscribed ${s.complaintsUnsubscribed}, the rest flagged: only the address ties them)`);
  console.log(`reason group agrees with the reference verdict: ${s.groupAgrees}/${s.recipients} = ${pct(s.groupAgrees, s.recipients)}`);
  const misses = outcomes.filter((o) => o.kind !== o.expectedKind || !o.tiedByVerp || !o.tiedWithoutVerp || (o.carriesOriginalId && !o.tiedByMessageId) || o.recipients.some((r) => r.markedBad !== r.expectedHard || r.gotGroup !== r.expectedGroup));
  if (misses.length) {
    console.log('\nmisses:');
    for (const o of misses) {
      const r = o.recipients.map((x) => `${x.expectedGroup}${x.expectedHard ? '(hard)' : ''} → ${x.gotGroup ?? 'none'}${x.markedBad ? '(marked bad)' : ''}`).join('; ');
      console.log(`  ${o.file}: ${o.expectedKind} → ${o.kind ?? 'not recognized'}; VERP ${o.tiedByVerp ? 'tied' : 'NOT tied'}, Message-ID ${o.tiedByMessageId ? 'tied' : o.carriesOriginalId ? 'NOT tied' : 'not returned'}, w/o VERP ${o.tiedWithoutVerp ? 'tied' : 'NOT tied'}; ${r}`);
    }
  }
} finally {
  await world.close();
}
