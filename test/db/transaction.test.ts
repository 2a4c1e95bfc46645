import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type DbHandle } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';
import { makeTempDir } from '../helpers/app.js';

/**
 * repos.transaction on the one SQLite connection: its body awaits, and nobody else's statement
 * may land inside it meanwhile (it would be committed or rolled back with a stranger's work).
 */
describe('repository transactions', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  async function setup(): Promise<{ handle: DbHandle; repos: Repositories; jobId: string; versions: () => number[] }> {
    const t = makeTempDir();
    const handle = openDatabase(join(t.dir, 'db.sqlite'));
    cleanup = () => {
      handle.close();
      t.cleanup();
    };
    migrate(handle.sqlite);
    const repos = createRepositories(handle.db);
    const user = await repos.users.create('est@gc.test', 'long enough password');
    const job = await repos.jobs.create({ userId: user.userId, name: 'Library' });
    const versions = () => (handle.sqlite.prepare('SELECT version FROM contacts_map_history WHERE job_id = ? ORDER BY version').all(job.jobId) as { version: number }[]).map((r) => r.version);
    return { handle, repos, jobId: job.jobId, versions };
  }
  const version = (jobId: string, v: number) => ({ jobId, version: v, ref: `file:v${v}`, userId: null, summary: `v${v}` });

  it('commits what the body wrote, and a body that throws leaves nothing behind', async () => {
    const { repos, jobId, versions } = await setup();
    await repos.transaction(async (tx) => {
      await tx.mapHistory.append(version(jobId, 1));
      await tx.mapHistory.append(version(jobId, 2));
    });
    await expect(
      repos.transaction(async (tx) => {
        await tx.mapHistory.append(version(jobId, 3));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(versions()).toEqual([1, 2]);
  });

  it('a write from outside waits for the open transaction, so its rollback does not take the outsider with it', async () => {
    const { repos, jobId, versions } = await setup();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const tx = repos.transaction(async (t) => {
      await t.mapHistory.append(version(jobId, 1));
      entered();
      await held; // the body awaits something else (a file, the network): the connection stays ours
      throw new Error('the edit lost its race');
    });
    await inside;
    let outsiderDone = false;
    const outsider = repos.mapHistory.append(version(jobId, 2)).then(() => (outsiderDone = true));
    await new Promise((r) => setImmediate(r));
    expect(outsiderDone).toBe(false); // still waiting: it is not part of the transaction
    release();
    await expect(tx).rejects.toThrow('lost its race');
    await outsider;
    expect(versions()).toEqual([2]);
  });

  it('two transactions take turns: the second sees what the first committed', async () => {
    const { repos, jobId, versions } = await setup();
    const next = (tx: Repositories) => async () => {
      const have = (await tx.mapHistory.listForUser((await tx.jobs.getInternal(jobId))!.userId, jobId)).length;
      await new Promise((r) => setImmediate(r)); // yield between the read and the write
      await tx.mapHistory.append(version(jobId, have + 1));
    };
    await Promise.all([repos.transaction((tx) => next(tx)()), repos.transaction((tx) => next(tx)())]);
    expect(versions()).toEqual([1, 2]);
  });
});
