import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { SignInFailuresRepository } from '../../src/db/repositories/sign-in-failures.js';
import { SignInThrottle } from '../../src/core/auth/sign-in-throttle.js';

describe('the sign-in brake is shared by every process on one database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-throttle-'));
  const file = join(dir, 'redbutton.sqlite');
  const first = openDatabase(file);
  migrate(first.sqlite);
  const second = openDatabase(file); // another process's connection to the same database
  afterAll(() => {
    first.close();
    second.close();
    rmSync(dir, { recursive: true, force: true });
  });
  let clock = Date.parse('2026-06-01T08:00:00Z');
  const now = () => clock;
  const a = new SignInThrottle({ now }, new SignInFailuresRepository(first.db));
  const b = new SignInThrottle({ now }, new SignInFailuresRepository(second.db));

  it('a guesser braked by one process is braked by the other; failures from both count', async () => {
    await a.failed('dana@gc.test', '203.0.113.5');
    await b.failed('dana@gc.test', '203.0.113.5');
    await a.failed('dana@gc.test', '203.0.113.5');
    expect(await b.check('dana@gc.test', '203.0.113.5')).toEqual({ allowed: false, retryAfterMs: 1000, reason: 'client' });
    expect(await a.check('dana@gc.test', '203.0.113.5')).toEqual({ allowed: false, retryAfterMs: 1000, reason: 'client' });
    // Two processes recording a failure at the same moment both count: five failures, a 4 s wait.
    clock += 1000;
    await Promise.all([a.failed('dana@gc.test', '203.0.113.5'), b.failed('dana@gc.test', '203.0.113.5')]);
    expect(await b.check('dana@gc.test', '203.0.113.5')).toMatchObject({ allowed: false, retryAfterMs: 4000 });
    // The owner from their own machine is heard by either process.
    expect(await b.check('dana@gc.test', '198.51.100.7')).toEqual({ allowed: true });
  });

  it('the right password through one process clears that client for the account in both; a day later all is forgotten', async () => {
    clock += 60 * 60_000;
    await b.succeeded('dana@gc.test', '203.0.113.5');
    expect(await a.check('dana@gc.test', '203.0.113.5')).toEqual({ allowed: true });
    clock += 25 * 60 * 60_000;
    await a.failed('erin@gc.test', '203.0.113.9'); // housekeeping drops the forgotten records
    const left = second.sqlite.prepare('SELECT throttle_key FROM sign_in_failures').all() as { throttle_key: string }[];
    expect(left.map((r) => r.throttle_key.split('\u0000')[0]).sort()).toEqual(['a', 'c', 'p']);
    expect(left.every((r) => !r.throttle_key.includes('dana'))).toBe(true);
  });
});
