import { AsyncLocalStorage } from 'node:async_hooks';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgHandle } from '../client.js';
import type * as schema from '../schema.js';

/** A drizzle handle on Postgres: the pool, or the transaction the caller is inside. */
export type PgQueries = PgDatabase<NodePgQueryResultHKT, typeof schema>;

/**
 * What every Postgres repository is built on: the pool, and the transaction open in the caller's
 * async context, if any. The same repository objects serve inside and outside a transaction —
 * `q()` hands each statement the transaction when `repos.transaction(body)` is running `body`
 * (AsyncLocalStorage follows the awaits), and the pool otherwise — so the Repositories a
 * transaction body receives are the ordinary ones, as on SQLite.
 *
 * Unlike SQLite's one connection, Postgres runs transactions side by side (READ COMMITTED): a body
 * that reads a row and then writes it must lock what it read (`FOR UPDATE`) or write conditionally
 * (`UPDATE … WHERE state = expected`), never rely on nobody else running meanwhile.
 */
export class PgContext {
  private readonly tx = new AsyncLocalStorage<PgQueries>();

  constructor(readonly handle: PgHandle) {}

  /** The queries of the current transaction, or of the pool. */
  q(): PgQueries {
    return this.tx.getStore() ?? this.handle.db;
  }

  /** Whether the caller is inside `transaction()`. */
  get inTransaction(): boolean {
    return this.tx.getStore() !== undefined;
  }

  /**
   * Run `body` in one transaction (COMMIT when it resolves, ROLLBACK when it throws). Inside an
   * open transaction it joins that one, as SQLite does.
   */
  async transaction<T>(body: () => Promise<T>): Promise<T> {
    if (this.tx.getStore()) return body();
    return this.handle.db.transaction((tx) => this.tx.run(tx as unknown as PgQueries, body));
  }
}

/** Rows an UPDATE/DELETE/INSERT touched (node-postgres' rowCount; null for statements without one). */
export const affected = (result: { rowCount: number | null }): number => result.rowCount ?? 0;
