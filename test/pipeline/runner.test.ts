import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { PipelineRunner } from '../../src/core/pipeline/runner.js';
import type { StageDefinition } from '../../src/core/pipeline/stage.js';
import { appBackends, openTestApp, repoRoot, type AnyTestApp } from '../helpers/app.js';
import { crashStages } from './crash-stages.js';

/** An App on the backend with the estimator `u1`; its repositories are what the runners below use. */
async function setup(backend: 'sqlite' | 'postgres') {
  const t = await openTestApp(backend);
  await t.raw("INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'a@b.test', 'x')");
  return Object.assign(t, { repos: t.app.repos });
}

/** Run test/pipeline/crash-worker.ts in a child process on the App's database; resolves with its exit signal/code. */
function runWorker(t: AnyTestApp, crashAt: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/pipeline/crash-worker.ts'), t.dir, crashAt], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, LOG_LEVEL: 'silent', ...t.env },
    });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

describe.each(appBackends())('pipeline runner on $backend', ({ backend, skip }) => {
  let cleanup = async () => {};
  afterEach(() => cleanup());

  it.skipIf(skip)('resumes a job after the process is killed in the middle of a stage', { timeout: 120_000 }, async () => {
    const s = await setup(backend);
    cleanup = () => s.cleanup();
    const job = await s.repos.jobs.create({ userId: 'u1', name: 'Crash test' });
    await s.repos.jobs.transition(job.jobId, 'NEW', 'PDF_SAVED', {});

    const first = await runWorker(s, 'LLM_SUBMITTED');
    expect(first.signal).toBe('SIGKILL');
    // The first stage committed; the second was running when the process died.
    const mid = (await s.repos.jobs.getInternal(job.jobId))!;
    expect(mid.status).toBe('IMAGES_EXTRACTED');
    expect(mid.leaseOwner).not.toBeNull();

    // A restarted process (new pid) takes over the dead worker's claim at once and finishes.
    const second = await runWorker(s, 'never');
    expect(second.code).toBe(0);
    const done = (await s.repos.jobs.getInternal(job.jobId))!;
    expect(done.status).toBe('CONTACT_MAP_READY');
    expect(done.leaseOwner).toBeNull();
    // Each stage's artifact was written, the interrupted one by the second process.
    for (const stage of crashStages) expect(existsSync(join(s.dir, `${job.jobId}.${stage.name}`))).toBe(true);
  });

  it.skipIf(skip)('lets only one of two runners run a stage at a time', async () => {
    const s = await setup(backend);
    cleanup = () => s.cleanup();
    const job = await s.repos.jobs.create({ userId: 'u1', name: 'Race' });
    await s.repos.jobs.transition(job.jobId, 'NEW', 'PDF_SAVED', {});
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stages: StageDefinition[] = [
      { name: 'slow', from: 'PDF_SAVED', to: 'IMAGES_EXTRACTED', run: async () => { runs += 1; await gate; return {}; } },
    ];
    const a = new PipelineRunner({ jobs: s.repos.jobs, leases: s.repos.leases, stages });
    const b = new PipelineRunner({ jobs: s.repos.jobs, leases: s.repos.leases, stages });
    const ra = a.runJob(job.jobId);
    await new Promise((r) => setImmediate(r));
    const rb = await b.runJob(job.jobId);
    expect(rb?.status).toBe('PDF_SAVED');
    release();
    expect((await ra)?.status).toBe('IMAGES_EXTRACTED');
    expect(runs).toBe(1);
  });

  it.skipIf(skip)('keeps the job between its stages: another runner asking then gets nothing to do; the lease ends with the run', async () => {
    const s = await setup(backend);
    cleanup = () => s.cleanup();
    const job = await s.repos.jobs.create({ userId: 'u1', name: 'Two stages' });
    await s.repos.jobs.transition(job.jobId, 'NEW', 'PDF_SAVED', {});
    const ran: string[] = [];
    const stages = (who: string): StageDefinition[] => [
      { name: 'one', from: 'PDF_SAVED', to: 'IMAGES_EXTRACTED', run: async () => { ran.push(`${who}:one`); return {}; } },
      { name: 'two', from: 'IMAGES_EXTRACTED', to: 'CONTACT_MAP_READY', run: async () => { ran.push(`${who}:two`); return {}; } },
    ];
    const a = new PipelineRunner({ jobs: s.repos.jobs, leases: s.repos.leases, stages: stages('a') });
    const b = new PipelineRunner({ jobs: s.repos.jobs, leases: s.repos.leases, stages: stages('b') });
    let between: { owner: string | null; other: string | undefined } | undefined;
    const done = await a.runJob(job.jobId, {
      onTransition: async (j) => {
        if (j.status !== 'IMAGES_EXTRACTED') return;
        between = { owner: (await s.repos.jobs.getInternal(j.jobId))!.leaseOwner, other: (await b.runJob(j.jobId))?.status };
      },
    });
    expect(between).toEqual({ owner: a.owner, other: 'IMAGES_EXTRACTED' });
    expect(ran).toEqual(['a:one', 'a:two']);
    expect(done?.status).toBe('CONTACT_MAP_READY');
    expect((await s.repos.jobs.getInternal(job.jobId))?.leaseOwner).toBeNull();
  });

  it.skipIf(skip)('marks the job FAILED with the reason a person can act on, and does not run later stages', async () => {
    const s = await setup(backend);
    cleanup = () => s.cleanup();
    const job = await s.repos.jobs.create({ userId: 'u1', name: 'Bad PDF' });
    await s.repos.jobs.transition(job.jobId, 'NEW', 'PDF_SAVED', {});
    const { AppError } = await import('../../src/core/errors.js');
    let later = false;
    const runner = new PipelineRunner({
      jobs: s.repos.jobs,
      leases: s.repos.leases,
      stages: [
        { name: 'read_pages', from: 'PDF_SAVED', to: 'IMAGES_EXTRACTED', run: async () => { throw new AppError('PDF_ENCRYPTED', 'encrypted', { userMessage: 'The PDF is password protected.' }); } },
        { name: 'next', from: 'IMAGES_EXTRACTED', to: 'LLM_SUBMITTED', run: async () => { later = true; return {}; } },
      ],
    });
    const done = await runner.runJob(job.jobId);
    expect(done).toMatchObject({ status: 'FAILED', failureReason: 'The PDF is password protected.', failedStage: 'read_pages' });
    expect(later).toBe(false);
    expect((await s.repos.jobs.listUnfinished()).map((j) => j.jobId)).not.toContain(job.jobId);
  });
});
