import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';
import { auth, startHttpTest, type HttpTestEnv } from './helpers.js';
import { redactUrl } from '../../src/channels/http/server.js';

describeOnBothDatabases('HTTP hardening', (backend) => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });

  let env: HttpTestEnv;
  beforeAll(async () => {
    env = await startHttpTest({}, { logger: pino({ level: 'info' }, sink) }, backend);
  });
  afterAll(async () => env?.close());

  describe('HTTP hardening', () => {
    it('answers the token and review-link JSON with Cache-Control: no-store', async () => {
      const login = await env.server.inject({ method: 'POST', url: '/auth/login', payload: { email: 'alice@gc.test', password: 'correct horse battery' } });
      expect(login.statusCode).toBe(201);
      expect(login.headers['cache-control']).toBe('no-store');
      const job = await env.app.repos.jobs.create({ userId: env.alice.userId, name: 'Cache test' });
      for (const url of ['/auth/tokens', `/jobs/${job.jobId}/review-link`, `/jobs/${job.jobId}`]) {
        const res = await env.server.inject({ method: 'GET', url, headers: auth(env.alice.token) });
        expect([url, res.statusCode, res.headers['cache-control']]).toEqual([url, 200, 'no-store']);
      }
    });

    it('keeps a short, plain X-Request-Id and replaces anything longer or stranger before it is logged', async () => {
      const echo = async (id: string) => (await env.server.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': id } })).headers['x-request-id'];
      expect(await echo('lb-7f3a.42:1')).toBe('lb-7f3a.42:1');
      for (const bad of ['x'.repeat(65), 'a b', '{"level":60,"msg":"forged"}', 'id\u0000null', '<script>']) {
        const got = await echo(bad);
        expect(got).toMatch(/^[0-9a-f-]{36}$/);
      }
      expect(lines.some((l) => String(l.reqId).includes('forged') || String(l.reqId).length > 64)).toBe(false);
    });

    it('logs neither query values nor signed-link tokens', async () => {
      lines.length = 0;
      await env.server.inject({ method: 'GET', url: '/jobs?limit=5&api_key=sk-live-SECRET1', headers: auth(env.alice.token) });
      await env.server.inject({ method: 'GET', url: '/review/abc.SECRET2token?msg=sent' });
      const logged = JSON.stringify(lines);
      expect(logged).not.toMatch(/SECRET1|SECRET2/);
      const urls = lines.filter((l) => l.msg === 'request').map((l) => l.url);
      expect(urls).toEqual(['/jobs?limit=<redacted>&api_key=<redacted>', '/review/<token>?msg=<redacted>']);
      expect(redactUrl('/plans/tok?x=1&x=2&%3Cb%3E=3')).toBe('/plans/<token>?x=<redacted>&_b_=<redacted>');
    });
  });
});
