/**
 * The text pass: every page's text layer as RawPages, streamed to `onPage` as they come. Two
 * engines give the same pages: poppler's pdftotext (../capped-process.ts, poppler-text.ts) when it is
 * installed and the file opens cleanly in it, else pdf.js in the worker processes. Pages with
 * little text are (re)read by pdf.js when asked to probe them: what a page draws instead of text
 * (images, paths) decides OCR, and only pdf.js's operator list says that.
 */
import { logger } from '../log.js';
import { pdfErrors } from './errors.js';
import { findCommand } from '../capped-process.js';
import { popplerInfo, popplerTextPages, PopplerFallback } from './poppler-text.js';
import { runPdfWorkers, splitPages } from './run.js';
import { totalBudgetMs } from './limits.js';
import type { PdfLimits } from './types.js';
import type { OpenInfo, RawPage } from './worker-host.js';

export interface TextPassOptions {
  path: string;
  limits: PdfLimits;
  workers: number;
  /** With OCR on: pages with fewer visible characters are probed for what they draw. */
  probe?: { sparseChars: number };
  /** Big files start every pdf.js worker at once. */
  eager: boolean;
  /** Pages are split over workers from this many. */
  splitFrom: number;
  /** Called once the page count is known (may throw: too many pages). */
  onOpen: (open: OpenInfo) => void;
  onPage: (page: RawPage) => void;
}

/** A pdftotext process starts in milliseconds: split page ranges over both cores from this many pages. */
const NATIVE_SPLIT_FROM = 8;

let popplerInstalled: boolean | undefined;
/** pdftotext and pdfinfo on PATH (checked once per process). */
export const popplerAvailable = () => (popplerInstalled ??= findCommand('pdftotext') !== undefined && findCommand('pdfinfo') !== undefined);

export async function textPass(opts: TextPassOptions): Promise<{ open: OpenInfo; engine: 'poppler' | 'pdfjs' }> {
  const engine = opts.limits.engine ?? 'auto';
  if (engine === 'pdfjs' || (engine === 'auto' && !popplerAvailable())) return { open: await pdfjsPass(opts), engine: 'pdfjs' };
  try {
    return { open: await popplerPass(opts), engine: 'poppler' };
  } catch (e) {
    if (!(e instanceof PopplerFallback) || engine === 'poppler') throw e instanceof PopplerFallback ? pdfErrors.corrupt(e.message) : e;
    logger.info({ path: opts.path, reason: e.message }, 'pdftotext could not read the file cleanly: reading it with pdf.js');
    return { open: await pdfjsPass(opts), engine: 'pdfjs' };
  }
}

function pdfjsPass(opts: TextPassOptions, only?: number[]): Promise<OpenInfo> {
  return runPdfWorkers({
    job: { path: opts.path, mode: 'text', limits: opts.limits, ...(opts.probe ? { probe: opts.probe } : {}) },
    workers: opts.workers,
    splitFrom: opts.splitFrom,
    eager: opts.eager && !only,
    pagesFor: (open) => {
      if (only) return only;
      opts.onOpen(open);
      return Array.from({ length: open.pageCount }, (_, i) => i + 1);
    },
    onResult: (r) => opts.onPage(r as RawPage),
  });
}

async function popplerPass(opts: TextPassOptions): Promise<OpenInfo> {
  const info = await popplerInfo(opts.path, opts.limits);
  // Nothing has been delivered yet: a fallback to pdf.js after this point would double pages.
  opts.onOpen(info);
  const pages = Array.from({ length: info.pageCount }, (_, i) => i + 1);
  const ranges = splitPages(pages, pages.length >= NATIVE_SPLIT_FROM ? opts.workers : 1);
  const sparse: number[] = [];
  const budget = totalBudgetMs(opts.limits, 'text', ranges[0]!.length);
  let deadline: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    deadline = setTimeout(() => reject(pdfErrors.timeout('reading', budget)), budget);
  });
  // Ends every pdftotext still running when one range fails or the budget runs out.
  const stop = new AbortController();
  try {
    await Promise.race([
      Promise.all(
        ranges.map((r) =>
          popplerTextPages(opts.path, r[0]!, r[r.length - 1]!, info.rotations, opts.limits, (page) => {
            const chars = page.items.reduce((n, it) => n + it.str.replace(/\s/g, '').length, 0);
            if (opts.probe && chars < opts.probe.sparseChars) {
              sparse.push(page.page);
            } else opts.onPage(page);
          }, stop.signal),
        ),
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(deadline);
    stop.abort();
  }
  // Few pages of a text-layer set are sparse: pdf.js reads those again, with what they draw.
  if (sparse.length) await pdfjsPass({ ...opts, eager: false }, sparse.sort((a, b) => a - b));
  return { pageCount: info.pageCount, info: info.info };
}
