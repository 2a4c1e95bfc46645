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

  it('trusts only the topmost headers stamped by the trusted authserv-id', () => {
    const pass = [h('Authentication-Results: mx.rb.test; dmarc=pass header.from=gc.test'), h('Received: from x by mx.rb.test')];
    expect(trustedSenderVerdict(pass, 'MX.rb.test', 'est@gc.test').pass).toBe(true);
    // dkim aligned, no DMARC result
    expect(trustedSenderVerdict([h('Authentication-Results: mx.rb.test; dkim=pass header.d=mail.gc.test')], 'mx.rb.test', 'est@gc.test').pass).toBe(true);
    // dkim of another domain does not count
    expect(trustedSenderVerdict([h('Authentication-Results: mx.rb.test; dkim=pass header.d=evil.test')], 'mx.rb.test', 'est@gc.test').pass).toBe(false);
    // a forged pass below the trusted server's fail
    const forged = [h('Authentication-Results: mx.rb.test; dmarc=fail header.from=gc.test'), h('Received: from evil by mx.rb.test'), h('Authentication-Results: mx.rb.test; dmarc=pass header.from=gc.test')];
    expect(trustedSenderVerdict(forged, 'mx.rb.test', 'est@gc.test').pass).toBe(false);
    // a pass for another From domain
    expect(trustedSenderVerdict([h('Authentication-Results: mx.rb.test; dmarc=pass header.from=evil.test')], 'mx.rb.test', 'est@gc.test').pass).toBe(false);
    // the topmost is from another server: nothing counts, even a trusted-looking one below
    const other = [h('Authentication-Results: relay.evil.test; dmarc=pass header.from=gc.test'), h('Authentication-Results: mx.rb.test; dmarc=pass header.from=gc.test')];
    expect(trustedSenderVerdict(other, 'mx.rb.test', 'est@gc.test').pass).toBe(false);
    // forged pass with no trusted header above it, but below a Received of the trusted server
    expect(trustedSenderVerdict([h('Received: from evil by mx.rb.test'), h('Authentication-Results: mx.rb.test; dmarc=pass header.from=gc.test')], 'mx.rb.test', 'est@gc.test').pass).toBe(true);
    expect(trustedSenderVerdict([], 'mx.rb.test', 'est@gc.test').pass).toBe(false);
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
