/**
 * An addendum uploaded in a job's Slack thread, over the real Bolt app with signed requests and
 * the local Slack wire server: the PDF joins that job (no new job), the change list and who would
 * get a notice are posted in the thread; someone else's upload in that thread changes nothing. On
 * both databases: the Slack representative of the addendum and bid-package channel tests on Postgres
 * (several files in one message, test/documents/package-slack.test.ts, stays on SQLite).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventBody, sendSigned, type FakeSlack } from '../helpers/fake-slack.js';
import { SLACK_TEST_SECRET as SECRET, startSlackRig, type SlackRig } from '../helpers/slack-rig.js';
import { makeSendable } from '../helpers/jobs.js';
import { makePlanSetPdf } from '../fixtures/pdf-fixtures.js';
import { approveJob } from '../../src/core/outreach/index.js';
import type { PublicUser } from '../../src/db/repositories/index.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';

const CHANNEL = 'C0PLANS';

describeOnBothDatabases('Slack: an addendum uploaded in the job thread', (backend) => {
  let rig: SlackRig;
  let fake: FakeSlack;
  let estimator: PublicUser;

  const share = async (id: string, name: string, bytes: Buffer, user: string, threadTs?: string) => {
    const file = fake.addFile({ id, name, filetype: 'pdf', mimetype: 'application/pdf', bytes, user, channel: CHANNEL });
    const ev = { type: 'message', subtype: 'file_share', user, channel: CHANNEL, channel_type: 'channel', ts: file.shareTs, ...(threadTs ? { thread_ts: threadTs } : {}), text: '', files: [{ id, name, filetype: 'pdf', mimetype: 'application/pdf', size: bytes.length }] };
    expect((await sendSigned(rig.url, eventBody(ev, { eventId: `Ev${id}` }), 'application/json', { secret: SECRET })).status).toBe(200);
    await rig.channel.idle();
    return file;
  };

  beforeAll(async () => {
    rig = await startSlackRig({ REDBUTTON_MAIL_FROM: 'GC Estimating <bids@gc.test>' }, backend);
    fake = rig.fake;
    const { app } = rig.t;
    estimator = await app.repos.users.create('estimator@gc.test', 'correct-horse-battery');
    await app.repos.users.create('other@gc.test', 'correct-horse-battery');
    await app.addressBook.add(estimator.userId, { name: 'Sparky Electric', email: 'bids@sparky.test', trades: '26', zipCode: '55303' });
    await app.addressBook.add(estimator.userId, { name: 'Alarm Pros', email: 'bids@alarmpros.test', trades: 'Fire Alarm', zipCode: '55303' });
    fake.addUser({ id: 'UEST', email: 'estimator@gc.test', name: 'Estimator' });
    fake.addUser({ id: 'UOTHER', email: 'other@gc.test', name: 'Other GC' });
  });
  afterAll(async () => rig?.close());

  it('adds the PDF to the thread’s job, posts what changed and who gets a notice, and refuses another user’s upload', async () => {
    const { app } = rig.t;
    const dir = rig.t.dir;
    const plans = readFileSync(await makePlanSetPdf(join(dir, 'plans.pdf'), { sheets: [{ number: 'E101', title: 'LIGHTING PLAN', lines: ['LIGHTING FIXTURE SCHEDULE: TYPE A LED TROFFER'] }, { number: 'E201', title: 'POWER PLAN', lines: ['PANEL SCHEDULE LP-1'] }] }));
    const root = await share('F0PLANS', 'plans.pdf', plans, 'UEST');
    const [job] = await app.repos.jobs.listForUser(estimator.userId);
    expect(job?.status).toBe('CONTACT_MAP_READY');
    await makeSendable(app, estimator.userId, job!.jobId);
    // The set names no zip, so nobody is pre-selected: the estimator picks the electrician.
    const picked = await app.maps.edit(estimator.userId, job!.jobId, [{ op: 'select', trade: '26', contact: 'bids@sparky.test' }]);
    await approveJob(app, estimator.userId, job!.jobId, { version: picked.version, via: 'test' });

    const addendum = readFileSync(await makePlanSetPdf(join(dir, 'addendum.pdf'), {
      index: false,
      sheets: [
        { number: 'E201', title: 'POWER PLAN', lines: ['PANEL SCHEDULE LP-1', 'NEW CIRCUIT FOR DOOR OPERATOR'], revisions: [['1', '12/01/2026', 'ADDENDUM 1']] },
        { number: 'FA101', title: 'FIRE ALARM PLAN', lines: ['NEW HORN/STROBES AND PULL STATIONS'], revisions: [['1', '12/01/2026', 'ADDENDUM 1']] },
      ],
    }));
    await share('F0ADD1', 'addendum-1.pdf', addendum, 'UEST', root.shareTs);
    expect(await app.repos.jobs.listForUser(estimator.userId)).toHaveLength(1);
    const [added] = await app.addenda.list(estimator.userId, job!.jobId);
    expect(added?.changes.map((c) => [c.ref, c.action])).toEqual([['E201', 'revised'], ['FA101', 'added']]);
    expect(added?.newTrades.map((x) => x.division)).toEqual(['28']);
    const posted = [...fake.messages.values()].find((m) => m.thread_ts === root.shareTs && /Addendum 1/.test(m.text ?? ''));
    expect(posted?.text).toContain('Sparky Electric');
    expect(posted?.text).toContain('New trades to fill');
    // The new trade joined the map with its matched contact (not pre-selected: the set names no zip, so no distance).
    const fireAlarm = (await app.maps.current(estimator.userId, job!.jobId)).trades.find((x) => x.division === '28');
    expect(fireAlarm?.candidates.map((c) => c.email)).toEqual(['bids@alarmpros.test']);

    // Another user's upload in this thread is refused with a clear message and changes nothing.
    await share('F0ADD2', 'other.pdf', Buffer.concat([addendum, Buffer.from('\n% other copy\n')]), 'UOTHER', root.shareTs);
    const warned = fake.callsTo('chat.postEphemeral').filter((c) => c.args.user === 'UOTHER').map((c) => String(c.args.text));
    expect(warned.some((t) => /did not add other\.pdf/.test(t))).toBe(true);
    expect(await app.addenda.list(estimator.userId, job!.jobId)).toHaveLength(1);
    expect(await app.repos.documents.listForJob(job!.jobId)).toHaveLength(2);
  });
});
