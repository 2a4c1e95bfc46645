import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import { PipelineRunner } from '../../src/core/pipeline/runner.js';
import { PipelineDispatcher } from '../../src/core/pipeline/dispatcher.js';
import { JobEvents } from '../../src/core/pipeline/events.js';
import type { StageDefinition } from '../../src/core/pipeline/stage.js';
import type { JobRow } from '../../src/core/records.js';
import { createTestApp, makeTempDir } from '../helpers/app.js';
import { loadConfig } from '../../src/config.js';
import { spawnSync } from 'node:child_process';
import { newWorkOwner } from '../../src/core/domain/work-owner.js';

function world() {
  const t = makeTempDir();
  const handle = openDatabase(join(t.dir, 'db.sqlite'));
  migrate(handle.sqlite);
  const repos = createRepositories(handle.db);
  handle.sqlite.prepare("INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'a@b.test', 'x')").run();
  const job = async (name: string) => {
    const j = await repos.jobs.create({ userId: 'u1', name, origin: 'http' });
    await repos.jobs.transition(j.jobId, 'NEW', 'PDF_SAVED', {});
    return j.jobId;
  };
  return { t, handle, repos, job };
}

describe('the pipeline dispatcher: the one place pipeline work starts', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('a sweep runs every unfinished job it may claim, at most `concurrency` at once, and tells the job channel of each transition', async () => {
    const w = world();
    const dispatchers: PipelineDispatcher[] = [];
    cleanup = () => {
      w.handle.close();
      w.t.cleanup();
    };
    let inStage = 0;
    let most = 0;
    const stages: StageDefinition[] = [
      { name: 'read', from: 'PDF_SAVED', to: 'CONTACT_MAP_READY', run: async () => { inStage++; most = Math.max(most, inStage); await new Promise((r) => setTimeout(r, 30)); inStage--; return {}; } },
    ];
    const ids: string[] = [];
    for (const n of ['A', 'B', 'C', 'D', 'E']) ids.push(await w.job(n));
    // Another live process holds one job: the sweep leaves it alone.
    w.handle.sqlite.prepare("UPDATE jobs SET lease_owner = 'other-host:1:x', lease_until = datetime('now', '+10 minutes') WHERE job_id = ?").run(ids[4]);
    const events = new JobEvents();
    const seen: string[] = [];
    events.on('http', (job: JobRow) => void seen.push(`${job.name}:${job.status}`));
    const d = new PipelineDispatcher({ runner: new PipelineRunner({ jobs: w.repos.jobs, leases: w.repos.leases, stages }), jobs: w.repos.jobs, events, concurrency: 2, pollMs: 20 });
    dispatchers.push(d);
    d.start();
    const until = Date.now() + 20_000;
    while (['A', 'B', 'C', 'D'].some((n) => !seen.includes(`${n}:CONTACT_MAP_READY`)) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await d.close();
    expect(seen.sort()).toEqual(['A:CONTACT_MAP_READY', 'B:CONTACT_MAP_READY', 'C:CONTACT_MAP_READY', 'D:CONTACT_MAP_READY']);
    expect(most).toBeLessThanOrEqual(2);
    expect((await w.repos.jobs.getInternal(ids[4]!))?.status).toBe('PDF_SAVED');
  });

  it('a job asked for twice runs once; a job whose lease ran out is taken over by the next sweep', async () => {
    const w = world();
    cleanup = () => {
      w.handle.close();
      w.t.cleanup();
    };
    let runs = 0;
    const stages: StageDefinition[] = [{ name: 'read', from: 'PDF_SAVED', to: 'CONTACT_MAP_READY', run: async () => { runs++; await new Promise((r) => setTimeout(r, 20)); return {}; } }];
    const d = new PipelineDispatcher({ runner: new PipelineRunner({ jobs: w.repos.jobs, leases: w.repos.leases, stages }), jobs: w.repos.jobs, events: new JobEvents() });
    const id = await w.job('Twice');
    const [a, b] = await Promise.all([d.run(id), d.run(id)]);
    expect([a?.status, b?.status, runs]).toEqual(['CONTACT_MAP_READY', 'CONTACT_MAP_READY', 1]);

    const stale = await w.job('Left by a dead host');
    w.handle.sqlite.prepare("UPDATE jobs SET lease_owner = 'gone-host:1:x', lease_until = datetime('now', '-1 minute') WHERE job_id = ?").run(stale);
    expect(await d.sweep()).toBe(1);
    await d.idle();
    expect((await w.repos.jobs.getInternal(stale))?.status).toBe('CONTACT_MAP_READY');
    await d.close();
  });
});

describe('the sweep claims the next job in one statement', () => {
  it("takes over at once a job whose holder was a process of this host that is gone, leaves a live process's alone, and never runs one twice", async () => {
    const w = world();
    try {
      const runs: string[] = [];
      const stages: StageDefinition[] = [{ name: 'read', from: 'PDF_SAVED', to: 'CONTACT_MAP_READY', run: async (job) => { runs.push(job.name); return {}; } }];
      const d = new PipelineDispatcher({ runner: new PipelineRunner({ jobs: w.repos.jobs, leases: w.repos.leases, stages }), jobs: w.repos.jobs, events: new JobEvents(), concurrency: 4 });
      const host = newWorkOwner().split(':')[0];
      const deadPid = spawnSync(process.execPath, ['-e', '']).pid; // exited by now
      const hold = (jobId: string, pid: number) =>
        w.handle.sqlite.prepare("UPDATE jobs SET lease_owner = ?, lease_until = datetime('now', '+10 minutes') WHERE job_id = ?").run(`${host}:${pid}:x`, jobId);
      const orphan = await w.job('Left by a crashed worker');
      hold(orphan, deadPid);
      const busy = await w.job('Held by a live worker');
      hold(busy, process.ppid); // the process that started this one: alive
      expect(await d.sweep()).toBe(1);
      await d.idle();
      expect(await d.sweep()).toBe(0);
      expect(runs).toEqual(['Left by a crashed worker']);
      expect(await w.repos.jobs.getInternal(orphan)).toMatchObject({ status: 'CONTACT_MAP_READY', leaseOwner: null });
      expect(await w.repos.jobs.getInternal(busy)).toMatchObject({ status: 'PDF_SAVED', leaseOwner: `${host}:${process.ppid}:x` });
      await d.close();
    } finally {
      w.handle.close();
      w.t.cleanup();
    }
  });
});

describe('PIPELINE_CONCURRENCY', () => {
  it("sets how many jobs a process's own sweep reads at once; a value that is not a positive whole number is refused by name", async () => {
    const t = createTestApp({ PIPELINE_CONCURRENCY: '1' });
    try {
      const user = await t.app.repos.users.create('est@gc.test', 'a-long-password-1');
      for (const name of ['A', 'B', 'C']) {
        const j = await t.app.repos.jobs.create({ userId: user.userId, name, origin: 'http' });
        await t.app.repos.jobs.transition(j.jobId, 'NEW', 'PDF_SAVED', {});
      }
      expect(await t.app.dispatcher.sweep()).toBe(1); // three runnable, one at a time
      await t.app.dispatcher.close();
    } finally {
      t.cleanup();
    }
    expect(() => loadConfig({ PIPELINE_CONCURRENCY: '0' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('PIPELINE_CONCURRENCY') }));
  });
});
