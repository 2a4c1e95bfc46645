/**
 * A big address book against the contacts map: N contacts (default 200,000) on four trades around
 * one zip code, a job whose map is built from them, then PATCH /jobs/{id}/contacts-map edits
 * through the real HTTP server. Prints the stored version size and the edit times.
 *
 *   npx tsx bench/map-bench.ts [N]
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { buildHttpServer } from '../src/channels/http/server.js';
import { ApiTokens } from '../src/core/auth/api-tokens.js';
import { parseRef } from '../src/core/storage/index.js';
import { makeTempDir } from '../test/helpers/app.js';
import { fact, scopeDoc } from '../test/helpers/jobs.js';

const n = Number(process.argv[2] ?? 200_000);
const tmp = makeTempDir('rb-map-bench-');
const app = createApp(loadConfig({ REDBUTTON_DATA_DIR: tmp.dir, LOG_LEVEL: 'silent' }));
const user = await app.repos.users.create('bench@gc.test', 'bench password');
const zips = ['55401', '55402', '55403', '55404', '55405', '55406', '55407', '55408', '55409', '55410', '55303', '55304', '55305'];
const trades = ['26', '22', '23', '09'];

let t0 = performance.now();
const insert = app.handle.sqlite.prepare('INSERT INTO contacts (contact_id, user_id, name, email, trades, zip_code) VALUES (?, ?, ?, ?, ?, ?)');
app.handle.sqlite.transaction(() => {
  for (let i = 0; i < n; i++) insert.run(randomUUID(), user.userId, `Subcontractor ${i}`, `bids${i}@sub${i}.example.com`, trades[i % trades.length], zips[i % zips.length]);
})();
const insertMs = performance.now() - t0;

const job = await app.repos.jobs.create({ userId: user.userId, name: 'Big address book', zipCode: '55401' });
const scope = scopeDoc(trades.slice(0, 3), { name: fact('Big address book'), zipOrPostcode: fact('55401') });
t0 = performance.now();
const built = await app.maps.buildInitial(job, scope);
const buildMs = performance.now() - t0;
app.handle.sqlite.prepare("UPDATE jobs SET status = 'CONTACT_MAP_READY', contacts_map_ref = ? WHERE job_id = ?").run(built.ref, job.jobId);
const size = async () => statSync(await app.storage.localPath(parseRef((await app.repos.jobs.getInternal(job.jobId))!.contactsMapRef!))).size;
const v1Bytes = await size();

const server = await buildHttpServer(app);
const token = (await new ApiTokens(app.repos).create(user.userId)).token;
const patch = async (version: number, edits: unknown[]) => {
  const t = performance.now();
  const res = await server.inject({ method: 'PATCH', url: `/jobs/${job.jobId}/contacts-map`, payload: { edits }, headers: { authorization: `Bearer ${token}`, 'if-match': `"v${version}"` } });
  if (res.statusCode !== 200) throw new Error(`PATCH ${res.statusCode}: ${res.body}`);
  return performance.now() - t;
};
const first = built.map.trades[0]!;
const someone = first.candidates.find((c) => c.selected)!;
const deselect = await patch(1, [{ op: 'deselect', trade: first.division, contact: someone.contact_id }]);
const select = await patch(2, [{ op: 'select', trade: first.division, contact: someone.contact_id }]);
const addTrade = await patch(3, [{ op: 'add_trade', trade: '09' }]);
const v4Bytes = await size();

console.log(`${new Date().toISOString().slice(0, 10)} · node ${process.version} · ${n} contacts · load average ${loadavg()[0]!.toFixed(1)}`);
console.log('| step | result |\n| --- | --- |');
console.log(`| insert ${n} contacts (one transaction) | ${(insertMs / 1000).toFixed(1)} s |`);
console.log(`| build map v1 (3 trades) | ${(buildMs / 1000).toFixed(1)} s |`);
console.log(`| version 1 file | ${(v1Bytes / 1e6).toFixed(2)} MB |`);
console.log(`| PATCH deselect one contact | ${deselect.toFixed(0)} ms |`);
console.log(`| PATCH select one contact | ${select.toFixed(0)} ms |`);
console.log(`| PATCH add a trade (matches ${n / 4} contacts) | ${addTrade.toFixed(0)} ms |`);
console.log(`| version 4 file (4 trades) | ${(v4Bytes / 1e6).toFixed(2)} MB |`);
await server.close();
app.close();
tmp.cleanup();
