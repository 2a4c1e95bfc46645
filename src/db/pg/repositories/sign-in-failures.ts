import { eq, inArray, lt, sql } from 'drizzle-orm';
import type { Promised } from '../../repositories/index.js';
import type { SignInFailureRecord, SignInFailuresRepository } from '../../repositories/sign-in-failures.js';
import { signInFailures } from '../schema.js';
import type { PgContext } from './context.js';

/**
 * The sign-in brake's records on Postgres (the SQLite class: ../../repositories/sign-in-failures.ts).
 * Each failure is one upsert counted in SQL, so failures recorded by two processes at once both
 * count (ON CONFLICT DO UPDATE works on the row's latest committed version).
 */
export class PgSignInFailuresRepository implements Promised<SignInFailuresRepository> {
  constructor(private readonly ctx: PgContext) {}

  async read(keys: string[]): Promise<Map<string, SignInFailureRecord>> {
    const rows = keys.length ? await this.ctx.q().select().from(signInFailures).where(inArray(signInFailures.throttleKey, keys)) : [];
    return new Map(rows.map((r) => [r.throttleKey, { failures: r.failures, lastFailure: r.lastFailureMs }]));
  }

  async fail(keys: string[], now: number, forgetAfterMs: number): Promise<void> {
    const stale = now - forgetAfterMs;
    // Keys in one order: two processes failing the same keys lock their rows in the same order
    // and so never deadlock each other.
    const ordered = [...new Set(keys)].sort();
    await this.ctx.transaction(async () => {
      for (const key of ordered) {
        await this.ctx
          .q()
          .insert(signInFailures)
          .values({ throttleKey: key, failures: 1, lastFailureMs: now })
          .onConflictDoUpdate({
            target: signInFailures.throttleKey,
            set: {
              failures: sql`CASE WHEN ${signInFailures.lastFailureMs} < ${stale} THEN 1 ELSE ${signInFailures.failures} + 1 END`,
              lastFailureMs: sql`greatest(${signInFailures.lastFailureMs}, excluded.last_failure_ms)`,
            },
          });
      }
    });
  }

  async clear(key: string): Promise<void> {
    await this.ctx.q().delete(signInFailures).where(eq(signInFailures.throttleKey, key));
  }

  async forgetBefore(cutoff: number): Promise<void> {
    await this.ctx.q().delete(signInFailures).where(lt(signInFailures.lastFailureMs, cutoff));
  }
}
