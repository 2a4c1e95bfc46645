import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../../helpers/backends.js';

describe.each(backends())('the reply budget on $name', ({ skip, open }) => {
  let b: TestBackend;
  beforeAll(async () => {
    if (!skip) b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });

  it.skipIf(skip)(`an hour gives out at most its cap of replies, and a cap of 0 none${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    expect(await b.repos.replyBudget.used('2026-12-01T14')).toBe(0);
    expect(await b.repos.replyBudget.claim('2026-12-01T14', 0)).toBe(false);
    expect(await b.repos.replyBudget.claim('2026-12-01T14', 2)).toBe(true);
    expect(await b.repos.replyBudget.claim('2026-12-01T14', 2)).toBe(true);
    expect(await b.repos.replyBudget.claim('2026-12-01T14', 2)).toBe(false);
    expect(await b.repos.replyBudget.used('2026-12-01T14')).toBe(2);
    expect(await b.repos.replyBudget.claim('2026-12-01T15', 2)).toBe(true); // the next hour starts empty
    expect(await b.repos.replyBudget.used('2026-12-01T15')).toBe(1);
  });

  it.skipIf(skip)(`many pollers asking at once get exactly the cap, and a rolled-back claim gives its reply back${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const got = await Promise.all(Array.from({ length: 12 }, () => b.repos.replyBudget.claim('2026-12-02T09', 5)));
    expect(got.filter(Boolean)).toHaveLength(5);
    await expect(
      b.repos.transaction(async (tx) => {
        expect(await tx.replyBudget.claim('2026-12-02T10', 1)).toBe(true);
        throw new Error('reply not sent');
      }),
    ).rejects.toThrow('reply not sent');
    expect(await b.repos.replyBudget.used('2026-12-02T10')).toBe(0);
  });
});
