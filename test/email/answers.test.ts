import { afterAll, beforeAll, expect, it } from 'vitest';
import { dovecotAvailable } from '../helpers/dovecot.js';
import type { CapturedMail } from '../helpers/smtp-sink.js';
import { approveJob, OutreachSender } from '../../src/core/outreach/index.js';
import { buildMail, cliJob, makeWorld, passing, sentTo, INBOUND, MAILBOX_USER, type World } from './setup.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';
import { makeSendable } from '../helpers/jobs.js';

/**
 * A subcontractor's mail about an invitation reaching the Red Button mailbox (real dovecot):
 * answers by e-mail are recorded on the invitation as the links record them; questions,
 * auto-replies and everything else are never answered.
 */
describeOnBothDatabases.skipIf(!dovecotAvailable())('e-mail channel: answers to invitations', (backend) => {
  let w: World;
  let invitation: CapturedMail;
  let emailId: string;
  let contactId: string;

  const inbound = async (key: string) => (await w.t.raw<{ kind: string; outcome: string; job_id: string | null }>('SELECT kind, outcome, job_id FROM email_inbound WHERE message_key = ?', [key]))[0];
  const row = async () => (await w.t.raw<{ bid_response: string | null; auto_reply_at: unknown; status: string }>('SELECT bid_response, auto_reply_at, status FROM email_logs WHERE email_id = ?', [emailId]))[0];
  const deliverAndPoll = async (raw: Buffer) => {
    w.dovecot.deliver(MAILBOX_USER, raw);
    await w.channel!.pollNow();
  };
  /** The invitation's own reply address (the second Reply-To, after the estimator). */
  const invitationReplyTo = () => invitation.parsed.replyTo!.value.map((v) => v.address!).find((a) => a !== 'est@gc.test')!;

  beforeAll(async () => {
    w = await makeWorld({}, backend);
    const job = await cliJob(w);
    const map = await w.t.app.maps.current(w.estimator.userId, job.jobId);
    await makeSendable(w.t.app, w.estimator.userId, job.jobId);
    await approveJob(w.t.app, w.estimator.userId, job.jobId, { version: map.version });
    const sender = new OutreachSender(w.t.app);
    await sender.drainOnce();
    await sender.close();
    invitation = await w.smtp.waitFor(sentTo('bids@volt.test'), { what: 'invitation' });
    const [r] = await w.t.raw<{ email_id: string; contact_id: string }>("SELECT email_id, contact_id FROM email_logs WHERE to_email = 'bids@volt.test'");
    emailId = r!.email_id;
    contactId = r!.contact_id;
    await w.start();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('the invitation carries its signed header, and replies go to the estimator and to its own address', () => {
    const replyTo = invitation.parsed.replyTo!.value.map((v) => v.address);
    expect(replyTo[0]).toBe('est@gc.test');
    expect(replyTo[1]).toMatch(/^plans\+[0-9a-f]{32}-[0-9a-f]{20}@rb\.test$/);
    expect(String(invitation.parsed.headers.get('x-redbutton-invitation'))).toMatch(/^[0-9a-f]{32}-[0-9a-f]{20}$/);
  });

  it('a reply that asks a question is left for the estimator and never answered', async () => {
    const before = w.smtp.messages.length;
    await deliverAndPoll(await buildMail({ stamped: passing('volt.test'), from: 'bids@volt.test', to: ['est@gc.test', invitationReplyTo()], subject: `Re: ${invitation.parsed.subject}`, messageId: '<q-1@volt.test>', inReplyTo: invitation.parsed.messageId, text: 'Will bid if you can send the lighting sheets?' }));
    expect(await inbound('q-1@volt.test')).toMatchObject({ kind: 'answer', outcome: expect.stringContaining('left for the estimator') });
    expect((await row())?.bid_response).toBeNull();
    expect(w.smtp.messages.length).toBe(before);
  });

  it('"Will bid" to the invitation\'s address is recorded as the link records it, without an answer', async () => {
    const before = w.smtp.messages.length;
    await deliverAndPoll(await buildMail({ stamped: passing('volt.test'), from: 'bids@volt.test', to: ['est@gc.test', invitationReplyTo()], subject: `Re: ${invitation.parsed.subject}`, messageId: '<a-1@volt.test>', text: 'Will bid.\n\nJoe Volt\nVolt Electric' }));
    expect((await inbound('a-1@volt.test'))?.kind).toBe('answer');
    expect((await row())?.bid_response).toBe('BID');
    expect(w.smtp.messages.length).toBe(before);
  });

  it('"No bid" in the invitation\'s thread from the invited address changes the answer', async () => {
    await deliverAndPoll(await buildMail({ stamped: passing('volt.test'), from: 'bids@volt.test', to: INBOUND, subject: `Re: ${invitation.parsed.subject}`, messageId: '<a-2@volt.test>', inReplyTo: invitation.parsed.messageId, references: [invitation.parsed.messageId!], text: "Sorry, we're not bidding this one." }));
    expect((await row())?.bid_response).toBe('NO_BID');
    // The same words in the thread from someone else count for nothing.
    await deliverAndPoll(await buildMail({ stamped: passing('other.test'), from: 'prank@other.test', to: INBOUND, subject: 'Re: invitation', messageId: '<a-3@other.test>', inReplyTo: invitation.parsed.messageId, text: 'Will bid' }));
    expect((await row())?.bid_response).toBe('NO_BID');
    expect((await inbound('a-3@other.test'))?.kind).not.toBe('answer');
  });

  it('an out-of-office reply is noted on the invitation and never answered', async () => {
    const before = w.smtp.messages.length;
    await deliverAndPoll(await buildMail({ from: 'bids@volt.test', to: INBOUND, subject: `Automatic reply: ${invitation.parsed.subject}`, messageId: '<ooo-9@volt.test>', inReplyTo: invitation.parsed.messageId, headers: { 'Auto-Submitted': 'auto-replied' }, text: 'I am out of the office until Monday. Will bid when back.' }));
    expect(await inbound('ooo-9@volt.test')).toMatchObject({ kind: 'auto_reply', job_id: expect.any(String) });
    expect((await row())?.auto_reply_at).toBeTruthy();
    expect((await row())?.bid_response).toBe('NO_BID');
    expect(w.smtp.messages.length).toBe(before);
  });

  it('an unsubscribe mail with a forged token unsubscribes nobody', async () => {
    const before = w.smtp.messages.length;
    await deliverAndPoll(await buildMail({ from: 'prank@other.test', to: INBOUND, subject: `unsubscribe eyJjIjoiMSJ9.${'A'.repeat(43)}`, messageId: '<unsub-forged@other.test>', text: '' }));
    expect((await inbound('unsub-forged@other.test'))?.kind).not.toBe('answer');
    expect((await w.t.app.repos.contacts.getForUser(w.estimator.userId, contactId)).unsubscribedAt).toBeNull();
    expect(w.smtp.to('prank@other.test').every((m) => m.parsed.headers.get('auto-submitted') === 'auto-replied')).toBe(true);
    expect(w.smtp.messages.length - before).toBeLessThanOrEqual(1); // at most the one daily note to a stranger
  });

  it('the List-Unsubscribe mailto unsubscribes the contact, without an answer', async () => {
    const header = invitation.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\r?\n[ \t]+/g, ' ');
    const mailto = /<mailto:([^?>]+)\?subject=([^>]+)>/.exec(header)!;
    const before = w.smtp.messages.length;
    await deliverAndPoll(await buildMail({ from: 'bids@volt.test', to: mailto[1], subject: decodeURIComponent(mailto[2]!), messageId: '<unsub-1@volt.test>', text: '' }));
    expect(await inbound('unsub-1@volt.test')).toMatchObject({ kind: 'answer', outcome: 'unsubscribed by e-mail' });
    expect((await w.t.app.repos.contacts.getForUser(w.estimator.userId, contactId)).unsubscribedAt).toBeTruthy();
    expect(w.smtp.messages.length).toBe(before);
  });
});
