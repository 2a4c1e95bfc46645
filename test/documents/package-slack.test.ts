import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { eventBody, sendSigned } from '../helpers/fake-slack.js';
import { SLACK_TEST_SECRET as SECRET, startSlackRig, type SlackRig } from '../helpers/slack-rig.js';
import { smallPdf } from '../email/setup.js';

const CHANNEL = 'C0PLANS';

/**
 * One Slack message with several files is one bid package: one job, one map, one list of what was taken.
 *
 * SQLite only: the package intake (archives, Outlook items, plan links, the documents rows) runs on
 * both databases in package-intake.test.ts and job-documents.test.ts, and the addendum flow through
 * this channel (test/addenda) is the channel's run on Postgres; what this file adds is mostly the
 * transport, so a Postgres copy would cost CI time for little that is new.
 */
describe('Slack: several files in one message make one job', () => {
  let rig: SlackRig;
  let userId: string;
  beforeAll(async () => {
    rig = await startSlackRig();
    userId = (await rig.t.app.repos.users.create('estimator@gc.test', 'correct-horse-battery')).userId;
    await rig.t.app.addressBook.add(userId, { name: 'Blaze Sprinkler Co', email: 'estimating@blaze.test', trades: '21', zipCode: '47906' });
    await rig.t.app.addressBook.add(userId, { name: 'Volt Electric', email: 'bids@volt.test', trades: '26', zipCode: '47906' });
    rig.fake.addUser({ id: 'UEST', email: 'estimator@gc.test', name: 'Estimator' });
  });
  afterAll(async () => rig?.close());

  it('file_shared events and the message event for three files: one job with three documents', async () => {
    const { fake, channel, url } = rig;
    const zip = new JSZip();
    zip.file('FP-1.pdf', await smallPdf('SECTION 21 13 13 - WET-PIPE SPRINKLER SYSTEMS'));
    const shareTs = '1700000500.000100';
    const files = [
      fake.addFile({ id: 'F0E', name: 'E-101.pdf', filetype: 'pdf', mimetype: 'application/pdf', bytes: await smallPdf(), user: 'UEST', channel: CHANNEL, shareTs }),
      fake.addFile({ id: 'F0P', name: 'P-101.pdf', filetype: 'pdf', mimetype: 'application/pdf', bytes: await smallPdf('SECTION 22 40 00 - PLUMBING FIXTURES'), user: 'UEST', channel: CHANNEL, shareTs }),
      fake.addFile({ id: 'F0Z', name: 'fire.zip', filetype: 'zip', mimetype: 'application/zip', bytes: await zip.generateAsync({ type: 'nodebuffer' }), user: 'UEST', channel: CHANNEL, shareTs }),
    ];
    const event = (ev: Record<string, unknown>, eventId: string) => sendSigned(url, eventBody(ev, { eventId }), 'application/json', { secret: SECRET });
    // Slack sends one file_shared per file and one message naming them all, in any order.
    for (const f of files) expect((await event({ type: 'file_shared', file_id: f.id, user_id: 'UEST', file: { id: f.id }, channel_id: CHANNEL, event_ts: shareTs }, `EvS${f.id}`)).status).toBe(200);
    const message = { type: 'message', subtype: 'file_share', user: 'UEST', channel: CHANNEL, channel_type: 'channel', ts: shareTs, text: 'Bid set, zip 47906', files: files.map((f) => ({ id: f.id, name: f.name, filetype: f.filetype, mimetype: f.mimetype, size: f.bytes.length })) };
    expect((await event(message, 'EvMSG1')).status).toBe(200);
    await channel.idle();

    const jobs = await rig.t.app.repos.jobs.listForUser(userId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.status).toBe('CONTACT_MAP_READY');
    expect((await rig.t.app.documents.list(userId, jobs[0]!.jobId)).map((d) => d.fileName)).toEqual(['E-101.pdf', 'P-101.pdf', 'fire.zip/FP-1.pdf']);
    const inThread = [...fake.messages.values()].filter((m) => m.thread_ts === shareTs);
    const report = inThread.filter((m) => /Got 3 PDFs as one bid package/.test(m.text ?? ''));
    expect(report).toHaveLength(1);
    expect(report[0]!.text).toContain('fire.zip/FP-1.pdf');
    expect(inThread.filter((m) => JSON.stringify(m.blocks ?? []).includes('"h|'))).toHaveLength(1);
  });
});
