import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../../helpers/backends.js';
import { postgresAvailable, postgresSkipReason } from '../../helpers/postgres.js';
import { pgProcesses, type PgProcesses } from '../../helpers/pg-processes.js';

describe.each(backends())('SMTP rate slots on $name', ({ skip, open }) => {
  let b: TestBackend;
  beforeAll(async () => {
    if (!skip) b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });

  it.skipIf(skip)(`a second gives out at most its cap of slots, each second its own${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const second = 1_764_633_600;
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await b.repos.smtpRate.take(second, 3));
    expect(taken).toEqual([true, true, true, false]);
    expect(await b.repos.smtpRate.take(second + 1, 3)).toBe(true); // the next second starts empty
    await b.repos.smtpRate.forgetBefore(second + 1);
    const rows = await b.raw<{ second: number | string; sent: number }>('SELECT second, sent FROM smtp_rate_slots ORDER BY second');
    expect(rows.map((r) => [Number(r.second), r.sent])).toEqual([[second + 1, 1]]);
  });

  it.skipIf(skip)(`a slot taken in a rolled-back transaction is free again${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const second = 1_764_640_000;
    await expect(
      b.repos.transaction(async (tx) => {
        expect(await tx.smtpRate.take(second, 1)).toBe(true);
        throw new Error('send failed before commit');
      }),
    ).rejects.toThrow('send failed');
    expect(await b.repos.smtpRate.take(second, 1)).toBe(true);
  });
});

describe.skipIf(!postgresAvailable())(`SMTP rate slots shared by two sending processes on Postgres${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let p: PgProcesses;
  beforeAll(async () => {
    p = await pgProcesses(2);
  });
  afterAll(async () => {
    await p?.close();
  });

  it('two senders racing for the same seconds never take the same slot: each second gives out exactly its cap', async () => {
    const cap = 5;
    const seconds = Array.from({ length: 10 }, (_, i) => 1_764_700_000 + i);
    // Each sender asks for 8 slots of every second at once: 16 asks against 5 slots per second.
    const asks = p.repos.flatMap((repos, sender) => seconds.flatMap((second) => Array.from({ length: 8 }, () => repos.smtpRate.take(second, cap).then((ok) => ({ sender, second, ok })))));
    const results = await Promise.all(asks);
    for (const second of seconds) expect(results.filter((r) => r.second === second && r.ok), `second ${second}`).toHaveLength(cap);
    expect(new Set(results.filter((r) => r.ok).map((r) => r.sender))).toEqual(new Set([0, 1])); // both really raced
    const rows = await p.raw<{ sent: number }>('SELECT sent FROM smtp_rate_slots');
    expect(rows.map((r) => r.sent)).toEqual(seconds.map(() => cap));
  });
});
