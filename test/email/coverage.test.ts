import { afterAll, beforeAll, expect, it } from 'vitest';
import { dovecotAvailable } from '../helpers/dovecot.js';
import { makeSendable } from '../helpers/jobs.js';
import { approveJob, OutreachSender } from '../../src/core/outreach/index.js';
import { replyAddress, replyKey } from '../../src/channels/email/reply-key.js';
import { buildMail, cliJob, makeWorld, passing, sentTo, eventually, INBOUND, MAILBOX_USER, type World } from './setup.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';

const THREAD_ID = '<fwd-plans-1@gc.test>';

/**
 * After the red button, in the job's e-mail thread (real dovecot, real SMTP): the subs' answers
 * reach the estimator as a reply in the thread, batched, and "status" answers with the coverage.
 */
describeOnBothDatabases.skipIf(!dovecotAvailable())('e-mail channel: answers told and coverage on "status"', (backend) => {
  let w: World;
  let jobId: string;
  const invitationTo = async (address: string) => (await w.smtp.waitFor(sentTo(address), { what: `invitation to ${address}` })).parsed;
  const deliverAndPoll = async (raw: Buffer) => {
    w.dovecot.deliver(MAILBOX_USER, raw);
    await w.channel!.pollNow();
    await w.channel!.idle();
  };
  const toEstimator = () => w.smtp.messages.filter(sentTo('est@gc.test'));

  beforeAll(async () => {
    w = await makeWorld({}, backend);
    await w.t.app.addressBook.add(w.estimator.userId, { name: 'Amp Electric', email: 'bids@amp.test', trades: '26', zipCode: '47906' });
    const job = await cliJob(w);
    jobId = job.jobId;
    // A job that came in by e-mail: its thread is where the estimator hears about it.
    await w.t.raw(`UPDATE jobs SET origin = 'email', origin_context = ? WHERE job_id = ?`, [
      JSON.stringify({ channel: 'email', messageKey: 'fwd-plans-1@gc.test', messageId: THREAD_ID, references: [], subject: 'Plans for the clinic', fileName: 'electrical.pdf', part: 1, parts: 1 }),
      jobId,
    ]);
    await makeSendable(w.t.app, w.estimator.userId, jobId);
    const map = await w.t.app.maps.current(w.estimator.userId, jobId);
    await approveJob(w.t.app, w.estimator.userId, jobId, { version: map.version });
    const sender = new OutreachSender(w.t.app);
    await sender.drainOnce();
    await sender.close();
    await w.start();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('a sub\'s answer reaches the estimator in the job thread with the sub\'s words; a second one within 15 minutes waits', async () => {
    const volt = await invitationTo('bids@volt.test');
    const amp = await invitationTo('bids@amp.test');
    const before = toEstimator().length;
    await deliverAndPoll(await buildMail({ stamped: passing('volt.test'), from: 'bids@volt.test', to: INBOUND, subject: `Re: ${volt.subject}`, messageId: '<ans-1@volt.test>', inReplyTo: volt.messageId, references: [volt.messageId!], text: 'We will bid. Numbers by Thursday.' }));
    const notice = await eventually(() => toEstimator().slice(before).find((m) => /answered/.test(m.parsed.text ?? '')), 'the answers notice');
    expect(notice.parsed.inReplyTo).toBe(THREAD_ID);
    expect(notice.parsed.subject).toBe('Re: Plans for the clinic');
    expect(notice.parsed.text).toMatch(/Volt Electric \(Electrical\): bidding — “We will bid\. Numbers by Thursday\.”/);
    // The next answer comes inside the window: recorded at once, told at a later tick.
    await deliverAndPoll(await buildMail({ stamped: passing('amp.test'), from: 'bids@amp.test', to: INBOUND, subject: `Re: ${amp.subject}`, messageId: '<ans-2@amp.test>', inReplyTo: amp.messageId, references: [amp.messageId!], text: 'Not bidding this one, sorry.' }));
    expect(toEstimator().slice(before).filter((m) => /answered/.test(m.parsed.text ?? ''))).toHaveLength(1);
    const [row] = await w.t.raw("SELECT bid_response AS r, answer_notified_at AS n FROM email_logs WHERE to_email = 'bids@amp.test'");
    expect(row).toEqual({ r: 'NO_BID', n: null });
  });

  it('"status" in the thread answers with the bid coverage per trade', async () => {
    const before = toEstimator().length;
    await deliverAndPoll(
      await buildMail({
        stamped: passing('gc.test'),
        from: 'est@gc.test',
        to: replyAddress(INBOUND, replyKey(w.t.app.secret, jobId)),
        subject: 'Re: Plans for the clinic',
        messageId: '<status-1@gc.test>',
        inReplyTo: THREAD_ID,
        text: 'status',
      }),
    );
    const reply = await eventually(() => toEstimator().slice(before).find((m) => /TRADE/.test(m.parsed.text ?? '')), 'the coverage reply');
    const text = reply.parsed.text ?? '';
    expect(text).toMatch(/sent 2\/2 · bids due in \d+ days/);
    expect(text).toMatch(/26 Electrical\s+2\s+0\s+1\s+1\s+0\s+0\s+2 short/);
    expect(text).toContain('Volt Electric (26): bidding — "We will bid. Numbers by Thursday."');
    // Who will be reminded when: not the sub who declined.
    expect(text).toMatch(/3 days before\): 1 to go: Volt Electric/);
    expect(text).toContain('Reply "target: 4" or "reminders: 3,1"');
  });
});
