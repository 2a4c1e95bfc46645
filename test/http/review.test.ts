import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';
import { auth, CONTACTS_CSV, startHttpTest, uploadAndProcess, writePlanSet, type HttpTestEnv } from './helpers.js';
import { reviewLink, revokeReviewLinks, signReviewToken, verifyReviewToken } from '../../src/core/auth/review-link.js';

describeOnBothDatabases('the review page', (backend) => {
  let env: HttpTestEnv;
  let jobId: string;
  let path: string;

  const form = (fields: [string, string][]) => fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  const post = (url: string, fields: [string, string][]) =>
    env.server.inject({ method: 'POST', url, payload: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  beforeAll(async () => {
    env = await startHttpTest({}, {}, backend);
    const csv = `${CONTACTS_CSV}"<script>alert(1)</script> Electric",xss@evil.test,Electrical,94103\n`;
    await env.server.inject({ method: 'POST', url: '/contacts/import', payload: csv, headers: { ...auth(env.alice.token), 'content-type': 'text/csv' } });
    jobId = await uploadAndProcess(env, readFileSync(await writePlanSet(env.dir)));
    path = new URL(reviewLink(env.app, jobId, env.alice.userId)).pathname;
  });
  afterAll(async () => env?.close());

  describe('review page', () => {
    it('shows the project, trades with evidence and contacts, escaping everything, with no script', async () => {
      const res = await env.server.inject({ method: 'GET', url: path });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.body).toContain('Test Clinic');
      expect(res.body).toContain('26 Electrical');
      expect(res.body).toContain('Sheet E101');
      expect(res.body).toContain('Acme Electric');
      expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Electric');
      expect(res.body).toContain('&lt;b&gt;&amp; panels&lt;/b&gt;');
      expect(res.body).not.toMatch(/<script/i);
      expect(res.body).toContain('Send invitations');
    });

    it('while the plan set is still being read, says so and refreshes itself', async () => {
      const pending = await env.app.intake.submitPdf({ userId: env.alice.userId, sourcePath: await writePlanSet(env.dir, 'pending.pdf'), fileName: 'pending.pdf', origin: 'http' });
      const res = await env.server.inject({ method: 'GET', url: new URL(reviewLink(env.app, pending.jobId, env.alice.userId)).pathname });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Still reading the plan set');
      expect(res.body).toContain('http-equiv="refresh"');
      expect(res.body).not.toContain('Send invitations');
    });

    it('refuses forged, expired and other-owner links', async () => {
      expect((await env.server.inject({ method: 'GET', url: `${path.slice(0, -3)}abc` })).statusCode).toBe(404);
      const expired = signReviewToken(env.app.secret, { jobId, userId: env.alice.userId, issuedAt: Date.now() - 5000, expiresAt: new Date(Date.now() - 1000) });
      const r = await env.server.inject({ method: 'GET', url: `/review/${expired}` });
      expect(r.statusCode).toBe(410);
      expect(r.body).toContain('expired');
      // A token naming Bob as owner of Alice's job opens nothing.
      const wrongOwner = signReviewToken(env.app.secret, { jobId, userId: env.bob.userId, issuedAt: Date.now(), expiresAt: new Date(Date.now() + 60_000) });
      expect((await env.server.inject({ method: 'GET', url: `/review/${wrongOwner}` })).statusCode).toBe(404);
    });

    it('lasts 7 days by default, and ends on revocation or while the account is disabled', async () => {
      const claims = verifyReviewToken(env.app.secret, path.split('/').pop()!);
      expect((claims.expiresAt.getTime() - claims.issuedAt) / 86_400_000).toBeCloseTo(7, 2);
      const second = new URL(reviewLink(env.app, jobId, env.alice.userId)).pathname;
      // Revoked through another process on the same database (the CLI, another server): this server ends the links.
      const other = await openApp(env.app.config);
      try {
        await revokeReviewLinks(other, jobId);
      } finally {
        await other.close();
      }
      for (const old of [path, second]) {
        const res = await env.server.inject({ method: 'GET', url: old });
        expect(res.statusCode).toBe(410);
        expect(res.body).toContain('revoked');
      }
      path = new URL(reviewLink(env.app, jobId, env.alice.userId, { now: new Date(Date.now() + 2) })).pathname; // a link made after the revocation works
      expect((await env.server.inject({ method: 'GET', url: path })).statusCode).toBe(200);
      await env.app.repos.users.setDisabled(env.alice.userId, true);
      expect((await env.server.inject({ method: 'GET', url: path })).statusCode).toBe(404);
      await env.app.repos.users.setDisabled(env.alice.userId, false);
      expect((await env.server.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    });

    it('rejects a POST without or with a wrong CSRF token, and from another review link', async () => {
      const page = (await env.server.inject({ method: 'GET', url: path })).body;
      const version = hidden(page, 'version');
      expect((await post(path, [['version', version], ['action', 'save']])).statusCode).toBe(403);
      expect((await post(path, [['version', version], ['action', 'save'], ['csrf', 'abc.def']])).statusCode).toBe(403);
      // A CSRF token from another (valid) link of the same job does not work here.
      const other = new URL(reviewLink(env.app, jobId, env.alice.userId, { days: 3 })).pathname;
      expect((await post(other, [['version', version], ['action', 'save'], ['csrf', hidden(page, 'csrf')]])).statusCode).toBe(403);
      expect((await env.server.inject({ method: 'GET', url: `/jobs/${jobId}/contacts-map`, headers: auth(env.alice.token) })).headers.etag).toBe('"v1"');
    });

    it('saves ticks, and shows a friendly message when the map changed meanwhile', async () => {
      const page = (await env.server.inject({ method: 'GET', url: path })).body;
      const csrf = hidden(page, 'csrf');
      const map = (await env.server.inject({ method: 'GET', url: `/jobs/${jobId}/contacts-map`, headers: auth(env.alice.token) })).json() as {
        trades: { division: string; candidates: { contact_id: string; email: string | null; selected: boolean }[] }[];
      };
      const selected = map.trades.flatMap((t) => t.candidates.filter((c) => c.selected && c.email !== 'bid@pipepros.test').map((c) => `${t.division}:${c.contact_id}`));
      const fields: [string, string][] = [['csrf', csrf], ['version', '1'], ['action', 'save'], ['shown', '22'], ['shown', '26'], ...selected.map((s): [string, string] => ['sel', s])];
      const saved = await post(path, fields);
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toContain('msg=saved');
      const after = (await env.server.inject({ method: 'GET', url: saved.headers.location as string })).body;
      expect(after).toContain('Saved.');
      expect(hidden(after, 'version')).toBe('2');

      // The same form again (version 1) is stale now.
      const stale = await post(path, fields);
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('The contacts map changed since you opened this page');
      expect(hidden(stale.body, 'version')).toBe('2');
    });

    it('the red button shows a confirmation step, and Confirm queues the invitations once', async () => {
      const page = (await env.server.inject({ method: 'GET', url: path })).body;
      const fields: [string, string][] = [['csrf', hidden(page, 'csrf')], ['version', hidden(page, 'version')], ['action', 'send'], ['shown', '22'], ['shown', '26']];
      for (const m of page.matchAll(/name="sel" value="([^"]+)" checked/g)) fields.push(['sel', m[1]!.replace(/&#39;|&quot;/g, '')]);
      const confirm = await post(path, fields);
      expect(confirm.statusCode).toBe(200);
      expect(confirm.body).toMatch(/Send \d+ invitations? to \d+ compan(y|ies) across \d+ trades?\?/);
      const before = (await env.server.inject({ method: 'GET', url: `/jobs/${jobId}/emails`, headers: auth(env.alice.token) })).json() as { emails: unknown[] };
      expect(before.emails).toEqual([]);

      const approve = [['csrf', hidden(confirm.body, 'csrf')], ['version', hidden(confirm.body, 'version')]] as [string, string][];
      expect((await post(`${path}/approve`, [approve[1]!])).statusCode).toBe(403);
      const ok = await post(`${path}/approve`, approve);
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toContain('msg=sent');
      const emails = (await env.server.inject({ method: 'GET', url: `/jobs/${jobId}/emails`, headers: auth(env.alice.token) })).json() as { emails: unknown[] };
      expect(emails.emails.length).toBeGreaterThan(0);
      // After the approval the link opens the coverage page: a replayed approve sends nothing twice.
      const twice = await post(`${path}/approve`, approve);
      expect(twice.statusCode).toBe(303);
      expect(twice.headers.location).toContain('msg=already');
      const after = (await env.server.inject({ method: 'GET', url: `/jobs/${jobId}/emails`, headers: auth(env.alice.token) })).json() as { emails: unknown[] };
      expect(after.emails.length).toBe(emails.emails.length);
      const status = await env.server.inject({ method: 'GET', url: `${path}?msg=sent` });
      expect(status.statusCode).toBe(200);
      expect(status.body).toContain('Invitations queued');
      expect(status.body).toContain('Red Button · bid coverage');
      const later = await env.server.inject({ method: 'GET', url: path });
      expect(later.statusCode).toBe(200);
      // The map can no longer be edited or sent from it.
      expect(later.body).not.toContain('Send invitations');
      expect(later.body).not.toContain('name="sel"');
    });
  });
});
