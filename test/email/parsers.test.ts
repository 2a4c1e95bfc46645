import { describe, expect, it } from 'vitest';
import { parseAuthenticationResults, trustedSenderVerdict, type HeaderLine } from '../../src/channels/email/auth-results.js';
import { findReplyKey, jobIdFromReplyKey, replyAddress, replyKey } from '../../src/channels/email/reply-key.js';
import { parseReplyCommands, visibleReplyText } from '../../src/channels/email/commands.js';
import { jobName } from '../../src/channels/email/handler.js';

const h = (line: string): HeaderLine => ({ key: line.slice(0, line.indexOf(':')).toLowerCase(), line });

describe('Authentication-Results (RFC 8601)', () => {
  it('parses authserv-id, results, comments, quoted values and reasons', () => {
    const ar = parseAuthenticationResults(
      ' mx.google.com (version 1);\r\n\tdkim=pass header.i=@gc.test header.s=s1 header.b="AbC";\r\n spf=pass (google.com: domain of a@gc.test designates 1.2.3.4) smtp.mailfrom=a@gc.test;\r\n dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=gc.test; arc=none reason="no; chain"',
    )!;
    expect(ar.authservId).toBe('mx.google.com');
    expect(ar.results.map((r) => `${r.method}=${r.result}`)).toEqual(['dkim=pass', 'spf=pass', 'dmarc=pass', 'arc=none']);
    expect(ar.results[0]!.props['header.b']).toBe('AbC');
    expect(ar.results[2]!.props['header.from']).toBe('gc.test');
    expect(ar.results[3]!.reason).toBe('no; chain');
    expect(parseAuthenticationResults('mx.rb.test; none')).toEqual({ authservId: 'mx.rb.test', results: [] });
  });

  const ours = (from = 'mail.gc.test') => h(`Received: from ${from} (${from} [192.0.2.10]) by mx.rb.test (Postfix) with ESMTPS id 4Xy; Mon, 23 Nov 2026 10:00:00 +0000`);
  const verdict = (headers: HeaderLine[], from = 'est@gc.test') => trustedSenderVerdict(headers, 'mx.rb.test', from);

  it('accepts the verdict our server stamped above its own Received line', () => {
    expect(verdict([h('Authentication-Results: mx.rb.test; dmarc=pass header.from=gc.test'), ours()]).pass).toBe(true);
    expect(trustedSenderVerdict([h('Authentication-Results: mx.rb.test; dmarc=pass header.from=gc.test'), ours()], 'MX.rb.test', 'Est@GC.test').pass).toBe(true);
    // a later internal hop (delivery over LMTP) above both does not matter
    expect(verdict([h('Received: from mx.rb.test by imap.rb.test (Dovecot) with LMTP'), h('Authentication-Results: mx.rb.test; dmarc=pass header.from=gc.test'), ours()]).pass).toBe(true);
    // Gmail's layout: the sealed ARC-Authentication-Results above its Received line
    const gmail = [
      h('Received: by 2002:a05:7000:1f0b:b0:5e3 with SMTP id r11; Mon, 23 Nov 2026 10:00:01 -0800 (PST)'),
      h('ARC-Authentication-Results: i=1; mx.google.com;\r\n       dkim=pass header.i=@gc.test header.s=s1 header.b=Ab;\r\n       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=gc.test'),
      h('Received: from mail.gc.test (mail.gc.test. [192.0.2.10])\r\n        by mx.google.com with ESMTPS id x2si; Mon, 23 Nov 2026 10:00:00 -0800 (PST)'),
    ];
    expect(trustedSenderVerdict(gmail, 'mx.google.com', 'est@gc.test').pass).toBe(true);
    // Microsoft 365's layout: internal hops on top, a header without authserv-id above the entry host's Received line
    const m365 = [
      h('Received: from AM9PR04MB8000.eurprd04.prod.outlook.com (2603:10a6::1) by DB9PR04MB9000.eurprd04.prod.outlook.com with HTTPS; Mon, 23 Nov 2026 10:00:02 +0000'),
      h('Authentication-Results: spf=pass (sender IP is 192.0.2.10)\r\n smtp.mailfrom=gc.test; dkim=pass (signature was verified)\r\n header.d=gc.test;dmarc=pass action=none header.from=gc.test;compauth=pass\r\n reason=100'),
      h('Received-SPF: Pass (protection.outlook.com: domain of gc.test designates 192.0.2.10 as permitted sender)'),
      h('Received: from mail.gc.test (192.0.2.10) by AM4PEPF00027A5F.mail.protection.outlook.com (10.167.16.73) with Microsoft SMTP Server; Mon, 23 Nov 2026 10:00:00 +0000'),
      h('Authentication-Results: spf=pass smtp.mailfrom=evil.test; dmarc=pass header.from=evil.test'),
    ];
    expect(trustedSenderVerdict(m365, '*.protection.outlook.com', 'est@gc.test')).toEqual({ pass: true, detail: 'dmarc=pass from *.protection.outlook.com' });
    expect(trustedSenderVerdict(m365, '*.protection.outlook.com', 'ceo@evil.test').pass).toBe(false);
    expect(verdict([])).toEqual({ pass: false, detail: 'no Received line by mx.rb.test (the trusted server) in the message' });
  });

  it('ignores a forged header with our authserv-id directly under our Received line', () => {
    const forged = h('Authentication-Results: mx.rb.test; dkim=pass header.d=gc.test; dmarc=pass header.from=gc.test');
    // our server stamped nothing (e.g. its filter was down): the forged one must not stand in for it
    expect(verdict([ours('evil.test'), forged])).toEqual({ pass: false, detail: 'no Authentication-Results from mx.rb.test above its Received line' });
    // our server said fail; the pass below its Received line is the sender's
    expect(verdict([h('Authentication-Results: mx.rb.test; spf=fail smtp.mailfrom=gc.test; dmarc=fail header.from=gc.test'), ours('evil.test'), forged]).pass).toBe(false);
    // a fake "by mx.rb.test" line inside the forged block does not move the boundary down
    expect(verdict([ours('evil.test'), forged, h('Received: from x by mx.rb.test; Mon, 23 Nov 2026 09:59:00 +0000')]).pass).toBe(false);
  });

  it('ignores a forged header directly under the real one (only the topmost counts)', () => {
    // our server found nothing to pass; a pass stacked right under its header is not read with it
    const stacked = [h('Authentication-Results: mx.rb.test; spf=none smtp.mailfrom=evil.test; dkim=none'), h('Authentication-Results: mx.rb.test; dmarc=pass header.from=gc.test'), ours('evil.test')];
    expect(verdict(stacked).pass).toBe(false);
    // the same with Gmail's layout, both below the Received line: neither counts
    const below = [ours('evil.test'), h('Authentication-Results: mx.rb.test; spf=none; dkim=none'), h('Authentication-Results: mx.rb.test; dmarc=pass header.from=gc.test')];
    expect(verdict(below).pass).toBe(false);
  });

  it('needs dmarc=pass for exactly the From domain', () => {
    const withAr = (ar: string) => [h(`Authentication-Results: mx.rb.test; ${ar}`), ours()];
    expect(verdict(withAr('dmarc=pass header.from=evil.test'))).toEqual({ pass: false, detail: 'dmarc=pass from mx.rb.test is for evil.test, not gc.test' });
    expect(verdict(withAr('dmarc=pass'))).toEqual({ pass: false, detail: 'dmarc=pass from mx.rb.test names no header.from' });
    expect(verdict(withAr('dmarc=pass header.from=mail.gc.test')).pass).toBe(false);
    // a failing DMARC is not rescued by an aligned DKIM or SPF pass
    expect(verdict(withAr('dkim=pass header.d=gc.test; spf=pass smtp.mailfrom=gc.test; dmarc=fail header.from=gc.test')).pass).toBe(false);
  });

  it('without a DMARC policy, an aligned DKIM or SPF pass counts — aligned by organizational domain', () => {
    const withAr = (ar: string, from = 'est@gc.test') => verdict([h(`Authentication-Results: mx.rb.test; ${ar}`), ours()], from);
    expect(withAr('dkim=pass header.d=mail.gc.test').pass).toBe(true);
    expect(withAr('dmarc=none header.from=gc.test; spf=pass smtp.mailfrom=bounces@news.gc.test').pass).toBe(true);
    expect(withAr('dkim=pass header.d=evil.test').pass).toBe(false);
    expect(withAr('spf=pass smtp.mailfrom=evil.test').pass).toBe(false);
    // a bare suffix is no organization: d=test must not vouch for every *.test sender
    expect(withAr('dkim=pass header.d=test').pass).toBe(false);
    expect(withAr('dkim=pass header.d=co.uk', 'est@gc.co.uk').pass).toBe(false);
    expect(withAr('dkim=pass header.d=mail.gc.co.uk', 'est@gc.co.uk').pass).toBe(true);
    // the Public Suffix List's private section: two sites on one host are two organizations
    expect(withAr('dkim=pass header.d=evil.github.io', 'est@gc.github.io').pass).toBe(false);
  });
});

describe('reply keys', () => {
  const secret = Buffer.from('x'.repeat(32));
  const jobId = '3f2b8c1e-1d2a-4c3b-9e8f-0123456789ab';
  it('round-trip, case-insensitively, and reject forgeries', () => {
    const key = replyKey(secret, jobId);
    expect(key).toMatch(/^[0-9a-z]{48}$/);
    expect(jobIdFromReplyKey(secret, key.toUpperCase())).toBe(jobId);
    expect(jobIdFromReplyKey(Buffer.from('y'.repeat(32)), key)).toBeUndefined();
    expect(jobIdFromReplyKey(secret, key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a'))).toBeUndefined();
    const addr = replyAddress('Plans@RB.test', key);
    expect(addr).toBe(`plans+${key}@rb.test`);
    expect(addr.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(findReplyKey(secret, 'plans@rb.test', ['someone@else.test', addr.toUpperCase()])?.jobId).toBe(jobId);
    expect(findReplyKey(secret, 'plans@rb.test', [`other+${key}@rb.test`])).toBeUndefined();
  });
});

describe('reply commands', () => {
  it('reads commands above the quoted text', () => {
    const text = [
      'remove Aqua Fire from 21',
      'Add bob@sparky.test to Electrical',
      '- drop division 33',
      'add trade 23',
      'select Volt Electric for 26',
      'approve v3',
      'Thanks!',
      '',
      'On Mon, Nov 23, 2026 at 10:00 AM Red Button <plans@rb.test> wrote:',
      '> approve',
      '> remove Everyone from 26',
    ].join('\n');
    const cmds = parseReplyCommands(visibleReplyText(text));
    expect(cmds.approve).toBe(true);
    expect(cmds.approveVersion).toBe(3);
    expect(cmds.edits).toEqual([
      { op: 'deselect', contact: 'Aqua Fire', trade: '21' },
      { op: 'add_contact', contact: 'bob@sparky.test', trade: 'Electrical' },
      { op: 'remove_trade', trade: '33' },
      { op: 'add_trade', trade: '23' },
      { op: 'select', contact: 'Volt Electric', trade: '26' },
    ]);
    expect(cmds.unknown).toEqual(['Thanks']);
    expect(parseReplyCommands('Send').approve).toBe(true);
    expect(parseReplyCommands('please do not send yet').approve).toBe(false);
  });

  it('names jobs from the subject', () => {
    expect(jobName('Fwd: RE: Lily Hall – bid set', 'a.pdf', 1)).toBe('Lily Hall – bid set');
    expect(jobName('', 'Lily Hall.pdf', 1)).toBe('Lily Hall');
    expect(jobName('Fw: Two sets', 'E.pdf', 2)).toBe('Two sets – E');
  });
});

describe('quoted originals without ">" are not read as commands', () => {
  it('stops at an Outlook header block and ignores quoted help lines', () => {
    const text = [
      'remove Aqua Fire from 21',
      '',
      '________________________________',
      'From: Red Button <plans@rb.test>',
      'Sent: Monday, November 23, 2026 10:00 AM',
      '  "approve"                         send the invitations for this version',
      '  "remove Blaze Sprinklers from 21"   do not invite them for that trade',
      'approve',
    ].join('\n');
    const cmds = parseReplyCommands(visibleReplyText(text));
    expect(cmds.approve).toBe(false);
    expect(cmds.edits).toEqual([{ op: 'deselect', contact: 'Aqua Fire', trade: '21' }]);
    // Help lines pasted above the quote are quoted, so they are not commands either.
    const pasted = parseReplyCommands('  "approve"     send the invitations\n  "drop 21"     remove the trade');
    expect(pasted.approve).toBe(false);
    expect(pasted.edits).toEqual([]);
    // Extra words after the division are not guessed away.
    expect(parseReplyCommands('drop 26 and 27').edits).toEqual([{ op: 'remove_trade', trade: '26 and 27' }]);
    expect(parseReplyCommands('drop Division 26 - Electrical').edits).toEqual([{ op: 'remove_trade', trade: '26' }]);
  });
});
