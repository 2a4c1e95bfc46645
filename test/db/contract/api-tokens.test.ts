import { describe, expect, it } from 'vitest';
import { backends } from '../../helpers/backends.js';
import { onlyUsers, skipNote, useBackend } from './use-backend.js';

describe.each(backends())('api tokens on $name', (kind) => {
  const { skip } = kind;
  const skipped = skipNote(kind);
  const b = useBackend(kind, (db) => onlyUsers(db, 'u1', 'u2'));
  const token = (tokenId: string, userId = 'u1', expiresAt = '2030-01-01 00:00:00') => ({ tokenId, userId, tokenHash: `hash-${tokenId}`, label: `label ${tokenId}`, expiresAt });

  it.skipIf(skip)(`finds a token by its hash only while it is unrevoked and unexpired${skipped}`, async () => {
    await b.repos.apiTokens.insert(token('t1', 'u1', '2030-01-01 12:00:00'));
    expect(await b.repos.apiTokens.findLive('hash-t1', '2030-01-01 11:59:59')).toMatchObject({ tokenId: 't1', userId: 'u1', label: 'label t1', expiresAt: '2030-01-01 12:00:00', revokedAt: null, lastUsedAt: null });
    expect(await b.repos.apiTokens.findLive('hash-t1', '2030-01-01 12:00:00')).toBeUndefined(); // expired at that second
    expect(await b.repos.apiTokens.findLive('hash-other', '2029-01-01 00:00:00')).toBeUndefined();
    await b.repos.apiTokens.revoke('t1');
    expect(await b.repos.apiTokens.findLive('hash-t1', '2029-01-01 00:00:00')).toBeUndefined();
  });

  it.skipIf(skip)(`records when a token was last used${skipped}`, async () => {
    await b.repos.apiTokens.insert(token('t1'));
    await b.repos.apiTokens.touch('t1');
    const used = (await b.repos.apiTokens.findForUser('u1', 't1'))!.lastUsedAt;
    expect(Math.abs(Date.parse(`${used!.replace(' ', 'T')}Z`) - Date.now())).toBeLessThan(120_000);
  });

  it.skipIf(skip)(`lists a user's tokens newest first, also tokens made in one transaction, and shows another user's token to nobody else${skipped}`, async () => {
    await b.repos.transaction(async (tx) => {
      for (const id of ['t1', 't2', 't3']) await tx.apiTokens.insert(token(id));
    });
    await b.repos.apiTokens.insert(token('t4'));
    await b.repos.apiTokens.insert(token('theirs', 'u2'));
    expect((await b.repos.apiTokens.listForUser('u1')).map((t) => t.tokenId)).toEqual(['t4', 't3', 't2', 't1']);
    expect(await b.repos.apiTokens.findForUser('u1', 'theirs')).toBeUndefined();
    expect((await b.repos.apiTokens.findForUser('u2', 'theirs'))?.tokenHash).toBe('hash-theirs');
  });

  it.skipIf(skip)(`keeps the first revocation time, and revokes all live tokens of one user only${skipped}`, async () => {
    for (const id of ['t1', 't2', 't3']) await b.repos.apiTokens.insert(token(id));
    await b.repos.apiTokens.insert(token('theirs', 'u2'));
    await b.raw(`UPDATE api_tokens SET revoked_at = '2021-03-04 05:06:07' WHERE token_id = 't1'`);
    expect((await b.repos.apiTokens.revoke('t1'))?.revokedAt).toBe('2021-03-04 05:06:07');
    expect(await b.repos.apiTokens.revoke('no-such-token')).toBeUndefined();
    expect(await b.repos.apiTokens.revokeAllOfUser('u1')).toBe(2);
    expect(await b.repos.apiTokens.revokeAllOfUser('u1')).toBe(0);
    const mine = await b.repos.apiTokens.listForUser('u1');
    expect(mine.every((t) => t.revokedAt !== null)).toBe(true);
    expect(mine.find((t) => t.tokenId === 't1')?.revokedAt).toBe('2021-03-04 05:06:07');
    expect((await b.repos.apiTokens.findForUser('u2', 'theirs'))?.revokedAt).toBeNull();
  });
});
