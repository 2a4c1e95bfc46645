import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { auth, multipartBody, startHttpTest, type HttpTestEnv } from '../http/helpers.js';
import { smallPdf } from '../email/setup.js';
import { signPlansToken } from '../../src/core/outreach/links.js';

/**
 * Several `file` fields in one upload are one bid package: one job.
 *
 * SQLite only: the package intake (archives, Outlook items, plan links, the documents rows) runs on
 * both databases in package-intake.test.ts and job-documents.test.ts, and the addendum flow through
 * this channel (test/addenda) is the channel's run on Postgres; what this file adds is mostly the
 * transport, so a Postgres copy would cost CI time for little that is new.
 */
describe('HTTP: a multi-file upload is one job', () => {
  let env: HttpTestEnv;
  beforeAll(async () => {
    env = await startHttpTest();
  });
  afterAll(async () => env?.close());

  it('two PDFs and a ZIP in one request: one job with every document, the skipped entry named', async () => {
    const zip = new JSZip();
    zip.file('Specs/FP.pdf', await smallPdf('SECTION 21 13 13 - WET-PIPE SPRINKLER SYSTEMS'));
    zip.file('Specs/notes.txt', 'not a pdf');
    const before = (await env.app.repos.jobs.listForUser(env.alice.userId)).length;
    const body = multipartBody([
      { name: 'name', value: 'Riverside Clinic' },
      { name: 'zip_code', value: '94103' },
      { name: 'file', value: await smallPdf(), filename: 'E-101.pdf' },
      { name: 'file', value: await smallPdf('SECTION 22 40 00 - PLUMBING FIXTURES'), filename: 'P-101.pdf', type: 'application/octet-stream' },
      { name: 'file', value: await zip.generateAsync({ type: 'nodebuffer' }), filename: 'specs.zip', type: 'application/zip' },
    ]);
    const res = await env.server.inject({ method: 'POST', url: '/jobs', payload: body.payload, headers: { ...body.headers, ...auth(env.alice.token) } });
    expect(res.statusCode).toBe(202);
    const out = res.json() as { job_id: string; documents: { name: string }[]; skipped: { name: string; reason: string }[] };
    expect(out.documents.map((d) => d.name)).toEqual(['E-101.pdf', 'P-101.pdf', 'specs.zip/Specs/FP.pdf']);
    expect(out.skipped).toEqual([{ name: 'specs.zip/Specs/notes.txt', reason: 'not a PDF' }]);
    await env.server.redbutton.background.idle();
    expect(await env.app.repos.jobs.listForUser(env.alice.userId)).toHaveLength(before + 1);
    const job = (await env.server.inject({ method: 'GET', url: `/jobs/${out.job_id}`, headers: auth(env.alice.token) })).json() as { status: string; documents: { name: string; read_status: string; pages: number }[] };
    expect(job.status).toBe('CONTACT_MAP_READY');
    expect(job.documents.map((d) => [d.name, d.read_status, d.pages])).toEqual([
      ['E-101.pdf', 'READ', 1],
      ['P-101.pdf', 'READ', 1],
      ['specs.zip/Specs/FP.pdf', 'READ', 1],
    ]);

    // A subcontractor's plans link lists every document of the package and downloads each one.
    const token = signPlansToken(env.app.secret, { jobId: out.job_id, expiresAt: new Date(Date.now() + 86_400_000) });
    const list = await env.server.inject({ method: 'GET', url: `/plans/${token}` });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toMatch(/text\/html/);
    for (const name of ['E-101.pdf', 'P-101.pdf', 'specs.zip/Specs/FP.pdf']) expect(list.body).toContain(name);
    const second = await env.server.inject({ method: 'GET', url: `/plans/${token}?doc=2` });
    expect(second.statusCode).toBe(200);
    expect(second.headers['content-disposition']).toContain('P-101.pdf');
    expect(second.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await env.server.inject({ method: 'GET', url: `/plans/${token}?doc=9` })).statusCode).toBe(404);
  });

  it('an upload with nothing usable makes no job and says why (a refused archive, a non-PDF)', async () => {
    const zip = new JSZip();
    zip.file('../up.pdf', await smallPdf());
    const body = multipartBody([
      { name: 'file', value: await zip.generateAsync({ type: 'nodebuffer' }), filename: 'set.zip', type: 'application/zip' },
      { name: 'file', value: Buffer.from('hello'), filename: 'readme.txt', type: 'text/plain' },
    ]);
    const before = (await env.app.repos.jobs.listForUser(env.alice.userId)).length;
    const res = await env.server.inject({ method: 'POST', url: '/jobs', payload: body.payload, headers: { ...body.headers, ...auth(env.alice.token) } });
    expect(res.statusCode).toBe(422);
    const err = res.json() as { error: { code: string; message: string; details: { skipped: { name: string; reason: string }[] } } };
    expect(err.error.code).toBe('PACKAGE_EMPTY');
    expect(err.error.details.skipped.map((s) => s.name)).toEqual(['set.zip', 'readme.txt']);
    expect(err.error.details.skipped[0]!.reason).toMatch(/points outside the archive/);
    expect(await env.app.repos.jobs.listForUser(env.alice.userId)).toHaveLength(before);
  });
});
