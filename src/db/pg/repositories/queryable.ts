import { sql, type SQL } from 'drizzle-orm';
import type pg from 'pg';
import type { PgContext } from './context.js';

/**
 * The claim and lease primitives (../lease.ts) speak node-postgres' `query(text, [$1, $2 …])`.
 * This gives them the repository's own handle (`ctx.q()`): inside `repos.transaction` a claim is
 * part of the caller's transaction, as every other repository statement is, instead of running
 * on a pool connection of its own that cannot see the caller's uncommitted rows.
 */
export function queryableOf(ctx: PgContext): Pick<pg.Pool, 'query'> {
  const query = async (text: string, params: unknown[] = []) => ctx.q().execute(withParams(text, params));
  return { query } as unknown as Pick<pg.Pool, 'query'>;
}

/** `… $2 … $1 …` + values → a drizzle SQL whose placeholders carry those values. */
function withParams(text: string, params: unknown[]): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, m.index)), sql`${params[Number(m[1]) - 1]}`);
    last = m.index + m[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}
