import type { JobRow, JobStatus } from '../records.js';
import type { JobPatch } from '../../db/repositories/index.js';
import type { Logger } from '../log.js';

/**
 * A pipeline stage = a definition (which status it consumes and produces) + a handler. The handler
 * reads its inputs from the job row and its refs, writes new artifacts, and returns the fields to
 * set; the runner moves the status with a conditional update. A handler must be safe to re-run
 * after a crash (artifacts are written under the same server-chosen keys, atomically).
 */
export interface StageDefinition {
  /** Short name used in logs and `failed_stage`. */
  name: string;
  from: JobStatus;
  to: JobStatus;
  run(job: JobRow, ctx: StageRunContext): Promise<JobPatch>;
}

export interface StageRunContext {
  log: Logger;
  /** Called with page progress on long stages (CLI progress bars, Slack updates). */
  progress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

export interface ProgressEvent {
  jobId: string;
  stage: string;
  done: number;
  total: number;
}
