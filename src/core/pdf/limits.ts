import { availableParallelism } from 'node:os';
import { configSchema, type Config } from '../../config.js';
import type { PdfLimits } from './types.js';

/** The PDF_* defaults declared in src/config.ts (each field's own default, so nothing is read from env). */
const configDefault = (name: 'PDF_MAX_BYTES' | 'PDF_MAX_PAGES' | 'PDF_PAGE_TIMEOUT_MS' | 'PDF_MAX_PIXELS' | 'PDF_WORKER_MEMORY_MB' | 'PDF_MEMORY_MB'): number =>
  configSchema.shape[name].parse(undefined);

/** Limits for untrusted PDFs when the caller passes none. */
export const defaultPdfLimits: Readonly<PdfLimits> = Object.freeze({
  maxBytes: configDefault('PDF_MAX_BYTES'),
  maxPages: configDefault('PDF_MAX_PAGES'),
  pageTimeoutMs: configDefault('PDF_PAGE_TIMEOUT_MS'),
  maxPixels: configDefault('PDF_MAX_PIXELS'),
  memoryMb: configDefault('PDF_WORKER_MEMORY_MB'),
  rssMb: configDefault('PDF_MEMORY_MB'),
  engine: configSchema.shape.PDF_ENGINE.parse(undefined),
  ocr: configSchema.shape.REDBUTTON_OCR.parse(undefined),
});

/** The only bridge from configuration (env) to the PDF core. */
export function pdfLimitsFromConfig(config: Pick<Config, 'PDF_MAX_BYTES' | 'PDF_MAX_PAGES' | 'PDF_PAGE_TIMEOUT_MS' | 'PDF_MAX_PIXELS' | 'PDF_WORKER_MEMORY_MB' | 'PDF_MEMORY_MB' | 'PDF_ENGINE' | 'PDF_WORKERS' | 'REDBUTTON_OCR'>): PdfLimits {
  return {
    maxBytes: config.PDF_MAX_BYTES,
    maxPages: config.PDF_MAX_PAGES,
    pageTimeoutMs: config.PDF_PAGE_TIMEOUT_MS,
    maxPixels: config.PDF_MAX_PIXELS,
    memoryMb: config.PDF_WORKER_MEMORY_MB,
    rssMb: config.PDF_MEMORY_MB,
    engine: config.PDF_ENGINE,
    ocr: config.REDBUTTON_OCR,
    ...(config.PDF_WORKERS ? { workers: config.PDF_WORKERS } : {}),
  };
}

export function resolveLimits(partial: Partial<PdfLimits> | undefined): PdfLimits {
  const out: PdfLimits = { ...defaultPdfLimits };
  // Ignore explicit `undefined`s so a partial object can never erase a default.
  for (const [k, v] of Object.entries(partial ?? {})) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}

/** Workers to use: explicit, else from limits, else up to 2 (one document per core). */
export function workerCount(requested: number | undefined, limits: PdfLimits): number {
  return Math.max(1, Math.floor(requested ?? limits.workers ?? Math.min(2, availableParallelism())));
}

/**
 * Whole-document budget when none is configured: 30 s plus a generous allowance per page a worker
 * handles (text ≈ 16 pages/s per core measured, rendering ≈ 2.3 pages/s), so only a stuck or hostile
 * file hits it.
 */
export function totalBudgetMs(limits: PdfLimits, mode: 'text' | 'render' | 'ocr', pagesPerWorker: number): number {
  return limits.totalTimeoutMs ?? 30_000 + pagesPerWorker * (mode === 'text' ? 250 : 2_000);
}
