import type { JobRow } from '../records.js';
import type { Repositories } from '../../db/repositories/index.js';
import { isAppError, userMessageOf } from '../errors.js';
import { logger as rootLogger, type Logger } from '../log.js';
import type { ProgressEvent, StageDefinition } from './stage.js';
import { newWorkOwner, ownerIsGone } from '../domain/work-owner.js';

export interface RunnerDeps {
  jobs: Repositories['jobs'];
  leases: Repositories['leases'];
  stages: StageDefinition[];
  logger?: Logger;
  /** How long a claim on a job lasts while a stage runs (renewed per stage). */
  leaseSeconds?: number;
  /** A stage that has crashed the process this many times fails the job instead of looping. */
  maxAttempts?: number;
}

export interface RunOptions {
  onProgress?: (e: ProgressEvent) => void;
  /** Called after each committed transition (channels post progress from here). */
  onTransition?: (job: JobRow) => void | Promise<void>;
  signal?: AbortSignal;
}

/**
 * Runs jobs through the stages. Every step is: claim (lease) → run the handler → conditional
 * status update. Two runners on one job cannot both run a stage (the lease), and if one dies its
 * lease expires — or is broken at once when it was this host's process and that process is gone —
 * so a restarted process resumes every unfinished job.
 */
export class PipelineRunner {
  readonly owner = newWorkOwner();
  private readonly log: Logger;
  private readonly leaseSeconds: number;
  private readonly maxAttempts: number;

  constructor(private readonly deps: RunnerDeps) {
    this.log = deps.logger ?? rootLogger;
    this.leaseSeconds = deps.leaseSeconds ?? 15 * 60;
    this.maxAttempts = deps.maxAttempts ?? 5;
  }

  /**
   * Drive one job as far as the stages go. Returns the job as it ends up. The lease is kept from
   * one stage to the next (renewed by each claim) and released only when the run ends, so another
   * process's sweep cannot take the job between two stages — the channel that asked for the run
   * sees it through to the end.
   */
  async runJob(jobId: string, opts: RunOptions = {}): Promise<JobRow | undefined> {
    try {
      return await this.runStages(jobId, opts);
    } finally {
      await this.deps.leases.release(jobId, this.owner); // a no-op when another owner holds it
    }
  }

  private async runStages(jobId: string, opts: RunOptions): Promise<JobRow | undefined> {
    const log = this.log.child({ jobId });
    for (;;) {
      const job = await this.deps.jobs.getInternal(jobId);
      if (!job) return undefined;
      const stage = this.deps.stages.find((s) => s.from === job.status);
      if (!stage) return job;
      if (opts.signal?.aborted) return job;
      if (!(await this.claim(job))) {
        log.info({ status: job.status, leaseOwner: job.leaseOwner }, 'job is being run by another worker');
        return job;
      }
      const attempts = await this.deps.jobs.bumpAttempts(jobId);
      if (attempts > this.maxAttempts) {
        await this.deps.jobs.fail(jobId, stage.name, `Stopped after ${this.maxAttempts} attempts at "${stage.name}"; the file may be too large or malformed. Try a smaller or re-saved PDF.`);
        return await this.deps.jobs.getInternal(jobId);
      }
      const started = Date.now();
      log.info({ stage: stage.name, from: stage.from, attempt: attempts }, 'stage started');
      try {
        const patch = await stage.run(job, { log, progress: opts.onProgress, signal: opts.signal });
        const moved = await this.deps.jobs.transition(jobId, stage.from, stage.to, { ...patch });
        log.info({ stage: stage.name, to: stage.to, moved, ms: Date.now() - started }, 'stage finished');
        if (!moved) return await this.deps.jobs.getInternal(jobId);
        await this.deps.jobs.resetAttempts(jobId);
        const after = (await this.deps.jobs.getInternal(jobId))!;
        await opts.onTransition?.(after);
      } catch (e) {
        const reason = userMessageOf(e);
        log.error({ stage: stage.name, err: e, code: isAppError(e) ? e.code : undefined }, 'stage failed');
        await this.deps.jobs.fail(jobId, stage.name, reason);
        await this.deps.leases.release(jobId, this.owner); // the job's channel may act on the failure at once
        const after = await this.deps.jobs.getInternal(jobId);
        if (after) await opts.onTransition?.(after);
        return after;
      }
    }
  }

  /**
   * Holders of live leases on unfinished jobs that are known gone (the work-owner rule: this
   * host's dead processes, this process's stopped holders) — their jobs may be taken before the lease ends.
   */
  async goneHolders(): Promise<string[]> {
    return (await this.deps.leases.holders()).filter((owner) => owner !== this.owner && ownerIsGone(owner));
  }

  /**
   * Lease the next job this runner may take — free, its lease ended, or held by one of `gone` — in
   * one claim (FOR UPDATE SKIP LOCKED on Postgres), for a sweep to run. Undefined when none waits.
   */
  async claimNext(gone: string[] = []): Promise<JobRow | undefined> {
    const claimed = await this.deps.leases.claimNext(this.owner, this.leaseSeconds, gone);
    if (!claimed) return undefined;
    const { job, previousOwner } = claimed;
    if (previousOwner && gone.includes(previousOwner)) this.log.warn({ jobId: job.jobId, deadOwner: previousOwner }, 'taking over a job from a process that died');
    else if (previousOwner) this.log.warn({ jobId: job.jobId, previousOwner }, 'taking over a job whose lease ran out');
    return job;
  }

  private async claim(job: JobRow): Promise<boolean> {
    if (job.leaseOwner && job.leaseOwner !== this.owner && ownerIsGone(job.leaseOwner)) {
      this.log.warn({ jobId: job.jobId, deadOwner: job.leaseOwner }, 'taking over a job from a process that died');
      await this.deps.leases.breakLease(job.jobId, job.leaseOwner);
    }
    return await this.deps.leases.claim(job.jobId, job.status, this.owner, this.leaseSeconds);
  }
}
