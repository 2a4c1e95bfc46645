import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';

/**
 * A repository as its callers see it: every method returns a Promise. The SQLite classes stay
 * synchronous inside (better-sqlite3 is synchronous); a Postgres implementation is asynchronous
 * for real. Callers written against this type are correct for both.
 */
export type Promised<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

/**
 * The one SQLite connection, shared by every repository, with at most one transaction open on it.
 *
 * better-sqlite3 has one connection per process, so a transaction is simply BEGIN IMMEDIATE …
 * COMMIT on that connection. An async transaction body awaits, and while it waits any other
 * caller's statement would run on the same connection — inside our transaction, committed or
 * rolled back with it. The gate prevents that:
 * - transactions take turns (a queue: one open at a time);
 * - a repository call from outside the open transaction waits until it ends;
 * - a call made inside the transaction (its async context, tracked by AsyncLocalStorage) runs at
 *   once: it is part of the transaction, and waiting for itself would deadlock.
 * With no transaction open, a call runs at once, synchronously, exactly as before.
 */
export class ConnectionGate {
  private readonly inside = new AsyncLocalStorage<true>();
  /** Resolves when the open transaction ends; undefined while none is open. */
  private open: Promise<void> | undefined;
  /** The tail of the transaction queue. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly sqlite: Database.Database) {}

  /** A repository call: at once unless another caller's transaction holds the connection. */
  async call<T>(run: () => T): Promise<Awaited<T>> {
    while (this.open && !this.inside.getStore()) await this.open;
    return await run();
  }

  /**
   * Run `body` as one transaction: BEGIN IMMEDIATE (the write lock at once, so two processes on
   * the file never deadlock upgrading a read), COMMIT when it resolves, ROLLBACK when it throws.
   * A transaction started inside another joins it (SQLite has one per connection).
   */
  async transaction<T>(body: () => Promise<T>): Promise<T> {
    if (this.inside.getStore()) return body();
    const turn = this.queue;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    this.queue = turn.then(() => finished);
    await turn;
    this.open = finished;
    try {
      this.sqlite.exec('BEGIN IMMEDIATE');
      try {
        const result = await this.inside.run(true, body);
        this.sqlite.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
        throw err;
      }
    } finally {
      this.open = undefined;
      done();
    }
  }

  /** `target` behind the gate: each method call waits its turn and returns a Promise. */
  guard<T extends object>(target: T): Promised<T> {
    return new Proxy(target, {
      get: (obj, prop, receiver) => {
        const value: unknown = Reflect.get(obj, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => this.call(() => (value as (...a: unknown[]) => unknown).apply(obj, args));
      },
    }) as unknown as Promised<T>;
  }
}

const gates = new WeakMap<Database.Database, ConnectionGate>();

/** The gate of a connection: one per connection, however many repository sets are built on it. */
export function gateOf(sqlite: Database.Database): ConnectionGate {
  let gate = gates.get(sqlite);
  if (!gate) gates.set(sqlite, (gate = new ConnectionGate(sqlite)));
  return gate;
}
