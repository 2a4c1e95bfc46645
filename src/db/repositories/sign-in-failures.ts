import { inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { signInFailures } from '../schema/index.js';

/** One key's failures and the last one (epoch ms): core's ThrottleRecord, which this repository stores. */
export interface SignInFailureRecord {
  failures: number;
  lastFailure: number;
}

/**
 * sign_in_failures: the sign-in brake's records in the database, so every process that answers
 * sign-ins brakes the same guesser. A failure is one upsert per key, counted in SQL, so two
 * processes recording failures at once both count; a record idle longer than `forgetAfterMs`
 * starts again at one. It is the throttle's ThrottleStore (core/auth/sign-in-throttle.ts).
 */
export class SignInFailuresRepository {
  constructor(private readonly db: Db) {}

  async read(keys: string[]): Promise<Map<string, SignInFailureRecord>> {
    const rows = keys.length ? this.db.select().from(signInFailures).where(inArray(signInFailures.throttleKey, keys)).all() : [];
    return new Map(rows.map((r) => [r.throttleKey, { failures: r.failures, lastFailure: r.lastFailureMs }]));
  }

  async fail(keys: string[], now: number, forgetAfterMs: number): Promise<void> {
    const stale = now - forgetAfterMs;
    this.db.transaction((tx) => {
      for (const key of keys) {
        tx.insert(signInFailures)
          .values({ throttleKey: key, failures: 1, lastFailureMs: now })
          .onConflictDoUpdate({
            target: signInFailures.throttleKey,
            set: {
              failures: sql`CASE WHEN ${signInFailures.lastFailureMs} < ${stale} THEN 1 ELSE ${signInFailures.failures} + 1 END`,
              lastFailureMs: sql`MAX(${signInFailures.lastFailureMs}, ${now})`,
            },
          })
          .run();
      }
    });
  }

  async clear(key: string): Promise<void> {
    this.db.delete(signInFailures).where(sql`${signInFailures.throttleKey} = ${key}`).run();
  }

  async forgetBefore(cutoff: number): Promise<void> {
    this.db.delete(signInFailures).where(lt(signInFailures.lastFailureMs, cutoff)).run();
  }
}
