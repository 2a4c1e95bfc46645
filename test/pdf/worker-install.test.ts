/** A broken install (the PDF worker's script missing) is reported as ours to fix, never as the sender's damaged PDF. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPdfWorker } from '../../src/core/pdf/worker-host.js';
import { defaultPdfLimits } from '../../src/core/pdf/limits.js';
import { isAppError } from '../../src/core/errors.js';
import { SPEC_21, tempDir } from './paths.js';

describe('the PDF worker cannot start', () => {
  it('says the reader could not start and to reinstall, not that the PDF is damaged', async () => {
    const missing = join(tempDir('rb-worker-'), 'no-such-worker.mjs');
    const handle = startPdfWorker({ path: SPEC_21, mode: 'text', limits: { ...defaultPdfLimits }, workerFile: missing }, () => {});
    const err = await handle.opened.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAppError(err)).toBe(true);
    if (!isAppError(err)) return;
    expect(err.code).toBe('INTERNAL');
    expect(err.userMessage).toMatch(/not your file/);
    expect(err.userMessage).not.toMatch(/damaged/);
  });
});
