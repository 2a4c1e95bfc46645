import pg from 'pg';
import { logger } from '../../core/log.js';
import { lockKey } from './locks.js';

export interface LeaderOptions {
  /** How often the held connection is checked (a silently dead network shows up here). */
  checkMs?: number;
}

/**
 * "Only one process in the cluster does this" (the IMAP reader, timed tasks): a session-level
 * `pg_try_advisory_lock` on a connection of its own, outside the pool. Postgres holds the lock
 * as long as that session lives, so a leader that exits, crashes or is SIGKILLed anywhere loses
 * it the moment its connection closes, and the next `tryAcquire` elsewhere wins. The connection
 * is checked every `checkMs`; when it errors or ends, `signal` aborts and the leader's work must
 * stop (someone else may be leader already).
 */
export class LeaderLock {
  private client: pg.Client | undefined;
  private controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly key: [number, number];

  constructor(
    private readonly url: string,
    readonly name: string,
    private readonly options: LeaderOptions = {},
  ) {
    this.key = lockKey(`leader:${name}`);
  }

  get held(): boolean {
    return this.client !== undefined && !this.controller.signal.aborted;
  }

  /** Aborts when leadership is lost (connection gone) or released. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Become leader if nobody is; true when we are (now or already). */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const client = new pg.Client({ connectionString: this.url, application_name: `redbutton leader:${this.name}`, keepAlive: true });
    client.on('error', (e) => this.lose(client, e.message));
    await client.connect();
    let got = false;
    try {
      const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', this.key);
      got = r.rows[0]?.ok === true;
    } finally {
      if (!got) await client.end().catch(() => {});
    }
    if (!got) return false;
    this.client = client;
    this.controller = new AbortController();
    client.on('end', () => this.lose(client, 'connection closed'));
    this.timer = setInterval(() => {
      client.query('SELECT 1').catch((e: unknown) => this.lose(client, e instanceof Error ? e.message : String(e)));
    }, this.options.checkMs ?? 5000);
    this.timer.unref();
    logger.info({ lock: this.name }, 'became leader');
    return true;
  }

  private lose(client: pg.Client, why: string): void {
    if (client !== this.client) return;
    this.client = undefined;
    clearInterval(this.timer);
    logger.warn({ lock: this.name, why }, 'leadership lost');
    this.controller.abort(new Error(`leadership of ${this.name} lost: ${why}`));
    client.end().catch(() => {});
  }

  /** Step down: unlock and close the connection (closing alone would release it too). */
  async release(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    clearInterval(this.timer);
    this.controller.abort(new Error(`leadership of ${this.name} released`));
    try {
      await client.query('SELECT pg_advisory_unlock($1, $2)', this.key);
    } finally {
      await client.end().catch(() => {});
    }
  }
}
