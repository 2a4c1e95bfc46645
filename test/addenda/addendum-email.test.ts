/**
 * An addendum replied into a job's e-mail thread, on real servers: dovecot holds the reply, the
 * channel reads it, answers in the thread with the change list and who would get a notice, and a
 * reply "approve" (the same red button) sends the notices through the SMTP sink. On both databases:
 * the e-mail representative of the addendum and bid-package channel tests on Postgres (one e-mail as
 * one package, test/documents/package-email.test.ts, stays on SQLite).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dovecotAvailable } from '../helpers/dovecot.js';
import { makeSendable } from '../helpers/jobs.js';
import { makeSpecPdf } from '../fixtures/pdf-fixtures.js';
import { buildMail, cliJob, makeWorld, passing, sentTo, MAILBOX_USER, INBOUND, type World } from '../email/setup.js';
import { approveJob, OutreachSender } from '../../src/core/outreach/index.js';
import { replyAddress, replyKey } from '../../src/channels/email/reply-key.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';

describeOnBothDatabases.skipIf(!dovecotAvailable())('e-mail channel: an addendum replied into the job thread', (backend) => {
  let w: World;
  let dir: string;
  beforeAll(async () => {
    w = await makeWorld({}, backend);
    dir = mkdtempSync(join(tmpdir(), 'rb-addendum-mail-'));
  });
  afterAll(async () => {
    await w?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the PDF as an addendum of that job, shows what changed and who gets a notice, and sends them on "approve"', async () => {
    const { app } = w.t;
    const userId = w.estimator.userId;
    await app.addressBook.add(userId, { name: 'Alarm Pros', email: 'bids@alarmpros.test', trades: 'Fire Alarm', zipCode: '47906' });
    const job = await cliJob(w); // SECTION 26 05 19: electrical
    await makeSendable(app, userId, job.jobId);
    await approveJob(app, userId, job.jobId, { version: (await app.maps.current(userId, job.jobId)).version, via: 'test' });
    const sender = new OutreachSender(app);
    await sender.drainOnce();
    await w.smtp.waitFor(sentTo('bids@volt.test'), { what: 'the invitation' });

    const addendum = await makeSpecPdf(join(dir, 'addendum.pdf'), {
      sections: [
        { number: '26 05 19', title: 'LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS AND CABLES', paragraphs: ['Copper conductors only; aluminum is no longer accepted.'] },
        { number: '28 31 00', title: 'FIRE DETECTION AND ALARM', paragraphs: ['Addressable fire alarm system with horn/strobes in every room.'] },
      ],
    });
    const reply = await buildMail({
      stamped: passing('gc.test'),
      from: 'Eve Estimator <est@gc.test>',
      to: replyAddress(INBOUND, replyKey(app.secret, job.jobId)),
      subject: 'Re: Electrical',
      messageId: '<addendum-1@gc.test>',
      text: 'Addendum 1 from the architect attached.',
      attachments: [{ filename: 'Addendum 1.pdf', content: readFileSync(addendum), contentType: 'application/pdf' }],
    });
    const channel = await w.start();
    w.dovecot.deliver(MAILBOX_USER, reply);
    await channel.pollNow();
    const answer = await w.smtp.waitFor((m) => sentTo('est@gc.test')(m) && /Addendum 1 \("Addendum 1\.pdf"\)/.test(m.parsed.text ?? ''), { what: 'addendum answer' });
    const text = answer.parsed.text ?? '';
    expect(answer.parsed.inReplyTo).toBe('<addendum-1@gc.test>');
    expect(text).toContain('Section 26 05 19');
    expect(text).toContain('Section 28 31 00');
    expect(text).toMatch(/New trades to fill[^\n]*28 /);
    expect(text).toMatch(/Addendum notices will get: 1 — Volt Electric <bids@volt\.test> \[26\]/);
    expect(text).toContain('Alarm Pros <bids@alarmpros.test> [28]');
    // No new job was made from the PDF: it is the job's second document set.
    expect(await app.repos.jobs.listForUser(userId)).toHaveLength(1);
    expect((await app.repos.documents.listForJob(job.jobId)).map((d) => d.kind)).toEqual(['original', 'addendum']);

    // "approve" in reply to that answer: the addendum's notices and the new trade's invitation go out once.
    w.dovecot.deliver(MAILBOX_USER, await buildMail({
      stamped: passing('gc.test'),
      from: 'Eve Estimator <est@gc.test>',
      to: replyAddress(INBOUND, replyKey(app.secret, job.jobId)),
      subject: 'Re: Electrical',
      messageId: '<approve-addendum-1@gc.test>',
      inReplyTo: answer.parsed.messageId!,
      references: [answer.parsed.messageId!],
      text: 'approve',
    }));
    await channel.pollNow();
    await w.smtp.waitFor((m) => sentTo('est@gc.test')(m) && /Addendum notices queued: 1/.test(m.parsed.text ?? ''), { what: 'approval answer' });
    await sender.drainOnce();
    const notice = await w.smtp.waitFor((m) => sentTo('bids@volt.test')(m) && /^Addendum 1:/.test(m.parsed.subject ?? ''), { what: 'addendum notice' });
    expect(notice.parsed.text).toContain('Section 26 05 19');
    expect(notice.parsed.text).not.toContain('28 31 00');
    await w.smtp.waitFor((m) => sentTo('bids@alarmpros.test')(m) && /invites you to bid/.test(m.parsed.subject ?? ''), { what: 'new trade invitation' });
    await sender.close();
  });
});
