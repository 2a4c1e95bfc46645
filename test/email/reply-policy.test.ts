import { afterEach, describe, expect, it } from 'vitest';
import type { HeaderLine } from '../../src/channels/email/auth-results.js';
import { noReplyReason, ReplyPolicy } from '../../src/channels/email/reply-policy.js';
import { openApp, type App } from '../../src/app.js';
import { openTestApp, type AnyTestApp } from '../helpers/app.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';

const h = (line: string): HeaderLine => ({ key: line.slice(0, line.indexOf(':')).toLowerCase(), line });
const verified = (domain: string) => [
  h(`Authentication-Results: mx.rb.test; spf=pass smtp.mailfrom=${domain}; dmarc=pass header.from=${domain}`),
  h(`Received: from mail.${domain} (mail.${domain} [192.0.2.10]) by mx.rb.test with ESMTPS; Mon, 23 Nov 2026 10:00:00 +0000`),
];

describe('noReplyReason: what rules out an automatic answer', () => {
  const base = [...verified('sub.test'), h('From: Pat <pat@sub.test>'), h('Return-Path: <pat@sub.test>'), h('Content-Type: text/plain')];
  it('a person writing: no reason', () => {
    expect(noReplyReason(base, 'pat@sub.test')).toBeUndefined();
    expect(noReplyReason([...base, h('Auto-Submitted: no')], 'pat@sub.test')).toBeUndefined();
  });
  it.each([
    ['Auto-Submitted: auto-replied', /Auto-Submitted/],
    ['Auto-Submitted: auto-generated', /Auto-Submitted/],
    ['Precedence: bulk', /Precedence: bulk/],
    ['Precedence: list', /Precedence: list/],
    ['Precedence: junk', /Precedence: junk/],
    ['List-Id: Builders <builders.lists.test>', /mailing list/],
    ['List-Unsubscribe: <mailto:leave@lists.test>', /mailing list/],
    ['X-Autoreply: yes', /automatic/],
    ['X-Autorespond: on', /automatic/],
    ['X-Auto-Response-Suppress: All', /X-Auto-Response-Suppress/],
    ['X-Failed-Recipients: someone@else.test', /automatic/],
    ['X-Spam-Flag: YES', /spam/],
    ['Subject: Auto reply: bid invitation', /auto-reply subject/],
    ['Subject: Automatic reply: Lily Hall', /auto-reply subject/],
    ['Subject: Out of Office: back Monday', /auto-reply subject/],
  ])('%s', (line, reason) => {
    expect(noReplyReason([...base, h(line)], 'pat@sub.test')).toMatch(reason);
  });
  it('a null or machine sender, or a report', () => {
    const without = base.filter((x) => x.key !== 'return-path' && x.key !== 'content-type');
    expect(noReplyReason([...without, h('Return-Path: <>')], 'pat@sub.test')).toMatch(/null sender/);
    expect(noReplyReason(without, 'MAILER-DAEMON@mx.sub.test')).toMatch(/machine address/);
    expect(noReplyReason(without, 'noreply@sub.test')).toMatch(/machine address/);
    expect(noReplyReason([...without, h('Return-Path: <builders-bounces@lists.test>')], 'pat@sub.test')).toMatch(/machine address/);
    expect(noReplyReason([...without, h('Content-Type: multipart/report; report-type=delivery-status; boundary="b"')], 'pat@sub.test')).toMatch(/report/);
  });
});

describeOnBothDatabases('ReplyPolicy: replies to non-users', (backend) => {
  let t: AnyTestApp | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });
  const open = async (env: Record<string, string | undefined>) => (t = await openTestApp(backend, env));
  const policyOf = (app: App, clock: () => Date) => new ReplyPolicy(app.config, app.repos.replyBudget, clock);

  it('only to a sender the trusted server verified', async () => {
    const p = policyOf((await open({ EMAIL_TRUSTED_AUTHSERV_ID: 'mx.rb.test' })).app, () => new Date());
    expect(await p.decide({ headers: verified('sub.test'), from: 'pat@sub.test', isUser: false })).toMatchObject({ allowed: true });
    // a spoofed From: the verdict is for another domain
    expect(await p.decide({ headers: verified('evil.test'), from: 'pat@sub.test', isUser: false })).toEqual({ allowed: false, reason: 'sender not verified: dmarc=pass from mx.rb.test is for evil.test, not sub.test' });
    // no verdict at all
    expect(await p.decide({ headers: [], from: 'pat@sub.test', isUser: false })).toMatchObject({ allowed: false, reason: expect.stringMatching(/^sender not verified/) });
    // verified, but bulk
    expect(await p.decide({ headers: [...verified('sub.test'), h('Precedence: bulk')], from: 'pat@sub.test', isUser: false })).toMatchObject({ allowed: false });
    // a user needs no verdict here (the handler checks users itself) but automatic mail is still never answered
    expect(await p.decide({ headers: [], from: 'est@gc.test', isUser: true })).toMatchObject({ allowed: true });
    expect(await p.decide({ headers: [h('Auto-Submitted: auto-replied')], from: 'est@gc.test', isUser: true })).toMatchObject({ allowed: false });
  });

  it('never to a non-user when no trusted server is configured', async () => {
    expect(await policyOf((await open({ EMAIL_TRUSTED_AUTHSERV_ID: undefined })).app, () => new Date()).decide({ headers: verified('sub.test'), from: 'pat@sub.test', isUser: false })).toMatchObject({ allowed: false, reason: expect.stringMatching(/EMAIL_TRUSTED_AUTHSERV_ID is not set/) });
  });

  it('the per-sender claim is taken only after the checks, and the hourly budget only after it', async () => {
    const { app } = await open({ EMAIL_TRUSTED_AUTHSERV_ID: 'mx.rb.test', EMAIL_NON_USER_REPLIES_PER_HOUR: '5' });
    const p = policyOf(app, () => new Date('2026-12-01T14:10:00Z'));
    let claims = 0;
    const claimPerSender = () => ++claims === 1;
    expect(await p.decide({ headers: verified('evil.test'), from: 'pat@sub.test', isUser: false, claimPerSender })).toMatchObject({ allowed: false });
    expect(claims).toBe(0);
    expect(await p.decide({ headers: verified('sub.test'), from: 'pat@sub.test', isUser: false, claimPerSender })).toMatchObject({ allowed: true });
    expect(await p.decide({ headers: verified('sub.test'), from: 'pat@sub.test', isUser: false, claimPerSender })).toEqual({ allowed: false, reason: 'already answered this sender today' });
    expect(await app.repos.replyBudget.used('2026-12-01T14')).toBe(1);
  });

  it('a global cap per hour that survives a restart', async () => {
    const { app } = await open({ EMAIL_TRUSTED_AUTHSERV_ID: 'mx.rb.test', EMAIL_NON_USER_REPLIES_PER_HOUR: '2' });
    let now = new Date('2026-12-01T14:10:00Z');
    const ask = (on: App, n: number) => policyOf(on, () => now).decide({ headers: verified(`sub${n}.test`), from: `pat@sub${n}.test`, isUser: false });
    expect(await ask(app, 1)).toMatchObject({ allowed: true });
    expect(await ask(app, 2)).toMatchObject({ allowed: true });
    expect(await ask(app, 3)).toEqual({ allowed: false, reason: 'the cap of 2 replies per hour to non-users is reached' });
    // a new process on the same database (nothing of the first one's memory): the hour is still full
    const again = await openApp(app.config);
    try {
      expect(await ask(again, 4)).toMatchObject({ allowed: false });
      now = new Date('2026-12-01T15:00:00Z');
      expect(await ask(again, 5)).toMatchObject({ allowed: true });
    } finally {
      await again.close();
    }
  });
});
