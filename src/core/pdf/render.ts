import { AppError } from '../errors.js';
import { logger } from '../log.js';
import { pdfErrors } from './errors.js';
import { resolveLimits, workerCount } from './limits.js';
import { popplerRenderPages } from './poppler-render.js';
import { popplerInfo, PopplerFallback } from './poppler-text.js';
import { preflightPdf } from './preflight.js';
import { popplerAvailable } from './text-pass.js';
import { runPdfWorkers } from './run.js';
import type { PdfLimits, RenderedPage } from './types.js';
import type { RawImage } from './worker-host.js';

export interface RenderPdfOptions {
  /** Longest side in pixels (default 2048); the total is also capped by limits.maxPixels. */
  longestSide?: number;
  /** Default jpeg: about twice as fast to encode as png and much smaller for drawings. */
  format?: 'png' | 'jpeg';
  limits?: Partial<PdfLimits>;
  workers?: number;
}

/** Rendering is slow (~0.4 s/page), so a second worker pays off early. */
const SPLIT_FROM_PAGES = 3;

/** Renders the given 1-based pages to images, in the order asked (duplicates dropped). */
export async function renderPdfPages(path: string, pages: number[], opts: RenderPdfOptions = {}): Promise<RenderedPage[]> {
  const limits = resolveLimits(opts.limits);
  const wanted = [...new Set(pages)];
  const bad = wanted.filter((p) => !Number.isInteger(p) || p < 1);
  if (bad.length) throw new AppError('VALIDATION', `Invalid page numbers: ${bad.join(', ')}`, { userMessage: `Page numbers start at 1 (got ${bad.join(', ')}).` });
  await preflightPdf(path, limits);
  const longestSide = opts.longestSide ?? 2048;
  const format = opts.format ?? 'jpeg';
  const engine = limits.engine ?? 'auto';
  if (engine === 'poppler' || (engine === 'auto' && popplerAvailable())) {
    try {
      const info = await popplerInfo(path, limits);
      checkPages(wanted, info.pageCount, limits);
      const images = await popplerRenderPages(path, [...wanted].sort((a, b) => a - b), { longestSide, format, limits, lanes: workerCount(opts.workers, limits) });
      return wanted.map((p) => images.get(p)!);
    } catch (e) {
      if (!(e instanceof PopplerFallback) || engine === 'poppler') throw e instanceof PopplerFallback ? pdfErrors.corrupt(e.message) : e;
      logger.info({ path, reason: e.message }, 'pdftoppm could not render the file cleanly: rendering it with pdf.js');
    }
  }
  const images = new Map<number, RawImage>();
  await runPdfWorkers({
    job: { path, mode: 'render', limits, render: { longestSide, format } },
    workers: workerCount(opts.workers, limits),
    splitFrom: SPLIT_FROM_PAGES,
    pagesFor: ({ pageCount }) => {
      checkPages(wanted, pageCount, limits);
      return [...wanted].sort((a, b) => a - b);
    },
    onResult: (r) => images.set(r.page, r as RawImage),
  });
  return wanted.map((p) => {
    const img = images.get(p)!;
    return { page: p, format: img.format, width: img.width, height: img.height, data: Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength) };
  });
}

function checkPages(wanted: number[], pageCount: number, limits: { maxPages: number }) {
  if (pageCount > limits.maxPages) throw pdfErrors.tooManyPages(pageCount, limits.maxPages);
  const missing = wanted.filter((p) => p > pageCount);
  if (missing.length) {
    throw new AppError('VALIDATION', `Pages ${missing.join(', ')} not in a ${pageCount}-page PDF`, {
      userMessage: `The PDF has ${pageCount} pages; pick pages between 1 and ${pageCount}.`,
    });
  }
}
