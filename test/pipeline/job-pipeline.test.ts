import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appBackends, openTestApp, type AnyTestApp } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { DEMO_PROJECT, writeDemoPlanSet } from '../../src/demo/plan-set.js';
import { parseRef } from '../../src/core/storage/index.js';

describe.each(appBackends())('the whole job on $backend: store → read pages → detect trades → contacts map', ({ backend, skip }) => {
  let t: AnyTestApp;
  let userId: string;
  let planSet: string;

  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp(backend);
    userId = (await t.app.repos.users.create('est@gc.test', 'password123')).userId;
    await t.app.addressBook.importCsv(userId, 'name,email,trades,zip\nBright Line Electric,bids@brightline.test,Electrical,55303\nDrip Plumbing,drip@drip.test,Plumbing,55401\n');
    planSet = join(t.dir, 'plans.pdf');
    await writeDemoPlanSet(planSet);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it.skipIf(skip)('turns a multi-discipline plan set into a map with evidence and the user’s contacts', async () => {
    const job = await t.app.intake.submitPdf({ userId, sourcePath: planSet, fileName: '../../etc/passwd.pdf', zipCode: '55303', origin: 'cli' });
    expect(job.status).toBe('PDF_SAVED');
    // The stored key comes from the job id and content hash, never from the sender's file name.
    expect(parseRef(job.pdfRef).location).toMatch(new RegExp(`^users/${userId}/jobs/${job.jobId}/pdf/[0-9a-f]{64}\\.pdf$`));
    const done = await t.app.runner.runJob(job.jobId);
    expect(done).toMatchObject({ status: 'CONTACT_MAP_READY', pageCount: 11, extractor: 'text' });
    const map = await t.app.maps.current(userId, job.jobId);
    const electrical = map.trades.find((x) => x.division === '26')!;
    expect(electrical.evidence_summary).toContain('E101');
    expect(electrical.candidates.filter((c) => c.selected).map((c) => c.name)).toEqual(['Bright Line Electric']);
    expect(map.trades.find((x) => x.division === '22')!.candidates[0]!.name).toBe('Drip Plumbing');
    expect(map.project.bid_due_date).toMatch(/^2026-12-18\b/);
    expect(await t.app.maps.history(userId, job.jobId)).toHaveLength(1);
    // Named after its file until read; then the name the documents print (what invitations use).
    expect(job.name).toBe('../../etc/passwd');
    expect(done?.name.toLowerCase()).toBe(DEMO_PROJECT.name.toLowerCase());
    expect(map.project.name).toBe(done?.name);
  });

  it.skipIf(skip)('keeps a project name the sender gave over the one the documents print', async () => {
    const job = await t.app.intake.submitPdf({ userId, name: 'Library job (north)', sourcePath: planSet, fileName: 'plans.pdf', origin: 'cli', allowDuplicate: true });
    const done = await t.app.runner.runJob(job.jobId);
    expect(done?.name).toBe('Library job (north)');
    expect((await t.app.maps.current(userId, job.jobId)).project.name).toBe('Library job (north)');
  });

  it.skipIf(skip)('fails a job on a damaged PDF with a reason a person can act on, keeping the upload', async () => {
    const broken = join(t.dir, 'broken.pdf');
    writeFileSync(broken, '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF garbage');
    const job = await t.app.intake.submitPdf({ userId, sourcePath: broken, fileName: 'broken.pdf', origin: 'cli' });
    const done = await t.app.runner.runJob(job.jobId);
    expect(done?.status).toBe('FAILED');
    expect(done?.failedStage).toBe('read_pages');
    expect(done?.failureReason).toMatch(/PDF/);
    expect(await t.app.storage.exists(parseRef(done!.pdfRef))).toBe(true);
  });

  it.skipIf(skip)('refuses a file that is not a PDF before creating a job', async () => {
    const text = join(t.dir, 'notes.pdf');
    writeFileSync(text, 'just some notes');
    await expect(t.app.intake.submitPdf({ userId, sourcePath: text, fileName: 'notes.pdf', origin: 'cli' })).rejects.toMatchObject({ code: 'PDF_NOT_PDF' });
    const empty = join(t.dir, 'empty.pdf');
    writeFileSync(empty, '');
    await expect(t.app.intake.submitPdf({ userId, sourcePath: empty, origin: 'cli' })).rejects.toMatchObject({ code: 'PDF_EMPTY' });
    expect((await t.app.repos.jobs.listForUser(userId)).map((j) => j.pdfFileName)).not.toContain('notes.pdf');
  });

  // Three CLI processes reading the 11-page plan set: SQLite only. On Postgres the same services run
  // in-process above, and test/pg/app-on-postgres.test.ts runs `redbutton process` on Postgres.
  it.skipIf(skip || backend === 'postgres')('`redbutton process` prints the map as a table and edits show up in history', { timeout: 180_000 }, async () => {
    const env = t.env;
    // The plan set was submitted above already: --new-job asks for a second job from the same PDF.
    const run = await runCli(['process', planSet, '--user', 'est@gc.test', '--name', 'Library', '--zip', '55303', '--new-job'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Contacts map v1 — Library (zip 55303)');
    expect(run.stdout).toContain('Bright Line Electric');
    expect(run.stdout).toContain('bids@brightline.test');
    // The table fits an 80-column terminal.
    const tableLines = run.stdout.split('\n').filter((l) => /^[┌│├└]/.test(l));
    expect(tableLines.length).toBeGreaterThan(10);
    expect(tableLines.filter((l) => [...l].length > 80)).toEqual([]);
    expect(run.stdout).toContain('Preview: redbutton approve');
    const jobId = /Job ([0-9a-f-]{36}):/.exec(run.stdout)![1]!;
    const edit = await runCli(['map', 'edit', jobId, '--user', 'est@gc.test', '--trade', 'Electrical', '--add', 'sparky@volt.test', '--remove', 'Bright Line Electric'], env);
    expect(edit.code, edit.stderr).toBe(0);
    expect(edit.stdout).toContain('Saved version 2.');
    const history = await runCli(['map', 'history', jobId, '--user', 'est@gc.test', '--json'], env);
    const rows = JSON.parse(history.stdout) as { version: number; summary: string }[];
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
    expect(rows[1]!.summary).toBe('add sparky@volt.test to Electrical; deselect Bright Line Electric from Electrical');
  });
});
