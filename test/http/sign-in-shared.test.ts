import { afterAll, beforeAll, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { SignInThrottle } from '../../src/core/auth/sign-in-throttle.js';
import { openTestApp, type AnyTestApp } from '../helpers/app.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';

describeOnBothDatabases('the sign-in brake is shared by every process on one database', (backend) => {
  let t: AnyTestApp;
  let other: App; // another process's App on the same database
  let clock = Date.parse('2026-06-01T08:00:00Z');
  const now = () => clock;
  let a: SignInThrottle;
  let b: SignInThrottle;
  beforeAll(async () => {
    t = await openTestApp(backend);
    other = await openApp(t.app.config);
    a = new SignInThrottle({ now }, t.app.repos.signInFailures);
    b = new SignInThrottle({ now }, other.repos.signInFailures);
  });
  afterAll(async () => {
    await other?.close();
    await t?.cleanup();
  });

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

  it('an account name with a NUL byte or a separator-like text is braked on its own, not mistaken for another', async () => {
    // Account text is whatever was typed; a NUL once broke the Postgres store (text cannot hold it).
    await a.failed('x\u0000y@gc.test', '203.0.113.20');
    expect(await b.check('x\u0000y@gc.test', '203.0.113.20')).toEqual({ allowed: true });
    for (let i = 0; i < 3; i++) await b.failed('mallory@gc.test", "203.0.113.21', '203.0.113.22');
    expect(await a.check('mallory@gc.test', '203.0.113.21')).toEqual({ allowed: true });
  });

  it('the right password through one process clears that client for the account in both; a day later all is forgotten', async () => {
    clock += 60 * 60_000;
    await b.succeeded('dana@gc.test', '203.0.113.5');
    expect(await a.check('dana@gc.test', '203.0.113.5')).toEqual({ allowed: true });
    clock += 25 * 60 * 60_000;
    await a.failed('erin@gc.test', '203.0.113.9'); // housekeeping drops the forgotten records
    const left = await t.raw<{ throttle_key: string }>('SELECT throttle_key FROM sign_in_failures');
    expect(left.map((r) => (JSON.parse(r.throttle_key) as string[])[0]).sort()).toEqual(['account', 'client', 'pair']);
    expect(left.every((r) => !r.throttle_key.includes('dana'))).toBe(true);
  });
});
