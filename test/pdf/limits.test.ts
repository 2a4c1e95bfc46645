import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { defaultPdfLimits, pdfLimitsFromConfig } from '../../src/core/pdf/index.js';
import { resolveLimits } from '../../src/core/pdf/limits.js';
import { splitPages } from '../../src/core/pdf/run.js';

describe('PDF limits', () => {
  it('defaults are the PDF_* defaults of the configuration', () => {
    expect(pdfLimitsFromConfig(loadConfig({}))).toEqual(defaultPdfLimits);
  });

  it('maps the PDF_* variables, including the worker count', () => {
    const limits = pdfLimitsFromConfig(loadConfig({ PDF_MAX_PAGES: '50', PDF_WORKER_MEMORY_MB: '512', PDF_WORKERS: '3', PDF_MEMORY_MB: '600', PDF_ENGINE: 'pdfjs' }));
    expect(limits).toMatchObject({ maxPages: 50, memoryMb: 512, workers: 3, rssMb: 600, engine: 'pdfjs' });
    expect(() => loadConfig({ PDF_ENGINE: 'ghostscript' })).toThrow(/PDF_ENGINE/);
  });

  it('a partial override keeps the other defaults, and undefined never erases one', () => {
    expect(resolveLimits({ maxPages: 5, pageTimeoutMs: undefined })).toEqual({ ...defaultPdfLimits, maxPages: 5 });
  });

  it('splits pages into contiguous ranges, one per worker, in order', () => {
    expect(splitPages([1, 2, 3, 4, 5], 2)).toEqual([[1, 2, 3], [4, 5]]);
    expect(splitPages([7], 2)).toEqual([[7]]);
    expect(splitPages([], 2)).toEqual([[]]);
  });
});
