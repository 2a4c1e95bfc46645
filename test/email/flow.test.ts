import { updateIdentity } from '../../src/core/project/identity.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dovecotAvailable } from '../helpers/dovecot.js';
import { buildMail, eventually, folderCounts, makeWorld, passing, replyToOf, sentTo, specPdf, INBOUND, MAILBOX_USER, type World } from './setup.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';

/**
 * The whole e-mail loop against a real dovecot and a real SMTP server: an estimator forwards
 * the architect's e-mail with a plan PDF, gets "started" and then the contacts map in the same
 * thread, replies with an edit, then "approve", and the bid invitations go out.
 */
describeOnBothDatabases.skipIf(!dovecotAvailable())('e-mail channel: forward plans, get the map, edit, approve', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld({}, backend);
  });
  afterAll(async () => {
    await w?.close();
  });

  it('answers in the thread, applies a reply edit, and sends invitations on "approve"', async () => {
    // IDLE on: the delivery below is noticed without anyone calling pollNow().
    const channel = await w.start({ idle: true, pollAtStart: true });
    // Forwarded: the architect's message (with the PDF) is inside the estimator's e-mail.
    const architect = await buildMail({
      from: 'Ann Architect <ann@studio.test>',
      to: 'est@gc.test',
      subject: 'Fire protection spec for bid',
      messageId: '<arch-1@studio.test>',
      text: 'Please find the spec section attached.',
      attachments: [{ filename: '21 01 00 General Fire Protection.pdf', content: specPdf(), contentType: 'application/pdf' }],
    });
    const forward = await buildMail({
      stamped: passing('gc.test'),
      from: 'Eve Estimator <est@gc.test>',
      to: INBOUND,
      subject: 'Fwd: Fire protection spec for bid',
      messageId: '<fwd-1@gc.test>',
      text: 'Please run this one. Zip 47907\n\n---------- Forwarded message ---------',
      attachments: [{ filename: 'forwarded.eml', content: architect, contentType: 'message/rfc822' }],
    });
    // With a NUL in the subject, encoded as a mail client may (Postgres text cannot hold one): stripped on the way in.
    const nulSubject = Buffer.from(forward.toString('latin1').replace('Subject: Fwd: Fire protection spec for bid', 'Subject: =?UTF-8?Q?Fwd:_Fire_protection=00_spec_for_bid?='), 'latin1');
    expect(nulSubject.equals(forward)).toBe(false);
    w.dovecot.deliver(MAILBOX_USER, nulSubject);

    const started = await w.smtp.waitFor((m) => sentTo('est@gc.test')(m) && /Got 1 PDF/.test(m.parsed.text ?? ''), { what: 'start reply' });
    expect(started.parsed.subject).toBe('Re: Fwd: Fire protection spec for bid');
    expect(started.parsed.inReplyTo).toBe('<fwd-1@gc.test>');
    expect(started.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(started.parsed.text).toContain('21 01 00 General Fire Protection.pdf');
    expect(started.parsed.text).toContain('reading 8 pages');

    const mapMail = await w.smtp.waitFor((m) => sentTo('est@gc.test')(m) && /Contacts map version 1/.test(m.parsed.text ?? ''), { what: 'map reply', timeoutMs: 60_000 });
    expect(mapMail.parsed.inReplyTo).toBe('<fwd-1@gc.test>');
    const replyTo = replyToOf(mapMail);
    expect(replyTo).toMatch(/^plans\+[0-9a-z]{48}@rb\.test$/);
    const text = mapMail.parsed.text ?? '';
    expect(text).toContain('21 Fire Suppression');
    expect(text).toContain('Blaze Sprinklers');
    expect(text).toContain('Aqua Fire Protection');
    expect(text).toContain('Evidence:');
    expect(text).toContain('https://redbutton.test/review/');
    expect(text).toMatch(/approve/);
    const html = String(mapMail.parsed.html);
    expect(html).toContain('<table');
    expect(html).toContain('Blaze Sprinklers');

    const job = (await w.t.app.repos.jobs.listForUser(w.estimator.userId))[0]!;
    expect(job.status).toBe('CONTACT_MAP_READY');
    expect(job.origin).toBe('email');
    expect(job.name).toBe('Fire protection spec for bid');
    expect(job.zipCode).toBe('47907');
    await eventually(async () => (await folderCounts(w)).processed === 1 || undefined, 'plans message moved to Processed');
    expect((await folderCounts(w)).inbox).toBe(0);

    // Reply with an edit (above the quoted map), from the owner, to the plus address.
    const edit = await buildMail({
      stamped: passing('gc.test'),
      from: 'Eve Estimator <est@gc.test>',
      to: replyTo.toUpperCase(), // some mail systems change case: keys are case-insensitive
      subject: 'Re: Fwd: Fire protection spec for bid',
      messageId: '<edit-1@gc.test>',
      inReplyTo: mapMail.parsed.messageId,
      references: [mapMail.parsed.messageId!],
      text: `remove Aqua Fire Protection from 21\n\nOn Mon, Nov 23, 2026 at 10:00 AM Red Button <${INBOUND}> wrote:\n> Contacts map version 1\n> approve\n`,
    });
    // No pollNow() here: the IDLE connection sees the new message (EXISTS) and triggers a poll.
    w.dovecot.deliver(MAILBOX_USER, edit);
    const v2 = await w.smtp.waitFor((m) => sentTo('est@gc.test')(m) && /Contacts map version 2/.test(m.parsed.text ?? ''), { what: 'map v2 reply' });
    expect(v2.parsed.text).toContain('Saved version 2');
    expect(v2.parsed.inReplyTo).toBe('<edit-1@gc.test>');
    expect(v2.parsed.text).toMatch(/\[ \] Aqua Fire Protection/);
    expect(v2.parsed.text).toMatch(/\[x\] Blaze Sprinklers/);

    // Approve, replying to the v2 e-mail.
    const approve = await buildMail({
      stamped: passing('gc.test'),
      from: 'est@gc.test',
      to: replyToOf(v2),
      subject: 'Re: Fwd: Fire protection spec for bid',
      messageId: '<approve-1@gc.test>',
      inReplyTo: v2.parsed.messageId,
      references: [mapMail.parsed.messageId!, v2.parsed.messageId!],
      // The subs' due date in the same reply, before the approval it allows.
      text: `due: Dec 15 ${new Date().getUTCFullYear() + 1} 2pm ET\nApprove\n\nThanks,\nEve\n`,
    });
    await updateIdentity(w.t.app.repos, w.estimator.userId, { full_name: 'Eve Estimator', company_name: 'GC Builders' });
    w.dovecot.deliver(MAILBOX_USER, approve);
    await channel.pollNow();
    const approved = await w.smtp.waitFor((m) => sentTo('est@gc.test')(m) && /Approved version 2/.test(m.parsed.text ?? ''), { what: 'approval reply' });
    expect(approved.parsed.text).toContain('1 invitation');
    expect(approved.parsed.text).toMatch(/Saved the project details: bids due \w+day, December 15, \d{4} at 2:00 PM EST/);
    const invitation = await w.smtp.waitFor(sentTo('bids@blaze.test'), { what: 'invitation to Blaze' });
    expect(invitation.parsed.subject ?? '').not.toBe('');
    // When every invitation is out, the estimator hears so in the same thread, once.
    const summary = await w.smtp.waitFor((m) => sentTo('est@gc.test')(m) && /bid invitations for .* are out: 1 sent/.test(m.parsed.text ?? ''), { what: 'outreach summary' });
    expect(summary.parsed.text).toMatch(/✔ .* <bids@blaze\.test> — sent/);
    expect(summary.parsed.inReplyTo).toBeTruthy();
    await channel.idle();
    expect(w.smtp.to('estimating@aquafire.test')).toHaveLength(0);
    expect(await folderCounts(w)).toEqual({ inbox: 0, processed: 3 });

    // The invitation bounces: the DSN arrives in the same mailbox and goes to outreach.
    const verp = invitation.envelope.from as string;
    expect(verp).toMatch(/^bounces\+/);
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.blaze.test>',
      `To: ${verp}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <dsn-1@mx.blaze.test>',
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.blaze.test',
      '',
      'Final-Recipient: rfc822; bids@blaze.test',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 <bids@blaze.test>: Recipient address rejected: User unknown',
      '',
      '--b1',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${invitation.parsed.messageId}`,
      'To: bids@blaze.test',
      '',
      '--b1--',
      '',
    ].join('\r\n');
    const before = w.smtp.messages.length;
    w.dovecot.deliver(MAILBOX_USER, dsn);
    await channel.pollNow();
    const [row] = await w.t.raw<{ status: string }>("SELECT status FROM email_logs WHERE to_email = 'bids@blaze.test'");
    expect(row?.status).toBe('BOUNCED');
    expect(w.smtp.messages.length).toBe(before); // a bounce is never answered
  });
});
