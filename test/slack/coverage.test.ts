import { afterAll, beforeAll, expect, it } from 'vitest';
import { interactionBody, sendSigned, type FakeSlack, type PostedMessage } from '../helpers/fake-slack.js';
import { SLACK_TEST_SECRET as SECRET, SLACK_TEST_TEAM as TEAM, startSlackRig, type SlackRig } from '../helpers/slack-rig.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { readyJob } from '../helpers/jobs.js';
import { approveJob, createOutreach, OutreachSender, signRespondToken } from '../../src/core/outreach/index.js';
import { INVITE_MORE_ACTION } from '../../src/channels/slack/coverage-board.js';
import { checkMessage } from './blockkit.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';
import { instantOf } from '../../src/core/project/time.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const CHANNEL = 'C0BIDS';
const THREAD = '1700000500.000100';

describeOnBothDatabases('Slack coverage board (fake Slack Web API, real SMTP)', (backend) => {
  let rig: SlackRig;
  let fake: FakeSlack;
  let sink: SmtpSink;
  let userId: string;
  let jobId: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    // One contact selected per trade: the trade starts under the target of 3.
    rig = await startSlackRig({ SMTP_URL: sink.url, REDBUTTON_MAIL_FROM: 'GC Estimating <bids@gc.test>', PUBLIC_URL: 'http://127.0.0.1:9', MAP_MAX_PER_TRADE: '1' }, backend);
    fake = rig.fake;
    const { app } = rig.t;
    userId = (await app.repos.users.create('estimator@gc.test', 'correct-horse-battery')).userId;
    fake.addUser({ id: 'UEST', email: 'estimator@gc.test', name: 'Estimator' });
    for (const [name, email, zip] of [
      ['Amp Electric', 'bids@amp.test', '55303'],
      ['Bolt Electric', 'est@bolt.test', '55304'],
      ['Coil Electric', 'office@coil.test', '55101'],
    ] as const) {
      await app.addressBook.add(userId, { name, email, trades: 'Electrical', zipCode: zip });
    }
    const job = await readyJob(app, userId, ['26']);
    jobId = job.jobId;
    // A job that came from this Slack thread.
    await rig.t.raw(`UPDATE jobs SET origin = 'slack', origin_context = ? WHERE job_id = ?`, [JSON.stringify({ teamId: TEAM, channel: CHANNEL, threadTs: THREAD, slackUserId: 'UEST' }), jobId]);
    await approveJob(app, userId, jobId, { version: job.map.version });
    const sender = new OutreachSender(app);
    await sender.drainOnce();
    await sender.close();
    await app.events.emit((await app.repos.jobs.getInternal(jobId))!);
    await rig.channel.idle();
  });
  afterAll(async () => {
    await rig?.close();
    await sink?.close();
  });

  const board = () => [...fake.messages.values()].find((m) => JSON.stringify(m.blocks ?? []).includes('Bid coverage'));
  const notices = () => [...fake.messages.values()].filter((m) => (m.text ?? '').includes(':speech_balloon:'));
  let seq = 0;
  const click = (msg: PostedMessage, action: J) =>
    sendSigned(
      rig.url,
      interactionBody({
        type: 'block_actions',
        team: { id: TEAM, domain: 'test' },
        user: { id: 'UEST', team_id: TEAM },
        api_app_id: 'A0TEST',
        trigger_id: `trigger.${++seq}`,
        container: { type: 'message', message_ts: msg.ts, channel_id: msg.channel, is_ephemeral: false },
        channel: { id: msg.channel, name: 'bids' },
        message: { ts: msg.ts, thread_ts: msg.thread_ts, text: msg.text, blocks: msg.blocks },
        response_url: 'http://127.0.0.1:9/actions/response',
        actions: [{ action_ts: `1700000600.${String(seq).padStart(6, '0')}`, ...action }],
      }),
      'application/x-www-form-urlencoded',
      { secret: SECRET },
    );

  it('the map message becomes the coverage board: valid Block Kit, life in words, the trade short of target with whom to invite next', async () => {
    const b = board()!;
    expect(b.thread_ts).toBe(THREAD);
    expect(checkMessage(b)).toEqual([]);
    const json = JSON.stringify(b.blocks);
    // Whole days to the subs' due time (about 30; a daylight-saving change can make it 29 or 31).
    const d = (await rig.t.app.repos.jobDetails.get(jobId))!;
    const days = Math.round((instantOf({ date: d.dueDate!, time: d.dueTime }, d.timeZone!).getTime() - Date.now()) / 86_400_000);
    expect(days).toBeGreaterThanOrEqual(29);
    expect(json).toContain(`sent 1/1 · bids due in ${days} days`);
    expect(json).toContain('2 short of 3');
    expect(json).toContain('Invite these too (2)');
  });

  it('every answer updates the board in place; the estimator is told in the thread, batched', async () => {
    const [inv] = await rig.t.raw<{ email_id: string }>(`SELECT email_id FROM email_logs WHERE job_id = ?`, [jobId]);
    const token = signRespondToken(rig.t.app.secret, { jobId, emailId: inv!.email_id });
    const before = board()!.updates;
    await createOutreach(rig.t.app).answer(token, 'bid', 'Numbers by Thursday <!channel>');
    await rig.channel.idle();
    expect(board()!.updates).toBeGreaterThan(before);
    expect(JSON.stringify(board()!.blocks)).toContain(':large_green_circle: bidding');
    expect(notices()).toHaveLength(1);
    expect(notices()[0]!.thread_ts).toBe(THREAD);
    expect(notices()[0]!.text).toMatch(/A sub answered on Riverside Clinic/);
    // The sub's words are escaped: no mention reaches the channel.
    expect(notices()[0]!.text).toContain('&lt;!channel&gt;');
    // A change of mind a minute later: the board follows at once, the message waits for the window.
    const mid = board()!.updates;
    await createOutreach(rig.t.app).answer(token, 'nobid', 'Sorry, too busy');
    await rig.channel.idle();
    expect(board()!.updates).toBeGreaterThan(mid);
    expect(JSON.stringify(board()!.blocks)).toContain('not bidding');
    expect(notices()).toHaveLength(1);
  });

  it('"Invite these too" sends only to the proposed contacts, once, and the board counts them', async () => {
    const b = board()!;
    const button = (b.blocks as J[]).flatMap((x) => (x.elements as J[] | undefined) ?? []).find((e) => e.action_id === INVITE_MORE_ACTION)!;
    const already = sink.messages.length;
    expect((await click(b, { type: 'button', action_id: INVITE_MORE_ACTION, block_id: 'rb_coverage_actions', value: button.value })).status).toBe(200);
    await rig.channel.idle();
    const mails = await sink.waitForCount(() => true, already + 2, { what: 'two more invitations' });
    const fresh = mails.slice(already).flatMap((m) => m.envelope.to);
    expect(fresh.sort()).toEqual(['est@bolt.test', 'office@coil.test']);
    // The same click again (a stale button): nobody gets a second invitation.
    await click(b, { type: 'button', action_id: INVITE_MORE_ACTION, block_id: 'rb_coverage_actions', value: button.value });
    await rig.channel.idle();
    expect(sink.messages).toHaveLength(already + 2);
    expect(JSON.stringify(board()!.blocks)).toContain('sent 3/3');
  });
});
