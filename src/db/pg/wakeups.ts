import pg from 'pg';
import { logger } from '../../core/log.js';

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

function checkedChannel(channel: string): string {
  if (!CHANNEL.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
  return channel;
}

/** Tell the listeners on `channel` there is work (delivered when the surrounding transaction commits). */
export async function notifyWork(db: Pick<pg.Pool, 'query'>, channel: string, payload = ''): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [checkedChannel(channel), payload]);
}

export type WakeReason = 'notify' | 'poll' | 'closed';

export interface WakeUpOptions {
  /** The polling fallback: wake at least this often even if no notification came. */
  pollMs: number;
  /** Wait before reconnecting a lost LISTEN connection. */
  reconnectMs?: number;
}

/**
 * Wake-ups for idle workers: LISTEN on a connection of its own, so a committed NOTIFY wakes a
 * waiting `next()` at once. Notifications are not stored — one sent while the connection is down
 * is lost — so `next()` also resolves every `pollMs`, and the worker then looks for work anyway;
 * a lost connection is re-opened in the background meanwhile.
 */
export class WakeUps {
  private client: pg.Client | undefined;
  private pending = false;
  private waiters: ((reason: WakeReason) => void)[] = [];
  private closed = false;
  private connecting: Promise<void> | undefined;
  private readonly channels: string[];

  constructor(
    private readonly url: string,
    channels: string[],
    private readonly options: WakeUpOptions,
  ) {
    this.channels = channels.map(checkedChannel);
  }

  /** Connect and LISTEN; resolves once notifications are being received. */
  start(): Promise<void> {
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'redbutton wake-ups', keepAlive: true });
    client.on('error', (e) => this.lost(client, e.message));
    client.on('end', () => this.lost(client, 'connection closed'));
    client.on('notification', () => this.wake('notify'));
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`LISTEN ${channel}`);
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private lost(client: pg.Client, why: string): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    logger.warn({ why }, 'wake-up connection lost; polling until it is back');
    client.end().catch(() => {});
    const retry = () => {
      if (this.closed || this.client) return;
      this.start().catch((e: unknown) => {
        logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'wake-up reconnect failed');
        setTimeout(retry, this.options.reconnectMs ?? 1000).unref();
      });
    };
    setTimeout(retry, this.options.reconnectMs ?? 1000).unref();
  }

  private wake(reason: WakeReason): void {
    const waiters = this.waiters;
    this.waiters = [];
    if (waiters.length === 0 && reason === 'notify') this.pending = true; // nobody waiting yet: keep it for the next wait
    for (const w of waiters) w(reason);
  }

  /** Resolve on the next notification (or one that came since the last wait), the poll interval, or close. */
  next(): Promise<WakeReason> {
    if (this.closed) return Promise.resolve('closed');
    if (this.pending) {
      this.pending = false;
      return Promise.resolve('notify');
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve('poll');
      }, this.options.pollMs);
      const done = (reason: WakeReason) => {
        clearTimeout(timer);
        resolve(reason);
      };
      this.waiters.push(done);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake('closed');
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}

/**
 * A wait for one channel's notifications, as the polling loops that use it want it: `wait(ms)`
 * resolves on a notification or after `ms`. The LISTEN connection opens on the first wait; while
 * it cannot be opened, the wait is the plain poll (and the next wait tries again).
 */
export class ChannelWait {
  private wakeUps: WakeUps | undefined;
  private listening = false;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    /** What the notifications announce, for the log line when LISTEN fails. */
    private readonly what: string,
  ) {}

  /** Open the LISTEN connection now (else the first wait does); rejects when it cannot be opened. */
  async listen(pollMs: number): Promise<void> {
    this.wakeUps ??= new WakeUps(this.url, [this.channel], { pollMs });
    if (this.listening) return;
    await this.wakeUps.start();
    this.listening = true; // from now on WakeUps re-opens a lost connection itself
  }

  async wait(ms: number): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.listening) {
        await this.listen(ms);
        // A notification sent before LISTEN took effect is lost: let the caller look once more now.
        return;
      }
    } catch (e) {
      logger.warn({ err: e instanceof Error ? e.message : String(e) }, `cannot LISTEN for ${this.what}; polling`);
      await new Promise((r) => setTimeout(r, ms));
      return;
    }
    await this.wakeUps!.next();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.wakeUps?.close();
  }
}
