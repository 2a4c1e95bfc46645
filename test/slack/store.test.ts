import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import type { SlackStore } from '../../src/core/records.js';
import { linkCode } from '../../src/channels/slack/people.js';

describe('SlackStore (migrations/0009_slack.sql)', () => {
  let t: TestApp;
  let store: SlackStore;
  beforeAll(() => {
    t = createTestApp();
    store = t.app.repos.slack;
  });
  afterAll(() => t.cleanup());

  it('claims a file id once', async () => {
    const row = { fileId: 'F1', teamId: 'T', slackUserId: 'U', channelId: 'C', threadTs: '1.1' };
    expect(await store.claimFile(row)).toBe(true);
    expect(await store.claimFile(row)).toBe(false);
    expect(await store.claimFile({ ...row, slackUserId: 'U2' })).toBe(false);
    expect((await store.getFile('F1'))?.status).toBe('claimed');
  });

  it('records delivery keys once and prunes old ones', async () => {
    expect(await store.markProcessed('event:Ev1', 'event')).toBe(true);
    expect(await store.markProcessed('event:Ev1', 'event')).toBe(false);
    t.app.handle.sqlite.prepare(`UPDATE slack_processed SET created_at = datetime('now', '-8 days') WHERE key = 'event:Ev1'`).run();
    expect(await store.markProcessed('event:Ev2', 'event')).toBe(true);
    expect(await store.pruneProcessed(7)).toBe(1);
    expect(await store.seen('event:Ev1')).toBe(false);
    expect(await store.seen('event:Ev2')).toBe(true);
  });

  it('pending intents expire and are taken once', async () => {
    await store.setPending('T', 'U', 'new', 'Project A', 30);
    expect(await store.getPending('T', 'U', 'new', new Date(Date.now() + 31 * 60_000))).toBeUndefined();
    expect((await store.takePending('T', 'U', 'new'))?.value).toBe('Project A');
    expect(await store.takePending('T', 'U', 'new')).toBeUndefined();
  });

  it('link codes are bound to the workspace, the Slack user, the address and the expiry', () => {
    const secret = Buffer.alloc(32, 7);
    const code = linkCode(secret, 'T', 'U', 'a@b.co', '2026-11-24 00:00:00');
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    expect(linkCode(secret, 'T', 'U2', 'a@b.co', '2026-11-24 00:00:00')).not.toBe(code);
    expect(linkCode(secret, 'T', 'U', 'c@b.co', '2026-11-24 00:00:00')).not.toBe(code);
    expect(linkCode(secret, 'T', 'U', 'a@b.co', '2026-11-24 00:30:00')).not.toBe(code);
    expect(linkCode(Buffer.alloc(32, 8), 'T', 'U', 'a@b.co', '2026-11-24 00:00:00')).not.toBe(code);
  });
});

describe('createSlackChannel configuration', () => {
  it('explains a missing token or signing secret, and starts/stops cleanly in HTTP mode', async () => {
    const { createSlackChannel } = await import('../../src/channels/slack/index.js');
    const { startFakeSlack } = await import('../helpers/fake-slack.js');
    const none = createTestApp({ SLACK_BOT_TOKEN: undefined, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: undefined });
    expect(() => createSlackChannel(none.app)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', userMessage: expect.stringContaining('SLACK_BOT_TOKEN') }));
    none.cleanup();
    const noSecret = createTestApp({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: undefined });
    expect(() => createSlackChannel(noSecret.app)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', userMessage: expect.stringContaining('SLACK_SIGNING_SECRET') }));
    noSecret.cleanup();

    const fake = await startFakeSlack();
    const ok = createTestApp({ SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: undefined, SLACK_API_URL: fake.apiUrl });
    const channel = createSlackChannel(ok.app);
    await channel.start();
    await channel.refresh();
    await channel.stop();
    await channel.stop(); // idempotent
    ok.cleanup();
    await fake.close();
  });
});

describe('createSlackChannel when Slack cannot be reached', () => {
  it('starts without an unhandled rejection (which would end the service)', async () => {
    const { createSlackChannel } = await import('../../src/channels/slack/index.js');
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    // Port 9 on loopback (discard) is closed here: every Web API call fails to connect; the client
    // gives up after its retries within a few seconds, so wait past that.
    const t = createTestApp({ SLACK_BOT_TOKEN: 'xoxb-unreachable', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: undefined, SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    const channel = createSlackChannel(t.app);
    await new Promise((r) => setTimeout(r, 8000));
    process.off('unhandledRejection', onRejection);
    await channel.stop();
    t.cleanup();
    expect(rejections).toEqual([]);
  });
});
