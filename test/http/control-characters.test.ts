import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signRespondToken } from '../../src/core/outreach/links.js';
import { readyJob } from '../helpers/jobs.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';
import { auth, CONTACTS_CSV, multipartBody, startHttpTest, writePlanSet, type HttpTestEnv } from './helpers.js';

/**
 * A control character in typed text (a NUL pasted into a name) is refused at the door with a 400
 * that names the field, on both databases — Postgres text cannot hold a NUL, and before the rule it
 * answered 500 — and nothing already stored is lost or changed. Tab and line breaks stay allowed.
 */
describeOnBothDatabases('control characters in typed text over HTTP', (backend) => {
  let env: HttpTestEnv;
  let jobId: string;
  beforeAll(async () => {
    env = await startHttpTest({}, {}, backend);
    await env.server.inject({ method: 'POST', url: '/contacts/import', payload: CONTACTS_CSV, headers: { ...auth(env.alice.token), 'content-type': 'text/csv' } });
    jobId = (await readyJob(env.app, env.alice.userId, ['26'], { name: 'Riverside Clinic', zipCode: '94103' })).jobId;
  });
  afterAll(async () => env?.close());

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => env.server.inject({ method, url, headers: auth(env.alice.token), ...(payload ? { payload } : {}) });
  const expectRefused = (res: { statusCode: number; json(): { error: { code: string; message: string; details?: Record<string, unknown> } } }, field: string) => {
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('CONTROL_CHARACTER');
    expect(error.message).toContain(`The ${field} holds an invisible control character (U+0000`);
    expect(error.details).toMatchObject({ field, character: 'U+0000' });
  };

  it('a contact name with a NUL is refused, and the address book is as it was', async () => {
    const before = (await call('GET', '/contacts')).json() as { total: number };
    const res = await call('POST', '/contacts', { name: 'Acme\u0000 Electric', email: 'bids@acme-nul.test', trades: 'Electrical', zip_code: '55303' });
    expectRefused(res, 'body.name');
    expect((await call('GET', '/contacts')).json().total).toBe(before.total);
    // The same contact, typed cleanly, goes in.
    const ok = await call('POST', '/contacts', { name: 'Acme Electric', email: 'bids@acme-nul.test', trades: 'Electrical', zip_code: '55303' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await call('GET', '/contacts')).json().total).toBe(before.total + 1);
  });

  it('a contacts file: a NUL makes it unreadable (422, nothing imported); another control character in a cell is dropped', async () => {
    const importCsv = (csv: string) => env.server.inject({ method: 'POST', url: '/contacts/import', payload: csv, headers: { ...auth(env.alice.token), 'content-type': 'text/csv' } });
    const nul = await importCsv('name,email,trades,zip_code\nNul\u0000 Mechanical,bids@nul-mechanical.test,Plumbing,94103\n');
    expect(nul.statusCode).toBe(422);
    expect(nul.json().error.code).toBe('IMPORT_INVALID');
    expect(await env.app.repos.contacts.findByEmail(env.alice.userId, 'bids@nul-mechanical.test')).toBeUndefined();
    const soh = await importCsv('name,email,trades,zip_code\nSoh\u0001 Mechanical,bids@soh-mechanical.test,Plumbing,94103\n');
    expect(soh.statusCode, soh.body).toBe(200);
    expect(await env.app.repos.contacts.findByEmail(env.alice.userId, 'bids@soh-mechanical.test')).toMatchObject({ name: 'Soh Mechanical' });
  });

  it('a project name with a NUL is refused and the job keeps its name; a tab and line breaks in the message are kept', async () => {
    expectRefused(await call('PATCH', `/jobs/${jobId}`, { name: 'Riverside\u0000 Clinic' }), 'body.name');
    expect((await call('GET', `/jobs/${jobId}`)).json().name).toBe('Riverside Clinic');
    const message = 'Walk-through Tuesday.\r\n\tBring your own ladder.';
    const ok = await call('PATCH', `/jobs/${jobId}`, { message });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().details.message).toBe(message);
  });

  it('an upload whose project name field holds a NUL makes no job', async () => {
    const jobsBefore = (await call('GET', '/jobs')).json().jobs.length;
    const pdf = readFileSync(await writePlanSet(env.dir));
    const body = multipartBody([{ name: 'name', value: 'North\u0000 Wing' }, { name: 'file', value: pdf, filename: 'plans.pdf' }]);
    const res = await env.server.inject({ method: 'POST', url: '/jobs', payload: body.payload, headers: { ...body.headers, ...auth(env.alice.token) } });
    expectRefused(res, 'name');
    expect((await call('GET', '/jobs')).json().jobs.length).toBe(jobsBefore);
  });

  it("a subcontractor's note with a NUL is refused and the answer is not recorded; a clean one is", async () => {
    const approve = await call('POST', `/jobs/${jobId}/approve`, { version: 1 });
    expect(approve.statusCode, approve.body).toBe(202);
    const emailId = ((await call('GET', `/jobs/${jobId}/emails`)).json() as { emails: { email_id: string }[] }).emails[0]!.email_id;
    const token = signRespondToken(env.app.secret, { jobId, emailId });
    const answer = async () => ((await call('GET', `/jobs/${jobId}/emails`)).json() as { emails: { email_id: string; bid_response: string | null }[] }).emails.find((e) => e.email_id === emailId)!.bid_response;
    const post = (note: string) => env.server.inject({ method: 'POST', url: `/respond/${token}`, payload: `answer=bid&note=${encodeURIComponent(note)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expectRefused(await post('We will bid\u0000'), 'body.note');
    expect(await answer()).toBeNull();
    expect((await post('We will bid.')).statusCode).toBe(200);
    expect(await answer()).toBe('BID');
  });

  it('a NUL in a path or query parameter is a 400, not a failed query', async () => {
    expectRefused(await call('GET', `/jobs/${jobId}%00`), 'path.id');
    expectRefused(await call('GET', '/contacts?cursor=%00'), 'query.cursor');
  });
});
