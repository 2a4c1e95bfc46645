import { describe, expect, it } from 'vitest';
import { analyzeBounce, analyzeBounces, classifyRecipient, describeFailure, messageShape, reasonGroup, type AnalyzedRecipient } from '../../src/core/outreach/index.js';
import { answerInReply } from '../../src/core/outreach/email-answers.js';
import { isAppError } from '../../src/core/errors.js';

const rcpt = (o: Partial<AnalyzedRecipient>): AnalyzedRecipient => ({
  recipient: 'bob@sub.test',
  alias: '',
  reason: 'undefined',
  action: 'failed',
  deliveryStatus: '',
  replyCode: '',
  diagnosticCode: '',
  feedbackType: '',
  messageId: '',
  smtpAgent: 'Postfix',
  ...o,
});
const NONE = { statusFieldMissing: false, autoReplied: false, disabledMailboxes: [], optOutRequest: false };

describe('classification of one analyzed recipient', () => {
  it('no such user / domain / moved / accepts no mail (permanent) is hard', () => {
    for (const reason of ['userunknown', 'hostunknown', 'hasmoved', 'notaccept']) {
      expect(classifyRecipient(rcpt({ reason, deliveryStatus: '5.1.1', replyCode: '550' })).verdict).toBe('hard');
    }
  });

  it('a temporary code never proves an address bad, whatever the wording', () => {
    expect(classifyRecipient(rcpt({ reason: 'userunknown', deliveryStatus: '4.1.1', replyCode: '450' })).verdict).toBe('soft');
    expect(classifyRecipient(rcpt({ reason: 'hostunknown', deliveryStatus: '5.4.4', replyCode: '451' })).verdict).toBe('soft');
  });

  it('full mailboxes, filters, spam, policy, blocks, rate limits, size, errors and expiry are soft', () => {
    for (const reason of ['mailboxfull', 'filtered', 'spamdetected', 'policyviolation', 'blocked', 'rejected', 'expired', 'toomanyconn', 'mesgtoobig', 'exceedlimit', 'systemerror', 'networkerror', 'securityerror', 'suspend', 'onhold', 'undefined', 'something-new']) {
      const c = classifyRecipient(rcpt({ reason, deliveryStatus: '5.7.1', replyCode: '550' }));
      expect(c.verdict, reason).toBe('soft');
    }
  });

  it('maps the analyzer\'s older and newer reason names to the same family', () => {
    expect(reasonGroup('securityerror')).toBe(reasonGroup('authfailure'));
    expect(reasonGroup('blocked')).toBe(reasonGroup('badreputation'));
    expect(reasonGroup('toomanyconn')).toBe(reasonGroup('ratelimited'));
    expect(reasonGroup('never-heard-of-it')).toBe('undetermined');
  });

  it('a delay notice is only a delay; vacation and feedback have their own paths', () => {
    expect(classifyRecipient(rcpt({ reason: 'expired', action: 'delayed', deliveryStatus: '4.4.1' })).verdict).toBe('delayed');
    expect(classifyRecipient(rcpt({ reason: 'vacation', action: '' })).verdict).toBe('auto_reply');
    expect(classifyRecipient(rcpt({ reason: 'feedback', action: '', feedbackType: 'abuse' })).verdict).toBe('complaint');
    expect(classifyRecipient(rcpt({ reason: 'delivered', action: 'delivered', deliveryStatus: '2.0.0' })).verdict).toBe('delivered');
  });

  it('a malformed report (no Status field) whose "no such user" was inferred from wording is not proof', () => {
    const inferred = rcpt({ reason: 'userunknown', deliveryStatus: '5.0.911', replyCode: '550' });
    expect(classifyRecipient(inferred, { ...NONE, statusFieldMissing: true }).verdict).toBe('soft');
    expect(classifyRecipient(inferred, NONE).verdict).toBe('hard');
    // The server's own 5.1.1 in its text still counts.
    expect(classifyRecipient(rcpt({ reason: 'userunknown', deliveryStatus: '5.1.1', replyCode: '550' }), { ...NONE, statusFieldMissing: true }).verdict).toBe('hard');
  });

  it('an RFC 3834 reply from a person that states no SMTP error is an auto-reply', () => {
    const moved = rcpt({ reason: 'onhold', deliveryStatus: '5.0.901', diagnosticCode: 'from now on: karl@elsewhere.test' });
    expect(classifyRecipient(moved, { ...NONE, autoReplied: true })).toEqual({ verdict: 'auto_reply', group: 'auto_reply' });
    expect(classifyRecipient(rcpt({ reason: 'userunknown', deliveryStatus: '5.1.1', replyCode: '550' }), { ...NONE, autoReplied: true }).verdict).toBe('hard');
  });

  it('the message shape: Status missing in a report; auto-replied only from a person', () => {
    expect(messageShape('From: a@b.test', ['Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822; bob@sub.test\nAction: failed\nDiagnostic-Code: smtp; 550 No such user\n']).statusFieldMissing).toBe(true);
    expect(messageShape('From: a@b.test', ['Final-Recipient: rfc822; bob@sub.test\nAction: failed\nStatus: 5.1.1\n']).statusFieldMissing).toBe(false);
    expect(messageShape('From: Bob <bob@sub.test>\nAuto-Submitted: auto-replied', []).autoReplied).toBe(true);
    expect(messageShape('From: Mail Delivery System <Mailer-Daemon@mx.test>\nAuto-Submitted: auto-replied', []).autoReplied).toBe(false);
    expect(messageShape('From: bob@sub.test\nAuto-Submitted: auto-replied\nContent-Type: multipart/report; report-type=delivery-status', []).autoReplied).toBe(false);
  });

  it('a mailbox its own report calls disabled is not proven bad, even beside "user unknown"', () => {
    const unknown = rcpt({ reason: 'userunknown', deliveryStatus: '5.2.1', replyCode: '550', diagnosticCode: '550 5.2.1 <bob@sub.test>... User Unknown' });
    expect(classifyRecipient(unknown, { ...NONE, disabledMailboxes: ['bob@sub.test'] })).toEqual({ verdict: 'soft', group: 'mailbox_suspended' });
    // Another recipient of the same report keeps its own verdict.
    expect(classifyRecipient(unknown, { ...NONE, disabledMailboxes: ['carl@sub.test'] }).verdict).toBe('hard');
  });

  it('the message shape: which recipients a report calls disabled (Status comment or diagnostic)', () => {
    const report = [
      'Reporting-MTA: dns; mta.gc.test',
      '',
      'Final-Recipient: rfc822; Bob@Sub.test',
      'Action: failed',
      'Status: 5.2.1 (mailbox disabled, not accepting messages)',
      'Diagnostic-Code: smtp; 550 5.2.1 <bob@sub.test>... User Unknown',
      '',
      'Final-Recipient: rfc822; <carl@sub.test>',
      'Action: failed',
      'Status: 5.0.0',
      'Diagnostic-Code: smtp; 550 Account is frozen, see the help page',
      '',
      'Final-Recipient: rfc822; dora@sub.test',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 No such user; the account was never created',
      '',
    ].join('\n');
    expect(messageShape('From: MAILER-DAEMON@gc.test', [report]).disabledMailboxes).toEqual(['bob@sub.test', 'carl@sub.test']);
  });

  it('an automatic "unsubscribe" message from a mail program is an opt-out, not a vacation reply', () => {
    const head = (subject: string, auto = 'auto-replied') => `From: bob@sub.test\nTo: bids@gc.test\nSubject: ${subject}\nAuto-Submitted: ${auto}`;
    expect(messageShape(head('unsubscribe'), []).optOutRequest).toBe(true);
    expect(messageShape(head('Unsubscribe abc123'), []).optOutRequest).toBe(true);
    expect(messageShape(head('Out of office: back Monday'), []).optOutRequest).toBe(false);
    expect(messageShape(head('unsubscribe', 'no'), []).optOutRequest).toBe(false);
    expect(messageShape('From: bob@sub.test\nSubject: unsubscribe', []).optOutRequest).toBe(false);
    const vacation = rcpt({ reason: 'vacation', action: '', diagnosticCode: 'Mail sent this email to unsubscribe from the message' });
    expect(classifyRecipient(vacation, { ...NONE, autoReplied: true, optOutRequest: true })).toEqual({ verdict: 'complaint', group: 'complaint' });
    expect(classifyRecipient(vacation, { ...NONE, autoReplied: true }).verdict).toBe('auto_reply');
  });

  it('a refusal that names DMARC, DKIM, SPF or their RFC 7372 codes is an authentication failure, still soft', () => {
    const dmarc = rcpt({ reason: 'policyviolation', deliveryStatus: '5.7.1', replyCode: '550', diagnosticCode: '550 5.7.1 Email rejected per DMARC policy for gc.test' });
    expect(classifyRecipient(dmarc)).toEqual({ verdict: 'soft', group: 'security' });
    expect(classifyRecipient(rcpt({ reason: 'blocked', deliveryStatus: '5.7.26', replyCode: '550', diagnosticCode: '550 5.7.26 Unauthenticated email is not accepted' })).group).toBe('security');
    // Other refusals keep their family, and an address-level verdict is never renamed.
    expect(classifyRecipient(rcpt({ reason: 'blocked', deliveryStatus: '5.7.1', replyCode: '554', diagnosticCode: '554 5.7.1 Service unavailable; client host blocked using a block list' })).group).toBe('blocked');
    expect(classifyRecipient(rcpt({ reason: 'userunknown', deliveryStatus: '5.1.1', replyCode: '550', diagnosticCode: '550 5.1.1 no such user (SPF pass)' }))).toEqual({ verdict: 'hard', group: 'user_unknown' });
  });

  it("the analyzer's newer name for a too-big message is the same family", () => {
    expect(reasonGroup('emailtoolarge')).toBe(reasonGroup('mesgtoobig'));
  });

  it('the recorded reason says the family, the server codes and its words (no inferred code)', () => {
    expect(describeFailure(rcpt({ reason: 'mailboxfull', deliveryStatus: '5.2.2', replyCode: '552', diagnosticCode: 'Mailbox full' }))).toBe('mailbox full — 5.2.2 552 — Mailbox full');
    expect(describeFailure(rcpt({ reason: 'userunknown', deliveryStatus: '5.0.911', diagnosticCode: 'no mailbox here by that name' }))).toBe('no such mailbox — no mailbox here by that name');
  });
});

describe('the bounce analyzer process', () => {
  const plainDaemonBounce = [
    'From: MAILER-DAEMON <>',
    'To: bids@gc.test',
    'Subject: Mail delivery failed',
    '',
    'There was an error delivering your mail to <bob@sub.test>.',
    'mx.sub.test did not like our RCPT TO:',
    '550 5.1.1 <bob@sub.test>: Recipient address rejected: User unknown',
    '',
  ].join('\n');

  it('reads a daemon bounce in a format it has no rule for from its SMTP error', async () => {
    const [r] = await analyzeBounce(Buffer.from(plainDaemonBounce));
    expect(r).toMatchObject({ recipient: 'bob@sub.test', reason: 'userunknown', deliveryStatus: '5.1.1', replyCode: '550', smtpAgent: 'plain-text' });
  });

  it('reads a daemon bounce that gives no SMTP code from the address it names in X-Failed-Recipients, never as proof', async () => {
    const groupBounce = [
      'From: Mail Delivery Subsystem <mailer-daemon@lists.test>',
      'To: bids@gc.test',
      'Subject: Delivery Status Notification (Failure)',
      'X-Failed-Recipients: estimating@lists.test',
      'Auto-Submitted: auto-replied',
      '',
      'The group you tried to contact (estimating) may not exist, or you may not have permission to post to it.',
      '',
      '----- Original message -----',
      '',
      'Message-ID: <inv-1@gc.test>',
      'Subject: Invitation to bid',
      '',
    ].join('\n');
    const [r] = await analyzeBounce(Buffer.from(groupBounce));
    expect(r).toMatchObject({ recipient: 'estimating@lists.test', deliveryStatus: '', replyCode: '', smtpAgent: 'plain-text' });
    expect(r!.diagnosticCode).toMatch(/may not exist/);
    // Even if its wording reads as "no such user", a code-less reading never marks the address bad.
    expect(classifyRecipient({ ...r!, reason: 'userunknown' }).verdict).toBe('soft');
    expect(classifyRecipient(r!).verdict).toBe('soft');
  });

  it('says [] for a person\'s mail, and answers a batch message by message', async () => {
    const person = Buffer.from('From: bob@sub.test\nTo: bids@gc.test\nSubject: Re: invitation\n\nMail delivery failed? No: we will bid, 550 5.1.1 is our suite number.\n');
    expect(await analyzeBounces([person, Buffer.from(plainDaemonBounce)])).toEqual([[], [expect.objectContaining({ reason: 'userunknown' })]]);
  });

  it('refuses a message over the size limit with a typed error, before starting anything', async () => {
    const err = await analyzeBounce(Buffer.alloc(2000, 'a'), { maxBytes: 1000 }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('VALIDATION');
    expect((err as Error).message).toMatch(/over the bounce analyzer's 1000-byte limit/);
  });

  it('says how to install it when it is missing', async () => {
    const noPerl = await analyzeBounce(Buffer.from(plainDaemonBounce), { perl: '/nonexistent/perl' }).catch((e: unknown) => e);
    expect(isAppError(noPerl) && noPerl.code).toBe('MAIL_CONFIG');
    expect(isAppError(noPerl) && noPerl.userMessage).toMatch(/install-system-deps\.sh/);
    const noScript = await analyzeBounce(Buffer.from(plainDaemonBounce), { script: '/nonexistent/bridge.pl' }).catch((e: unknown) => e);
    expect(isAppError(noScript) && noScript.code).toBe('MAIL_CONFIG');
  });

  it('gives up on time with a typed error', async () => {
    // A program that never answers stands in for a pathological message.
    const err = await analyzeBounce(Buffer.from(plainDaemonBounce), { perl: 'sleep', script: '30', timeoutMs: 300 }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('VALIDATION');
    expect((err as Error).message).toMatch(/no answer within 300 ms/);
  });
});

describe('answers in a reply', () => {
  it.each([
    ['Will bid.', 'bid'],
    ["We'll be bidding this one, thanks", 'bid'],
    ['Count us in', 'bid'],
    ["Won't bid this time", 'nobid'],
    ['No bid', 'nobid'],
    ['We are not bidding.', 'nobid'],
    ['We will not bid this project', 'nobid'],
    ['Unable to bid, too busy.', 'nobid'],
    ['We will pass on this one', 'nobid'],
    ['Unsubscribe', 'unsubscribe'],
    ['Please remove me from your list', 'unsubscribe'],
  ])('"%s" → %s', (text, answer) => {
    expect(answerInReply(text)).toBe(answer);
  });

  it.each([
    ['Will you accept alternates? We will bid if so.'],
    ['Can you send the electrical sheets?'],
    ['Thanks, got it.'],
    ['We will bid the base scope but not bid the alternates'],
    ['Will bid. We will not bid the alternates.'],
    [''],
  ])('"%s" is left for the estimator', (text) => {
    expect(answerInReply(text)).toBeUndefined();
  });
});
