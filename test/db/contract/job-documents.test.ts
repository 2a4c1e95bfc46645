import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../../helpers/backends.js';
import type { NewJobDocument } from '../../../src/db/repositories/index.js';

const doc = (sha256: string, fileName = `${sha256}.pdf`): NewJobDocument => ({
  fileName,
  receivedVia: 'attachment',
  sha256,
  pdfRef: JSON.stringify({ kind: 'local', key: `jobs/${sha256}.pdf` }),
  sizeBytes: 1234,
});

describe.each(backends())('job documents repository on $name', ({ skip, open }) => {
  let b: TestBackend;
  let n = 0;
  /** A user's job; `at` sets its creation time, `status` its state. */
  async function job(userId: string, opts: { at?: string; status?: string } = {}): Promise<string> {
    const jobId = `job${++n}`;
    await b.raw(`INSERT INTO jobs (job_id, user_id, name, status, created_at) VALUES (?, ?, 'Clinic', ?, ?)`, [jobId, userId, opts.status ?? 'NEW', opts.at ?? '2026-03-01 10:00:00']);
    return jobId;
  }
  beforeAll(async () => {
    if (skip) return;
    b = await open();
    await b.raw(`INSERT INTO users (user_id, email, password_hash) VALUES ('alice', 'alice@gc.test', 'x'), ('bob', 'bob@gc.test', 'x')`);
  });
  afterAll(async () => {
    await b?.close();
  });
  const test = (name: string, body: () => Promise<void>) => it.skipIf(skip)(`${name}${skip ? ` (skipped: ${skip})` : ''}`, body);

  test('the original set is package 1 in order and grows at its end; each addendum is the next package; bytes the job has are reported, not added', async () => {
    const jobId = await job('alice');
    const first = await b.repos.documents.addSet(jobId, 'original', [doc('a1', 'Architectural.pdf'), doc('m1', 'MEP.pdf')]);
    expect(first.packageNumber).toBe(1);
    expect(first.added.map((d) => [d.packageNumber, d.position, d.kind, d.fileName, d.readStatus])).toEqual([
      [1, 1, 'original', 'Architectural.pdf', 'PENDING'],
      [1, 2, 'original', 'MEP.pdf', 'PENDING'],
    ]);
    expect(JSON.parse(first.added[0]!.pdfRef)).toEqual({ kind: 'local', key: 'jobs/a1.pdf' });
    expect(first.added[0]!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const more = await b.repos.documents.addSet(jobId, 'original', [doc('s1', 'Specs.pdf')]);
    expect(more.added.map((d) => [d.packageNumber, d.position])).toEqual([[1, 3]]);

    const a1 = await b.repos.documents.addSet(jobId, 'addendum', [doc('add1', 'Addendum 1.pdf'), doc('a1', 'Architectural again.pdf')]);
    expect(a1.packageNumber).toBe(2);
    expect(a1.added.map((d) => [d.kind, d.position, d.fileName])).toEqual([['addendum', 1, 'Addendum 1.pdf']]);
    expect(a1.duplicates.map((d) => [d.fileName, d.existing.fileName, d.existing.packageNumber])).toEqual([['Architectural again.pdf', 'Architectural.pdf', 1]]);
    expect((await b.repos.documents.addSet(jobId, 'addendum', [doc('add2')])).packageNumber).toBe(3);
    const onlyRepeats = await b.repos.documents.addSet(jobId, 'addendum', [doc('add2')]);
    expect([onlyRepeats.packageNumber, onlyRepeats.added]).toEqual([4, []]);

    expect((await b.repos.documents.listForJob(jobId)).map((d) => [d.packageNumber, d.position, d.sha256])).toEqual([
      [1, 1, 'a1'], [1, 2, 'm1'], [1, 3, 's1'], [2, 1, 'add1'], [3, 1, 'add2'],
    ]);
    expect((await b.repos.documents.listForJob(jobId, 2)).map((d) => d.sha256)).toEqual(['add1']);
  });

  test('two addenda arriving at once for one job become two packages, nothing lost', async () => {
    const jobId = await job('alice');
    await b.repos.documents.addSet(jobId, 'original', [doc('orig-x')]);
    const sets = await Promise.all([1, 2, 3].map((i) => b.repos.documents.addSet(jobId, 'addendum', [doc(`race${i}-a`), doc(`race${i}-b`)])));
    expect(sets.map((s) => s.packageNumber).sort()).toEqual([2, 3, 4]);
    const docs = await b.repos.documents.listForJob(jobId);
    expect(docs).toHaveLength(7);
    for (const s of sets) expect(docs.filter((d) => d.packageNumber === s.packageNumber).map((d) => d.position)).toEqual([1, 2]);
  });

  test('only the owner lists a job\'s documents; a read records pages, status and refs; a failed transaction adds nothing', async () => {
    const jobId = await job('alice');
    const [d] = (await b.repos.documents.addSet(jobId, 'original', [doc('own1')])).added;
    expect((await b.repos.documents.listForUser('alice', jobId)).map((x) => x.documentId)).toEqual([d!.documentId]);
    expect(await b.repos.documents.listForUser('bob', jobId)).toEqual([]);
    await b.repos.documents.update(d!.documentId, { pageCount: 12, readStatus: 'READ', pagesRef: JSON.stringify({ kind: 'local', key: 'pages.json' }), note: 'OCR on 2 pages' });
    const read = await b.repos.documents.get(d!.documentId);
    expect(read).toMatchObject({ pageCount: 12, readStatus: 'READ', note: 'OCR on 2 pages', scopeRef: null });
    expect(JSON.parse(read!.pagesRef!)).toEqual({ kind: 'local', key: 'pages.json' });
    expect(await b.repos.documents.get('no-such-document')).toBeUndefined();

    await expect(
      b.repos.transaction(async (tx) => {
        await tx.documents.addSet(jobId, 'addendum', [doc('rolled-back')]);
        throw new Error('storage failed');
      }),
    ).rejects.toThrow('storage failed');
    expect((await b.repos.documents.listForJob(jobId)).map((x) => x.sha256)).toEqual(['own1']);
  });

  test('the same package sent again finds the owner\'s newest live job holding exactly those documents', async () => {
    const older = await job('alice', { at: '2026-03-01 09:00:00' });
    const newer = await job('alice', { at: '2026-03-02 09:00:00' });
    const failed = await job('alice', { at: '2026-03-03 09:00:00', status: 'FAILED' });
    const bigger = await job('alice', { at: '2026-03-04 09:00:00' });
    const bobs = await job('bob', { at: '2026-03-05 09:00:00' });
    for (const j of [older, newer, failed, bobs]) await b.repos.documents.addSet(j, 'original', [doc('p1'), doc('p2')]);
    await b.repos.documents.addSet(bigger, 'original', [doc('p1'), doc('p2'), doc('p3')]);
    await b.repos.documents.addSet(newer, 'addendum', [doc('p9')]); // an addendum does not change the original package

    expect((await b.repos.documents.findJobWithSamePackage('alice', ['p2', 'p1', 'p2']))?.jobId).toBe(newer);
    expect((await b.repos.documents.findJobWithSamePackage('alice', ['p1', 'p2', 'p3']))?.jobId).toBe(bigger);
    expect(await b.repos.documents.findJobWithSamePackage('alice', ['p1'])).toBeUndefined();
    expect(await b.repos.documents.findJobWithSamePackage('alice', ['p1', 'p9'])).toBeUndefined();
    expect(await b.repos.documents.findJobWithSamePackage('alice', [])).toBeUndefined();
    expect((await b.repos.documents.findJobWithSamePackage('bob', ['p1', 'p2']))?.jobId).toBe(bobs);
  });
});
