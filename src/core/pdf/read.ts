import { statSync } from 'node:fs';
import { logger } from '../log.js';
import { analyzePages, linePage, type LinedPage } from './analyze.js';
import { pdfErrors } from './errors.js';
import { resolveLimits, workerCount } from './limits.js';
import { ocrPages } from './ocr.js';
import { ocrDecision, SPARSE_CHARS } from './ocr-detect.js';
import { preflightPdf, sha256File } from './preflight.js';
import { textPass } from './text-pass.js';
import type { PageOcr, PdfDocumentText, PdfLimits } from './types.js';
import type { RawPage } from './worker-host.js';

export interface ReadPdfOptions {
  limits?: Partial<PdfLimits>;
  /** Pages read so far of all to read; pages that need OCR count twice (text layer, then OCR). */
  onProgress?: (done: number, total: number) => void;
  workers?: number;
}

/** Below this many pages one worker is faster than paying for a second document open. */
const SPLIT_FROM_PAGES = 41;
/** Files this big are nearly always long sets: open them in every worker from the start. */
const EAGER_FROM_BYTES = 4 * 1024 * 1024;

/**
 * Reads every page's text layer in isolated workers, OCRs the pages whose text layer is missing
 * or unusable (unless limits.ocr is 'off'), then finds lines, sheet numbers/titles, spec sections
 * and the sheet index on the main thread. Throws AppError PDF_* for bad input; a page OCR cannot
 * read only gets a note (`PageText.ocr`).
 */
export async function readPdf(path: string, opts: ReadPdfOptions = {}): Promise<PdfDocumentText> {
  const limits = resolveLimits(opts.limits);
  const started = Date.now();
  const { bytes } = await preflightPdf(path, limits);
  const sha256 = sha256File(path); // hashed while the workers parse; awaited at the end
  sha256.catch(() => undefined); // a worker failure may return first: keep this rejection handled until then
  const ocrOn = limits.ocr !== 'off';
  const raws: RawPage[] = [];
  const lined: LinedPage[] = [];
  let total = 0;
  let done = 0;
  const { open, engine } = await textPass({
    path,
    limits,
    // With OCR on, sparse pages are probed for what they draw.
    ...(ocrOn ? { probe: { sparseChars: SPARSE_CHARS } } : {}),
    workers: workerCount(opts.workers, limits),
    splitFrom: SPLIT_FROM_PAGES,
    eager: statSync(path).size >= EAGER_FROM_BYTES,
    onOpen: ({ pageCount }) => {
      // Fail fast on the page count alone, before touching any page.
      if (pageCount > limits.maxPages) throw pdfErrors.tooManyPages(pageCount, limits.maxPages);
      total = pageCount;
      opts.onProgress?.(0, total);
    },
    onPage: (r) => {
      raws[r.page - 1] = r;
      if (!ocrOn) lined[r.page - 1] = linePage(r);
      opts.onProgress?.(++done, total);
    },
  });
  const ocrInfo = new Map<number, PageOcr>();
  if (ocrOn) {
    const wanted = raws.flatMap((raw) => {
      const decision = ocrDecision(raw);
      return decision ? [{ raw, decision }] : [];
    });
    total += wanted.length;
    if (wanted.length) opts.onProgress?.(done, total);
    const read = await ocrPages({ path, pages: wanted, limits, lanes: workerCount(opts.workers, limits), onPage: () => opts.onProgress?.(++done, total) });
    raws.forEach((raw, i) => {
      const o = read.get(raw.page);
      if (o) ocrInfo.set(raw.page, o.ocr);
      lined[i] = linePage(o ? { ...raw, ...o.page } : raw);
    });
    if (wanted.length) logger.info({ path, ocrPages: wanted.length, read: [...ocrInfo.values()].filter((o) => o.status === 'read').length }, 'ocr done');
  }
  const { pages, sheetIndex } = analyzePages(lined, ocrInfo);
  const info = { pageCount: open.pageCount, ...defined(open.info), sha256: await sha256, bytes };
  logger.debug({ path, pages: pages.length, bytes, engine, ms: Date.now() - started }, 'pdf read');
  return { info, pages, sheetIndex };
}

const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
