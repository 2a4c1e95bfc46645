import { afterEach, describe, expect, it } from 'vitest';
import { PipelineRunner } from '../../src/core/pipeline/runner.js';
import { PipelineDispatcher } from '../../src/core/pipeline/dispatcher.js';
import { JobEvents } from '../../src/core/pipeline/events.js';
import type { StageDefinition } from '../../src/core/pipeline/stage.js';
import type { JobRow } from '../../src/core/records.js';
import { backends, type BackendKind } from '../helpers/backends.js';
import { appBackends, openTestApp } from '../helpers/app.js';
import { loadConfig } from '../../src/config.js';
import { spawnSync } from 'node:child_process';
import { newWorkOwner } from '../../src/core/domain/work-owner.js';

async function world(kind: BackendKind) {
  const b = await kind.open();
  await b.raw("INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'a@b.test', 'x')");
  const job = async (name: string) => {
    const j = await b.repos.jobs.create({ userId: 'u1', name, origin: 'http' });
    await b.repos.jobs.transition(j.jobId, 'NEW', 'PDF_SAVED', {});
    return j.jobId;
  };
  return { ...b, close: () => b.close(), job };
}

describe.each(backends())('the pipeline dispatcher on $name: the one place pipeline work starts', (kind) => {
  let cleanup = async () => {};
  afterEach(() => cleanup());

  it.skipIf(kind.skip)('a sweep runs every unfinished job it may claim, at most `concurrency` at once, and tells the job channel of each transition', async () => {
    const w = await world(kind);
    cleanup = () => w.close();
    let inStage = 0;
    let most = 0;
    const stages: StageDefinition[] = [
      { name: 'read', from: 'PDF_SAVED', to: 'CONTACT_MAP_READY', run: async () => { inStage++; most = Math.max(most, inStage); await new Promise((r) => setTimeout(r, 30)); inStage--; return {}; } },
    ];
    const ids: string[] = [];
    for (const n of ['A', 'B', 'C', 'D', 'E']) ids.push(await w.job(n));
    // Another live process holds one job: the sweep leaves it alone.
    expect(await w.repos.leases.claim(ids[4]!, 'PDF_SAVED', 'other-host:1:x', 600)).toBe(true);
    const events = new JobEvents();
    const seen: string[] = [];
    events.on('http', (job: JobRow) => void seen.push(`${job.name}:${job.status}`));
    const d = new PipelineDispatcher({ runner: new PipelineRunner({ jobs: w.repos.jobs, leases: w.repos.leases, stages }), jobs: w.repos.jobs, events, concurrency: 2, pollMs: 20 });
    d.start();
    const until = Date.now() + 20_000;
    while (['A', 'B', 'C', 'D'].some((n) => !seen.includes(`${n}:CONTACT_MAP_READY`)) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await d.close();
    expect(seen.sort()).toEqual(['A:CONTACT_MAP_READY', 'B:CONTACT_MAP_READY', 'C:CONTACT_MAP_READY', 'D:CONTACT_MAP_READY']);
    expect(most).toBeLessThanOrEqual(2);
    expect((await w.repos.jobs.getInternal(ids[4]!))?.status).toBe('PDF_SAVED');
  });

  it.skipIf(kind.skip)('a job asked for twice runs once; a job whose lease ran out is taken over by the next sweep', async () => {
    const w = await world(kind);
    cleanup = () => w.close();
    let runs = 0;
    const stages: StageDefinition[] = [{ name: 'read', from: 'PDF_SAVED', to: 'CONTACT_MAP_READY', run: async () => { runs++; await new Promise((r) => setTimeout(r, 20)); return {}; } }];
    const d = new PipelineDispatcher({ runner: new PipelineRunner({ jobs: w.repos.jobs, leases: w.repos.leases, stages }), jobs: w.repos.jobs, events: new JobEvents() });
    const id = await w.job('Twice');
    const [a, b] = await Promise.all([d.run(id), d.run(id)]);
    expect([a?.status, b?.status, runs]).toEqual(['CONTACT_MAP_READY', 'CONTACT_MAP_READY', 1]);

    const stale = await w.job('Left by a dead host');
    expect(await w.repos.leases.claim(stale, 'PDF_SAVED', 'gone-host:1:x', 600)).toBe(true);
    await w.raw("UPDATE jobs SET lease_until = '2000-01-01 00:00:00' WHERE job_id = ?", [stale]);
    expect(await d.sweep()).toBe(1);
    await d.idle();
    expect((await w.repos.jobs.getInternal(stale))?.status).toBe('CONTACT_MAP_READY');
    await d.close();
  });
});

describe.each(backends())('the sweep on $name claims the next job in one statement', (kind) => {
  it.skipIf(kind.skip)("takes over at once a job whose holder was a process of this host that is gone, leaves a live process's alone, and never runs one twice", async () => {
    const w = await world(kind);
    try {
      const runs: string[] = [];
      const stages: StageDefinition[] = [{ name: 'read', from: 'PDF_SAVED', to: 'CONTACT_MAP_READY', run: async (job) => { runs.push(job.name); return {}; } }];
      const d = new PipelineDispatcher({ runner: new PipelineRunner({ jobs: w.repos.jobs, leases: w.repos.leases, stages }), jobs: w.repos.jobs, events: new JobEvents(), concurrency: 4 });
      const host = newWorkOwner().split(':')[0];
      const deadPid = spawnSync(process.execPath, ['-e', '']).pid; // exited by now
      const hold = (jobId: string, pid: number) => w.repos.leases.claim(jobId, 'PDF_SAVED', `${host}:${pid}:x`, 600);
      const orphan = await w.job('Left by a crashed worker');
      expect(await hold(orphan, deadPid)).toBe(true);
      const busy = await w.job('Held by a live worker');
      expect(await hold(busy, process.ppid)).toBe(true); // the process that started this one: alive
      expect(await d.sweep()).toBe(1);
      await d.idle();
      expect(await d.sweep()).toBe(0);
      expect(runs).toEqual(['Left by a crashed worker']);
      expect(await w.repos.jobs.getInternal(orphan)).toMatchObject({ status: 'CONTACT_MAP_READY', leaseOwner: null });
      expect(await w.repos.jobs.getInternal(busy)).toMatchObject({ status: 'PDF_SAVED', leaseOwner: `${host}:${process.ppid}:x` });
      await d.close();
    } finally {
      await w.close();
    }
  });
});

describe.each(appBackends())('PIPELINE_CONCURRENCY on $backend', ({ backend, skip }) => {
  it.skipIf(skip)("sets how many jobs a process's own sweep reads at once; a value that is not a positive whole number is refused by name", async () => {
    const t = await openTestApp(backend, { PIPELINE_CONCURRENCY: '1' });
    try {
      const user = await t.app.repos.users.create('est@gc.test', 'a-long-password-1');
      for (const name of ['A', 'B', 'C']) {
        const j = await t.app.repos.jobs.create({ userId: user.userId, name, origin: 'http' });
        await t.app.repos.jobs.transition(j.jobId, 'NEW', 'PDF_SAVED', {});
      }
      expect(await t.app.dispatcher.sweep()).toBe(1); // three runnable, one at a time
      await t.app.dispatcher.close();
    } finally {
      await t.cleanup();
    }
    expect(() => loadConfig({ PIPELINE_CONCURRENCY: '0' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('PIPELINE_CONCURRENCY') }));
  });
});
