import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpTest, type HttpTestEnv } from './helpers.js';
import { createSlackChannel, type SlackChannel } from '../../src/channels/slack/index.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';

/** Slack's events route lives on this server (as `serve` mounts it) and still sees the raw body it signs. */
const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
let env: HttpTestEnv;
let slack: SlackChannel;
let fake: FakeSlack;

// SQLite only: what is tested is mounting Bolt's routes on the HTTP server; the Slack channel's
// database path runs on both databases in test/slack/channel.test.ts.
beforeAll(async () => {
  let channel: SlackChannel | undefined;
  fake = await startFakeSlack();
  env = await startHttpTest({ SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl }, (app) => {
    channel = createSlackChannel(app);
    return { plugins: [(server) => channel!.mount(server)] };
  });
  slack = channel!;
});
afterAll(async () => {
  await slack?.stop();
  await env?.close();
  await fake?.close();
});

describe('Slack mounted on the HTTP server', () => {
  it('answers a signed url_verification and refuses an unsigned request', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc123' });
    const ts = Math.floor(Date.now() / 1000);
    const sig = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    const ok = await env.server.inject({
      method: 'POST',
      url: '/slack/events',
      payload: body,
      headers: { 'content-type': 'application/json', 'x-slack-signature': sig, 'x-slack-request-timestamp': String(ts) },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ challenge: 'abc123' });
    const unsigned = await env.server.inject({ method: 'POST', url: '/slack/events', payload: body, headers: { 'content-type': 'application/json' } });
    expect(unsigned.statusCode).toBe(401);
    // The API routes next to it are unaffected.
    expect((await env.server.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
