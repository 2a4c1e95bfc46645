/**
 * `POST /jobs/{id}/documents` over the real HTTP server: an addendum PDF joins the owner's job and
 * the answer is its change list and who would get a notice; the same PDF again, a file that is not
 * a PDF and someone else's job are refused with a clear error and change nothing. On both databases:
 * the HTTP representative of the addendum and bid-package channel tests on Postgres (the multi-file
 * upload in test/documents/package-http.test.ts stays on SQLite; its intake runs on both in
 * package-intake.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auth, CONTACTS_CSV, multipartBody, startHttpTest, uploadAndProcess, writePlanSet, type HttpTestEnv } from '../http/helpers.js';
import { makePlanSetPdf } from '../fixtures/pdf-fixtures.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';

describeOnBothDatabases('POST /jobs/{id}/documents (an addendum)', (backend) => {
  let env: HttpTestEnv;
  let jobId: string;
  let addendum: Buffer;
  const post = (pdf: Buffer, token: string, id = jobId, filename = 'addendum-1.pdf') => {
    const { payload, headers } = multipartBody([{ name: 'file', value: pdf, filename }]);
    return env.server.inject({ method: 'POST', url: `/jobs/${id}/documents`, payload, headers: { ...headers, ...auth(token) } });
  };

  beforeAll(async () => {
    env = await startHttpTest({}, {}, backend);
    await env.app.addressBook.importCsv(env.alice.userId, CONTACTS_CSV);
    jobId = await uploadAndProcess(env, readFileSync(await writePlanSet(env.dir)));
    addendum = readFileSync(await makePlanSetPdf(join(env.dir, 'addendum.pdf'), {
      index: false,
      letterPage: ['ADDENDUM NO. 1', 'ITEM 1 - Sheet E101: revised receptacle circuits at the reception desk.', 'END OF ADDENDUM NO. 1'],
      sheets: [{ number: 'E101', title: 'POWER PLAN', lines: ['DUPLEX RECEPTACLES AT 18" AFF'], revisions: [['1', '12/01/2026', 'ADDENDUM 1']] }],
    }));
  });
  afterAll(async () => env?.close());

  it("refuses a file that is not a PDF, and another user's job, changing nothing", async () => {
    const notPdf = await post(Buffer.from('<html>addendum</html>'), env.alice.token);
    expect(notPdf.statusCode).toBe(415);
    expect(notPdf.body).toMatch(/not a PDF/i);
    const foreign = await post(addendum, env.bob.token);
    expect(foreign.statusCode).toBe(404);
    expect((await env.server.inject({ method: 'GET', url: `/jobs/${jobId}/addenda`, headers: auth(env.alice.token) })).json()).toEqual({ addenda: [] });
    expect(await env.app.repos.documents.listForJob(jobId)).toHaveLength(1);
  });

  it('adds the addendum to the owner’s job and answers with what changed and who gets a notice; the same PDF again is refused', async () => {
    const res = await post(addendum, env.alice.token);
    expect(res.statusCode).toBe(201);
    const body = res.json() as { addendum: { number: number; changes: { ref: string; action: string; trades: string[] }[] }; notices: unknown[] };
    expect(body.addendum.number).toBe(1);
    expect(body.addendum.changes.map((c) => [c.ref, c.action, c.trades])).toEqual([['E101', 'revised', ['26']]]);
    expect(body.notices).toEqual([]); // nobody was invited yet
    const again = await post(addendum, env.alice.token, jobId, 'same-again.pdf');
    expect(again.statusCode).toBe(409);
    expect(again.body).toMatch(/already part of the job as addendum 1/);
    const list = (await env.server.inject({ method: 'GET', url: `/jobs/${jobId}/addenda`, headers: auth(env.alice.token) })).json() as { addenda: unknown[] };
    expect(list.addenda).toHaveLength(1);
  });
});
