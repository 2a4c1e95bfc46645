import { setTimeout as sleep } from 'node:timers/promises';
import { logger as rootLogger, type Logger } from '../log.js';

/** A cluster-wide lock one process holds at a time (on Postgres: an advisory lock on its own session, src/db/pg/leader.ts). */
export interface LeaderLockLike {
  /** Become the holder if nobody is; true when we hold it. */
  tryAcquire(): Promise<boolean>;
  /** Aborts when the lock is lost (its connection died) or released. */
  readonly signal: AbortSignal;
  release(): Promise<void>;
}

/** Work that runs while led; resolves with how to stop it. */
export type LedWork = () => Promise<() => Promise<void>>;

export interface LeadershipOptions {
  /** A lock per name; none means this process is the only one that can run the work (SQLite, one host). */
  lockFor?: (name: string) => LeaderLockLike;
  /** How often a follower asks for the lock again. */
  retryMs?: number;
  logger?: Logger;
}

/**
 * What must run in one process of the cluster at a time — the mailbox reader, the outreach clock
 * (reminders, answer notices). Every `serve` asks; the one holding the lock runs the work, the
 * others ask again every few seconds, so when the leader exits or is killed (its lock's session
 * ends) another takes over within `retryMs`. A leader that loses its lock stops the work at once
 * (another may already lead) and asks again. On SQLite there is no lock to take: the work runs
 * here, and its claims in the database keep it exactly-once if two processes share the file.
 */
export class ClusterLeadership {
  private readonly log: Logger;
  private readonly retryMs: number;

  constructor(private readonly options: LeadershipOptions = {}) {
    this.log = (options.logger ?? rootLogger).child({ component: 'leadership' });
    this.retryMs = options.retryMs ?? 5000;
  }

  /** Whether several processes can share the work (so a lock decides who runs it). */
  get shared(): boolean {
    return this.options.lockFor !== undefined;
  }

  /**
   * Run `work` while this process leads `name`; resolves with the function that stops it and steps
   * down. Without a lock (SQLite) the work starts here and now, and a failure to start is thrown
   * to the caller as before; with one, the work starts whenever this process wins the lock.
   */
  async lead(name: string, work: LedWork): Promise<() => Promise<void>> {
    if (!this.options.lockFor) return await work();
    const stopping = new AbortController();
    const loop = this.follow(name, this.options.lockFor(name), work, stopping.signal);
    return async () => {
      stopping.abort();
      await loop;
    };
  }

  private async follow(name: string, lock: LeaderLockLike, work: LedWork, stopping: AbortSignal): Promise<void> {
    const log = this.log.child({ lock: name });
    while (!stopping.aborted) {
      let held = false;
      try {
        held = await lock.tryAcquire();
      } catch (e) {
        log.warn({ err: e }, 'could not ask for leadership; asking again later');
      }
      if (!held) {
        await sleep(this.retryMs, undefined, { signal: stopping }).catch(() => undefined);
        continue;
      }
      log.info('leading: starting the work');
      let stop: (() => Promise<void>) | undefined;
      try {
        stop = await work();
        await untilAborted(AbortSignal.any([stopping, lock.signal]));
      } catch (e) {
        log.error({ err: e }, 'the led work failed to start');
      }
      try {
        await stop?.();
      } finally {
        if (stopping.aborted || !lock.signal.aborted) await lock.release();
      }
      if (!stopping.aborted) {
        log.warn('leadership lost: work stopped; asking again');
        await sleep(this.retryMs, undefined, { signal: stopping }).catch(() => undefined);
      }
    }
  }
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
