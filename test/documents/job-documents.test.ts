import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.js';
import { MIGRATIONS_DIR, migrate } from '../../src/db/migrate.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import { isAppError } from '../../src/core/errors.js';
import { appBackends, openTestApp, makeTempDir, type AnyTestApp } from '../helpers/app.js';
import { makeNotPdf, makePlanSetPdf, makeSpecPdf } from '../fixtures/pdf-fixtures.js';

describe.each(appBackends())('job documents (migration 0019) on $backend', ({ backend, skip }) => {
  let t: AnyTestApp;
  let userId: string;
  const pdf: Record<string, string> = {};
  beforeAll(async () => {
    if (skip) return;
    t = await openTestApp(backend);
    userId = (await t.app.repos.users.create('docs@example.com', 'a-long-password-1')).userId;
    pdf.arch = await makePlanSetPdf(join(t.dir, 'arch.pdf'), { sheets: [{ number: 'A-101', title: 'FLOOR PLAN' }] });
    pdf.mep = await makePlanSetPdf(join(t.dir, 'mep.pdf'), { sheets: [{ number: 'E-101', title: 'LIGHTING PLAN' }] });
    pdf.spec = await makeSpecPdf(join(t.dir, 'spec.pdf'), { sections: [{ number: '09 29 00', title: 'GYPSUM BOARD', paragraphs: ['Gypsum board.'] }] });
    pdf.junk = await makeNotPdf(join(t.dir, 'junk.pdf'));
  });
  afterAll(async () => {
    if (!skip) await t.cleanup();
  });

  it.skipIf(skip)('a package of several PDFs is one job; the same bytes twice are stored once; document 1 is the job pdf', async () => {
    const job = await t.app.intake.submitPackage({
      userId,
      origin: 'email',
      documents: [
        { path: pdf.arch!, name: 'Architectural.pdf', receivedVia: 'attachment' },
        { path: pdf.mep!, name: 'MEP.pdf', receivedVia: 'attachment' },
        { path: pdf.arch!, name: 'Architectural (copy).pdf', receivedVia: 'archive', note: 'set.zip' },
      ],
    });
    expect(job.status).toBe('PDF_SAVED');
    const docs = await t.app.documents.list(userId, job.jobId);
    expect(docs.map((d) => [d.packageNumber, d.position, d.kind, d.fileName])).toEqual([
      [1, 1, 'original', 'Architectural.pdf'],
      [1, 2, 'original', 'MEP.pdf'],
    ]);
    expect(job.pdfRef).toBe(docs[0]!.pdfRef);
    expect(job.pdfFileName).toBe('Architectural.pdf');
    expect(docs.every((d) => d.readStatus === 'PENDING' && d.sizeBytes! > 0)).toBe(true);
    // Another user sees no documents of this job.
    const other = await t.app.repos.users.create('other@example.com', 'a-long-password-2');
    expect(await t.app.documents.list(other.userId, job.jobId)).toEqual([]);

    // The same package again (any order) offers the existing job; a different package does not.
    const again = t.app.intake.submitPackage({ userId, origin: 'http', documents: [{ path: pdf.mep!, name: 'b.pdf', receivedVia: 'upload' }, { path: pdf.arch!, name: 'a.pdf', receivedVia: 'upload' }] });
    await expect(again).rejects.toMatchObject({ code: 'CONFLICT', details: { existingJobId: job.jobId } });
    const subset = await t.app.intake.submitPackage({ userId, origin: 'http', documents: [{ path: pdf.arch!, name: 'a.pdf', receivedVia: 'upload' }] });
    expect(subset.jobId).not.toBe(job.jobId);
  });

  it.skipIf(skip)('addenda form a new set (package 2, 3 …); bytes the job already has are reported, not added', async () => {
    const job = await t.app.intake.submitPackage({ userId, origin: 'cli', documents: [{ path: pdf.spec!, name: 'Specs.pdf', receivedVia: 'file' }], allowDuplicate: true });
    const a1 = await t.app.documents.addDocuments(job, [{ path: pdf.mep!, name: 'Addendum 1.pdf', receivedVia: 'attachment' }, { path: pdf.spec!, name: 'Specs again.pdf', receivedVia: 'attachment' }], { kind: 'addendum' });
    expect(a1.packageNumber).toBe(2);
    expect(a1.added.map((d) => [d.kind, d.position, d.fileName])).toEqual([['addendum', 1, 'Addendum 1.pdf']]);
    expect(a1.duplicates.map((d) => [d.fileName, d.existing.fileName, d.existing.packageNumber])).toEqual([['Specs again.pdf', 'Specs.pdf', 1]]);
    const a2 = await t.app.documents.addDocuments(job, [{ path: pdf.arch!, name: 'Addendum 2.pdf', receivedVia: 'attachment' }], { kind: 'addendum' });
    expect(a2.packageNumber).toBe(3);
  });

  it.skipIf(skip)('a file that is not a PDF refuses the whole set and stores nothing', async () => {
    const job = await t.app.intake.submitPackage({ userId, origin: 'cli', documents: [{ path: pdf.spec!, name: 'Specs.pdf', receivedVia: 'file' }], allowDuplicate: true });
    const err = await t.app.documents.addDocuments(job, [{ path: pdf.mep!, name: 'ok.pdf', receivedVia: 'attachment' }, { path: pdf.junk!, name: 'notes.pdf', receivedVia: 'attachment' }], { kind: 'addendum' }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('PDF_NOT_PDF');
    expect(isAppError(err) && err.userMessage).toContain('notes.pdf');
    expect((await t.app.documents.list(userId, job.jobId)).map((d) => d.fileName)).toEqual(['Specs.pdf']);
  });

  it.skipIf(skip)('jobs stored before 0019 become document 1 of package 1', async () => {
    const tmp = makeTempDir();
    const older = join(tmp.dir, 'older');
    mkdirSync(older);
    for (const f of readdirSync(MIGRATIONS_DIR).filter((f) => f < '0019')) copyFileSync(join(MIGRATIONS_DIR, f), join(older, f));
    const { sqlite, db, close } = openDatabase(join(tmp.dir, 'db.sqlite'));
    migrate(sqlite, older);
    sqlite.prepare(`INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'u1@example.com', 'x')`).run();
    sqlite.prepare(`INSERT INTO jobs (job_id, user_id, name, status, origin, pdf_ref, pdf_sha256, pdf_file_name, page_count) VALUES ('j1', 'u1', 'Old', 'CONTACT_MAP_READY', 'email', '{"mode":"LOCAL","location":"users/u1/jobs/j1/pdf/abc.pdf"}', 'abc', 'Old set.pdf', 12)`).run();
    sqlite.prepare(`INSERT INTO jobs (job_id, user_id, name, status, origin) VALUES ('j2', 'u1', 'Never stored', 'NEW', 'cli')`).run();
    migrate(sqlite);
    const repos = createRepositories(db);
    const docs = await repos.documents.listForJob('j1');
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ packageNumber: 1, position: 1, kind: 'original', fileName: 'Old set.pdf', receivedVia: 'attachment', sha256: 'abc', pageCount: 12, readStatus: 'READ' });
    expect(docs[0]!.documentId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await repos.documents.listForJob('j2')).toEqual([]);
    expect((await repos.documents.findJobWithSamePackage('u1', ['abc']))?.jobId).toBe('j1');
    close();
    tmp.cleanup();
  });
});
