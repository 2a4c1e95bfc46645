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
 * The records live in a ThrottleStore: in memory for one process (a restart forgetting the brake
 * is acceptable), or the database's sign_in_failures table so that every process answering
 * sign-ins brakes the same guesser (the app uses the database). Hand-written because the rate-limit packages count requests in fixed windows (a lock-out by
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

/** One key's failures since it was last forgotten, and when the last one was (epoch ms). */
export interface ThrottleRecord {
  failures: number;
  lastFailure: number;
}

/** Where the brake keeps its records: memory (one process) or the database (every process). */
export interface ThrottleStore {
  read(keys: string[]): Promise<Map<string, ThrottleRecord>>;
  /** Count one failure now on each key; a key idle longer than `forgetAfterMs` starts again at one. */
  fail(keys: string[], now: number, forgetAfterMs: number): Promise<void>;
  clear(key: string): Promise<void>;
  /** Drop records whose last failure is older than `cutoff` (housekeeping). */
  forgetBefore(cutoff: number): Promise<void>;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number; reason: 'client' | 'account' };

const MAX_ENTRIES = 100_000;

/** The records of one process, bounded: under a flood of addresses the oldest go first. */
export class MemoryThrottleStore implements ThrottleStore {
  private readonly records = new Map<string, ThrottleRecord>();

  async read(keys: string[]): Promise<Map<string, ThrottleRecord>> {
    return new Map(keys.flatMap((k) => { const r = this.records.get(k); return r ? [[k, r] as const] : []; }));
  }

  async fail(keys: string[], now: number, forgetAfterMs: number): Promise<void> {
    for (const k of keys) {
      const r = this.records.get(k);
      const live = r && now - r.lastFailure <= forgetAfterMs ? r : undefined;
      this.records.delete(k); // re-inserted last: the Map's order is then oldest failure first
      this.records.set(k, { failures: (live?.failures ?? 0) + 1, lastFailure: now });
    }
    if (this.records.size > MAX_ENTRIES) {
      for (const k of this.records.keys()) {
        if (this.records.size <= MAX_ENTRIES * 0.9) break;
        this.records.delete(k);
      }
    }
  }

  async clear(key: string): Promise<void> {
    this.records.delete(key);
  }

  async forgetBefore(cutoff: number): Promise<void> {
    for (const [k, r] of this.records) if (r.lastFailure < cutoff) this.records.delete(k);
  }
}

export class SignInThrottle {
  private readonly free: number;
  private readonly base: number;
  private readonly maxClient: number;
  private readonly maxAccount: number;
  private readonly forget: number;
  private readonly now: () => number;
  private lastHousekeeping = 0;

  constructor(o: ThrottleOptions = {}, private readonly store: ThrottleStore = new MemoryThrottleStore()) {
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
  async check(account: string, client: string): Promise<ThrottleDecision> {
    const now = this.now();
    const k = { client: keys.client(client), account: keys.account(account), pair: keys.pair(account, client) };
    const records = await this.store.read([k.client, k.account, k.pair]);
    const live = (key: string) => {
      const r = records.get(key);
      return r && now - r.lastFailure <= this.forget ? r : undefined;
    };
    const waitLeft = (key: string, max: number) => {
      const r = live(key);
      return r ? Math.max(0, r.lastFailure + this.delayAfter(r.failures, max) - now) : 0;
    };
    const clientWait = waitLeft(k.client, this.maxClient);
    if (clientWait > 0) return { allowed: false, retryAfterMs: clientWait, reason: 'client' };
    // The account's wait applies only to a client that has failed on it itself.
    if (live(k.pair)) {
      const accountWait = Math.max(waitLeft(k.account, this.maxAccount), waitLeft(k.pair, this.maxAccount));
      if (accountWait > 0) return { allowed: false, retryAfterMs: accountWait, reason: 'account' };
    }
    return { allowed: true };
  }

  async failed(account: string, client: string): Promise<void> {
    const now = this.now();
    await this.store.fail([keys.client(client), keys.account(account), keys.pair(account, client)], now, this.forget);
    // Forgotten records are dropped now and then, not on every failure.
    if (now - this.lastHousekeeping > 60 * 60_000) {
      this.lastHousekeeping = now;
      await this.store.forgetBefore(now - this.forget);
    }
  }

  async succeeded(account: string, client: string): Promise<void> {
    await this.store.clear(keys.pair(account, client));
  }
}

/**
 * A record's key: its kind and parts as a JSON array, so no account text can pose as another
 * pair (an e-mail may hold any character) and the key is valid text on both databases
 * (Postgres text cannot hold the NUL byte, which JSON writes as an escape).
 */
const keys = {
  client: (c: string) => JSON.stringify(['client', c]),
  account: (a: string) => JSON.stringify(['account', a.toLowerCase()]),
  pair: (a: string, c: string) => JSON.stringify(['pair', a.toLowerCase(), c]),
};
