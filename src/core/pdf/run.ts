import { pdfErrors } from './errors.js';
import { totalBudgetMs } from './limits.js';
import { startPdfWorker, type OpenInfo, type PdfWorkerHandle, type WorkerJob, type WorkerResult } from './worker-host.js';

export interface RunOptions {
  job: WorkerJob;
  workers: number;
  /** Which pages to process, once the page count is known (may throw, e.g. too many pages). */
  pagesFor: (open: OpenInfo) => number[];
  /** Split across workers only when there are at least this many pages. */
  splitFrom: number;
  /**
   * Start every worker at once instead of after the page count is known: a second worker's start
   * (loading pdf.js, opening the file) then overlaps the first's, which matters on big files.
   */
  eager?: boolean;
  onResult: (r: WorkerResult) => void;
}

/**
 * Opens the document in one worker, reads the page count, then spreads the pages over up to
 * `workers` workers (each opens its own copy of the document: one document per core), all under
 * one total deadline. Workers are always terminated before this returns.
 */
export async function runPdfWorkers(opts: RunOptions): Promise<OpenInfo> {
  const { job } = opts;
  const handles: PdfWorkerHandle[] = [startPdfWorker(job, opts.onResult)];
  if (opts.eager) for (let i = 1; i < opts.workers; i++) handles.push(startPdfWorker(job, opts.onResult));
  let deadline: NodeJS.Timeout | undefined;
  try {
    const open = await handles[0]!.opened;
    const pages = opts.pagesFor(open);
    const chunks = splitPages(pages, pages.length >= opts.splitFrom ? opts.workers : 1);
    // Eager workers that turn out not to be needed (a short document) stop now.
    await Promise.all(handles.splice(chunks.length).map((h) => h.stop()));
    for (let i = handles.length; i < chunks.length; i++) handles.push(startPdfWorker(job, opts.onResult));
    const budget = totalBudgetMs(job.limits, job.mode, chunks[0]?.length ?? 0);
    const timedOut = new Promise<never>((_, reject) => {
      deadline = setTimeout(() => reject(pdfErrors.timeout('reading', budget)), budget);
    });
    const work = Promise.all(
      chunks.map(async (chunk, i) => {
        const h = handles[i]!;
        await h.opened;
        h.go(chunk);
        await h.finished;
      }),
    );
    await Promise.race([work, timedOut]);
    return open;
  } finally {
    clearTimeout(deadline);
    await Promise.all(handles.map((h) => h.stop()));
  }
}

/** Contiguous, near-equal chunks: each worker walks its own page range in order. */
export function splitPages(pages: number[], parts: number): number[][] {
  const n = Math.max(1, Math.min(parts, pages.length));
  const size = Math.ceil(pages.length / n);
  const out: number[][] = [];
  for (let i = 0; i < pages.length; i += size) out.push(pages.slice(i, i + size));
  return out.length ? out : [[]];
}
