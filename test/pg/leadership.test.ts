import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterLeadership } from '../../src/core/cluster/leadership.js';
import { LeaderLock } from '../../src/db/pg/leader.js';
import { postgresAvailable, postgresSkipReason } from '../helpers/postgres.js';
import { eventually, migratedDatabase, type MigratedDatabase } from './pg-helpers.js';

const until = (condition: () => boolean) => eventually(() => Promise.resolve(condition() ? true : undefined));

/** Work that counts how many copies of it run at once, as the mailbox reader or the outreach clock would. */
function countedWork() {
  const state = { running: 0, most: 0, starts: 0 };
  const start = (who: string[]) => (label: string) => () => {
    state.running++;
    state.starts++;
    state.most = Math.max(state.most, state.running);
    who.push(label);
    return Promise.resolve(async () => {
      state.running--;
      who.splice(who.indexOf(label), 1);
      await Promise.resolve();
    });
  };
  return { state, start };
}

describe('work that runs in one process at a time, without a cluster (SQLite)', () => {
  it('starts here at once, and a failure to start reaches the caller', async () => {
    const leadership = new ClusterLeadership();
    const who: string[] = [];
    const { state, start } = countedWork();
    const stop = await leadership.lead('mailbox', start(who)('here'));
    expect(who).toEqual(['here']);
    await stop();
    expect(state.running).toBe(0);
    await expect(leadership.lead('mailbox', () => Promise.reject(new Error('IMAP refused the login')))).rejects.toThrow('IMAP refused the login');
  });
});

describe.skipIf(!postgresAvailable())(`work led across processes on Postgres${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let m: MigratedDatabase;
  beforeAll(async () => {
    m = await migratedDatabase();
  });
  afterAll(async () => {
    await m?.close();
  });

  it('one of two serves runs the work; when it stops — or its lock session is killed — the other takes over, never both at once', async () => {
    const who: string[] = [];
    const { state, start } = countedWork();
    const locks: LeaderLock[] = [];
    const serve = () =>
      new ClusterLeadership({
        retryMs: 100,
        lockFor: (name) => {
          const l = new LeaderLock(m.db.url, name, { checkMs: 100 });
          locks.push(l);
          return l;
        },
      });
    const stopA = await serve().lead('outreach-clock', start(who)('A'));
    await until(() => who.length === 1);
    const stopB = await serve().lead('outreach-clock', start(who)('B'));
    await until(() => locks.length === 2); // B is asking
    expect(locks.filter((l) => l.held)).toHaveLength(1);
    // The leader's lock session is killed (a lost connection, a failover): its work stops, someone leads again.
    const admin = m.pool(1);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'redbutton leader:outreach-clock' AND pid <> pg_backend_pid()
                       AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`);
    await until(() => state.starts >= 2 && who.length === 1);
    // The one leading now stops for good: the other takes over.
    const current = who[0]!;
    await (current === 'A' ? stopA() : stopB());
    await until(() => who.length === 1 && who[0] !== current);
    await (current === 'A' ? stopB() : stopA());
    expect(who).toEqual([]);
    expect(state.most).toBe(1);
  });
});
