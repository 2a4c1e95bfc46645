/**
 * OCR of the pages whose text layer is missing or unusable (see ocr-detect.ts), offline with
 * Debian's tesseract. Only what OCR needs is rendered: first the title block at a resolution that
 * reads 2–3 mm lettering on a 36×24 in sheet, then the rest of the sheet at a bounded size for
 * notes and schedules, then — only when no sheet number was found — the right edge turned 90° for
 * vertical sheet numbers. A page that still reads little is checked for lying sideways (tesseract's
 * orientation detection) and read again turned upright. Words keep their page positions (as text
 * items), so the sheet-number, title-block, section and schedule logic runs on them unchanged.
 *
 * Limits as for the text layer: regions are rendered by Poppler's pdftoppm as a capped process (or,
 * without Poppler, in the memory-capped, watchdogged pdf.js workers), one region at a time so
 * images never pile up; tesseract runs with an address-space cap and a kill timer; every page has a
 * time budget and the document one more. A page that cannot be read gets a note; it never fails
 * the file.
 */
import { logger } from '../log.js';
import { isAppError } from '../errors.js';
import { buildLines } from './layout.js';
import type { OcrDecision } from './ocr-detect.js';
import { detectSheet } from './sheets.js';
import { findCommand } from '../capped-process.js';
import { pdftoppmCommand, renderRegionPgm, scanPpi } from './poppler-region.js';
import { detectOrientation, runTesseract, type OcrWord } from './tesseract.js';
import type { PageOcr, PdfLimits, TextItem } from './types.js';
import { startPdfWorker, type OcrImage, type OcrRegion, type PdfWorkerHandle, type RawPage, type WorkerResult } from './worker-host.js';

/** Title blocks are read at 200 dpi: 2 mm capitals are then ~16 px tall, where tesseract is reliable. */
const TITLE_DPI = 200;
/** Letter/tabloid pages are read whole at this resolution (≈ 8 Mpx on letter: small print on scans needs it). */
const SMALL_PAGE_DPI = 300;
/** The sheet outside the title block is read at this many pixels at most (≈ 135 dpi on 36×24 in): notes and schedules. */
const SHEET_PIXELS = 12_000_000;
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
  /** Who renders: Poppler's pdftoppm when installed (default), else pdf.js in a worker. */
  renderer?: 'poppler' | 'pdfjs';
}

/**
 * What OCR made of a page: the page as the analysis should see it (its kept text layer and the OCR
 * words; size and rotation turned upright when the scan lay sideways) and how OCR went.
 */
export interface OcrPageOutput { page: Pick<RawPage, 'width' | 'height' | 'rotation' | 'items'>; ocr: PageOcr }

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
  const pdftoppm = run.renderer === 'pdfjs' ? undefined : pdftoppmCommand();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      const lane: Renderer = pdftoppm ? new HybridLane(pdftoppm, run.path, run.limits) : new RenderLane(run.path, run.limits);
      try {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const started = Date.now();
          const result = Date.now() >= deadline
            ? failedPage(next.raw, next.decision, `not read: the document's OCR time limit (${Math.round(budgetMs / 1000)} s) was reached`)
            : await ocrOnePage(lane, next.raw, next.decision, Math.min(started + ocrPageBudgetMs(run.limits), deadline), run.limits);
          result.ocr.ms = Date.now() - started;
          log.debug({ page: next.raw.page, status: result.ocr.status, words: result.ocr.words, ms: result.ocr.ms, turned: result.ocr.turned, note: result.ocr.note }, 'ocr page');
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

const failedPage = (raw: RawPage, d: OcrDecision, note: string): OcrPageOutput => ({
  page: { width: raw.width, height: raw.height, rotation: raw.rotation, items: d.keepLayer ? raw.items : [] },
  ocr: { status: 'unreadable', reason: d.reason, words: 0, ms: 0, note },
});

/** Pixel or point → point: x' = a·x + c·y + e, y' = b·x + d·y + f (the PDF convention). */
type Affine = readonly [number, number, number, number, number, number];
type Turn = 0 | 90 | 180 | 270;
/** The displayed page turned clockwise by `turn` (a sideways scan stood upright), in points. */
interface Frame { width: number; height: number; turn: Turn; toUpright: Affine; toDisplayed: Affine }

function frameOf(W: number, H: number, turn: Turn): Frame {
  const toUpright: Affine = ({ 0: [1, 0, 0, 1, 0, 0], 90: [0, 1, -1, 0, H, 0], 180: [-1, 0, 0, -1, W, H], 270: [0, -1, 1, 0, 0, W] } as const)[turn];
  const [width, height] = turn % 180 ? [H, W] : [W, H];
  return { width, height, turn, toUpright, toDisplayed: invert(toUpright) };
}

const apply = (m: Affine, x: number, y: number) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]] as const;
const compose = (m: Affine, n: Affine): Affine => [m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1], m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3], m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5]];
function invert(m: Affine): Affine {
  const det = m[0] * m[3] - m[1] * m[2];
  const [a, b, c, d] = [m[3] / det, -m[1] / det, -m[2] / det, m[0] / det];
  return [a, b, c, d, -(a * m[4] + c * m[5]), -(b * m[4] + d * m[5])];
}
/** Axis-aligned bounds of a box mapped by m. */
function bounds(m: Affine, box: { x: number; y: number; width: number; height: number }) {
  const pts = [apply(m, box.x, box.y), apply(m, box.x + box.width, box.y), apply(m, box.x, box.y + box.height), apply(m, box.x + box.width, box.y + box.height)];
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  const x = Math.min(...xs), y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

interface PageRead { items: TextItem[]; notes: string[]; oversized: boolean; sheet: boolean; stopped: boolean }

async function ocrOnePage(lane: Renderer, raw: RawPage, decision: OcrDecision, until: number, limits: PdfLimits): Promise<OcrPageOutput> {
  const layer = decision.keepLayer ? raw.items : [];
  let frame = frameOf(raw.width, raw.height, 0);
  let read = await readInFrame(lane, raw.page, frame, layer, until, limits);
  // A scan lying sideways (no /Rotate to say so) reads as mostly vertical words, or as little.
  for (const turn of await turnsToTry(lane, raw, read, until, limits)) {
    const turnedFrame = frameOf(raw.width, raw.height, turn);
    const turned = await readInFrame(lane, raw.page, turnedFrame, layer, until, limits);
    if (turned.sheet || (!read.sheet && turned.items.length > read.items.length)) [frame, read] = [turnedFrame, turned];
    if (read.sheet || turned.stopped) break;
  }
  const { items, notes } = read;
  if (read.oversized) notes.push(`the scanned image is larger than ${OCR_MAX_IMAGE_PIXELS / 1e6} megapixels and was not read; send a copy scanned at 300 dpi or less`);
  const status = items.length ? 'read' : 'unreadable';
  if (!items.length && !notes.length) notes.push('OCR found no legible text on this page');
  return {
    page: { width: frame.width, height: frame.height, rotation: (raw.rotation + frame.turn) % 360, items: [...layer.map((i) => turnItem(i, frame)), ...items] },
    ocr: { status, reason: decision.reason, words: items.length, ms: 0, ...(frame.turn ? { turned: frame.turn } : {}), ...(notes.length ? { note: notes.join('; ') } : {}) },
  };
}

/** Fewer OCR words than this on a page without a sheet number, and its orientation is checked. */
const OSD_DPI = 150;
const FEW_WORDS = 40;

/** The passes over one page in one orientation; regions are in the frame's (upright) points. */
async function readInFrame(lane: Renderer, page: number, frame: Frame, layer: TextItem[], until: number, limits: PdfLimits): Promise<PageRead> {
  const { width: W, height: H } = frame;
  const large = Math.max(W, H) >= LARGE_FORMAT_PT;
  const title = TITLE_DPI / 72;
  // Title block first (right strip, bottom band), then the rest of the sheet at a bounded size.
  const passes: OcrRegion[][] = large
    ? [
        [
          { x: W * (1 - RIGHT_STRIP), y: 0, width: W * RIGHT_STRIP, height: H, scale: title, rotate: 0 },
          { x: 0, y: H * (1 - BOTTOM_BAND), width: W * (1 - RIGHT_STRIP), height: H * BOTTOM_BAND, scale: title, rotate: 0 },
        ],
        [{ x: 0, y: 0, width: W * (1 - RIGHT_STRIP), height: H * (1 - BOTTOM_BAND), scale: Math.min(title, Math.sqrt(SHEET_PIXELS / (W * H * (1 - RIGHT_STRIP) * (1 - BOTTOM_BAND)))), rotate: 0 }],
      ]
    : [[{ x: 0, y: 0, width: W, height: H, scale: SMALL_PAGE_DPI / 72, rotate: 0 }]];
  const upLayer = layer.map((i) => turnItem(i, frame));
  const out: PageRead = { items: [], notes: [], oversized: false, sheet: false, stopped: false };
  const found = () => !!detectSheet({ width: W, height: H, items: [...upLayer, ...out.items] }, buildLines([...upLayer, ...out.items]));
  const read = async (regions: OcrRegion[]) => {
    const shown = regions.map((r) => ({ ...bounds(frame.toDisplayed, r), scale: r.scale, rotate: ((frame.turn + r.rotate) % 360) as Turn }));
    const images = await lane.render(page, shown, until, W * H);
    for (const image of images) {
      out.oversized ||= !!image.oversizedImage;
      if (image.ink < MIN_INK) continue;
      const left = until - Date.now();
      if (left <= 0) throw new PageBudgetError();
      // The renderer may have scaled the region down to its pixel cap: the true resolution is in the matrix.
      const dpi = 72 / Math.hypot(image.matrix[0]!, image.matrix[1]!);
      const words = await runTesseract(image.data, { timeoutMs: left, memoryMb: limits.memoryMb, dpi });
      const toFrame = compose(frame.toUpright, image.matrix as unknown as Affine);
      for (const w of words) {
        const item = wordToItem(w, toFrame);
        if (item && !upLayer.some((l) => overlaps(l, item))) out.items.push(item);
      }
    }
  };
  try {
    for (const regions of passes) await read(regions);
    out.sheet = found();
    if (large && !out.sheet) {
      // Vertical sheet numbers: up the right edge (turn the render 90° clockwise), then down it.
      for (const rotate of [90, 270] as const) {
        const before = out.items.length;
        await read([{ x: W * (1 - EDGE_STRIP), y: 0, width: W * EDGE_STRIP, height: H, scale: title, rotate }]);
        if ((out.sheet = found())) break;
        out.items.splice(before); // nothing gained: keep no sideways misreads
      }
    }
  } catch (e) {
    out.stopped = true;
    // A render or engine run killed because the page's budget ran out is the page time limit, not the tool's fault.
    const outOfTime = e instanceof PageBudgetError || Date.now() >= until - 100;
    out.notes.push(outOfTime ? `OCR stopped at the page time limit (${Math.round(ocrPageBudgetMs(limits) / 1000)} s)` : isAppError(e) ? e.userMessage : String(e));
  }
  return out;
}

/**
 * Which turns to read a page in when it read badly upright: none when it has a sheet number or
 * enough horizontal words. Tesseract's orientation check (--psm 0) is right about vertical text
 * but not sure of itself on drawings (line work reads as any script), so when most words came out
 * vertical its 90°/270° guess goes first and the other follows; when the page only read little, a
 * confident guess is tried alone.
 */
async function turnsToTry(lane: Renderer, raw: RawPage, read: PageRead, until: number, limits: PdfLimits): Promise<Turn[]> {
  if (read.sheet || read.stopped) return [];
  const vertical = read.items.filter((i) => i.angle === 90 || i.angle === 270).length;
  const sideways = read.items.length > 0 && vertical >= read.items.length / 2;
  if (!sideways && read.items.length >= FEW_WORDS) return [];
  const guess = await orientationOf(lane, raw, until, limits).catch(() => undefined);
  if (sideways) return guess?.turn === 270 ? [270, 90] : [90, 270];
  return guess && guess.confidence >= MIN_TURN_CONFIDENCE ? [guess.turn] : [];
}

/** Orientation confidence (tesseract's) above which a page that read little is turned on its word alone. */
const MIN_TURN_CONFIDENCE = 2;

/** Tesseract's guess of how far to turn the page clockwise so its text stands upright. */
async function orientationOf(lane: Renderer, raw: RawPage, until: number, limits: PdfLimits): Promise<{ turn: Turn; confidence: number } | undefined> {
  const { width: W, height: H } = raw;
  // ~150 dpi: measured on drawings, orientation detection is surer there than at 200 or 300.
  const [image] = await lane.render(raw.page, [{ x: 0, y: 0, width: W, height: H, scale: Math.min(OSD_DPI / 72, Math.sqrt(SHEET_PIXELS / (W * H))), rotate: 0 }], until, W * H);
  if (!image || image.ink < MIN_INK || until <= Date.now()) return undefined;
  const osd = await detectOrientation(image.data, { timeoutMs: until - Date.now(), memoryMb: limits.memoryMb, dpi: 72 / Math.hypot(image.matrix[0]!, image.matrix[1]!) });
  return osd.turn ? osd : undefined;
}

/** A text-layer item in the turned frame (a sideways page's header reads along the turned page). */
function turnItem(item: TextItem, frame: Frame): TextItem {
  if (!frame.turn) return item;
  const b = bounds(frame.toUpright, item);
  const angle = ((item.angle ?? 0) + frame.turn) % 360;
  const { angle: _old, ...rest } = item;
  return { ...rest, x: r2(b.x), y: r2(b.y), width: r2(b.width), height: r2(b.height), ...(angle ? { angle } : {}) };
}

class PageBudgetError extends Error {}

/** A word's line box mapped from image pixels to page points (axis-aligned bounds, as text-layer items). */
function wordToItem(w: OcrWord, m: Affine): TextItem | null {
  if (w.conf < MIN_CONF || !/[\p{L}\p{N}]/u.test(w.text) || (w.text.length === 1 && w.conf < 80)) return null;
  const [a, b, c, d] = m;
  // Tesseract reads some vertical words without being turned: a word box much taller than wide.
  const upright = w.text.length >= 3 && w.height > 1.5 * w.width;
  const [top, height] = upright ? [w.top, w.height] : [w.lineTop, w.lineHeight];
  const box = bounds(m, { x: w.left, y: top, width: w.width, height });
  const lineHeight = (upright ? w.width : w.lineHeight) * Math.hypot(c, d);
  const item: TextItem = { str: w.text, x: r2(box.x), y: r2(box.y), width: r2(box.width), height: r2(box.height), fontSize: r2(lineHeight * LINE_HEIGHT_TO_EM), source: 'ocr' };
  const angle = ((Math.round((Math.atan2(b, a) * 180) / Math.PI) + (upright ? 270 : 0)) % 360 + 360) % 360;
  if (angle) item.angle = angle;
  return item;
}

const r2 = (v: number) => Math.round(v * 100) / 100;
const overlaps = (a: TextItem, b: TextItem) => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0;

/** Renders regions of a page (displayed points; the page's area in pt²) to grey images for OCR, one page at a time. */
interface Renderer {
  render(page: number, regions: OcrRegion[], until: number, pageAreaPt: number): Promise<OcrImage[]>;
  stop(): Promise<void>;
}

/** Poppler renders, one pdftoppm process per region: nothing of the page stays in this process. */
class PopplerLane implements Renderer {
  constructor(private readonly command: string, private readonly path: string, private readonly limits: PdfLimits) {}

  async render(page: number, regions: OcrRegion[], until: number): Promise<OcrImage[]> {
    const images: OcrImage[] = [];
    for (const region of regions) {
      const timeoutMs = until - Date.now();
      if (timeoutMs <= 0) throw new PageBudgetError();
      images.push(await renderRegionPgm(this.command, this.path, page, region, { timeoutMs, memoryMb: this.limits.memoryMb, maxPixels: OCR_REGION_MAX_PIXELS }));
    }
    return images;
  }

  async stop() {}
}

/**
 * Poppler for most pages; pdf.js for a scan coarser than OCR wants. Poppler enlarges an image by
 * repeating pixels, which turns speckle into blocks and costs tesseract words (measured: 150 dpi
 * speckled title block, sheet number at 21 % confidence vs 92 %; a 131 ppi house set lost three of
 * eight trades); pdf.js smooths while enlarging, and a coarse scan is small to decode.
 */
class HybridLane implements Renderer {
  private readonly poppler: PopplerLane;
  private pdfjs: RenderLane | undefined;
  private readonly pdfimages = findCommand('pdfimages');
  private coarse = new Map<number, boolean>();
  constructor(command: string, private readonly path: string, private readonly limits: PdfLimits) {
    this.poppler = new PopplerLane(command, path, limits);
  }

  async render(page: number, regions: OcrRegion[], until: number, pageAreaPt: number): Promise<OcrImage[]> {
    let coarse = this.coarse.get(page);
    if (coarse === undefined) {
      const ppi = this.pdfimages ? await scanPpi(this.pdfimages, this.path, page, pageAreaPt, { timeoutMs: Math.max(1, until - Date.now()), memoryMb: this.limits.memoryMb }) : undefined;
      coarse = ppi !== undefined && ppi < Math.max(...regions.map((r) => r.scale * 72)) - 1;
      this.coarse = new Map([[page, coarse]]);
    }
    return coarse ? (this.pdfjs ??= new RenderLane(this.path, this.limits)).render(page, regions) : this.poppler.render(page, regions, until);
  }

  async stop() {
    await this.pdfjs?.stop();
  }
}

/**
 * The fallback without Poppler: one pdf.js render worker serving pages one at a time. A worker that dies (memory cap, watchdog) costs
 * only the page it was on: the next page starts a fresh worker.
 */
class RenderLane implements Renderer {
  private handle: PdfWorkerHandle | undefined;
  private pending: { want: number; images: OcrImage[]; resolve: (i: OcrImage[]) => void; reject: (e: unknown) => void } | undefined;
  constructor(private readonly path: string, private readonly limits: PdfLimits) {}

  /** The worker's own watchdog (the OCR page budget) bounds a render: `until` is not needed here. */
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
