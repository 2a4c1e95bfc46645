import { newWorkOwner } from '../../core/domain/work-owner.js';
import type pg from 'pg';
import { logger } from '../../core/log.js';

/**
 * Claims and leases on Postgres, for work rows that several processes on several hosts pick from
 * (jobs waiting for a stage, queued e-mails, inbound mail). A claim is one statement:
 * `SELECT … FOR UPDATE SKIP LOCKED LIMIT 1` finds a row nobody holds and nobody is claiming at this
 * instant (a row another transaction is claiming is skipped, never waited on), and the same
 * statement writes our name and a lease end on it. The lease is kept alive by heartbeats; a row
 * whose lease has run out belongs to nobody, so a process that died anywhere — another host, a
 * killed container — loses its rows once the lease ends (no pid checks, which only work on one
 * host). All times are the database's clock, so hosts' clock skew does not matter.
 */
export interface LeaseTable {
  /** Table and column names: fixed by code, checked to be plain identifiers. */
  table: string;
  id: string;
  owner: string;
  until: string;
  /** The SQL condition of rows waiting for work (fixed text from code, never input). */
  ready: string;
  /** Which waiting row goes first. */
  orderBy: string;
}

/** Jobs the pipeline still has a stage to run for. */
export const JOB_LEASES: LeaseTable = {
  table: 'jobs',
  id: 'job_id',
  owner: 'lease_owner',
  until: 'lease_until',
  ready: "status IN ('NEW', 'PDF_SAVED', 'IMAGES_EXTRACTED', 'LLM_SUBMITTED')",
  orderBy: 'updated_at, job_id',
};

/** Inbound messages claimed but not done (a reader that died mid-message). */
export const INBOUND_LEASES: LeaseTable = {
  table: 'email_inbound',
  id: 'message_key',
  owner: 'claimed_by',
  until: 'claim_until',
  ready: "status = 'CLAIMED'",
  orderBy: 'created_at, message_key',
};

const IDENT = /^[a-z_][a-z0-9_]*$/;
const ORDER = /^[a-z_][a-z0-9_]*(?: (?:asc|desc))?(?:, [a-z_][a-z0-9_]*(?: (?:asc|desc))?)*$/i;

function checked(t: LeaseTable): LeaseTable {
  for (const name of [t.table, t.id, t.owner, t.until]) if (!IDENT.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  if (!ORDER.test(t.orderBy)) throw new Error(`not a plain ORDER BY list: ${t.orderBy}`);
  return t;
}

/** `<host>:<pid>:<random>`: readable in the table, unique across hosts and restarts (the one owner format, core/domain/work-owner.ts). */
export const workerIdentity = (): string => newWorkOwner();

export interface Claimed {
  id: string;
  /** The owner whose lease had run out when we took the row over (null for a free row). */
  tookOverFrom: string | null;
}

export interface LeaseOptions {
  /** How long a lease lasts without a heartbeat. */
  leaseSeconds: number;
}

type Queryable = Pick<pg.Pool, 'query'>;

/** Claim the next waiting row nobody holds (or whose holder's lease ran out); null when none. */
export async function claimNext(db: Queryable, table: LeaseTable, owner: string, options: LeaseOptions): Promise<Claimed | null> {
  const t = checked(table);
  const r = await db.query<{ id: string; previous: string | null }>(
    `WITH next AS (
       SELECT ${t.id} AS id, ${t.owner} AS previous FROM ${t.table}
       WHERE (${t.ready}) AND (${t.owner} IS NULL OR ${t.until} < now())
       ORDER BY ${t.orderBy}
       LIMIT 1
       FOR UPDATE SKIP LOCKED
     )
     UPDATE ${t.table} SET ${t.owner} = $1, ${t.until} = now() + make_interval(secs => $2)
     FROM next WHERE ${t.table}.${t.id} = next.id
     RETURNING next.id, next.previous`,
    [owner, options.leaseSeconds],
  );
  const row = r.rows[0];
  if (!row) return null;
  if (row.previous) logger.warn({ table: t.table, id: row.id, previous: row.previous, owner }, 'lease taken over after it ran out');
  return { id: row.id, tookOverFrom: row.previous };
}

/** Claim one named row (free, ours already, or with a run-out lease); false if someone holds it. */
export async function claimRow(db: Queryable, table: LeaseTable, id: string, owner: string, options: LeaseOptions): Promise<boolean> {
  const t = checked(table);
  const r = await db.query(
    `UPDATE ${t.table} SET ${t.owner} = $1, ${t.until} = now() + make_interval(secs => $2)
     WHERE ${t.id} = $3 AND (${t.owner} IS NULL OR ${t.owner} = $1 OR ${t.until} < now())`,
    [owner, options.leaseSeconds, id],
  );
  return r.rowCount === 1;
}

/** Extend our lease; false when it is no longer ours (it ran out and someone took the row over). */
export async function renewLease(db: Queryable, table: LeaseTable, id: string, owner: string, options: LeaseOptions): Promise<boolean> {
  const t = checked(table);
  const r = await db.query(`UPDATE ${t.table} SET ${t.until} = now() + make_interval(secs => $3) WHERE ${t.id} = $1 AND ${t.owner} = $2`, [
    id,
    owner,
    options.leaseSeconds,
  ]);
  return r.rowCount === 1;
}

/** Give the row back (only if it is still ours). */
export async function releaseLease(db: Queryable, table: LeaseTable, id: string, owner: string): Promise<void> {
  const t = checked(table);
  await db.query(`UPDATE ${t.table} SET ${t.owner} = NULL, ${t.until} = NULL WHERE ${t.id} = $1 AND ${t.owner} = $2`, [id, owner]);
}

/**
 * A held lease with its heartbeat: renewed every third of its length; `signal` aborts when a
 * renewal finds the row taken over (or the database unreachable past the lease's end), and the
 * work must then stop — another process owns the row now.
 */
export class HeldLease {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private lastRenewed = Date.now();
  private stopped = false;

  constructor(
    private readonly db: Queryable,
    private readonly table: LeaseTable,
    readonly id: string,
    readonly owner: string,
    private readonly options: LeaseOptions,
  ) {
    const every = Math.max(50, (options.leaseSeconds * 1000) / 3);
    this.timer = setInterval(() => void this.beat(), every);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private async beat(): Promise<void> {
    if (this.stopped) return;
    try {
      if (await renewLease(this.db, this.table, this.id, this.owner, this.options)) {
        this.lastRenewed = Date.now();
        return;
      }
      this.lose('the lease was taken over');
    } catch (e) {
      // A failed renewal is not yet a loss: the lease still runs until its end.
      if (Date.now() - this.lastRenewed >= this.options.leaseSeconds * 1000) this.lose(`renewals failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private lose(why: string): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    logger.warn({ table: this.table.table, id: this.id, owner: this.owner, why }, 'lease lost');
    this.controller.abort(new Error(`lease on ${this.table.table} ${this.id} lost: ${why}`));
  }

  /** Stop the heartbeat and give the row back. */
  async release(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await releaseLease(this.db, this.table, this.id, this.owner);
  }
}

/** claimNext + a heartbeat: the usual way a worker takes its next row. */
export async function takeNext(db: Queryable, table: LeaseTable, owner: string, options: LeaseOptions): Promise<HeldLease | null> {
  const claimed = await claimNext(db, table, owner, options);
  return claimed ? new HeldLease(db, table, claimed.id, owner, options) : null;
}
