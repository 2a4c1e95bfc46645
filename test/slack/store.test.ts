import { describe, expect, it } from 'vitest';
import { createTestApp, openTestApp } from '../helpers/app.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';
import { linkCode } from '../../src/channels/slack/people.js';

// The store's own behaviour (claims, delivery keys, pending intents) is stated on both databases in test/db/contract/slack-state.test.ts.
describe('Slack link codes', () => {
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

describeOnBothDatabases('createSlackChannel configuration', (backend) => {
  it('explains a missing token or signing secret, and starts/stops cleanly in HTTP mode', async () => {
    const { createSlackChannel } = await import('../../src/channels/slack/index.js');
    const { startFakeSlack } = await import('../helpers/fake-slack.js');
    const none = await openTestApp(backend, { SLACK_BOT_TOKEN: undefined, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: undefined });
    expect(() => createSlackChannel(none.app)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', userMessage: expect.stringContaining('SLACK_BOT_TOKEN') }));
    await none.cleanup();
    const noSecret = await openTestApp(backend, { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: undefined });
    expect(() => createSlackChannel(noSecret.app)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', userMessage: expect.stringContaining('SLACK_SIGNING_SECRET') }));
    await noSecret.cleanup();

    const fake = await startFakeSlack();
    const ok = await openTestApp(backend, { SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: undefined, SLACK_API_URL: fake.apiUrl });
    const channel = createSlackChannel(ok.app);
    await channel.start();
    await channel.refresh();
    await channel.stop();
    await channel.stop(); // idempotent
    await ok.cleanup();
    await fake.close();
  });
});

// SQLite only: what is tested is the Web API failing to connect (an 8 s wait), not the database;
// the channel's start on Postgres is covered by 'createSlackChannel configuration' above.
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
