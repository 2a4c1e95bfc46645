/**
 * Brakes on password guessing that cannot be turned into a lock-out.
 *
 * - Per client address: after a few free failures every further failure doubles the wait before
 *   that client may try again (up to 15 minutes). A guessing client slows itself down only.
 * - Per account: failures from all clients together grow a wait on the account (up to 5 minutes).
 *   It holds back only clients that have themselves failed on this account recently; a client with
 *   no failures on it is still heard, so the owner's right password from their own machine works
 *   while someone else hammers the account. A guess from a fresh client counts, and then that
 *   client waits too: a spread-out attack gets one guess per address per account wait.
 * - A correct password clears that client's record for the account; the account's own record
 *   decays on its own, so an attacker's progress is not reset by the owner signing in.
 *
 * In memory: one process serves sign-ins, and a restart forgetting the brake is acceptable.
 * Hand-written because the rate-limit packages count requests in fixed windows (a lock-out by
 * design) and know nothing of "this client already failed on this account".
 */
export interface ThrottleOptions {
  /** Failures before any wait. */
  freeFailures?: number;
  baseDelayMs?: number;
  maxClientDelayMs?: number;
  maxAccountDelayMs?: number;
  /** A record with no failure for this long is forgotten. */
  forgetAfterMs?: number;
  now?: () => number;
}

interface Record_ {
  failures: number;
  lastFailure: number;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number; reason: 'client' | 'account' };

const MAX_ENTRIES = 100_000;

export class SignInThrottle {
  private readonly records = new Map<string, Record_>();
  private readonly free: number;
  private readonly base: number;
  private readonly maxClient: number;
  private readonly maxAccount: number;
  private readonly forget: number;
  private readonly now: () => number;

  constructor(o: ThrottleOptions = {}) {
    this.free = o.freeFailures ?? 3;
    this.base = o.baseDelayMs ?? 1000;
    this.maxClient = o.maxClientDelayMs ?? 15 * 60_000;
    this.maxAccount = o.maxAccountDelayMs ?? 5 * 60_000;
    this.forget = o.forgetAfterMs ?? 24 * 60 * 60_000;
    this.now = o.now ?? Date.now;
  }

  /** The wait after `failures` failures: none for the free ones, then 1 s, 2 s, 4 s … up to `max`. */
  delayAfter(failures: number, max: number): number {
    if (failures < this.free) return 0;
    return Math.min(max, this.base * 2 ** Math.min(30, failures - this.free));
  }

  /** May this client try a password for this account now? */
  check(account: string, client: string): ThrottleDecision {
    const now = this.now();
    const clientWait = this.waitLeft(keys.client(client), this.maxClient, now);
    if (clientWait > 0) return { allowed: false, retryAfterMs: clientWait, reason: 'client' };
    // The account's wait applies only to a client that has failed on it itself.
    if (this.live(keys.pair(account, client), now)) {
      const accountWait = Math.max(this.waitLeft(keys.account(account), this.maxAccount, now), this.waitLeft(keys.pair(account, client), this.maxAccount, now));
      if (accountWait > 0) return { allowed: false, retryAfterMs: accountWait, reason: 'account' };
    }
    return { allowed: true };
  }

  failed(account: string, client: string): void {
    const now = this.now();
    for (const k of [keys.client(client), keys.account(account), keys.pair(account, client)]) {
      const r = this.live(k, now);
      this.records.set(k, { failures: (r?.failures ?? 0) + 1, lastFailure: now });
    }
    if (this.records.size > MAX_ENTRIES) this.prune(now);
  }

  succeeded(account: string, client: string): void {
    this.records.delete(keys.pair(account, client));
  }

  private live(key: string, now: number): Record_ | undefined {
    const r = this.records.get(key);
    if (r && now - r.lastFailure > this.forget) {
      this.records.delete(key);
      return undefined;
    }
    return r;
  }

  private waitLeft(key: string, max: number, now: number): number {
    const r = this.live(key, now);
    if (!r) return 0;
    return Math.max(0, r.lastFailure + this.delayAfter(r.failures, max) - now);
  }

  /** Under memory pressure (a flood of addresses), records with no wait left go first. */
  private prune(now: number): void {
    for (const [k, r] of this.records) if (now - r.lastFailure > Math.min(this.forget, this.delayAfter(r.failures, this.maxClient))) this.records.delete(k);
  }
}

const keys = {
  client: (c: string) => `c\u0000${c}`,
  account: (a: string) => `a\u0000${a.toLowerCase()}`,
  pair: (a: string, c: string) => `p\u0000${a.toLowerCase()}\u0000${c}`,
};
