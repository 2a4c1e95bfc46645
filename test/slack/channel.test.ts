import { makeSendable } from '../helpers/jobs.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { corpusDir, repoRoot, type AnyTestApp } from '../helpers/app.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { commandBody, eventBody, interactionBody, sendSigned, type FakeSlack, type PostedMessage } from '../helpers/fake-slack.js';
import { SLACK_TEST_SECRET as SECRET, SLACK_TEST_TEAM as TEAM, startSlackRig, type SlackRig } from '../helpers/slack-rig.js';
import type { SlackChannel } from '../../src/channels/slack/index.js';
import { ACTION, decodeRef } from '../../src/channels/slack/blocks.js';
import type { PublicUser } from '../../src/db/repositories/index.js';
import { checkMessage, checkModal } from './blockkit.js';

const CHANNEL = 'C0PLANS';
const PDF = '12_spec_section_21_0100_general_fire_protection.pdf';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describeOnBothDatabases('Slack channel over HTTP (real Bolt app, signed requests, fake Slack Web API, real SMTP)', (backend) => {
  let fake: FakeSlack;
  let sink: SmtpSink;
  let t: AnyTestApp;
  let rig: SlackRig;
  let channel: SlackChannel;
  let url: string;
  let estimator: PublicUser;
  let other: PublicUser;
  let jobId: string;

  const event = (ev: J, o: { eventId?: string; retryNum?: number; timestamp?: number } = {}) =>
    sendSigned(url, eventBody(ev, { eventId: o.eventId }), 'application/json', { secret: SECRET, retryNum: o.retryNum, retryReason: o.retryNum ? 'http_timeout' : undefined, timestamp: o.timestamp });
  const command = (text: string, userId = 'UEST') => sendSigned(url, commandBody(text, { userId, channelId: CHANNEL }), 'application/x-www-form-urlencoded', { secret: SECRET });
  const interact = (payload: J) => sendSigned(url, interactionBody(payload), 'application/x-www-form-urlencoded', { secret: SECRET });
  let actionSeq = 0;
  const blockAction = (userId: string, msg: PostedMessage, action: J) =>
    interact({
      type: 'block_actions',
      team: { id: TEAM, domain: 'test' },
      user: { id: userId, team_id: TEAM },
      api_app_id: 'A0TEST',
      trigger_id: `trigger.${++actionSeq}`,
      container: { type: 'message', message_ts: msg.ts, channel_id: msg.channel, is_ephemeral: false },
      channel: { id: msg.channel, name: 'plans' },
      message: { ts: msg.ts, thread_ts: msg.thread_ts, text: msg.text, blocks: msg.blocks },
      response_url: 'http://127.0.0.1:9/actions/response',
      actions: [{ action_ts: `1700000100.${String(actionSeq).padStart(6, '0')}`, ...action }],
    });

  const mapMessages = () => [...fake.messages.values()].filter((m) => JSON.stringify(m.blocks ?? []).includes('"h|'));
  const findElement = (msg: PostedMessage, pred: (e: J, block: J) => boolean): { el: J; block: J } | undefined => {
    for (const b of (msg.blocks ?? []) as J[]) {
      for (const e of [...((b.elements as J[] | undefined) ?? []), ...(b.accessory ? [b.accessory as J] : [])]) if (pred(e, b)) return { el: e, block: b };
    }
    return undefined;
  };
  const ephemeralsTo = (user: string) => fake.callsTo('chat.postEphemeral').filter((c) => c.args.user === user).map((c) => String(c.args.text));

  beforeAll(async () => {
    sink = await startSmtpSink();
    // file_shared waits this long for the message event of the same share (3 s in service): each
    // test here sends that event right after, so half a second is plenty and saves ~2.5 s a share.
    rig = await startSlackRig({ SMTP_URL: sink.url, REDBUTTON_MAIL_FROM: 'GC Estimating <bids@gc.test>', PUBLIC_URL: 'http://127.0.0.1:9' }, backend, { fileSharedGraceMs: 500 });
    ({ fake, t, channel, url } = rig);
    estimator = await t.app.repos.users.create('estimator@gc.test', 'correct-horse-battery');
    other = await t.app.repos.users.create('other@gc.test', 'correct-horse-battery');
    for (const [name, email, trades] of [
      ['Acme Fire Protection', 'bids@acmefire.test', '21'],
      ['Blaze Sprinkler Co', 'estimating@blaze.test', '21'],
      ['Cascade Fire Systems', 'office@cascadefire.test', 'Fire Suppression'],
      ['Delta Plumbing', 'bids@deltaplumb.test', '22'],
    ] as const) {
      await t.app.addressBook.add(estimator.userId, { name, email, trades });
    }
    await t.app.addressBook.add(estimator.userId, { name: 'Gone Fire LLC', email: 'gone@gonefire.test', trades: '21' });
    fake.addUser({ id: 'UEST', email: 'estimator@gc.test', name: 'Estimator' });
    fake.addUser({ id: 'UOTHER', email: 'other@gc.test', name: 'Other GC' });
    fake.addUser({ id: 'USTRANGER', email: 'stranger@elsewhere.test', name: 'Stranger' });
    fake.addUser({ id: 'UNOMAIL', name: 'No e-mail scope' });
  });

  afterAll(async () => {
    await rig?.close();
    await sink?.close();
  });

  it('answers url_verification and rejects forged, stale, future and unsigned requests', async () => {
    const challenge = JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' });
    const ok = await sendSigned(url, challenge, 'application/json', { secret: SECRET });
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ challenge: 'c-123' });

    expect((await sendSigned(url, challenge, 'application/json', { secret: 'not-the-secret' })).status).toBe(401);
    expect((await sendSigned(url, challenge, 'application/json', { secret: SECRET, signature: 'v0=deadbeef' })).status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    expect((await sendSigned(url, challenge, 'application/json', { secret: SECRET, timestamp: now - 6 * 60 })).status).toBe(401);
    expect((await sendSigned(url, challenge, 'application/json', { secret: SECRET, timestamp: now + 6 * 60 })).status).toBe(401);
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: challenge });
    expect(unsigned.status).toBe(401);

    // A forged file event starts nothing.
    const forged = await sendSigned(url, eventBody({ type: 'file_shared', file_id: 'FFORGED', user_id: 'UEST', channel_id: CHANNEL }), 'application/json', { secret: 'wrong' });
    expect(forged.status).toBe(401);
    await channel.idle();
    expect(fake.callsTo('files.info')).toHaveLength(0);
  });

  it('turns a shared corpus PDF into exactly ONE job although file_shared, message/file_share and a retry all arrive', async () => {
    const bytes = readFileSync(join(corpusDir, PDF));
    const file = fake.addFile({ id: 'F0FIRE', name: PDF, filetype: 'pdf', mimetype: 'application/pdf', bytes, user: 'UEST', channel: CHANNEL });
    const shared = { type: 'file_shared', file_id: file.id, user_id: 'UEST', file: { id: file.id }, channel_id: CHANNEL, event_ts: file.shareTs };
    const message = {
      type: 'message',
      subtype: 'file_share',
      user: 'UEST',
      channel: CHANNEL,
      channel_type: 'channel',
      ts: file.shareTs,
      text: '',
      files: [{ id: file.id, name: PDF, filetype: 'pdf', mimetype: 'application/pdf', size: bytes.length }],
    };
    const responses = await Promise.all([event(shared, { eventId: 'EvSHARED1' }), event(message, { eventId: 'EvMESSAGE1' }), event(message, { eventId: 'EvMESSAGE1', retryNum: 1 })]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    // and a late retry of the first delivery
    expect((await event(shared, { eventId: 'EvSHARED1', retryNum: 2 })).status).toBe(200);
    await channel.idle();

    const jobs = await t.app.repos.jobs.listForUser(estimator.userId);
    expect(jobs).toHaveLength(1);
    const job = jobs[0]!;
    jobId = job.jobId;
    expect(job.origin).toBe('slack');
    expect(job.status).toBe('CONTACT_MAP_READY');
    expect(job.pageCount).toBe(8);
    expect(fake.downloads).toEqual([{ fileId: file.id, authorized: true }]);

    // progress: one message in the file's thread, updated in place
    const progress = [...fake.messages.values()].filter((m) => m.thread_ts === file.shareTs && !JSON.stringify(m.blocks ?? []).includes('"h|'));
    expect(progress).toHaveLength(1);
    expect(progress[0]!.updates).toBeGreaterThan(0);
    expect(progress[0]!.text).toMatch(/contacts map ready/i);

    // the map: valid Block Kit, in the same thread, with trade 21 and our fire contacts pre-selected
    const maps = mapMessages();
    expect(maps.length).toBeGreaterThanOrEqual(1);
    for (const m of maps) {
      expect(m.thread_ts).toBe(file.shareTs);
      expect(checkMessage(m)).toEqual([]);
    }
    const sel = findElement(maps[0]!, (e, b) => e.action_id === ACTION.selectStatic && decodeRef(String(b.block_id))?.division === '21');
    expect(sel).toBeDefined();
    expect((sel!.el.options as J[]).map((o) => o.text.text)).toEqual(expect.arrayContaining(['Acme Fire Protection', 'Blaze Sprinkler Co', 'Cascade Fire Systems']));
    // the review-page link is the owner's credential: whispered to them in a channel, not posted
    expect(ephemeralsTo('UEST').filter((x) => x.includes('http://127.0.0.1:9/review/'))).toHaveLength(1);
    expect(JSON.stringify(maps.map((m) => m.blocks))).not.toContain('/review/');
  });

  it('an unlinked Slack user gets a short ephemeral explanation and never a job', async () => {
    const bytes = readFileSync(join(corpusDir, PDF));
    const file = fake.addFile({ id: 'F0STRANGE', name: 'plans.pdf', filetype: 'pdf', mimetype: 'application/pdf', bytes, user: 'USTRANGER', channel: CHANNEL });
    await event({ type: 'file_shared', file_id: file.id, user_id: 'USTRANGER', channel_id: CHANNEL, event_ts: file.shareTs });
    await event({ type: 'message', subtype: 'file_share', user: 'USTRANGER', channel: CHANNEL, ts: file.shareTs, files: [{ id: file.id, name: 'plans.pdf', filetype: 'pdf' }] });
    await channel.idle();
    const said = ephemeralsTo('USTRANGER');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/no Red Button account/);
    expect(fake.downloads.filter((d) => d.fileId === file.id)).toHaveLength(0);
    const stranger = await t.app.repos.users.findByEmail('stranger@elsewhere.test');
    expect(stranger).toBeUndefined();
    expect(await t.app.repos.jobs.listForUser(estimator.userId)).toHaveLength(1);
  });

  it('a multi-select change becomes a set_selection edit (owner-scoped) and the message re-renders from the new version', async () => {
    const before = await t.app.maps.current(estimator.userId, jobId);
    const msg = mapMessages()[0]!;
    const { el, block } = findElement(msg, (e, b) => e.action_id === ACTION.selectStatic && decodeRef(String(b.block_id))?.division === '21')!;
    const acme = (el.options as J[]).find((o) => o.text.text === 'Acme Fire Protection')!;

    // Another Red Button user replaying the same payload cannot touch this job.
    const intruder = await blockAction('UOTHER', msg, { type: 'multi_static_select', action_id: ACTION.selectStatic, block_id: block.block_id, selected_options: [] });
    expect(intruder.status).toBe(200);
    await channel.idle();
    expect((await t.app.maps.current(estimator.userId, jobId)).version).toBe(before.version);
    expect(ephemeralsTo('UOTHER').at(-1)).toMatch(/No job/i);
    expect(await t.app.repos.jobs.listForUser(other.userId)).toEqual([]);

    const updatesBefore = msg.updates;
    const res = await blockAction('UEST', msg, { type: 'multi_static_select', action_id: ACTION.selectStatic, block_id: block.block_id, selected_options: [acme] });
    expect(res.status).toBe(200);
    await channel.idle();
    const after = await t.app.maps.current(estimator.userId, jobId);
    expect(after.version).toBe(before.version + 1);
    const fire = after.trades.find((x) => x.division === '21')!;
    expect(fire.candidates.filter((c) => c.selected).map((c) => c.name)).toEqual(['Acme Fire Protection']);
    expect((await t.app.maps.history(estimator.userId, jobId)).at(-1)?.via).toBe('slack');
    const updated = fake.messages.get(`${msg.channel}:${msg.ts}`)!;
    expect(updated.updates).toBe(updatesBefore + 1);
    expect(checkMessage(updated)).toEqual([]);
    const reSel = findElement(updated, (e, b) => e.action_id === ACTION.selectStatic && decodeRef(String(b.block_id))?.division === '21')!;
    expect(decodeRef(String(reSel.block.block_id))?.version).toBe(after.version);
    expect((reSel.el.initial_options as J[]).map((o) => o.text.text)).toEqual(['Acme Fire Protection']);

    // The old message's payload again (stale version): refused with an explanation, map unchanged.
    await blockAction('UEST', msg, { type: 'multi_static_select', action_id: ACTION.selectStatic, block_id: block.block_id, selected_options: [] });
    await channel.idle();
    expect((await t.app.maps.current(estimator.userId, jobId)).version).toBe(after.version);
    expect(ephemeralsTo('UEST').at(-1)).toMatch(/changed since you looked/);
  });

  it('the Add contact modal opens valid, shows validation errors in the modal, and adds the contact on a good submission', async () => {
    const msg = fake.messages.get(`${mapMessages()[0]!.channel}:${mapMessages()[0]!.ts}`)!;
    const { el } = findElement(msg, (e) => e.action_id === ACTION.addContact && decodeRef(String(e.value))?.division === '21')!;
    await blockAction('UEST', msg, { type: 'button', action_id: ACTION.addContact, block_id: 'x', value: el.value });
    await channel.idle();
    const opened = fake.callsTo('views.open').at(-1)!;
    const view = opened.args.view as J;
    expect(checkModal(view)).toEqual([]);
    expect(opened.args.trigger_id).toBe(`trigger.${actionSeq}`);

    const submit = (values: J) =>
      interact({
        type: 'view_submission',
        team: { id: TEAM },
        user: { id: 'UEST', team_id: TEAM },
        api_app_id: 'A0TEST',
        trigger_id: `trigger.view.${++actionSeq}`,
        view: { id: 'VADD1', hash: 'h1', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values } },
      });
    const values = (email: string, name = '') => ({
      rb_pick: { [ACTION.pickContact]: { type: 'static_select', selected_option: null } },
      rb_email: { [ACTION.newEmail]: { type: 'email_text_input', value: email } },
      rb_name: { [ACTION.newName]: { type: 'plain_text_input', value: name } },
    });
    const v0 = (await t.app.maps.current(estimator.userId, jobId)).version;

    const empty = await submit(values(''));

    expect(empty.status).toBe(200);
    expect(empty.json()).toEqual({ response_action: 'errors', errors: { rb_email: expect.stringMatching(/Pick an existing contact/) } });
    const bad = await submit(values('not-an-address'));
    expect(bad.json()).toMatchObject({ response_action: 'errors', errors: { rb_email: expect.stringMatching(/not an e-mail address/) } });
    // An unsubscribed contact cannot be invited: core's refusal comes back into the modal.
    const gone = (await t.app.repos.contacts.findByEmail(estimator.userId, 'gone@gonefire.test'))!;
    await t.app.repos.contacts.markUnsubscribed(gone.contactId);
    const unsub = await submit(values('gone@gonefire.test'));
    expect(unsub.json()).toMatchObject({ response_action: 'errors', errors: { rb_email: expect.stringMatching(/unsubscribed/) } });
    expect((await t.app.maps.current(estimator.userId, jobId)).version).toBe(v0);

    const good = await submit(values('bids@newsprinkler.test', 'New Sprinkler Inc'));
    expect(good.status).toBe(200);
    expect(good.text).toBe('');
    await channel.idle();
    const after = await t.app.maps.current(estimator.userId, jobId);
    expect(after.version).toBe(v0 + 1);
    const added = after.trades.find((x) => x.division === '21')!.candidates.find((c) => c.email === 'bids@newsprinkler.test')!;
    expect(added).toMatchObject({ name: 'New Sprinkler Inc', selected: true, added_by_user: true });
    const updated = fake.messages.get(`${msg.channel}:${msg.ts}`)!;
    expect(checkMessage(updated)).toEqual([]);
    expect(JSON.stringify(updated.blocks)).toContain('New Sprinkler Inc');
  });

  it('the trade picker adds a trade, the trade menu shows the evidence and removes a trade', async () => {
    const current = () => fake.messages.get(`${mapMessages().at(-1)!.channel}:${mapMessages().at(-1)!.ts}`)!;
    const v0 = (await t.app.maps.current(estimator.userId, jobId)).version;
    const picker = findElement(current(), (e) => e.action_id === ACTION.addTrade)!.el;
    const plumbing = (picker.options as J[]).find((o) => o.text.text.startsWith('22 '))!;
    await blockAction('UEST', current(), { type: 'static_select', action_id: ACTION.addTrade, block_id: 'f', selected_option: plumbing });
    await channel.idle();
    let map = await t.app.maps.current(estimator.userId, jobId);
    expect(map.version).toBe(v0 + 1);
    expect(map.trades.map((x) => x.division)).toContain('22');
    expect(checkMessage(current())).toEqual([]);

    const menuOf = (division: string) => findElement(current(), (e, b) => e.action_id === ACTION.tradeMenu && decodeRef(String(b.block_id))?.division === division)!.el;
    const evidence = (menuOf('21').options as J[]).find((o) => /evidence/i.test(o.text.text))!;
    await blockAction('UEST', current(), { type: 'overflow', action_id: ACTION.tradeMenu, block_id: 't', selected_option: evidence });
    await channel.idle();
    const view = fake.callsTo('views.open').at(-1)!.args.view as J;
    expect(checkModal(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toMatch(/21 01 00|page \d/);

    const remove = (menuOf('22').options as J[]).find((o) => /remove/i.test(o.text.text))!;
    await blockAction('UEST', current(), { type: 'overflow', action_id: ACTION.tradeMenu, block_id: 't', selected_option: remove });
    await channel.idle();
    map = await t.app.maps.current(estimator.userId, jobId);
    expect(map.version).toBe(v0 + 2);
    expect(map.trades.map((x) => x.division)).not.toContain('22');
    expect(JSON.stringify(current().blocks)).not.toContain('22 Plumbing*');
  });

  it('a file that is not really a PDF is refused in its thread, without a job', async () => {
    const f = fake.addFile({ id: 'F0FAKE', name: 'drawings.pdf', filetype: 'pdf', mimetype: 'application/pdf', bytes: Buffer.from('<html>not a pdf</html>'), user: 'UEST', channel: CHANNEL });
    const before = (await t.app.repos.jobs.listForUser(estimator.userId)).length;
    await event({ type: 'file_shared', file_id: f.id, user_id: 'UEST', channel_id: CHANNEL, event_ts: f.shareTs });
    await channel.idle();
    expect(await t.app.repos.jobs.listForUser(estimator.userId)).toHaveLength(before);
    const thread = [...fake.messages.values()].filter((m) => m.thread_ts === f.shareTs);
    expect(thread).toHaveLength(1);
    expect(thread[0]!.text).toMatch(/not a PDF/);
  });

  it('when Slack will not give the file, the person is told and a later delivery does not retry it', async () => {
    fake.failNext('files.info', 'file_not_found');
    await event({ type: 'file_shared', file_id: 'F0GONE', user_id: 'UEST', channel_id: CHANNEL, event_ts: '1700000999.000001' });
    await channel.idle();
    expect(ephemeralsTo('UEST').at(-1)).toMatch(/could not process that file/);
    const calls = fake.callsTo('files.info').length;
    await event({ type: 'file_shared', file_id: 'F0GONE', user_id: 'UEST', channel_id: CHANNEL, event_ts: '1700000999.000001' });
    await channel.idle();
    expect(fake.callsTo('files.info')).toHaveLength(calls);
  });

  it('the red button (with a confirm that counts companies and trades) queues and sends the invitations once, then shows status', async () => {
    const msg = fake.messages.get(`${mapMessages().at(-1)!.channel}:${mapMessages().at(-1)!.ts}`)!;
    const { el } = findElement(msg, (e) => e.action_id === ACTION.send)!;
    expect(el.style).toBe('danger');
    const map = await t.app.maps.current(estimator.userId, jobId);
    await makeSendable(t.app, estimator.userId, jobId); // the due date and who signs, as set before sending
    const selected = new Set(map.trades.flatMap((x) => x.candidates.filter((c) => c.selected).map((c) => c.contact_id)));
    const tradesWithSomeone = map.trades.filter((x) => x.candidates.some((c) => c.selected)).length;
    expect(el.confirm.text.text).toContain(`${selected.size} ${selected.size === 1 ? 'company' : 'companies'} across ${tradesWithSomeone} trade`);
    expect(el.confirm.style).toBe('danger');

    // someone else pressing it does nothing
    await blockAction('UOTHER', msg, { type: 'button', action_id: ACTION.send, block_id: 'f', value: el.value });
    await channel.idle();
    expect(sink.messages).toHaveLength(0);

    const res = await blockAction('UEST', msg, { type: 'button', action_id: ACTION.send, block_id: 'f', value: el.value });
    expect(res.status).toBe(200);
    await channel.idle();
    const recipients = map.trades.flatMap((x) => x.candidates.filter((c) => c.selected).map((c) => c.email!));
    const mails = await sink.waitForCount(() => true, new Set(recipients).size, { what: 'invitation' });
    expect(new Set(mails.flatMap((m) => m.envelope.to))).toEqual(new Set(recipients));
    expect(mails.some((m) => m.envelope.to.includes('bids@newsprinkler.test'))).toBe(true);

    // approval summary in the thread, and the map message now shows per-contact status
    expect([...fake.messages.values()].some((m) => /Approved version/.test(m.text ?? ''))).toBe(true);
    const updated = fake.messages.get(`${msg.channel}:${msg.ts}`)!;
    expect(checkMessage(updated)).toEqual([]);
    expect(JSON.stringify(updated.blocks)).toContain(':white_check_mark: sent');
    expect(findElement(updated, (e) => e.action_id === ACTION.send)).toBeUndefined();

    // pressing the old button again: refused, nothing sent twice
    await blockAction('UEST', msg, { type: 'button', action_id: ACTION.send, block_id: 'f', value: el.value });
    await channel.idle();
    expect(ephemeralsTo('UEST').at(-1)).toMatch(/already/);
    expect(sink.messages).toHaveLength(mails.length);
  });

  it('bounces arriving later update the message (app.events)', async () => {
    const job = await t.app.repos.jobs.getForUser(estimator.userId, jobId);
    await t.raw(`UPDATE email_logs SET status = 'BOUNCED', bounce_reason = '550 5.1.1 user unknown' WHERE job_id = ? AND to_email = 'bids@newsprinkler.test'`, [jobId]);
    await t.app.events.emit(job);
    await channel.idle();
    const msg = mapMessages()[0]!;
    expect(JSON.stringify(fake.messages.get(`${msg.channel}:${msg.ts}`)!.blocks)).toContain('bounced (550 5.1.1 user unknown)');

    // a change made elsewhere, with no event (e.g. the sender or the review page): the watcher's tick finds it
    await channel.refresh(); // first look records the current state
    await t.raw(`UPDATE email_logs SET status = 'BOUNCED', bounce_reason = '552 mailbox full' WHERE job_id = ? AND to_email = 'bids@acmefire.test'`, [jobId]);
    const updates = fake.messages.get(`${msg.channel}:${msg.ts}`)!.updates;
    await channel.refresh();
    expect(fake.messages.get(`${msg.channel}:${msg.ts}`)!.updates).toBe(updates + 1);
    expect(JSON.stringify(fake.messages.get(`${msg.channel}:${msg.ts}`)!.blocks)).toContain('bounced (552 mailbox full)');
    await channel.refresh(); // nothing changed: no update
    expect(fake.messages.get(`${msg.channel}:${msg.ts}`)!.updates).toBe(updates + 1);
  });

  it('/redbutton commands answer ephemerally; link by e-mailed code when the profile has no e-mail', async () => {
    const help = await command('help');
    expect(help.status).toBe(200);
    expect(help.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/redbutton new') });

    const jobs = await command('jobs');
    expect((jobs.json() as J).text).toContain(jobId);
    const status = await command(`status ${jobId}`);
    expect((status.json() as J).text).toMatch(/Invitations: /);
    const notMine = await command(`status ${jobId}`, 'UOTHER');
    expect((notMine.json() as J).text).toMatch(/No job/);

    const unknown = await command('jobs', 'UNOMAIL');
    expect((unknown.json() as J).text).toMatch(/link/);
    const second = await t.app.repos.users.create('second@gc.test', 'correct-horse-battery');
    sink.clear();
    const link = await command('link second@gc.test', 'UNOMAIL');
    expect((link.json() as J).text).toMatch(/e-mailing it a code/);
    await channel.idle();
    const mail = await sink.waitFor((m) => m.envelope.to.includes('second@gc.test'), { what: 'link code' });
    const code = /link confirm ([A-Z0-9]{8})/.exec(mail.parsed.text ?? '')![1]!;
    expect((await command('link confirm WRONG123', 'UNOMAIL')).json()).toMatchObject({ text: expect.stringMatching(/not right/) });
    expect((await command(`link confirm ${code}`, 'UNOMAIL')).json()).toMatchObject({ text: expect.stringContaining('Linked: you are second@gc.test') });
    expect((await command('jobs', 'UNOMAIL')).json()).toMatchObject({ text: expect.stringMatching(/No jobs yet/) });
    expect(second.email).toBe('second@gc.test');

    // contacts add + import
    const add = await command('contacts add bids@eastside.test 26 Eastside Electric', 'UNOMAIL');
    expect((add.json() as J).text).toContain('Saved Eastside Electric');
    expect((await command('contacts add nope 26', 'UNOMAIL')).json()).toMatchObject({ text: expect.stringMatching(/not a valid e-mail/) });
    expect((await command('contacts import', 'UNOMAIL')).json()).toMatchObject({ text: expect.stringMatching(/upload the contacts file/) });
    const csv = Buffer.from('name,email,trades,zip\nNorth Mechanical,bids@northmech.test,HVAC,47906\nSouth Plumbing,office@southplumb.test,22,47905\n');
    const f = fake.addFile({ id: 'F0CSV', name: 'subs.csv', filetype: 'csv', mimetype: 'text/csv', bytes: csv, user: 'UNOMAIL', channel: CHANNEL });
    await event({ type: 'file_shared', file_id: f.id, user_id: 'UNOMAIL', channel_id: CHANNEL, event_ts: f.shareTs });
    await channel.idle();
    // A preview first: nothing is saved until its sharer presses Import.
    const preview = [...fake.messages.values()].find((m) => m.text?.includes('Preview of subs.csv'))!;
    expect(checkMessage(preview)).toEqual([]);
    expect(JSON.stringify(preview.blocks)).toContain('2 contacts would be created');
    expect((await t.app.addressBook.list(second.userId)).map((c) => c.name)).toEqual(['Eastside Electric']);
    const importButton = findElement(preview, (e) => e.action_id === 'rb_contacts_import')!.el;
    await blockAction('UEST', preview, { type: 'button', action_id: 'rb_contacts_import', block_id: 'x', value: importButton.value });
    await channel.idle();
    expect(ephemeralsTo('UEST').at(-1)).toMatch(/Only the person who shared this file can import it/);
    expect(await t.app.addressBook.list(second.userId)).toHaveLength(1);
    await blockAction('UNOMAIL', preview, { type: 'button', action_id: 'rb_contacts_import', block_id: 'x', value: importButton.value });
    await blockAction('UNOMAIL', preview, { type: 'button', action_id: 'rb_contacts_import', block_id: 'x', value: importButton.value });
    await channel.idle();
    expect(fake.messages.get(`${preview.channel}:${preview.ts}`)!.text).toMatch(/Imported contacts CSV: 2 contacts created/);
    expect((await t.app.addressBook.list(second.userId)).map((c) => c.name).sort()).toEqual(['Eastside Electric', 'North Mechanical', 'South Plumbing']);

    // In the app's DM a vCard needs no command: dropped there, it is previewed (unmapped tags included).
    const vcf = readFileSync(join(repoRoot, 'test', 'fixtures', 'contacts', 'subs-3.0.vcf'));
    const card = fake.addFile({ id: 'F0VCF', name: 'subs.vcf', filetype: 'vcard', mimetype: 'text/vcard', bytes: vcf, user: 'UNOMAIL', channel: 'D0DM' });
    await event({ type: 'message', subtype: 'file_share', channel_type: 'im', user: 'UNOMAIL', channel: 'D0DM', ts: card.shareTs, files: [{ id: card.id, name: 'subs.vcf', filetype: 'vcard' }] });
    await channel.idle();
    const dmPreview = [...fake.messages.values()].find((m) => m.channel === 'D0DM' && m.text?.includes('Preview of subs.vcf'))!;
    expect(JSON.stringify(dmPreview.blocks)).toContain('tagged \\"Bonded\\" — not a trade');
    expect(await t.app.repos.contacts.findByEmail(second.userId, 'lena@mossmech.test')).toBeUndefined();
  });

  it('/redbutton new <name> names the next upload (a DM), and the external-select options handler is owner-scoped', async () => {
    const second = (await t.app.repos.users.findByEmail('second@gc.test'))!;
    expect((await command('new Penhold public services building', 'UNOMAIL')).json()).toMatchObject({ text: expect.stringContaining('upload the plan PDF') });
    const bytes = readFileSync(join(corpusDir, PDF));
    const f = fake.addFile({ id: 'F0DM', name: 'set.pdf', filetype: 'pdf', mimetype: 'application/pdf', bytes, user: 'UNOMAIL', channel: 'D0DM' });
    await event({ type: 'message', subtype: 'file_share', channel_type: 'im', user: 'UNOMAIL', channel: 'D0DM', ts: f.shareTs, files: [{ id: f.id, name: 'set.pdf', filetype: 'pdf' }] });
    await channel.idle();
    const [job] = await t.app.repos.jobs.listForUser(second.userId);
    expect(job).toMatchObject({ name: 'Penhold public services building', status: 'CONTACT_MAP_READY' });
    const dmMap = [...fake.messages.values()].find((m) => m.channel === 'D0DM' && JSON.stringify(m.blocks ?? []).includes('"h|'));
    expect(dmMap?.thread_ts).toBe(f.shareTs);
    expect(JSON.stringify(dmMap!.blocks)).toContain('http://127.0.0.1:9/review/'); // a DM with the owner: the link is in the message
    expect(checkMessage(dmMap!)).toEqual([]);

    // A large map spreads over several messages in the thread, each valid; an edit from a later page works.
    const codes = ['00', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '22', '23', '25', '26', '27', '28', '31', '32', '33', '34', '35', '40', '41'];
    await t.app.maps.edit(second.userId, job!.jobId, codes.map((c) => ({ op: 'add_trade' as const, trade: c })), { via: 'test' });
    await t.app.events.emit(await t.app.repos.jobs.getForUser(second.userId, job!.jobId));
    await channel.idle();
    const pages = [...fake.messages.values()].filter((m) => m.channel === 'D0DM' && JSON.stringify(m.blocks ?? []).includes('"h|'));
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) expect(checkMessage(p)).toEqual([]);
    expect(pages.filter((p) => findElement(p, (e) => e.action_id === ACTION.send))).toHaveLength(1);
    const last = pages.at(-1)!;
    const vBefore = (await t.app.maps.current(second.userId, job!.jobId)).version;
    await blockAction('UNOMAIL', last, { type: 'static_select', action_id: ACTION.addTrade, block_id: 'f', selected_option: (findElement(last, (e) => e.action_id === ACTION.addTrade)!.el.options as J[])[0] });
    await channel.idle();
    expect((await t.app.maps.current(second.userId, job!.jobId)).version).toBe(vBefore + 1);
    const pagesAfter = [...fake.messages.values()].filter((m) => m.channel === 'D0DM' && JSON.stringify(m.blocks ?? []).includes('"h|'));
    expect(pagesAfter.length).toBeGreaterThanOrEqual(pages.length);
    for (const p of pagesAfter) expect(checkMessage(p)).toEqual([]);

    // block_suggestion for a trade of the first job: its owner gets matches, someone else gets none
    const suggest = (userId: string) =>
      interact({ type: 'block_suggestion', user: { id: userId, team_id: TEAM }, team: { id: TEAM }, api_app_id: 'A0TEST', action_id: ACTION.selectExternal, block_id: `a|${jobId}|1|21`, value: 'acme', container: { type: 'message' } });
    expect((await suggest('UEST')).json()).toMatchObject({ options: [expect.objectContaining({ text: expect.objectContaining({ text: 'Acme Fire Protection' }) })] });
    expect((await suggest('UNOMAIL')).json()).toEqual({ options: [] });
  });
  it('never lets a job or company name inject a mention or a disguised link into a reply', async () => {
    const hostile = '<!channel> <https://evil.test/login|Open the plans>';
    const inert = (text: string) => expect(text).not.toMatch(/<!channel>|<https:\/\/evil/);
    const named = (await command(`new ${hostile}`)).json() as J;
    inert(named.text);
    expect(named.text).toContain('&lt;!channel&gt;');
    await t.raw('UPDATE jobs SET name = ? WHERE job_id = ?', [hostile, jobId]);
    inert(((await command('jobs')).json() as J).text);
    inert(((await command(`status ${jobId}`)).json() as J).text);
    const added = (await command(`contacts add bids@sneaky.test 26 <@UEST> ${hostile}`)).json() as J;
    expect(added.text).toContain('Saved');
    inert(added.text);
    expect(added.text).not.toContain('<@UEST>');
  });
});
