import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../../helpers/backends.js';
import { postgresAvailable, postgresSkipReason } from '../../helpers/postgres.js';
import { pgProcesses, type PgProcesses } from '../../helpers/pg-processes.js';

const MIN = 60_000;

describe.each(backends())('sign-in failures on $name', ({ skip, open }) => {
  let b: TestBackend;
  beforeAll(async () => {
    if (!skip) b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });

  it.skipIf(skip)(`failures count per key, start again at one after a quiet spell, and a sign-in clears its key${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const t0 = 1_764_633_600_000;
    expect(await b.repos.signInFailures.read(['ip:10.0.0.1'])).toEqual(new Map());
    expect(await b.repos.signInFailures.read([])).toEqual(new Map());
    await b.repos.signInFailures.fail(['ip:10.0.0.1', 'acct:est@gc.test'], t0, 15 * MIN);
    await b.repos.signInFailures.fail(['ip:10.0.0.1'], t0 + MIN, 15 * MIN);
    // A late writer's older time does not move the last failure back.
    await b.repos.signInFailures.fail(['ip:10.0.0.1'], t0 + 30_000, 15 * MIN);
    expect(await b.repos.signInFailures.read(['ip:10.0.0.1', 'acct:est@gc.test', 'ip:10.9.9.9'])).toEqual(
      new Map([
        ['ip:10.0.0.1', { failures: 3, lastFailure: t0 + MIN }],
        ['acct:est@gc.test', { failures: 1, lastFailure: t0 }],
      ]),
    );
    await b.repos.signInFailures.fail(['acct:est@gc.test'], t0 + 20 * MIN, 15 * MIN); // idle past forgetAfter: one again
    expect((await b.repos.signInFailures.read(['acct:est@gc.test'])).get('acct:est@gc.test')).toEqual({ failures: 1, lastFailure: t0 + 20 * MIN });
    await b.repos.signInFailures.clear('acct:est@gc.test');
    await b.repos.signInFailures.forgetBefore(t0 + 2 * MIN); // drops ip:10.0.0.1 (last failure t0 + 1 min)
    expect(await b.repos.signInFailures.read(['ip:10.0.0.1', 'acct:est@gc.test'])).toEqual(new Map());
  });
});

describe.skipIf(!postgresAvailable())(`sign-in failures recorded by two processes at once on Postgres${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let p: PgProcesses;
  beforeAll(async () => {
    p = await pgProcesses(2);
  });
  afterAll(async () => {
    await p?.close();
  });

  it('every failure counts, whichever process answered the guess, and keys given in any order do not deadlock', async () => {
    const t0 = 1_764_633_600_000;
    const guesses = Array.from({ length: 20 }, (_, i) => {
      const keys = i % 2 ? ['ip:10.0.0.7', 'acct:pm@gc.test', 'pair:10.0.0.7|pm@gc.test'] : ['pair:10.0.0.7|pm@gc.test', 'acct:pm@gc.test', 'ip:10.0.0.7'];
      return p.repos[i % 2]!.signInFailures.fail(keys, t0 + i, 15 * MIN);
    });
    await Promise.all(guesses);
    const read = await p.repos[0]!.signInFailures.read(['ip:10.0.0.7', 'acct:pm@gc.test', 'pair:10.0.0.7|pm@gc.test']);
    expect([...read.values()]).toEqual([0, 1, 2].map(() => ({ failures: 20, lastFailure: t0 + 19 })));
  });
});
