import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  findVerpTokens,
  signPlansToken,
  signRespondToken,
  signUnsubscribeToken,
  unsubscribeTokenFromSubject,
  verifyPlansToken,
  verifyRespondToken,
  verifyUnsubscribeToken,
  verifyVerpToken,
  verpAddress,
  formatDue,
} from '../../src/core/outreach/index.js';

const secret = Buffer.from('a-test-secret-of-at-least-32-characters!');
const other = Buffer.from('another-secret-of-at-least-32-characters');

describe('signed links', () => {
  it('a plans link works until it expires, and only with our secret', () => {
    const expiresAt = new Date('2026-12-23T00:00:00Z');
    const token = signPlansToken(secret, { jobId: 'job-1', emailId: 'e-1', expiresAt });
    expect(verifyPlansToken(secret, token, new Date('2026-12-01T00:00:00Z'))).toEqual({ jobId: 'job-1', emailId: 'e-1', expiresAt });
    expect(() => verifyPlansToken(secret, token, new Date('2026-12-24T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'LINK_EXPIRED', userMessage: expect.stringContaining('2026-12-23') }),
    );
    expect(() => verifyPlansToken(other, token, new Date('2026-12-01T00:00:00Z'))).toThrow(expect.objectContaining({ code: 'LINK_INVALID' }));
    // Tampering with the payload (another job, a later expiry) breaks the signature.
    const [, sig] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ j: 'job-2', x: 4102444800 })).toString('base64url')}.${sig}`;
    expect(() => verifyPlansToken(secret, forged)).toThrow(expect.objectContaining({ code: 'LINK_INVALID' }));
    expect(() => verifyPlansToken(secret, 'garbage')).toThrow(expect.objectContaining({ code: 'LINK_INVALID' }));
  });

  it('a token is only good for the purpose it was made for', () => {
    const respond = signRespondToken(secret, { jobId: 'job-1', emailId: 'e-1' });
    expect(verifyRespondToken(secret, respond)).toEqual({ jobId: 'job-1', emailId: 'e-1' });
    expect(() => verifyUnsubscribeToken(secret, respond)).toThrow(expect.objectContaining({ code: 'LINK_INVALID' }));
    const unsub = signUnsubscribeToken(secret, { contactId: 'c-1', emailId: 'e-1' });
    expect(verifyUnsubscribeToken(secret, unsub)).toEqual({ contactId: 'c-1', emailId: 'e-1' });
    expect(() => verifyPlansToken(secret, unsub)).toThrow(expect.objectContaining({ code: 'LINK_INVALID' }));
    expect(unsubscribeTokenFromSubject(`Re: unsubscribe ${unsub}`)).toBe(unsub);
  });

  it('the VERP bounce address names its row, fits a local part, and cannot be forged', () => {
    const id = randomUUID();
    const addr = verpAddress(secret, id, 'gc-builders.test');
    expect(addr.split('@')[0]!.length).toBeLessThanOrEqual(64);
    const [token] = findVerpTokens(`Delivered-To: ${addr.toUpperCase()}`);
    expect(verifyVerpToken(secret, token!)).toBe(id);
    expect(verifyVerpToken(other, token!)).toBeUndefined();
    expect(verifyVerpToken(secret, `${id.replace(/-/g, '')}-${'f'.repeat(20)}`)).toBeUndefined();
  });

  it('bid due dates read like a person wrote them', () => {
    expect(formatDue('2026-12-15')).toBe('Tuesday, December 15, 2026');
    expect(formatDue('2026-12-15T14:00')).toBe('Tuesday, December 15, 2026 at 14:00');
    expect(formatDue('2026-12-15 14:00 PST')).toBe('Tuesday, December 15, 2026 at 14:00 PST');
    expect(formatDue('Dec 15 by 2 pm')).toBe('Dec 15 by 2 pm');
    expect(formatDue(null)).toBe('');
  });
});
