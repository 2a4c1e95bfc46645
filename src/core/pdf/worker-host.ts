import { fork } from 'node:child_process';
import { logger } from '../log.js';
import type { AppError } from '../errors.js';
import { pdfErrors } from './errors.js';
import { watchRss } from './rss-watch.js';
import type { PdfLimits, TextItem } from './types.js';
import { PDF_WORKER_FILE } from '../../paths.js';

export type WorkerMode = 'text' | 'render' | 'ocr';

/** What a page with little text draws instead (see WorkerJob.probe): image cover share, painted paths, an image pdf.js dropped. */
export interface PageMarks { imageCover: number; paths: number; oversizedImage?: boolean }
/** One page of text as the worker sends it; analysis happens on the main thread. */
export interface RawPage { page: number; width: number; height: number; rotation: number; items: TextItem[]; marks?: PageMarks }
export interface RawImage { page: number; format: 'png' | 'jpeg'; width: number; height: number; data: Uint8Array }
/** A page region rendered for OCR: grey PGM, `matrix` maps its pixels to displayed page points, `ink` = dark share. */
export interface OcrImage { page: number; format: 'pgm'; width: number; height: number; data: Uint8Array; matrix: number[]; ink: number; oversizedImage?: boolean }
/** A region of the displayed page (points) to render at `scale` px/pt, turned by `rotate` degrees. */
export interface OcrRegion { x: number; y: number; width: number; height: number; scale: number; rotate: 0 | 90 | 180 | 270 }
export interface OpenInfo { pageCount: number; info: { title?: string; producer?: string; creator?: string } }
export type WorkerResult = RawPage | RawImage | OcrImage | { page: number; error: string };

export interface WorkerJob {
  path: string;
  mode: WorkerMode;
  limits: PdfLimits;
  render?: { longestSide: number; format: 'png' | 'jpeg' };
  /** Text mode: probe pages with fewer than sparseChars visible characters for images and paths (OCR candidates). */
  probe?: { sparseChars: number };
  /** Largest embedded image pdf.js decodes (pixels); bigger ones are dropped and reported. */
  maxImagePixels?: number;
  /** The worker script (default: the installed src/core/pdf/worker.mjs). */
  workerFile?: string;
}

export interface PdfWorkerHandle {
  /** Resolves when the document opened (page count known). */
  opened: Promise<OpenInfo>;
  /** Resolves after every page given to `go` was delivered; rejects with an AppError. */
  finished: Promise<void>;
  go(pages: number[]): void;
  /** 'ocr' mode: render these regions of one page; each image (or a page error) goes to onResult. */
  renderRegions(page: number, regions: OcrRegion[]): void;
  /** Kills the worker (idempotent). */
  stop(): Promise<void>;
}

type WorkerMessage =
  | { type: 'open'; pageCount: number; info: OpenInfo['info'] }
  | { type: 'page'; page: RawPage }
  | { type: 'image'; image: RawImage | OcrImage }
  | { type: 'page-error'; page: number; message: string }
  | { type: 'rendered'; page: number }
  | { type: 'warn'; message: string }
  | { type: 'done' }
  | { type: 'error'; name: string; message: string; page?: number };

/**
 * Runs worker.mjs on one document in its own Node process, with a V8 heap cap, a watchdog and a
 * memory bound: the worker must report something (open, a page) every `pageTimeoutMs`, or it is
 * killed, and it is killed when the resident memory of all PDF workers goes over `rssMb` (see
 * rss-watch.ts). A process, not a worker thread: a thread's heap cap does not cover the buffers a
 * decompression bomb fills (measured: 2.8 GB from a 1.2 MB file), and a thread cannot be killed
 * in the middle of a native copy. A hostile page cannot hang or exhaust the service.
 */
export function startPdfWorker(job: WorkerJob, onResult: (r: WorkerResult) => void): PdfWorkerHandle {
  const log = logger.child({ component: 'pdf-worker', mode: job.mode });
  const workerData = { path: job.path, mode: job.mode, limits: { maxPixels: job.limits.maxPixels, maxImagePixels: job.maxImagePixels }, render: job.render, probe: job.probe };
  const worker = fork(job.workerFile ?? PDF_WORKER_FILE, [JSON.stringify(workerData)], {
    // worker.mjs is plain JS: no loaders such as tsx's (they would route pdf.js's 3.5 MB of modules
    // through a transpiler in every worker: measured ~2x slower start), only the heap cap.
    execArgv: [`--max-old-space-size=${job.limits.memoryMb}`],
    // Structured clone over the IPC channel: page images travel as Uint8Arrays, not JSON arrays.
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  let stderr = '';
  worker.stderr?.on('data', (b: Buffer) => { if (stderr.length < 4000) stderr += b.toString('utf8'); });
  const unwatch = watchRss(worker, job.limits.rssMb, (rssMb) => fail(pdfErrors.memoryRss(rssMb, job.limits.rssMb, nextPage())));
  const kill = () => {
    unwatch();
    if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  };
  let settled = false;
  let lastPage: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let resolveOpen!: (o: OpenInfo) => void, rejectOpen!: (e: AppError) => void;
  let resolveDone!: () => void, rejectDone!: (e: AppError) => void;
  const opened = new Promise<OpenInfo>((res, rej) => { resolveOpen = res; rejectOpen = rej; });
  const finished = new Promise<void>((res, rej) => { resolveDone = res; rejectDone = rej; });
  // The same failure rejects both promises; callers may await only one, so neither may be "unhandled".
  opened.catch(() => undefined);
  finished.catch(() => undefined);

  const fail = (e: AppError) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    log.warn({ code: e.code, err: e.message, page: lastPage }, 'pdf worker failed');
    rejectOpen(e);
    rejectDone(e);
    kill();
  };
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => fail(pdfErrors.timeout(queue.length ? 'page' : 'opening', job.limits.pageTimeoutMs, nextPage())), job.limits.pageTimeoutMs);
  };
  let queue: number[] = [];
  const nextPage = () => queue[0];

  worker.on('message', (msg: WorkerMessage) => {
    if (settled) return;
    switch (msg.type) {
      case 'open':
        arm();
        resolveOpen({ pageCount: msg.pageCount, info: msg.info });
        break;
      case 'page':
      case 'image':
      case 'page-error': {
        const r = msg.type === 'page' ? msg.page : msg.type === 'image' ? msg.image : { page: msg.page, error: msg.message };
        lastPage = r.page;
        if (job.mode !== 'ocr') queue = queue.filter((p) => p !== r.page);
        if (msg.type === 'page-error') {
          queue = [];
          clearTimeout(timer);
        } else arm();
        onResult(r);
        break;
      }
      case 'rendered':
        // 'ocr' mode: the worker idles while the OCR engine reads the images: nothing to watch.
        queue = [];
        clearTimeout(timer);
        break;
      case 'warn':
        log.warn({ path: job.path }, msg.message);
        break;
      case 'done':
        settled = true;
        clearTimeout(timer);
        resolveDone();
        kill();
        break;
      case 'error':
        fail(msg.name === 'PasswordException' ? pdfErrors.encrypted(msg.message) : pdfErrors.corrupt(`${msg.name}: ${msg.message}`, undefined, msg.page));
        break;
    }
  });
  worker.on('error', (err: Error) => fail(pdfErrors.corrupt(err.message, err, nextPage())));
  worker.on('exit', (code, signal) => {
    unwatch();
    // V8 aborts the process when the heap cap is reached (it prints "heap limit" on stderr).
    if (/heap limit|out of memory/i.test(stderr)) fail(pdfErrors.memory(job.limits.memoryMb, nextPage()));
    // The worker's own file or pdf.js missing: the install is broken, not the PDF.
    else if (/ERR_MODULE_NOT_FOUND|Cannot find module/.test(stderr)) fail(pdfErrors.readerBroken(stderr.split('\n').find((l) => /Cannot find|ERR_MODULE/.test(l))?.trim() ?? 'a module is missing'));
    else fail(pdfErrors.corrupt(`worker exited (${signal ?? `code ${code}`}) before finishing`, undefined, nextPage()));
  });
  arm();

  return {
    opened,
    finished,
    go(pages) {
      queue = [...pages];
      arm();
      worker.send({ type: 'go', pages });
    },
    renderRegions(page, regions) {
      queue = [page];
      arm();
      worker.send({ type: 'regions', page, regions });
    },
    async stop() {
      settled = true;
      clearTimeout(timer);
      if (worker.exitCode !== null || worker.signalCode !== null) return;
      const exited = new Promise((res) => worker.once('exit', res));
      kill();
      await exited;
    },
  };
}
