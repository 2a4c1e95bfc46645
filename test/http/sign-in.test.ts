import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpTest, type HttpTestEnv } from './helpers.js';
import { MemoryThrottleStore, SignInThrottle, type ThrottleStore } from '../../src/core/auth/sign-in-throttle.js';
import { loadConfig } from '../../src/config.js';
import { appBackends } from '../helpers/app.js';

const HOUR = 3_600_000;
let clock = Date.parse('2026-06-01T08:00:00Z');
const now = () => clock;

// The brake's records in one process's memory, and in the database (every process sees them) on each backend.
const stores: { where: string; backend: 'sqlite' | 'postgres'; skip?: string; storeOf: (e: HttpTestEnv) => ThrottleStore }[] = [
  { where: 'in memory', backend: 'sqlite', storeOf: () => new MemoryThrottleStore() },
  ...appBackends().map(({ backend, skip }) => ({ where: `in the ${backend} database`, backend, skip, storeOf: (e: HttpTestEnv) => e.app.repos.signInFailures })),
];
for (const { where, backend, skip, storeOf } of stores) describe.skipIf(!!skip)(`sign-in throttling cannot lock the owner out (records ${where})`, () => {
  let env: HttpTestEnv;
  let store: ThrottleStore | undefined;
  // The server is built with its throttle, and the database store exists once the server does.
  const late: ThrottleStore = {
    read: (k) => store!.read(k),
    fail: (k, n, f) => store!.fail(k, n, f),
    clear: (k) => store!.clear(k),
    forgetBefore: (c) => store!.forgetBefore(c),
  };
  beforeAll(async () => {
    clock = Date.parse('2026-06-01T08:00:00Z');
    env = await startHttpTest({}, { signInThrottle: new SignInThrottle({ now }, late) }, backend);
    store = storeOf(env);
    await env.app.repos.users.create('dana@gc.test', 'dana right password');
  });
  afterAll(async () => env?.close());

  const login = (password: string, remoteAddress: string, headers: Record<string, string> = {}, email = 'dana@gc.test') =>
    env.server.inject({ method: 'POST', url: '/auth/login', payload: { email, password }, remoteAddress, headers });

  it('a guessing client waits longer and longer, and its right guess is held back too', async () => {
    for (let i = 0; i < 3; i++) expect((await login(`guess ${i}`, '10.0.0.66')).statusCode).toBe(401);
    const held = await login('dana right password', '10.0.0.66');
    expect(held.statusCode).toBe(429);
    expect(held.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(held.headers['retry-after']).toBe('1');
    clock += 1000;
    expect((await login('guess 3', '10.0.0.66')).statusCode).toBe(401);
    expect((await login('guess 4', '10.0.0.66')).headers['retry-after']).toBe('2');
    clock += 2000;
    expect((await login('guess 4', '10.0.0.66')).statusCode).toBe(401);
    expect((await login('guess 5', '10.0.0.66')).headers['retry-after']).toBe('4');
  });

  it('after many failures on the account, the right password from another client still signs in', async () => {
    for (let i = 0; i < 6; i++) {
      clock += HOUR; // past any client wait: the account collects failures from a patient attacker
      expect((await login(`patient guess ${i}`, '10.0.0.66')).statusCode).toBe(401);
    }
    const owner = await login('dana right password', '10.0.0.7');
    expect(owner.statusCode).toBe(201);
    // The attacker's own next try is still held by the account's wait.
    expect((await login('dana right password', '10.0.0.66')).statusCode).toBe(429);
  });

  it('a fresh client gets one hearing, then waits on the account like the rest', async () => {
    clock += HOUR;
    expect((await login('wrong 1', '10.0.0.66')).statusCode).toBe(401);
    expect((await login('wrong from new place', '10.0.0.99')).statusCode).toBe(401);
    const again = await login('wrong again', '10.0.0.99');
    expect(again.statusCode).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts the real client behind a trusted proxy, and ignores X-Forwarded-For from anyone else', async () => {
    clock += 2 * 24 * HOUR; // everything above is forgotten
    const viaProxy = (password: string, client: string) => login(password, '127.0.0.1', { 'x-forwarded-for': client });
    for (let i = 0; i < 3; i++) expect((await viaProxy(`proxy guess ${i}`, '203.0.113.5')).statusCode).toBe(401);
    expect((await viaProxy('proxy guess 3', '203.0.113.5')).statusCode).toBe(429);
    // Another client behind the same proxy is not the guesser.
    expect((await viaProxy('dana right password', '203.0.113.6')).statusCode).toBe(201);
    // The held-back guesser cannot dodge its wait by claiming another address itself.
    for (let i = 0; i < 3; i++) expect((await login(`direct guess ${i}`, '10.0.0.66', {}, 'frank@gc.test')).statusCode).toBe(401);
    expect((await login('direct guess 3', '10.0.0.66', { 'x-forwarded-for': '198.51.100.1' }, 'frank@gc.test')).statusCode).toBe(429);
  });
});

describe('TRUST_PROXY', () => {
  it('accepts true/false and address lists, and names the variable when it is wrong', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({}).TRUST_PROXY).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback, ::1' }).TRUST_PROXY).toBe('10.0.0.0/8, loopback, ::1');
    for (const bad of ['2', 'proxy.example.com', '10.0.0.0/40']) expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
  });

  it('with TRUST_PROXY=false a forwarded address from loopback is not believed', async () => {
    const env = await startHttpTest({ TRUST_PROXY: 'false' }, { signInThrottle: new SignInThrottle({ now }) });
    try {
      await env.app.repos.users.create('erin@gc.test', 'erin right password');
      const login = (password: string, client: string) => env.server.inject({ method: 'POST', url: '/auth/login', payload: { email: 'erin@gc.test', password }, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } });
      for (let i = 0; i < 3; i++) expect((await login(`g${i}`, `203.0.113.${10 + i}`)).statusCode).toBe(401);
      expect((await login('g3', '203.0.113.20')).statusCode).toBe(429);
    } finally {
      await env.close();
    }
  });
});
