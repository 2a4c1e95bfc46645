import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StageDefinition } from '../../src/core/pipeline/stage.js';

/**
 * Stages for the crash test: each writes a marker file (its "artifact"); when the status it
 * produces equals CRASH_AT, the process kills itself with SIGKILL after writing the marker but
 * before the runner can commit — the worst moment for a crash.
 */
export function makeCrashStages(markerDir: string, crashAt: string): StageDefinition[] {
  const stage = (name: string, from: StageDefinition['from'], to: StageDefinition['to']): StageDefinition => ({
    name,
    from,
    to,
    run: async (job) => {
      writeFileSync(join(markerDir, `${job.jobId}.${name}`), 'done');
      if (to === crashAt) process.kill(process.pid, 'SIGKILL');
      return {};
    },
  });
  return [
    stage('read_pages', 'PDF_SAVED', 'IMAGES_EXTRACTED'),
    stage('detect_trades', 'IMAGES_EXTRACTED', 'LLM_SUBMITTED'),
    stage('build_map', 'LLM_SUBMITTED', 'CONTACT_MAP_READY'),
  ];
}

export const crashStages = makeCrashStages('', 'never');
