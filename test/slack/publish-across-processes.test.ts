import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { MapPublisher } from '../../src/channels/slack/render.js';
import { SlackApi } from '../../src/channels/slack/slack-api.js';
import { logger } from '../../src/core/log.js';
import { openTestApp, type AnyTestApp } from '../helpers/app.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { readyJob } from '../helpers/jobs.js';
import { postgresAvailable, postgresSkipReason } from '../helpers/postgres.js';

const CHANNEL = 'C0BIDS';
const skip = postgresAvailable() ? undefined : postgresSkipReason;

/**
 * Two `serve` processes on one Postgres database (two Apps, each with its own pool and its own
 * MapPublisher) publish the same job's contacts map at once, against one Slack that takes a while
 * to answer: the job's thread must get one map message, and it must end showing the newest version
 * even when Slack answers an older render's update more slowly than a newer one's.
 */
describe.skipIf(Boolean(skip))(`Slack map publishing across processes on Postgres${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let fake: FakeSlack;
  let a: AnyTestApp;
  let appB: App;
  let userId: string;
  /** A ready job of the estimator that came from a Slack thread of its own. */
  const slackJob = async (thread: string) => {
    const { jobId } = await readyJob(a.app, userId, ['26']);
    await a.raw(`UPDATE jobs SET origin = 'slack', origin_context = ? WHERE job_id = ?`, [JSON.stringify({ teamId: 'T0TEST', channel: CHANNEL, threadTs: thread, slackUserId: 'UEST' }), jobId]);
    return (await a.app.repos.jobs.getInternal(jobId))!;
  };
  let slowNextUpdate = false;

  beforeAll(async () => {
    // 40 ms a call; when a test asks, the next chat.update waits 200 ms (network jitter).
    fake = await startFakeSlack({
      latencyMs: (method) => {
        if (method !== 'chat.update' || !slowNextUpdate) return 40;
        slowNextUpdate = false;
        return 200;
      },
    });
    const slackEnv = { SLACK_BOT_TOKEN: fake.token, SLACK_API_URL: fake.apiUrl, SLACK_SIGNING_SECRET: 'slack-signing-secret-for-tests', SLACK_APP_TOKEN: undefined };
    a = await openTestApp('postgres', slackEnv);
    appB = await openApp(loadConfig({ ...process.env, OPENAI_API_KEY: undefined, SMTP_URL: undefined, IMAP_HOST: undefined, ...slackEnv, ...a.env }));
    userId = (await a.app.repos.users.create('estimator@gc.test', 'correct-horse-battery')).userId;
    await a.app.addressBook.add(userId, { name: 'Amp Electric', email: 'bids@amp.test', trades: 'Electrical', zipCode: '55303' });
  });
  afterAll(async () => {
    await appB?.close();
    await a?.cleanup();
    await fake?.close();
  });

  const publisherOf = (app: App) => new MapPublisher(app, app.repos.slack, new SlackApi(fake.token, fake.apiUrl, logger), logger);
  const mapMessages = (thread: string) => [...fake.messages.values()].filter((m) => m.thread_ts === thread && (m.text ?? '').startsWith('Contacts map'));

  it.skipIf(Boolean(skip))('publishing at once from both processes posts the map once: later publishes update it', async () => {
    const [pubA, pubB] = [publisherOf(a.app), publisherOf(appB)];
    const thread = '1700000500.000100';
    const job = await slackJob(thread);
    for (let round = 0; round < 3; round++) {
      await Promise.all([pubA.publish(job), pubB.publish(job), pubB.publish(job)]);
      expect(mapMessages(thread)).toHaveLength(1);
    }
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.callsTo('chat.update')).toHaveLength(8);
    expect(await a.app.repos.slack.messages(job.jobId, 'map')).toHaveLength(1);
  });

  it.skipIf(Boolean(skip))('when the map changes while one process is publishing, the message ends on the newest version', async () => {
    const [pubA, pubB] = [publisherOf(a.app), publisherOf(appB)];
    const thread = '1700000600.000100';
    const job = await slackJob(thread);
    await pubA.publish(job);
    for (let round = 0; round < 4; round++) {
      // A renders the current version and Slack is slow to take it; meanwhile the map gets a new
      // version in B, which publishes that.
      slowNextUpdate = true;
      const first = pubA.publish(job);
      await appB.maps.rollback(userId, job.jobId, 1);
      await Promise.all([first, pubB.publish(job)]);
      const newest = (await a.app.maps.current(userId, job.jobId)).version;
      expect(mapMessages(thread)).toHaveLength(1);
      expect(mapMessages(thread)[0]!.text).toContain(`(version ${newest})`);
    }
  });
});
