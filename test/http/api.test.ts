import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';
import { auth, CONTACTS_CSV, multipartBody, startHttpTest, uploadAndProcess, writePlanSet, type HttpTestEnv } from './helpers.js';
import { signPlansToken, signRespondToken, signUnsubscribeToken } from '../../src/core/outreach/links.js';
import { identityOf, updateIdentity } from '../../src/core/project/identity.js';

describeOnBothDatabases('the HTTP API', (backend) => {
  let env: HttpTestEnv;
  let pdf: Buffer;
  let jobId: string;

  beforeAll(async () => {
    env = await startHttpTest({ PDF_MAX_BYTES: String(300_000) }, {}, backend);
    pdf = readFileSync(await writePlanSet(env.dir));
    const imp = await env.server.inject({ method: 'POST', url: '/contacts/import?skip_invalid=true', payload: CONTACTS_CSV, headers: { ...auth(env.alice.token), 'content-type': 'text/csv' } });
    expect(imp.statusCode).toBe(200);
    jobId = await uploadAndProcess(env, pdf);
  });
  afterAll(async () => env?.close());

  const get = (url: string, token = env.alice.token, headers: Record<string, string> = {}) => env.server.inject({ method: 'GET', url, headers: { ...auth(token), ...headers } });

  describe('meta and auth', () => {
    it('answers /health without a token and carries a request id', async () => {
      const res = await env.server.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok' });
      expect(res.headers['x-request-id']).toMatch(/[0-9a-f-]{36}/);
    });

    it('serves an OpenAPI document generated from the route schemas', async () => {
      const res = await env.server.inject({ method: 'GET', url: '/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.paths['/jobs/{id}/contacts-map']?.patch?.requestBody).toBeTruthy();
      // Uploads are read by their routes, yet their fields are documented.
      expect(JSON.stringify(doc.paths['/jobs']?.post?.requestBody)).toMatch(/multipart\/form-data.*"file".*"binary".*zip_code/);
      expect(JSON.stringify(doc.paths['/contacts/import']?.post?.requestBody)).toContain('text/csv');
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/jobs', '/contacts', '/auth/login', '/contacts/import']));
      expect(Object.keys(doc.paths).some((p) => p.startsWith('/review'))).toBe(false);
    });

    it('caps JSON bodies (413) and answers unknown routes with a JSON 404', async () => {
      const big = await env.server.inject({ method: 'POST', url: '/contacts', payload: { name: 'x'.repeat(2 * 1024 * 1024) }, headers: auth(env.alice.token) });
      expect(big.statusCode).toBe(413);
      expect(big.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
      const nowhere = await env.server.inject({ method: 'GET', url: '/nowhere' });
      expect(nowhere.statusCode).toBe(404);
      expect(nowhere.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    });

    it('refuses requests without a valid bearer token with 401 and a stable code', async () => {
      for (const headers of [{}, { authorization: 'Bearer rb_nope' }, { authorization: 'Basic Zm9vOmJhcg==' }]) {
        const res = await env.server.inject({ method: 'GET', url: '/jobs', headers });
        expect(res.statusCode).toBe(401);
        expect(res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
        expect(res.headers['www-authenticate']).toContain('Bearer');
      }
    });

    it('logs in, uses the token, logs out (the token stops working)', async () => {
      const bad = await env.server.inject({ method: 'POST', url: '/auth/login', payload: { email: 'alice@gc.test', password: 'wrong password' } });
      expect(bad.statusCode).toBe(401);
      const invalid = await env.server.inject({ method: 'POST', url: '/auth/login', payload: { email: 'alice@gc.test' } });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json()).toMatchObject({ error: { code: 'VALIDATION' } });

      const res = await env.server.inject({ method: 'POST', url: '/auth/login', payload: { email: 'Alice@GC.test', password: 'correct horse battery' } });
      expect(res.statusCode).toBe(201);
      const { token, token_id } = res.json() as { token: string; token_id: string };
      expect(token).toMatch(/^rb_/);
      // Only the hash is stored.
      const [stored] = await env.raw<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE token_id = ?', [token_id]);
      expect(stored?.token_hash).toBeTypeOf('string');
      expect(stored?.token_hash).not.toContain(token.slice(3));
      expect((await get('/auth/me', token)).json()).toMatchObject({ email: 'alice@gc.test' });
      expect((await env.server.inject({ method: 'POST', url: '/auth/logout', headers: auth(token) })).statusCode).toBe(204);
      expect((await get('/auth/me', token)).statusCode).toBe(401);
    });

    it('revokes a token by id, but not another user’s', async () => {
      const t = await env.tokens.create(env.alice.userId, { label: 'spare' });
      expect((await env.server.inject({ method: 'DELETE', url: `/auth/tokens/${t.tokenId}`, headers: auth(env.bob.token) })).statusCode).toBe(404);
      expect((await get('/auth/me', t.token)).statusCode).toBe(200);
      expect((await env.server.inject({ method: 'DELETE', url: `/auth/tokens/${t.tokenId}`, headers: auth(env.alice.token) })).statusCode).toBe(200);
      expect((await get('/auth/me', t.token)).statusCode).toBe(401);
    });

    it('refuses an expired token', async () => {
      const t = await env.tokens.create(env.alice.userId, { days: 1, now: new Date(Date.now() - 2 * 86_400_000) });
      expect((await get('/auth/me', t.token)).statusCode).toBe(401);
    });
  });

  describe('jobs', () => {
    it('lists the user’s jobs newest first, and only theirs', async () => {
      const res = await get('/jobs');
      expect(res.statusCode).toBe(200);
      const jobs = (res.json() as { jobs: { job_id: string }[] }).jobs;
      expect(jobs.map((j) => j.job_id)).toContain(jobId);
      expect(((await get('/jobs', env.bob.token)).json() as { jobs: unknown[] }).jobs).toEqual([]);
      expect((await get('/jobs?limit=0')).statusCode).toBe(400);
      expect((await get('/jobs?bogus=1')).json()).toMatchObject({ error: { code: 'VALIDATION' } });
    });

    it('shows a processed job with its artifacts; another user gets 404', async () => {
      const res = await get(`/jobs/${jobId}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        job_id: jobId,
        name: 'Test Clinic',
        status: 'CONTACT_MAP_READY',
        zip_code: '94103',
        failure_reason: null,
        artifacts: { pdf: { file_name: 'plans.pdf', page_count: 3 }, contacts_map: { version: 1 } },
      });
      expect((res.json() as { review_url: string }).review_url).toMatch(/^http:\/\/127\.0\.0\.1:1\/review\//);
      const other = await get(`/jobs/${jobId}`, env.bob.token);
      expect(other.statusCode).toBe(404);
      expect(other.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
      for (const path of ['contacts-map', 'contacts-map/history', 'emails', 'review-link']) {
        expect((await get(`/jobs/${jobId}/${path}`, env.bob.token)).statusCode, path).toBe(404);
      }
    });

    it('refuses a non-PDF upload (415) and an oversized one (413), and creates no job', async () => {
      const before = ((await get('/jobs')).json() as { jobs: unknown[] }).jobs.length;
      const notPdf = multipartBody([{ name: 'file', value: Buffer.from('<html>hello</html>'), filename: 'plans.pdf' }]);
      const r1 = await env.server.inject({ method: 'POST', url: '/jobs', payload: notPdf.payload, headers: { ...notPdf.headers, ...auth(env.alice.token) } });
      expect(r1.statusCode).toBe(415);
      expect(r1.json()).toMatchObject({ error: { code: 'PDF_NOT_PDF' } });

      const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(400_000, 0x20)]);
      const tooBig = multipartBody([{ name: 'file', value: big, filename: 'huge.pdf' }]);
      const r2 = await env.server.inject({ method: 'POST', url: '/jobs', payload: tooBig.payload, headers: { ...tooBig.headers, ...auth(env.alice.token) } });
      expect(r2.statusCode).toBe(413);
      expect(r2.json()).toMatchObject({ error: { code: 'PDF_TOO_LARGE' } });
      expect((r2.json() as { error: { message: string } }).error.message).toContain('huge.pdf');

      const noFile = multipartBody([{ name: 'name', value: 'x' }]);
      const r3 = await env.server.inject({ method: 'POST', url: '/jobs', payload: noFile.payload, headers: { ...noFile.headers, ...auth(env.alice.token) } });
      expect(r3.statusCode).toBe(400);

      const badZip = multipartBody([{ name: 'zip_code', value: 'abc' }, { name: 'file', value: pdf, filename: 'p.pdf' }]);
      const r4 = await env.server.inject({ method: 'POST', url: '/jobs', payload: badZip.payload, headers: { ...badZip.headers, ...auth(env.alice.token) } });
      expect(r4.statusCode).toBe(400);
      expect(r4.json()).toMatchObject({ error: { code: 'VALIDATION' } });

      const json = await env.server.inject({ method: 'POST', url: '/jobs', payload: { file: 'x' }, headers: auth(env.alice.token) });
      expect(json.statusCode).toBe(415);
      expect(((await get('/jobs')).json() as { jobs: unknown[] }).jobs.length).toBe(before);
    });
  });

  describe('a plan set that cannot be read', () => {
    it('is accepted, then shows FAILED with a reason a person can act on', async () => {
      const broken = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('this is not really a pdf '.repeat(200))]);
      const id = await uploadAndProcess(env, broken, { name: 'Broken set' });
      const res = await get(`/jobs/${id}`);
      expect(res.statusCode).toBe(200);
      const job = res.json() as { status: string; failure_reason: string | null; artifacts: { contacts_map: unknown } };
      expect(job.status).toBe('FAILED');
      expect(job.failure_reason).toBeTruthy();
      expect(job.artifacts.contacts_map).toBeNull();
      const map = await get(`/jobs/${id}/contacts-map`);
      expect(map.statusCode).toBe(409);
      expect(map.json()).toMatchObject({ error: { code: 'JOB_STATE' } });
    });
  });

  describe('contacts map', () => {
    it('GET returns the map with an ETag; PATCH needs If-Match; stale If-Match is 412', async () => {
      const res = await get(`/jobs/${jobId}/contacts-map`);
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe('"v1"');
      const map = res.json() as { version: number; trades: { division: string; candidates: { email: string | null; selected: boolean }[] }[] };
      expect(map.trades.map((t) => t.division)).toEqual(['22', '26']);

      const edits = { edits: [{ op: 'deselect', trade: '26', contact: 'bids@acme-electric.test' }] };
      const noIfMatch = await env.server.inject({ method: 'PATCH', url: `/jobs/${jobId}/contacts-map`, payload: edits, headers: auth(env.alice.token) });
      expect(noIfMatch.statusCode).toBe(428);

      const ok = await env.server.inject({ method: 'PATCH', url: `/jobs/${jobId}/contacts-map`, payload: edits, headers: { ...auth(env.alice.token), 'if-match': '"v1"' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers.etag).toBe('"v2"');
      const acme = (ok.json() as typeof map).trades.find((t) => t.division === '26')!.candidates.find((c) => c.email === 'bids@acme-electric.test');
      expect(acme?.selected).toBe(false);

      const stale = await env.server.inject({ method: 'PATCH', url: `/jobs/${jobId}/contacts-map`, payload: edits, headers: { ...auth(env.alice.token), 'if-match': '"v1"' } });
      expect(stale.statusCode).toBe(412);
      expect(stale.json()).toMatchObject({ error: { code: 'STALE_VERSION', details: { currentVersion: 2 } } });

      const other = await env.server.inject({ method: 'PATCH', url: `/jobs/${jobId}/contacts-map`, payload: edits, headers: { ...auth(env.bob.token), 'if-match': '"v2"' } });
      expect(other.statusCode).toBe(404);
    });

    it('validates edit bodies', async () => {
      const h = { ...auth(env.alice.token), 'if-match': '"v2"' };
      for (const payload of [{}, { edits: [] }, { edits: [{ op: 'explode', trade: '26' }] }, { edits: [{ op: 'select', trade: '26' }] }]) {
        const res = await env.server.inject({ method: 'PATCH', url: `/jobs/${jobId}/contacts-map`, payload, headers: h });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json()).toMatchObject({ error: { code: 'VALIDATION' } });
      }
      const unknownTrade = await env.server.inject({ method: 'PATCH', url: `/jobs/${jobId}/contacts-map`, payload: { edits: [{ op: 'add_trade', trade: 'underwater basket weaving' }] }, headers: h });
      expect(unknownTrade.statusCode).toBe(400);
      expect(unknownTrade.json()).toMatchObject({ error: { code: 'UNKNOWN_TRADE' } });
      const badIfMatch = await env.server.inject({ method: 'PATCH', url: `/jobs/${jobId}/contacts-map`, payload: { edits: [{ op: 'add_trade', trade: '23' }] }, headers: { ...h, 'if-match': 'v2' } });
      expect(badIfMatch.statusCode).toBe(400);
    });

    it('shows history and a given version, and rolls back as a new version', async () => {
      const hist = await get(`/jobs/${jobId}/contacts-map/history`);
      expect((hist.json() as { versions: { version: number }[] }).versions.map((v) => v.version)).toEqual([1, 2]);
      const v1 = await get(`/jobs/${jobId}/contacts-map?version=1`);
      expect(v1.headers.etag).toBe('"v1"');
      expect((await get(`/jobs/${jobId}/contacts-map?version=9`)).statusCode).toBe(404);
      expect((await get(`/jobs/${jobId}/contacts-map?version=abc`)).statusCode).toBe(400);

      const rb = await env.server.inject({ method: 'POST', url: `/jobs/${jobId}/contacts-map/rollback`, payload: { version: 1 }, headers: { ...auth(env.alice.token), 'if-match': '"v2"' } });
      expect(rb.statusCode).toBe(200);
      expect(rb.headers.etag).toBe('"v3"');
      const staleRb = await env.server.inject({ method: 'POST', url: `/jobs/${jobId}/contacts-map/rollback`, payload: { version: 1 }, headers: { ...auth(env.alice.token), 'if-match': '"v2"' } });
      expect(staleRb.statusCode).toBe(412);
      const badRb = await env.server.inject({ method: 'POST', url: `/jobs/${jobId}/contacts-map/rollback`, payload: { version: 'one' }, headers: { ...auth(env.alice.token), 'if-match': '"v3"' } });
      expect(badRb.statusCode).toBe(400);
    });
  });

  describe('approve and emails', () => {
    it('approves the reviewed version once (stale 412, twice 409, other user 404) and lists the queued e-mails', async () => {
      const url = `/jobs/${jobId}/approve`;
      expect((await env.server.inject({ method: 'POST', url, payload: {}, headers: auth(env.alice.token) })).statusCode).toBe(428);
      expect((await env.server.inject({ method: 'POST', url, payload: { version: 3 }, headers: auth(env.bob.token) })).statusCode).toBe(404);
      const stale = await env.server.inject({ method: 'POST', url, payload: { version: 2 }, headers: auth(env.alice.token) });
      expect(stale.statusCode).toBe(412);
      expect((await env.server.inject({ method: 'POST', url, payload: { version: 'x' }, headers: auth(env.alice.token) })).statusCode).toBe(400);

      const ok = await env.server.inject({ method: 'POST', url, headers: { ...auth(env.alice.token), 'if-match': '"v3"' } });
      expect(ok.statusCode, ok.body).toBe(202);
      const body = ok.json() as { queued: number; invitations: { email: string }[] };
      expect(body.queued).toBeGreaterThan(0);

      const again = await env.server.inject({ method: 'POST', url, payload: { version: 3 }, headers: auth(env.alice.token) });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: { code: 'ALREADY_SENT' } });

      const emails = await get(`/jobs/${jobId}/emails`);
      expect(emails.statusCode).toBe(200);
      const rows = (emails.json() as { emails: { status: string; to_email: string }[] }).emails;
      expect(rows.map((r) => r.to_email).sort()).toEqual(body.invitations.map((i) => i.email).sort());
      expect(rows.every((r) => r.status === 'QUEUED')).toBe(true);

      const frozen = await env.server.inject({ method: 'PATCH', url: `/jobs/${jobId}/contacts-map`, payload: { edits: [{ op: 'add_trade', trade: '23' }] }, headers: { ...auth(env.alice.token), 'if-match': '"v3"' } });
      expect(frozen.statusCode).toBe(409);
      expect(frozen.json()).toMatchObject({ error: { code: 'ALREADY_SENT' } });
    });
  });

  describe('contacts', () => {
    it('creates, reads, updates, deletes — owner-scoped', async () => {
      const created = await env.server.inject({ method: 'POST', url: '/contacts', payload: { name: 'Sparky LLC', email: 'Sparky@Example.test', trades: ['Electrical', '27'], zip_code: '94110' }, headers: auth(env.alice.token) });
      expect(created.statusCode).toBe(201);
      const c = created.json() as { contact_id: string; email: string; trades: string[] };
      expect(c).toMatchObject({ email: 'sparky@example.test', trades: ['26', '27'] });

      expect((await get(`/contacts/${c.contact_id}`)).statusCode).toBe(200);
      expect((await get(`/contacts/${c.contact_id}`, env.bob.token)).statusCode).toBe(404);
      expect((await env.server.inject({ method: 'PATCH', url: `/contacts/${c.contact_id}`, payload: { name: 'Mine now' }, headers: auth(env.bob.token) })).statusCode).toBe(404);
      expect((await env.server.inject({ method: 'DELETE', url: `/contacts/${c.contact_id}`, headers: auth(env.bob.token) })).statusCode).toBe(404);

      const patched = await env.server.inject({ method: 'PATCH', url: `/contacts/${c.contact_id}`, payload: { phone: '415-555-0100', trades: 'Plumbing' }, headers: auth(env.alice.token) });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ phone: '415-555-0100', trades: ['22'] });
      const dup = await env.server.inject({ method: 'PATCH', url: `/contacts/${c.contact_id}`, payload: { email: 'bid@pipepros.test' }, headers: auth(env.alice.token) });
      expect(dup.statusCode).toBe(409);

      for (const payload of [{}, { email: 'not-an-email' }, { name: 'x', zip_code: 'abc' }, { name: 'x', trades: 'Basket weaving' }, { name: 'x', extra: 1 }]) {
        const res = await env.server.inject({ method: 'POST', url: '/contacts', payload, headers: auth(env.alice.token) });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      }
      expect((await env.server.inject({ method: 'PATCH', url: `/contacts/${c.contact_id}`, payload: {}, headers: auth(env.alice.token) })).statusCode).toBe(400);

      expect((await env.server.inject({ method: 'DELETE', url: `/contacts/${c.contact_id}`, headers: auth(env.alice.token) })).statusCode).toBe(204);
      expect((await get(`/contacts/${c.contact_id}`)).statusCode).toBe(404);

      const list = (await get('/contacts')).json() as { contacts: { email: string | null }[] };
      expect(list.contacts.map((x) => x.email)).toContain('bid@pipepros.test');
      expect(((await get('/contacts', env.bob.token)).json() as { contacts: unknown[] }).contacts).toEqual([]);
    });

    it('a zip edited through PATCH is checked like the address book checks it: bad ones refused, nothing changed', async () => {
      const created = await env.server.inject({ method: 'POST', url: '/contacts', payload: { name: 'Zip Check Drywall', email: 'zips@drywall.test', zip_code: '55303' }, headers: auth(env.alice.token) });
      const id = (created.json() as { contact_id: string }).contact_id;
      const patchZip = (zip_code: string) => env.server.inject({ method: 'PATCH', url: `/contacts/${id}`, payload: { zip_code, phone: '612-555-0199' }, headers: auth(env.alice.token) });
      for (const zip of ['abc', '5530', '00000']) {
        const res = await patchZip(zip);
        expect(res.statusCode, zip).toBe(400);
        expect(res.json()).toMatchObject({ error: { code: 'VALIDATION' } });
        expect(res.json().error.message, zip).toContain(`"${zip}" is not a zip or postal code`);
      }
      const unchanged = (await get(`/contacts/${id}`)).json() as { zip_code: string | null; phone: string | null };
      expect(unchanged).toMatchObject({ zip_code: '55303', phone: null });

      const us = await patchZip('94110-1234');
      expect(us.statusCode).toBe(200);
      expect(us.json()).toMatchObject({ zip_code: '94110', phone: '612-555-0199' });
      const ca = await patchZip('k1a0b1');
      expect(ca.statusCode).toBe(200);
      expect(ca.json()).toMatchObject({ zip_code: 'K1A 0B1' });
      const cleared = await env.server.inject({ method: 'PATCH', url: `/contacts/${id}`, payload: { zip_code: null }, headers: auth(env.alice.token) });
      expect(cleared.json()).toMatchObject({ zip_code: null });
    });

    it('refuses to delete a contact with invitations on record (409)', async () => {
      const emails = (await get(`/jobs/${jobId}/emails`)).json() as { emails: { contact_id: string }[] };
      const res = await env.server.inject({ method: 'DELETE', url: `/contacts/${emails.emails[0]!.contact_id}`, headers: auth(env.alice.token) });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'CONFLICT' } });
    });

    it('imports CSV (all-or-nothing unless skip_invalid) as text/csv or multipart, and exports CSV', async () => {
      const csv = 'company,email,trade\nGood Glass,glass@good.test,Glazing\nBad Row,not-an-email,Electrical\n';
      const strict = await env.server.inject({ method: 'POST', url: '/contacts/import', payload: csv, headers: { ...auth(env.bob.token), 'content-type': 'text/csv' } });
      expect(strict.statusCode).toBe(400);
      expect(strict.json()).toMatchObject({ error: { code: 'CSV_INVALID' } });
      expect(((await get('/contacts', env.bob.token)).json() as { contacts: unknown[] }).contacts).toEqual([]);

      const mp = multipartBody([{ name: 'file', value: csv, filename: 'c.csv', type: 'text/csv' }]);
      const lenient = await env.server.inject({ method: 'POST', url: '/contacts/import?skip_invalid=true', payload: mp.payload, headers: { ...mp.headers, ...auth(env.bob.token) } });
      expect(lenient.statusCode).toBe(200);
      expect(lenient.json()).toMatchObject({ created: 1, skipped: [{ line: 3, ref: 'line 3' }] });
      expect((await env.server.inject({ method: 'POST', url: '/contacts/import?skip_invalid=maybe', payload: csv, headers: { ...auth(env.bob.token), 'content-type': 'text/csv' } })).statusCode).toBe(400);

      const exp = await get('/contacts/export', env.bob.token);
      expect(exp.statusCode).toBe(200);
      expect(exp.headers['content-type']).toContain('text/csv');
      expect(exp.body).toContain('Good Glass');
      expect(exp.body).not.toContain('acme');
    });
  });

  describe('public signed links', () => {
    it('downloads the plans with a valid link; a forged or expired one is refused', async () => {
      const token = signPlansToken(env.app.secret, { jobId, expiresAt: new Date(Date.now() + 86_400_000) });
      const res = await env.server.inject({ method: 'GET', url: `/plans/${token}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.rawPayload.equals(pdf)).toBe(true);
      expect((await env.server.inject({ method: 'GET', url: `/plans/${token.slice(0, -2)}xx` })).statusCode).toBe(404);
      const expired = signPlansToken(env.app.secret, { jobId, expiresAt: new Date(Date.now() - 1000) });
      expect((await env.server.inject({ method: 'GET', url: `/plans/${expired}` })).statusCode).toBe(410);
    });

    it('unsubscribes with RFC 8058 one-click POST; GET only shows a confirmation page', async () => {
      const contact = (await env.app.repos.contacts.findByEmail(env.alice.userId, 'estimating@bolt-electric.test'))!;
      const token = signUnsubscribeToken(env.app.secret, { contactId: contact.contactId });
      const page = await env.server.inject({ method: 'GET', url: `/unsubscribe/${token}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<form method="post"');
      expect((await env.app.repos.contacts.findByEmail(env.alice.userId, 'estimating@bolt-electric.test'))!.unsubscribedAt).toBeNull();
      const res = await env.server.inject({
        method: 'POST',
        url: `/unsubscribe/${token}`,
        payload: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.statusCode).toBe(200);
      expect((await env.app.repos.contacts.findByEmail(env.alice.userId, 'estimating@bolt-electric.test'))!.unsubscribedAt).not.toBeNull();
      expect((await env.server.inject({ method: 'POST', url: '/unsubscribe/garbage' })).statusCode).toBe(404);
      // Some mail clients send the one-click POST as multipart/form-data.
      const other = (await env.app.repos.contacts.findByEmail(env.alice.userId, 'bid@pipepros.test'))!;
      const mp = multipartBody([{ name: 'List-Unsubscribe', value: 'One-Click' }]);
      const res2 = await env.server.inject({ method: 'POST', url: `/unsubscribe/${signUnsubscribeToken(env.app.secret, { contactId: other.contactId })}`, payload: mp.payload, headers: mp.headers });
      expect(res2.statusCode).toBe(200);
      expect((await env.app.repos.contacts.findByEmail(env.alice.userId, 'bid@pipepros.test'))!.unsubscribedAt).not.toBeNull();
    });

    it('records will bid / won\'t bid on the invitation the link came from, on POST only', async () => {
      const emails = (await get(`/jobs/${jobId}/emails`)).json() as { emails: { email_id: string; bid_response: string | null }[] };
      const emailId = emails.emails[0]!.email_id;
      const token = signRespondToken(env.app.secret, { jobId, emailId });
      // GET (what a mail scanner does) only asks; nothing is recorded.
      const page = await env.server.inject({ method: 'GET', url: `/respond/${token}?answer=bid` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Test Clinic');
      expect(page.body).toContain(`action="/respond/${token}"`);
      const answerOf = async () => ((await get(`/jobs/${jobId}/emails`)).json() as { emails: { email_id: string; bid_response: string | null }[] }).emails.find((e) => e.email_id === emailId)!.bid_response;
      expect(await answerOf()).toBeNull();
      const post = (answer: string) => env.server.inject({ method: 'POST', url: `/respond/${token}`, payload: `answer=${answer}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      const yes = await post('bid');
      expect(yes.statusCode).toBe(200);
      expect(yes.body).toContain('plan to bid on Test Clinic');
      expect(await answerOf()).toBe('BID');
      expect((await post('nobid')).statusCode).toBe(200);
      expect(await answerOf()).toBe('NO_BID');
      expect((await env.server.inject({ method: 'GET', url: `/respond/${token}?answer=maybe` })).statusCode).toBe(400);
      expect((await env.server.inject({ method: 'GET', url: `/respond/${token.slice(0, -3)}abc?answer=bid` })).statusCode).toBe(404);
      // A link for an invitation that does not exist records nothing.
      const ghost = signRespondToken(env.app.secret, { jobId, emailId: '00000000-0000-4000-8000-000000000000' });
      expect((await env.server.inject({ method: 'POST', url: `/respond/${ghost}`, payload: 'answer=bid', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode).toBe(404);
    });

    it('the unsubscribe and respond pages name the general contractor who invited, escaped as text', async () => {
      const original = (await identityOf(env.app.repos, env.alice.userId)).company?.name;
      await updateIdentity(env.app.repos, env.alice.userId, { company_name: 'Hart & Sons <b>Builders</b>' });
      try {
        const escaped = 'Hart &amp; Sons &lt;b&gt;Builders&lt;/b&gt;';
        const contact = await env.app.repos.contacts.findByEmail(env.alice.userId, 'glass@clearview.test') ?? await env.app.addressBook.add(env.alice.userId, { email: 'glass@clearview.test' });
        const token = signUnsubscribeToken(env.app.secret, { contactId: contact.contactId });
        const ask = await env.server.inject({ method: 'GET', url: `/unsubscribe/${token}` });
        expect(ask.statusCode).toBe(200);
        expect(ask.body).toContain(`Stop bid invitations from ${escaped}?`);
        expect(ask.body).not.toContain('<b>Builders');
        const done = await env.server.inject({ method: 'POST', url: `/unsubscribe/${token}`, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        expect(done.statusCode).toBe(200);
        expect(done.body).toContain(`glass@clearview.test will not receive further bid invitations from`);
        expect(done.body).toContain(escaped);
        expect(done.body).not.toContain('<b>Builders');

        const emailId = ((await get(`/jobs/${jobId}/emails`)).json() as { emails: { email_id: string }[] }).emails[0]!.email_id;
        const respond = await env.server.inject({ method: 'GET', url: `/respond/${signRespondToken(env.app.secret, { jobId, emailId })}?answer=nobid` });
        expect(respond.body).toContain(`${escaped} · invitation to bid`);
        expect(respond.body).not.toContain('<b>Builders');
      } finally {
        if (original) await updateIdentity(env.app.repos, env.alice.userId, { company_name: original });
      }
    });
  });
});
