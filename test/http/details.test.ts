import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';
import { auth, CONTACTS_CSV, multipartBody, startHttpTest, uploadAndProcess, writePlanSet, type HttpTestEnv } from './helpers.js';

/** Project details, the profile and the preview over the HTTP API, as a client script uses them. */
describeOnBothDatabases('project details, profile and preview over HTTP', (backend) => {
  let env: HttpTestEnv;
  let jobId: string;
  let pdf: Buffer;
  beforeAll(async () => {
    env = await startHttpTest({}, {}, backend);
    await env.server.inject({ method: 'POST', url: '/contacts/import', payload: CONTACTS_CSV, headers: { ...auth(env.alice.token), 'content-type': 'text/csv' } });
    pdf = readFileSync(await writePlanSet(env.dir));
    jobId = await uploadAndProcess(env, pdf, undefined, undefined, { sendable: false });
  });
  afterAll(async () => env?.close());

  const patch = (payload: unknown, token = env.alice.token) => env.server.inject({ method: 'PATCH', url: `/jobs/${jobId}`, headers: auth(token), payload: payload as object });

  it('refuses bad zips and dates with messages a person can act on, and changes nothing', async () => {
    for (const zip of ['abc', '00000', '5530']) {
      const res = await patch({ zip_code: zip });
      expect(res.statusCode, zip).toBe(400);
      expect(res.json().error.message).toMatch(/zip or postal code/);
    }
    const past = await patch({ bid_due: '2020-01-01 2pm CT' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.message).toContain('is in the past');
    const job = (await env.server.inject({ method: 'GET', url: `/jobs/${jobId}`, headers: auth(env.alice.token) })).json();
    expect(job.zip_code).toBe('94103');
    expect(job.details.bid_due).toBeNull();
    expect(job.details.send_blocker).toContain('bid due date is not set');
  });

  it('a zip on upload is checked too, and the same PDF again offers the existing job', async () => {
    const bad = multipartBody([{ name: 'zip_code', value: 'abc' }, { name: 'new_job', value: 'true' }, { name: 'file', value: pdf, filename: 'plans.pdf' }]);
    const res = await env.server.inject({ method: 'POST', url: '/jobs', payload: bad.payload, headers: { ...bad.headers, ...auth(env.alice.token) } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/not a zip or postal code/);
    const again = multipartBody([{ name: 'file', value: pdf, filename: 'plans (1).pdf' }]);
    const dup = await env.server.inject({ method: 'POST', url: '/jobs', payload: again.payload, headers: { ...again.headers, ...auth(env.alice.token) } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'CONFLICT', details: { existingJobId: jobId } });
  });

  it('sets the details and profile, previews the e-mail, and only then approves', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const blocked = (await env.server.inject({ method: 'GET', url: `/jobs/${jobId}/preview`, headers: auth(env.alice.token) })).json();
    expect(blocked.blockers).toEqual([expect.stringContaining('bid due date is not set'), expect.stringContaining('your company name and your name')]);

    const res = await patch({ bid_due: `Dec 15 ${year} 2pm PT`, street_address: '100 Howard St', job_walk: `Dec 1 ${year} 9am`, scope_notes: { '26': 'Include the site lighting.' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().details).toMatchObject({ time_zone: 'America/Los_Angeles', bid_due: { date: `${year}-12-15`, time: '14:00', text: expect.stringContaining('2:00 PM PST') }, send_blocker: null });

    const badLogo = await env.server.inject({ method: 'PUT', url: '/profile', headers: auth(env.alice.token), payload: { company_name: 'Alice GC', company_logo_url: 'http://x.test/logo.png' } });
    expect(badLogo.statusCode).toBe(400);
    expect(badLogo.json().error.message).toContain('https://');
    const profile = await env.server.inject({ method: 'PUT', url: '/profile', headers: auth(env.alice.token), payload: { full_name: 'Alice Wong', title: 'Estimator', company_name: 'Alice GC', company_logo_url: 'https://alice-gc.test/logo.png' } });
    expect(profile.json()).toMatchObject({ full_name: 'Alice Wong', company: { name: 'Alice GC', logo_url: 'https://alice-gc.test/logo.png' }, send_blocker: null });

    const preview = (await env.server.inject({ method: 'GET', url: `/jobs/${jobId}/preview`, headers: auth(env.alice.token) })).json();
    expect(preview.blockers).toEqual([]);
    const electrical = preview.previews.find((p: { division: string }) => p.division === '26');
    expect(electrical.from).toBe('"Alice Wong at Alice GC" <bids@gc.test>');
    expect(electrical.subject).toMatch(/^Alice GC invites you to bid: Test Clinic \(.*Electrical.*\), due Dec 15, 2:00 PM PST$/);
    expect(electrical.text).toContain('Division 26 – Electrical: see sheet E101');
    expect(electrical.text).toContain('Include the site lighting.');
    expect(electrical.text).not.toMatch(/see sections? 00/);
    expect(electrical.html).toContain('src="https://alice-gc.test/logo.png"');
    // Another user sees none of it.
    expect((await env.server.inject({ method: 'GET', url: `/jobs/${jobId}/preview`, headers: auth(env.bob.token) })).statusCode).toBe(404);
    expect((await patch({ message: 'hi' }, env.bob.token)).statusCode).toBe(404);

    const approve = await env.server.inject({ method: 'POST', url: `/jobs/${jobId}/approve`, headers: auth(env.alice.token), payload: { version: 1 } });
    expect(approve.statusCode, approve.body).toBe(202);
    // Frozen once the invitations are queued: they already carry these details.
    const late = await patch({ message: 'one more thing' });
    expect(late.statusCode).toBe(409);
  });
});
