import { afterAll, beforeAll, expect, it } from 'vitest';
import { readyJob } from '../helpers/jobs.js';
import { interactionBody, sendSigned } from '../helpers/fake-slack.js';
import { SLACK_TEST_SECRET as SECRET, SLACK_TEST_TEAM as TEAM, startSlackRig, type SlackRig } from '../helpers/slack-rig.js';
import { ACTION, renderMapMessages } from '../../src/channels/slack/blocks.js';
import type { PublicUser } from '../../src/db/repositories/index.js';
import { checkModal } from './blockkit.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';

const CHANNEL = 'C0PLANS';
const THREAD = '1700000000.000100';
const MAP_TS = '1700000000.000200';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The map's "Project details" modal and "Preview e-mail" button, pressed as Slack would press them. */
describeOnBothDatabases('Slack: project details modal and the e-mail preview', (backend) => {
  let rig: SlackRig;
  let estimator: PublicUser;
  let jobId: string;
  let mapBlocks: J[];
  let seq = 0;

  const interact = (payload: J) => sendSigned(rig.url, interactionBody(payload), 'application/x-www-form-urlencoded', { secret: SECRET });
  /** Press a button of the map message (found by its action id, as the person sees it). */
  const press = async (actionId: string) => {
    const el = mapBlocks.flatMap((b) => (b.elements as J[] | undefined) ?? []).find((e) => e.action_id === actionId);
    expect(el, actionId).toBeDefined();
    const res = await interact({
      type: 'block_actions',
      team: { id: TEAM, domain: 'test' },
      user: { id: 'UEST', team_id: TEAM },
      api_app_id: 'A0TEST',
      trigger_id: `trigger.${++seq}`,
      container: { type: 'message', message_ts: MAP_TS, channel_id: CHANNEL, is_ephemeral: false },
      channel: { id: CHANNEL, name: 'plans' },
      message: { ts: MAP_TS, thread_ts: THREAD, text: 'map', blocks: mapBlocks },
      response_url: 'http://127.0.0.1:9/actions/response',
      actions: [{ action_ts: `1700000100.${String(seq).padStart(6, '0')}`, type: 'button', action_id: actionId, block_id: 'actions', value: el!.value }],
    });
    expect(res.status).toBe(200);
    await rig.channel.idle();
  };
  /** The modal Slack was asked to open last, as the person filled it in (field id → text). */
  const submit = (view: J, typed: Record<string, string>) => {
    const values: J = {};
    for (const b of view.blocks as J[]) {
      if (b.type !== 'input') continue;
      const value = b.block_id in typed ? typed[b.block_id] : (b.element.initial_value ?? null);
      values[b.block_id] = { [b.element.action_id]: { type: 'plain_text_input', value } };
    }
    return interact({
      type: 'view_submission',
      team: { id: TEAM },
      user: { id: 'UEST', team_id: TEAM },
      api_app_id: 'A0TEST',
      trigger_id: `trigger.view.${++seq}`,
      view: { id: `VDET${seq}`, hash: 'h1', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values } },
    });
  };
  const openModal = async () => {
    await press(ACTION.details);
    return rig.fake.callsTo('views.open').at(-1)!.args.view as J;
  };

  beforeAll(async () => {
    rig = await startSlackRig({ PUBLIC_URL: 'http://127.0.0.1:9' }, backend);
    const { t, fake } = rig;
    estimator = await t.app.repos.users.create('estimator@gc.test', 'correct-horse-battery');
    await t.app.addressBook.add(estimator.userId, { name: 'Acme <Fire> & Sprinkler', email: 'bids@acmefire.test', trades: '21', zipCode: '55303' });
    fake.addUser({ id: 'UEST', email: 'estimator@gc.test', name: 'Estimator' });
    const ready = await readyJob(t.app, estimator.userId, ['21'], { name: 'Elm & Main <Library>', sendable: false });
    jobId = ready.jobId;
    await t.app.repos.profiles.updateProfile(estimator.userId, { fullName: 'Pat Estimator' });
    await t.app.repos.profiles.updateCompany(estimator.userId, { name: 'Hart & Sons <Builders>' });
    mapBlocks = renderMapMessages(ready.map, jobId).flatMap((m) => (m.blocks ?? []) as J[]);
  });
  afterAll(async () => rig?.close());

  it('"Project details" opens a valid modal showing what the invitation will say, and warns that no due date is set', async () => {
    const view = await openModal();
    expect(checkModal(view)).toEqual([]);
    expect(view.title.text).toBe('Project details');
    const field = (id: string) => (view.blocks as J[]).find((b) => b.block_id === id);
    expect(field('name')?.element.initial_value).toBe('Elm & Main <Library>');
    expect(field('zip_code')?.element.initial_value).toBe('55303');
    expect(field('bid_due')?.element.initial_value).toBeUndefined();
    expect(JSON.stringify(view.blocks)).toContain('bid due date is not set');
  });

  it('a due date, time and zone typed in the modal is saved to the job', async () => {
    const year = new Date().getFullYear() + 1;
    const res = await submit(await openModal(), { bid_due: `Mar 3 ${year} 2:30pm ET` });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const d = await rig.t.app.details.get(estimator.userId, jobId);
    expect(d.bidDue).toEqual({ date: `${year}-03-03`, time: '14:30' });
    expect(d.timeZone).toBe('America/New_York');
    // Opening it again shows the saved date, so saving unchanged keeps it.
    const again = await openModal();
    expect((again.blocks as J[]).find((b) => b.block_id === 'bid_due')?.element.initial_value).toMatch(new RegExp(`March 3, ${year}`));
    expect((await submit(again, {})).text).toBe('');
    expect((await rig.t.app.details.get(estimator.userId, jobId)).bidDue).toEqual({ date: `${year}-03-03`, time: '14:30' });
  });

  it('the bids wanted per trade and the reminders are edited in the same modal', async () => {
    const shown = await openModal();
    const blocks = shown.blocks as J[];
    expect(blocks.find((b) => b.block_id === 'bid_target')?.element.initial_value).toBe('3');
    expect(blocks.find((b) => b.block_id === 'reminders')?.element.initial_value).toBe('3, 1');
    expect((await submit(shown, { bid_target: '5', reminders: '2' })).text).toBe('');
    const d = await rig.t.app.details.get(estimator.userId, jobId);
    expect(d.bidTarget).toBe(5);
    expect(d.reminderDays).toEqual([2]);
    expect((await submit(await openModal(), { reminders: 'off' })).text).toBe('');
    expect((await rig.t.app.details.get(estimator.userId, jobId)).reminderDays).toEqual([]);
  });

  it('a bad zip is refused on the zip field with a message saying what a zip looks like, and nothing is saved', async () => {
    for (const zip of ['abc', '00000']) {
      const res = await submit(await openModal(), { zip_code: zip, city: 'Anoka' });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ response_action: 'errors', errors: { zip_code: expect.stringMatching(/zip or postal code/) } });
    }
    const d = await rig.t.app.details.get(estimator.userId, jobId);
    expect(d.zipCode).toBe('55303');
    expect(d.city).toBeNull();
  });

  it('control characters typed in the modal are stripped before anything is saved (a NUL failed Postgres)', async () => {
    const res = await submit(await openModal(), { name: 'Elm & Main\u0000 <Library>', message: 'Bring\u0007 a ladder.\n\tThanks' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const d = await rig.t.app.details.get(estimator.userId, jobId);
    expect(d.name).toBe('Elm & Main <Library>');
    expect(d.message).toBe('Bring a ladder.\n\tThanks');
    expect(d.bidDue).not.toBeNull(); // what was saved before is still there
  });

  it('"Preview e-mail" posts the invitation in the map\'s thread, with the subject and company, user text escaped', async () => {
    const before = rig.fake.callsTo('chat.postMessage').length;
    await press(ACTION.preview);
    const posts = rig.fake.callsTo('chat.postMessage').slice(before);
    expect(posts).toHaveLength(1);
    const post = posts[0]!.args;
    expect(post.channel).toBe(CHANNEL);
    expect(post.thread_ts).toBe(THREAD);
    const text = String(post.text);
    expect(text).toMatch(/^Preview of the invitation:/);
    expect(text).toMatch(/Subject: .*Elm &amp; Main &lt;Library&gt;/);
    expect(text).toContain('Hart &amp; Sons &lt;Builders&gt;');
    expect(text).toContain('Acme &lt;Fire&gt; &amp; Sprinkler');
    // Nothing a user typed can become a Slack link, mention or markup.
    expect(text).not.toMatch(/<Library>|<Builders>|<Fire>/);
  });
});
