// PDF worker: opens ONE untrusted document with pdf.js in its own Node process (forked by
// worker-host.ts with a heap cap, a kill timer and a resident-memory watchdog) and streams results
// page by page over the IPC channel.
// Plain JavaScript on purpose: it needs no TypeScript loader under tsx, vitest or plain node.
//
// Protocol — job (argv[2], JSON): { path, mode: 'text'|'render'|'ocr', limits: { maxPixels }, render?: { longestSide, format }, probe?: { sparseChars } }
//   worker → host: { type: 'open', pageCount, info }   after the document opened
//   host → worker: { type: 'go', pages: number[] }     the 1-based pages this worker must process
//   worker → host: { type: 'page', page }  (text) | { type: 'image', image } (render), one per page
//   worker → host: { type: 'done' } | { type: 'error', name, message, page? }
// In 'ocr' mode the host asks for one page at a time instead of 'go' (so rendering never runs ahead
// of the OCR engine and piles images up in memory):
//   host → worker: { type: 'regions', page, regions: [{ x, y, width, height, scale, rotate }] }
//   worker → host: { type: 'image', image } per region (grey PGM + pixel→page matrix), then
//                  { type: 'rendered', page }; or { type: 'page-error', page, message }
//   (the host terminates the worker when it has no more pages)
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const pdfjsDir = dirname(require.resolve('pdfjs-dist/package.json'));
// The canvas binding pdf.js itself uses (resolved from pdfjs-dist, so there is only one copy).
const { createCanvas } = createRequire(join(pdfjsDir, 'package.json'))('@napi-rs/canvas');
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

/** Canvas factory for pdf.js v5 (`CanvasFactory` option): plain @napi-rs/canvas canvases. */
class CanvasFactory {
  /** @param {number} width @param {number} height */
  create(width, height) {
    const canvas = createCanvas(width, height);
    return { canvas, context: canvas.getContext('2d') };
  }
  /** @param {{canvas: any}} cc @param {number} width @param {number} height */
  reset(cc, width, height) {
    cc.canvas.width = width;
    cc.canvas.height = height;
  }
  /** @param {{canvas: any, context: any}} cc */
  destroy(cc) {
    // Zero-size the canvas so its native pixel buffer is released now, not at the next GC.
    cc.canvas.width = 0;
    cc.canvas.height = 0;
    cc.canvas = null;
    cc.context = null;
  }
}

/** The IPC channel to the host (a transfer list is meaningless between processes: dropped). */
const port = {
  /** @param {unknown} msg @param {unknown} [_transfer] */
  postMessage: (msg, _transfer) => void process.send?.(msg),
  /** @param {'message'} event @param {(msg: any) => void} listener */
  once: (event, listener) => void process.once(event, listener),
};
// The host going away (killed, crashed) must not leave this process parsing on its own.
process.on('disconnect', () => process.exit(0));
const { path, mode, limits, render, probe } = JSON.parse(process.argv[2] ?? '{}');
/** @type {number | undefined} */
let currentPage;
/** Pages whose image pdf.js dropped for exceeding maxImageSize (its warning is the only signal). */
const oversized = new Set();
// pdf.js reports warnings through console.warn at verbosity 1; keep only the one that matters here.
console.warn = (/** @type {unknown[]} */ ...args) => {
  if (currentPage !== undefined && /exceeded maximum allowed size/i.test(String(args[0]))) oversized.add(currentPage);
};

/** @param {unknown} e */
function fail(e) {
  const err = /** @type {{ name?: string, message?: string }} */ (e ?? {});
  port.postMessage({ type: 'error', name: err.name ?? 'Error', message: err.message ?? String(e), page: currentPage });
}

/** Angle of the text direction in the displayed page, in degrees [0, 360). @param {number[]} m */
const angleOf = (m) => ((Math.round((Math.atan2(m[1], m[0]) * 180) / Math.PI) % 360) + 360) % 360;

/**
 * A pdf.js text item → TextItem in the displayed (rotated) viewport, top-left origin. The box is the
 * axis-aligned bounds of the run: from the baseline origin along the text direction (width) and
 * "up" the glyphs (font size).
 * @param {any} item @param {number[]} vt viewport transform
 */
function toTextItem(item, vt) {
  const m = pdfjs.Util.transform(vt, item.transform);
  const fontSize = Math.hypot(m[2], m[3]);
  const sx = Math.hypot(m[0], m[1]) || 1;
  const ux = m[0] / sx, uy = m[1] / sx; // text direction
  const vx = m[2] / (fontSize || 1), vy = m[3] / (fontSize || 1); // glyph "up"
  const w = item.width, h = fontSize || item.height;
  const xs = [m[4], m[4] + w * ux, m[4] + h * vx, m[4] + w * ux + h * vx];
  const ys = [m[5], m[5] + w * uy, m[5] + h * vy, m[5] + w * uy + h * vy];
  const x = Math.min(...xs), y = Math.min(...ys);
  const out = { str: item.str, x: r2(x), y: r2(y), width: r2(Math.max(...xs) - x), height: r2(Math.max(...ys) - y), fontSize: r2(fontSize) };
  const angle = angleOf(m);
  if (angle !== 0) out.angle = angle;
  return out;
}

/** @param {number} v */
const r2 = (v) => Math.round(v * 100) / 100;

/** @param {any} page */
async function textOf(page) {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent({ disableNormalization: false });
  const items = [];
  for (const it of content.items) {
    if (typeof it.str !== 'string' || it.str.trim() === '') continue; // EOL markers and blanks
    items.push(toTextItem(it, viewport.transform));
  }
  const out = { page: page.pageNumber, width: r2(viewport.width), height: r2(viewport.height), rotation: page.rotate, items };
  if (probe && items.reduce((n, it) => n + it.str.replace(/\s/g, '').length, 0) < probe.sparseChars) out.marks = await marksOf(page, viewport);
  return out;
}

const IMAGE_OPS = new Set([pdfjs.OPS.paintImageXObject, pdfjs.OPS.paintInlineImageXObject, pdfjs.OPS.paintImageMaskXObject, pdfjs.OPS.paintImageXObjectRepeat, pdfjs.OPS.paintImageMaskXObjectRepeat]);

/**
 * What a page with little text draws instead: the share of the page its images cover (a scan) and
 * its count of painted paths (a CAD export whose text became outlines). Only asked for sparse pages,
 * so a text-layer document pays nothing. Images over the text pass's maxImageSize are not decoded
 * here, only flagged (oversized): a big scan is decoded once, by the OCR render. Walks the operator
 * list tracking the transform matrix.
 * @param {any} page @param {any} viewport
 */
async function marksOf(page, viewport) {
  const ops = await page.getOperatorList();
  /** @type {number[]} */
  let ctm = [1, 0, 0, 1, 0, 0];
  /** @type {number[][]} */
  const stack = [];
  let imageArea = 0, paths = 0;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i], args = ops.argsArray[i];
    if (fn === pdfjs.OPS.save || fn === pdfjs.OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      if (fn === pdfjs.OPS.paintFormXObjectBegin && Array.isArray(args?.[0])) ctm = pdfjs.Util.transform(ctm, args[0]);
    } else if (fn === pdfjs.OPS.restore || fn === pdfjs.OPS.paintFormXObjectEnd) {
      ctm = stack.pop() ?? ctm;
    } else if (fn === pdfjs.OPS.transform) {
      ctm = pdfjs.Util.transform(ctm, args);
    } else if (fn === pdfjs.OPS.constructPath) {
      paths++;
    } else if (IMAGE_OPS.has(fn)) {
      // An image fills the unit square under the current matrix: its area is |det|.
      imageArea += Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]);
    }
  }
  return { imageCover: r2(Math.min(1, imageArea / (viewport.width * viewport.height || 1))), paths, ...(oversized.has(page.pageNumber) ? { oversizedImage: true } : {}) };
}

/**
 * Renders regions of the displayed page for OCR as 8-bit grey PGM (what tesseract reads fastest;
 * no encoder pass). Each image carries the affine matrix from its pixels to displayed page points,
 * so OCR words land where a text layer's would. `rotate` turns the render (90: text running up the
 * page becomes horizontal).
 * @param {any} page @param {{ x: number, y: number, width: number, height: number, scale: number, rotate: number }} region
 */
async function regionImage(page, region) {
  const base = page.getViewport({ scale: 1 });
  let scale = region.scale;
  const pixels = region.width * region.height * scale * scale;
  if (pixels > limits.maxPixels) scale *= Math.sqrt(limits.maxPixels / pixels);
  const rotation = (page.rotate + region.rotate) % 360;
  const full = page.getViewport({ scale, rotation });
  // The region's corners in the rotated, scaled viewport → its pixel box there.
  const corners = [[region.x, region.y], [region.x + region.width, region.y + region.height]].map(([x, y]) => full.convertToViewportPoint(...base.convertToPdfPoint(x, y)));
  const left = Math.min(corners[0][0], corners[1][0]), top = Math.min(corners[0][1], corners[1][1]);
  const width = Math.max(1, Math.round(Math.abs(corners[1][0] - corners[0][0]))), height = Math.max(1, Math.round(Math.abs(corners[1][1] - corners[0][1])));
  const viewport = page.getViewport({ scale, rotation, offsetX: -left, offsetY: -top });
  const toPage = (/** @type {number} */ u, /** @type {number} */ v) => base.convertToViewportPoint(...viewport.convertToPdfPoint(u, v));
  const [o, ux, vy] = [toPage(0, 0), toPage(1, 0), toPage(0, 1)];
  const matrix = [ux[0] - o[0], ux[1] - o[1], vy[0] - o[0], vy[1] - o[1], o[0], o[1]];
  const factory = new CanvasFactory();
  const cc = factory.create(width, height);
  try {
    await page.render({ canvas: cc.canvas, canvasContext: cc.context, viewport, background: 'rgb(255,255,255)' }).promise;
    const rgba = cc.context.getImageData(0, 0, width, height).data;
    const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1');
    const data = new Uint8Array(header.length + width * height);
    data.set(header, 0);
    let ink = 0;
    for (let i = 0, j = header.length; i < rgba.length; i += 4, j++) {
      const g = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
      data[j] = g;
      if (g < 128) ink++;
    }
    return { page: page.pageNumber, format: 'pgm', width, height, data, matrix, ink: ink / (width * height), ...(oversized.has(page.pageNumber) ? { oversizedImage: true } : {}) };
  } finally {
    factory.destroy(cc);
  }
}

/** 'ocr' mode: serve one page's regions per request until the host closes. @param {any} doc */
async function serveRegions(doc) {
  for (;;) {
    const msg = await new Promise((resolve) => port.once('message', resolve));
    if (msg.type !== 'regions') return;
    currentPage = msg.page;
    let page;
    try {
      page = await doc.getPage(msg.page);
      for (const region of msg.regions) {
        const image = await regionImage(page, region);
        port.postMessage({ type: 'image', image }, [image.data.buffer]);
      }
      port.postMessage({ type: 'rendered', page: msg.page });
    } catch (e) {
      // One page that cannot be rendered is that page's problem, not the document's.
      port.postMessage({ type: 'page-error', page: msg.page, message: /** @type {Error} */ (e)?.message ?? String(e) });
    } finally {
      page?.cleanup();
      currentPage = undefined;
    }
  }
}

/** @param {any} page */
async function imageOf(page) {
  const base = page.getViewport({ scale: 1 });
  // Longest side = render.longestSide, but never more than limits.maxPixels in total.
  let scale = render.longestSide / Math.max(base.width, base.height);
  const pixels = base.width * base.height * scale * scale;
  if (pixels > limits.maxPixels) scale *= Math.sqrt(limits.maxPixels / pixels);
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.floor(viewport.width)), height = Math.max(1, Math.floor(viewport.height));
  const factory = new CanvasFactory();
  const cc = factory.create(width, height);
  try {
    await page.render({ canvas: cc.canvas, canvasContext: cc.context, viewport, background: 'rgb(255,255,255)' }).promise;
    const data = render.format === 'png' ? await cc.canvas.encode('png') : await cc.canvas.encode('jpeg', 85);
    // Own copy, so its ArrayBuffer can be transferred (the encoder's buffer may not be transferable).
    return { page: page.pageNumber, format: render.format, width, height, data: new Uint8Array(data) };
  } finally {
    factory.destroy(cc);
  }
}

async function main() {
  // A view, not a copy: big sets are tens of MB and pdf.js keeps its own reference for the whole run.
  const file = await readFile(path);
  const data = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  const doc = await pdfjs.getDocument({
    data,
    isEvalSupported: false, // never compile PDF-supplied code (PostScript functions) with eval
    disableFontFace: true,
    useSystemFonts: false,
    // Bounded so one huge embedded image cannot eat gigabytes; bigger images are skipped.
    maxImageSize: Math.max(limits.maxPixels * 6, 4_000_000, limits.maxImagePixels ?? 0),
    canvasMaxAreaInBytes: limits.maxPixels * 4 * 4,
    standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/',
    cMapUrl: join(pdfjsDir, 'cmaps') + '/',
    cMapPacked: true,
    wasmUrl: join(pdfjsDir, 'wasm') + '/',
    iccUrl: join(pdfjsDir, 'iccs') + '/',
    CanvasFactory,
    verbosity: 1, // warnings reach the console.warn filter above
  }).promise;
  try {
    // Metadata is optional: a broken Info dict must not fail the read, but the host logs it.
    const meta = await doc.getMetadata().catch((/** @type {Error} */ e) => {
      port.postMessage({ type: 'warn', message: `metadata unreadable: ${e?.message ?? e}` });
      return null;
    });
    const info = /** @type {Record<string, unknown>} */ (meta?.info ?? {});
    const str = (/** @type {unknown} */ v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    port.postMessage({ type: 'open', pageCount: doc.numPages, info: { title: str(info.Title), producer: str(info.Producer), creator: str(info.Creator) } });
    const pages = mode === 'ocr' ? [] : await new Promise((resolve) => port.once('message', (msg) => resolve(msg.pages)));
    if (mode === 'ocr') await serveRegions(doc);
    for (const n of /** @type {number[]} */ (pages)) {
      currentPage = n;
      const page = await doc.getPage(n);
      try {
        if (mode === 'render') {
          const image = await imageOf(page);
          port.postMessage({ type: 'image', image }, [image.data.buffer]);
        } else {
          port.postMessage({ type: 'page', page: await textOf(page) });
        }
      } finally {
        page.cleanup(); // drops the page's parsed operators/fonts/images: keeps memory flat in page count
      }
    }
    currentPage = undefined;
  } finally {
    await doc.destroy();
  }
  port.postMessage({ type: 'done' });
}

main().catch(fail);
