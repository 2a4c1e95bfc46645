import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { openTestApp, type AnyTestApp } from './app.js';
import { startFakeSlack, type FakeSlack } from './fake-slack.js';
import { createSlackChannel, type SlackChannel, type SlackChannelOptions } from '../../src/channels/slack/index.js';

export const SLACK_TEST_SECRET = 'slack-signing-secret-for-tests';
export const SLACK_TEST_TEAM = 'T0TEST';

/** The Slack channel of a test app mounted on a real Fastify server, talking to the fake Slack Web API. */
export interface SlackRig {
  fake: FakeSlack;
  t: AnyTestApp;
  channel: SlackChannel;
  /** Where Slack would POST events and interactions. */
  url: string;
  close(): Promise<void>;
}

/** The rig over a real App on `backend` (SQLite unless a suite asks for Postgres), its channel built with `options`. */
export async function startSlackRig(env: Record<string, string | undefined> = {}, backend: 'sqlite' | 'postgres' = 'sqlite', options: SlackChannelOptions = {}): Promise<SlackRig> {
  const fake = await startFakeSlack({ teamId: SLACK_TEST_TEAM });
  const t = await openTestApp(backend, { SLACK_SIGNING_SECRET: SLACK_TEST_SECRET, SLACK_BOT_TOKEN: fake.token, SLACK_APP_TOKEN: undefined, SLACK_API_URL: fake.apiUrl, ...env });
  const server: FastifyInstance = Fastify();
  const channel = createSlackChannel(t.app, options);
  await channel.mount(server);
  await server.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/slack/events`;
  return {
    fake,
    t,
    channel,
    url,
    async close() {
      await channel.stop();
      await server.close();
      await fake.close();
      await t.cleanup();
    },
  };
}
