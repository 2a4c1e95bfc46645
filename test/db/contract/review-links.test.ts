import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../../helpers/backends.js';

describe.each(backends())('review link revocations on $name', ({ skip, open }) => {
  let b: TestBackend;
  beforeAll(async () => {
    if (!skip) b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });

  it.skipIf(skip)(`a revocation only moves forward, and a rolled-back one leaves nothing${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    await b.raw(`INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'est@gc.test', 'x')`);
    await b.raw(`INSERT INTO jobs (job_id, user_id, name) VALUES ('j1', 'u1', 'Clinic'), ('j2', 'u1', 'School')`);
    expect(await b.repos.reviewLinks.revokedBefore('j1')).toBeNull();
    await b.repos.reviewLinks.revoke('j1', 2_000);
    await b.repos.reviewLinks.revoke('j1', 1_000); // an older revocation does not bring old links back
    expect(await b.repos.reviewLinks.revokedBefore('j1')).toBe(2_000);
    await expect(
      b.repos.transaction(async (tx) => {
        await tx.reviewLinks.revoke('j2', 5_000);
        expect(await tx.reviewLinks.revokedBefore('j2')).toBe(5_000); // seen inside the transaction
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await b.repos.reviewLinks.revokedBefore('j2')).toBeNull();
  });
});
