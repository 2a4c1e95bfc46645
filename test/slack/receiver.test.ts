import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import type { AddressInfo } from 'node:net';
import { App as BoltApp } from '@slack/bolt';
import { FastifyReceiver } from '../../src/channels/slack/fastify-receiver.js';
import { logger } from '../../src/core/log.js';
import { commandBody, eventBody, interactionBody, sendSigned, startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';

const SECRET = 'receiver-secret';

/**
 * The Fastify receiver on its own, with a real Bolt app: ack bodies become the HTTP response,
 * retry headers reach the listener, an un-acked request is answered 404 (as Bolt's HTTPReceiver
 * does), ssl_check is answered, and a form-body parser elsewhere on the server does not break the
 * signature check (the route keeps the raw body).
 */
describe('FastifyReceiver', () => {
  let fake: FakeSlack;
  let server: FastifyInstance;
  let receiver: FastifyReceiver;
  let url: string;
  const seen: { retryNum?: number; retryReason?: string; type: string }[] = [];
  let releaseSlow: () => void = () => undefined;

  beforeAll(async () => {
    fake = await startFakeSlack();
    receiver = new FastifyReceiver({ signingSecret: SECRET, logger, unhandledRequestTimeoutMillis: 200 });
    const bolt = new BoltApp({ token: fake.token, receiver, clientOptions: { slackApiUrl: fake.apiUrl } });
    bolt.event('app_mention', async ({ context, event }) => {
      seen.push({ retryNum: context.retryNum, retryReason: context.retryReason, type: event.type });
    });
    bolt.command('/echo', async ({ command, ack }) => {
      await ack({ response_type: 'ephemeral', text: `you said ${command.text}` });
    });
    bolt.command('/silent', async () => {
      // never acks: the receiver answers 404 once its timeout passes
      await new Promise<void>((resolve) => (releaseSlow = resolve));
    });
    bolt.view('v', async ({ ack }) => {
      await ack({ response_action: 'errors', errors: { b: 'nope' } });
    });
    server = Fastify();
    await server.register(formbody); // another channel's body parser on the same server
    server.post('/other', async (req) => ({ got: req.body }));
    await receiver.mount(server);
    await server.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/slack/events`;
  });

  afterAll(async () => {
    releaseSlow();
    await receiver.stop();
    await server.close();
    await fake.close();
  });

  it('returns the ack body of a command and of a view submission', async () => {
    const r = await sendSigned(url, commandBody('hello', { userId: 'U1' }).replace('%2Fredbutton', '%2Fecho'), 'application/x-www-form-urlencoded', { secret: SECRET });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ response_type: 'ephemeral', text: 'you said hello' });
    const v = await sendSigned(url, interactionBody({ type: 'view_submission', user: { id: 'U1' }, team: { id: 'T0TEST' }, view: { id: 'V1', callback_id: 'v', state: { values: {} } } }), 'application/x-www-form-urlencoded', { secret: SECRET });
    expect(v.json()).toEqual({ response_action: 'errors', errors: { b: 'nope' } });
    // the rest of the server still parses forms
    const other = await fetch(url.replace('/slack/events', '/other'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(await other.json()).toEqual({ got: { a: '1' } });
  });

  it('passes X-Slack-Retry-Num / -Reason to the listener (context.retryNum)', async () => {
    const body = eventBody({ type: 'app_mention', user: 'U1', text: 'hi', channel: 'C1', ts: '1.1' }, { eventId: 'EvR1' });
    expect((await sendSigned(url, body, 'application/json', { secret: SECRET, retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
    await receiver.idle();
    expect(seen.at(-1)).toEqual({ retryNum: 1, retryReason: 'http_timeout', type: 'app_mention' });
  });

  it('answers 404 when no listener acks, and ssl_check without dispatching', async () => {
    const r = await sendSigned(url, commandBody('x', { userId: 'U1' }).replace('%2Fredbutton', '%2Fsilent'), 'application/x-www-form-urlencoded', { secret: SECRET });
    expect(r.status).toBe(404);
    releaseSlow();
    const ssl = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'ssl_check=1&token=x' });
    expect(ssl.status).toBe(200);
  });

  it('rejects a body changed after signing and a malformed signed body', async () => {
    const body = eventBody({ type: 'app_mention', user: 'U1', text: 'hi', channel: 'C1', ts: '1.2' });
    const ts = Math.floor(Date.now() / 1000);
    const { slackSignature } = await import('../helpers/fake-slack.js');
    const sig = slackSignature(SECRET, ts, body);
    const tampered = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig },
      body: body.replace('hi', 'ho'),
    });
    expect(tampered.status).toBe(401);
    expect((await sendSigned(url, '{not json', 'application/json', { secret: SECRET })).status).toBe(400);
  });
});
