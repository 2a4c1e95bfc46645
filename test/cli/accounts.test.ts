import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { buildHttpServer } from '../../src/channels/http/server.js';
import { ApiTokens } from '../../src/core/auth/api-tokens.js';
import { reviewLink } from '../../src/core/auth/review-link.js';
import { makeTempDir } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';

/** An administrator ends access with the CLI while the service (same data dir) keeps running. */
describe('accounts: disable, delete, unlink, revoke review links', { timeout: 120_000 }, () => {
  const t = makeTempDir();
  const env = { REDBUTTON_DATA_DIR: t.dir };
  let app: App;
  let server: FastifyInstance;
  let tokens: ApiTokens;
  let userId: string;
  let jobId: string;
  let apiToken: string;

  beforeAll(async () => {
    app = createApp(loadConfig({ REDBUTTON_DATA_DIR: t.dir, PUBLIC_URL: 'http://127.0.0.1:1' }));
    server = await buildHttpServer(app);
    tokens = new ApiTokens(app.repos);
    userId = (await app.repos.users.create('gina@gc.test', 'gina right password')).userId;
    apiToken = (await tokens.create(userId)).token;
    jobId = (await app.repos.jobs.create({ userId, name: 'Access test' })).jobId;
    await app.storage.put(`users/${userId}/jobs/${jobId}/scope/scope.json`, '{}');
    await app.repos.slack.saveLink({ teamId: 'T0A', slackUserId: 'U0GINA', userId, email: 'gina@gc.test', linkedVia: 'code' });
  });
  afterAll(async () => {
    await server?.close();
    app?.close();
    t.cleanup();
  });

  const me = (token: string) => server.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${token}` } });
  const open = (url: string) => server.inject({ method: 'GET', url: new URL(url).pathname });
  const login = () => server.inject({ method: 'POST', url: '/auth/login', payload: { email: 'gina@gc.test', password: 'gina right password' } });

  it('review-link revoke ends the links issued so far; review-link create hands out a working one', async () => {
    const old = reviewLink(app, jobId, userId);
    expect((await open(old)).statusCode).toBe(200);
    const revoke = await runCli(['review-link', 'revoke', jobId, '--user', 'gina@gc.test'], env);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect((await open(old)).statusCode).toBe(410);
    const created = await runCli(['review-link', 'create', jobId, '--user', 'gina@gc.test', '--json'], { ...env, PUBLIC_URL: 'http://127.0.0.1:1' });
    expect(created.code, created.stderr).toBe(0);
    expect((await open((JSON.parse(created.stdout) as { url: string }).url)).statusCode).toBe(200);
  });

  it('user disable stops sign-in, API tokens and review links; enable lets the person sign in again', async () => {
    const link = reviewLink(app, jobId, userId, { now: new Date(Date.now() + 5) });
    const disable = await runCli(['user', 'disable', 'gina@gc.test'], env);
    expect(disable.code, disable.stderr).toBe(0);
    expect(disable.stdout).toContain('1 API token(s) revoked');
    expect((await me(apiToken)).statusCode).toBe(401);
    const refused = await login();
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { message: expect.stringContaining('disabled') } });
    expect((await open(link)).statusCode).toBe(404);
    expect(await app.repos.users.findActiveByEmail('gina@gc.test')).toBeUndefined(); // what Slack and e-mail resolve people with

    expect((await runCli(['user', 'enable', 'gina@gc.test'], env)).code).toBe(0);
    expect((await login()).statusCode).toBe(201);
    expect((await me(apiToken)).statusCode).toBe(401); // revoked tokens stay revoked
    expect((await open(link)).statusCode).toBe(200);
  });

  it('slack unlink forgets a member, by member id or by account', async () => {
    const store = app.repos.slack;
    expect((await runCli(['slack', 'unlink', 'not an id'], env)).code).toBe(2);
    const byId = await runCli(['slack', 'unlink', 'U0GINA', '--team', 'T0A'], env);
    expect(byId.code, byId.stderr).toBe(0);
    expect(await store.findLink('T0A', 'U0GINA')).toBeUndefined();
    await store.saveLink({ teamId: 'T0B', slackUserId: 'U0GINA2', userId, email: 'gina@gc.test', linkedVia: 'code' });
    expect(JSON.parse((await runCli(['slack', 'unlink', 'gina@gc.test', '--json'], env)).stdout)).toEqual({ unlinked: 1 });
    expect(await store.findLink('T0B', 'U0GINA2')).toBeUndefined();
  });

  it('user delete needs --yes, then removes the account, its jobs, tokens and stored files', async () => {
    const token = (await tokens.create(userId)).token;
    const unsure = await runCli(['user', 'delete', 'gina@gc.test'], env);
    expect(unsure.code).toBe(2);
    expect(unsure.stderr).toContain('--yes');
    expect(await app.repos.users.getById(userId)).toBeDefined();
    const del = await runCli(['user', 'delete', 'gina@gc.test', '--yes'], env);
    expect(del.code, del.stderr).toBe(0);
    expect(await app.repos.users.getById(userId)).toBeUndefined();
    expect(await app.repos.jobs.getInternal(jobId)).toBeUndefined();
    expect((await me(token)).statusCode).toBe(401);
    expect(existsSync(join(t.dir, 'storage', 'users', userId))).toBe(false);
  });
});
