/**
 * OCR of the pages whose text layer is missing or unusable (see ocr-detect.ts), offline with
 * Debian's tesseract. Only what OCR needs is rendered: first the title block at a resolution that
 * reads 2–3 mm lettering on a 36×24 in sheet, then the whole sheet at a bounded size for notes and
 * schedules, then — only when no sheet number was found — the right edge turned 90° for vertical
 * sheet numbers. Words keep their page positions (as text items), so the sheet-number, title-block,
 * section and schedule logic runs on them unchanged.
 *
 * Limits as for the text layer: rendering happens in the same memory-capped, watchdogged workers
 * (one document per lane, one page at a time, so images never pile up), tesseract runs with an
 * address-space cap and a kill timer, every page has a time budget and the document one more.
 * A page that cannot be read gets a note; it never fails the file.
 */
import { logger } from '../log.js';
import { isAppError } from '../errors.js';
import { buildLines } from './layout.js';
import type { OcrDecision } from './ocr-detect.js';
import { detectSheet } from './sheets.js';
import { runTesseract, type OcrWord } from './tesseract.js';
import type { PageOcr, PdfLimits, TextItem } from './types.js';
import { startPdfWorker, type OcrImage, type OcrRegion, type PdfWorkerHandle, type RawPage, type WorkerResult } from './worker-host.js';

/** Title blocks are read at 200 dpi: 2 mm capitals are then ~16 px tall, where tesseract is reliable. */
const TITLE_DPI = 200;
/** Letter/tabloid pages are read whole at this resolution (≈ 8 Mpx on letter: small print on scans needs it). */
const SMALL_PAGE_DPI = 300;
/** The whole large sheet is read at this many pixels at most (≈ 95 dpi on 36×24 in): notes and schedules. */
const SHEET_PIXELS = 8_000_000;
/** Pages with a side at least this long (points) are drawing sheets with a title block (≥ 17 in). */
const LARGE_FORMAT_PT = 17 * 72 - 10;
/** Title block areas: a strip along the right edge and a band along the bottom. */
const RIGHT_STRIP = 0.16;
const BOTTOM_BAND = 0.12;
/** Vertical sheet numbers sit in the outermost part of the right strip. */
const EDGE_STRIP = 0.08;
/** One rendered region's pixel cap (the render worker's canvas limit for OCR). */
export const OCR_REGION_MAX_PIXELS = 12_000_000;
/** Embedded images up to this size are decoded (36×24 in at 300 dpi); bigger scans get a note. */
export const OCR_MAX_IMAGE_PIXELS = 80_000_000;
/** Words tesseract is less sure of than this are mostly line work read as letters. */
const MIN_CONF = 45;
/** A region with less dark ink than this is blank: no engine run. */
const MIN_INK = 0.0005;
/** Line box height → font size. 1: a capitals line box is ~0.7 em, so word gaps clear the layout's space threshold. */
const LINE_HEIGHT_TO_EM = 1;

export interface OcrRun {
  path: string;
  /** page → why it needs OCR; raw pages by page number. */
  pages: { raw: RawPage; decision: OcrDecision }[];
  limits: PdfLimits;
  lanes: number;
  onPage?: (page: number) => void;
}

export interface OcrPageOutput { items: TextItem[]; ocr: PageOcr }

/** Per-page OCR time: three text-layer page timeouts (OCR is slow by nature, and still bounded). */
export const ocrPageBudgetMs = (limits: PdfLimits) => 3 * limits.pageTimeoutMs;
/** Whole-document OCR time: a minute plus half a page budget per page a lane handles. */
export const ocrDocumentBudgetMs = (limits: PdfLimits, pagesPerLane: number) => limits.totalTimeoutMs ?? 60_000 + pagesPerLane * (ocrPageBudgetMs(limits) / 2);

/** OCR of the given pages; always resolves, with a note on each page it could not read. */
export async function ocrPages(run: OcrRun): Promise<Map<number, OcrPageOutput>> {
  const out = new Map<number, OcrPageOutput>();
  const queue = [...run.pages];
  const lanes = Math.max(1, Math.min(run.lanes, queue.length));
  const budgetMs = ocrDocumentBudgetMs(run.limits, Math.ceil(queue.length / lanes));
  const deadline = Date.now() + budgetMs;
  const log = logger.child({ component: 'ocr' });
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      const lane = new RenderLane(run.path, run.limits);
      try {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const started = Date.now();
          const result = Date.now() >= deadline
            ? failedPage(next.decision, `not read: the document's OCR time limit (${Math.round(budgetMs / 1000)} s) was reached`)
            : await ocrOnePage(lane, next.raw, next.decision, Math.min(started + ocrPageBudgetMs(run.limits), deadline), run.limits);
          result.ocr.ms = Date.now() - started;
          log.debug({ page: next.raw.page, status: result.ocr.status, words: result.ocr.words, ms: result.ocr.ms, note: result.ocr.note }, 'ocr page');
          out.set(next.raw.page, result);
          run.onPage?.(next.raw.page);
        }
      } finally {
        await lane.stop();
      }
    }),
  );
  return out;
}

const failedPage = (d: OcrDecision, note: string): OcrPageOutput => ({ items: [], ocr: { status: 'unreadable', reason: d.reason, words: 0, ms: 0, note } });

async function ocrOnePage(lane: RenderLane, raw: RawPage, decision: OcrDecision, until: number, limits: PdfLimits): Promise<OcrPageOutput> {
  const { width: W, height: H } = raw;
  const large = Math.max(W, H) >= LARGE_FORMAT_PT;
  const titleRegions: OcrRegion[] = large
    ? [
        { x: W * (1 - RIGHT_STRIP), y: 0, width: W * RIGHT_STRIP, height: H, scale: TITLE_DPI / 72, rotate: 0 },
        { x: 0, y: H * (1 - BOTTOM_BAND), width: W * (1 - RIGHT_STRIP), height: H * BOTTOM_BAND, scale: TITLE_DPI / 72, rotate: 0 },
      ]
    : [{ x: 0, y: 0, width: W, height: H, scale: SMALL_PAGE_DPI / 72, rotate: 0 }];
  const passes: OcrRegion[][] = [titleRegions];
  if (large) passes.push([{ x: 0, y: 0, width: W, height: H, scale: Math.sqrt(SHEET_PIXELS / (W * H)), rotate: 0 }]);
  const layer = decision.keepLayer ? raw.items : [];
  const items: TextItem[] = [];
  const notes: string[] = [];
  let oversized = false;
  const read = async (regions: OcrRegion[], skip: OcrRegion[]) => {
    const images = await lane.render(raw.page, regions);
    for (const image of images) {
      oversized ||= !!image.oversizedImage;
      if (image.ink < MIN_INK) continue;
      const left = until - Date.now();
      if (left <= 0) throw new PageBudgetError();
      // The worker may have scaled the region down to its pixel cap: the true resolution is in the matrix.
      const dpi = 72 / Math.hypot(image.matrix[0]!, image.matrix[1]!);
      const words = await runTesseract(image.data, { timeoutMs: left, memoryMb: limits.memoryMb, dpi });
      for (const w of words) {
        const item = wordToItem(w, image);
        if (item && !skip.some((r) => inside(item, r)) && !layer.some((l) => overlaps(l, item))) items.push(item);
      }
    }
  };
  try {
    for (const [k, regions] of passes.entries()) await read(regions, k === 0 ? [] : titleRegions);
    if (large && !detectSheet({ width: W, height: H, items: [...layer, ...items] }, buildLines([...layer, ...items]))) {
      // Vertical sheet numbers: up the right edge (turn the render 90° clockwise), then down it.
      for (const rotate of [90, 270] as const) {
        const before = items.length;
        await read([{ x: W * (1 - EDGE_STRIP), y: 0, width: W * EDGE_STRIP, height: H, scale: TITLE_DPI / 72, rotate }], []);
        const added = items.slice(before);
        if (detectSheet({ width: W, height: H, items: [...layer, ...items] }, buildLines([...layer, ...items]))) break;
        items.splice(before, added.length); // nothing gained: keep no sideways misreads
      }
    }
  } catch (e) {
    notes.push(e instanceof PageBudgetError ? `OCR stopped at the page time limit (${Math.round(ocrPageBudgetMs(limits) / 1000)} s)` : isAppError(e) ? e.userMessage : String(e));
  }
  if (oversized) notes.push(`the scanned image is larger than ${OCR_MAX_IMAGE_PIXELS / 1e6} megapixels and was not read; send a copy scanned at 300 dpi or less`);
  const status = items.length ? 'read' : 'unreadable';
  if (!items.length && !notes.length) notes.push('OCR found no legible text on this page');
  return { items, ocr: { status, reason: decision.reason, words: items.length, ms: 0, ...(notes.length ? { note: notes.join('; ') } : {}) } };
}

class PageBudgetError extends Error {}

/** A word's line box mapped from image pixels to displayed page points (axis-aligned bounds, as text-layer items). */
function wordToItem(w: OcrWord, image: OcrImage): TextItem | null {
  if (w.conf < MIN_CONF || !/[\p{L}\p{N}]/u.test(w.text) || (w.text.length === 1 && w.conf < 80)) return null;
  const [a, b, c, d, e, f] = image.matrix as [number, number, number, number, number, number];
  const pt = (u: number, v: number) => [a * u + c * v + e, b * u + d * v + f] as const;
  // Tesseract reads some vertical words without being turned: a word box much taller than wide.
  const upright = w.text.length >= 3 && w.height > 1.5 * w.width;
  const [top, height] = upright ? [w.top, w.height] : [w.lineTop, w.lineHeight];
  const corners = [pt(w.left, top), pt(w.left + w.width, top), pt(w.left, top + height), pt(w.left + w.width, top + height)];
  const xs = corners.map((p) => p[0]), ys = corners.map((p) => p[1]);
  const x = Math.min(...xs), y = Math.min(...ys);
  const lineHeight = (upright ? w.width : w.lineHeight) * Math.hypot(c, d);
  const item: TextItem = { str: w.text, x: r2(x), y: r2(y), width: r2(Math.max(...xs) - x), height: r2(Math.max(...ys) - y), fontSize: r2(lineHeight * LINE_HEIGHT_TO_EM), source: 'ocr' };
  const angle = ((Math.round((Math.atan2(b, a) * 180) / Math.PI) + (upright ? 270 : 0)) % 360 + 360) % 360;
  if (angle) item.angle = angle;
  return item;
}

const r2 = (v: number) => Math.round(v * 100) / 100;
const inside = (i: TextItem, r: OcrRegion) => {
  const cx = i.x + i.width / 2, cy = i.y + i.height / 2;
  return cx >= r.x && cx <= r.x + r.width && cy >= r.y && cy <= r.y + r.height;
};
const overlaps = (a: TextItem, b: TextItem) => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0;

/**
 * One render worker serving pages one at a time. A worker that dies (memory cap, watchdog) costs
 * only the page it was on: the next page starts a fresh worker.
 */
class RenderLane {
  private handle: PdfWorkerHandle | undefined;
  private pending: { want: number; images: OcrImage[]; resolve: (i: OcrImage[]) => void; reject: (e: unknown) => void } | undefined;
  constructor(private readonly path: string, private readonly limits: PdfLimits) {}

  async render(page: number, regions: OcrRegion[]): Promise<OcrImage[]> {
    const handle = (this.handle ??= this.start());
    await handle.opened;
    return new Promise<OcrImage[]>((resolve, reject) => {
      this.pending = { want: regions.length, images: [], resolve, reject };
      handle.renderRegions(page, regions);
    });
  }

  private start(): PdfWorkerHandle {
    const handle = startPdfWorker(
      // Rendering a page's regions is watched with the OCR page budget: decoding a large scan is slow.
      { path: this.path, mode: 'ocr', limits: { ...this.limits, maxPixels: OCR_REGION_MAX_PIXELS, pageTimeoutMs: ocrPageBudgetMs(this.limits) }, maxImagePixels: OCR_MAX_IMAGE_PIXELS },
      (r: WorkerResult) => this.take(r),
    );
    handle.finished.catch((e: unknown) => {
      if (this.handle === handle) this.handle = undefined;
      this.settle(undefined, e);
    });
    return handle;
  }

  private take(r: WorkerResult) {
    const p = this.pending;
    if (!p) return;
    if ('error' in r) return this.settle(undefined, new Error(`the page could not be rendered (${r.error})`));
    p.images.push(r as OcrImage);
    if (p.images.length >= p.want) this.settle(p.images);
  }

  private settle(images: OcrImage[] | undefined, error?: unknown) {
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    if (images) p.resolve(images);
    else p.reject(isAppError(error) ? error : new Error(String((error as Error)?.message ?? error)));
  }

  async stop() {
    const h = this.handle;
    this.handle = undefined;
    await h?.stop();
  }
}
