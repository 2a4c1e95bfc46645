/**
 * OCR renders by Poppler's `pdftoppm` (Debian poppler-utils) as a child process: one region of one
 * page, grey, at the resolution OCR needs, cropped by pdftoppm itself (-x/-y/-W/-H). Preferred over
 * pdf.js for OCR because it decodes scans in native code and scales them while streaming: a
 * 36×24 in scan costs ~55 MB and well under a second per region, where pdf.js decodes the whole
 * image into the worker's heap (hundreds of MB and seconds of JavaScript). As a process it gets the
 * same hard limits as the OCR engine (../capped-process.ts).
 */
import { AppError } from '../errors.js';
import { CappedRunError, findCommand, runCapped } from '../capped-process.js';
import type { OcrImage, OcrRegion } from './worker-host.js';

export interface PopplerRenderOptions { timeoutMs: number; memoryMb: number; maxPixels: number }

/** pdftoppm's path, or undefined when poppler-utils is not installed (OCR then renders with pdf.js). */
export const pdftoppmCommand = (): string | undefined => findCommand('pdftoppm');

/**
 * Renders `region` (displayed page points; /Rotate applied, crop box, as pdf.js shows the page) of
 * 1-based `page`. `matrix` maps the image's pixels to displayed page points.
 */
export async function renderRegionPgm(command: string, path: string, page: number, region: OcrRegion, opts: PopplerRenderOptions): Promise<OcrImage> {
  let scale = region.scale;
  const pixels = region.width * region.height * scale * scale;
  if (pixels > opts.maxPixels) scale *= Math.sqrt(opts.maxPixels / pixels);
  const X = Math.round(region.x * scale), Y = Math.round(region.y * scale);
  const args = ['-f', String(page), '-l', String(page), '-r', (scale * 72).toFixed(3), '-gray', '-cropbox',
    '-x', String(X), '-y', String(Y), '-W', String(Math.max(1, Math.round(region.width * scale))), '-H', String(Math.max(1, Math.round(region.height * scale))), path];
  let out: Buffer;
  try {
    out = (await runCapped(command, args, { timeoutMs: opts.timeoutMs, memoryMb: opts.memoryMb, maxOutputBytes: opts.maxPixels + 1024 * 1024 }).done).stdout;
  } catch (e) {
    throw e instanceof CappedRunError ? renderError(e.kind === 'timeout' ? `rendering took longer than ${Math.round(opts.timeoutMs / 1000)} s` : e.message) : e;
  }
  const pgm = parsePgm(out);
  if (!pgm) throw renderError('pdftoppm wrote no grey image');
  const { width: w, height: h, pixels: grey } = pgm;
  const s = 1 / scale;
  // Pixel → point, for the image as rendered and as turned (see rotateGrey for the pixel moves).
  const matrix = {
    0: [s, 0, 0, s, X * s, Y * s],
    90: [0, -s, s, 0, X * s, (h + Y) * s],
    180: [-s, 0, 0, -s, (w + X) * s, (h + Y) * s],
    270: [0, s, -s, 0, (w + X) * s, Y * s],
  }[region.rotate];
  const data = region.rotate ? rotateGrey(grey, w, h, region.rotate) : grey;
  const [iw, ih] = region.rotate === 90 || region.rotate === 270 ? [h, w] : [w, h];
  let ink = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! < 128) ink++;
  const header = Buffer.from(`P5\n${iw} ${ih}\n255\n`, 'latin1');
  return { page, format: 'pgm', width: iw, height: ih, data: Buffer.concat([header, data]), matrix, ink: ink / (data.length || 1) };
}

const renderError = (detail: string) => new AppError('OCR_FAILED', `OCR render failed: ${detail}`, { userMessage: `The page could not be rendered for OCR (${detail}).` });

/** Binary PGM (P5, 8-bit) → size and pixels (a view into `buf`). */
export function parsePgm(buf: Buffer): { width: number; height: number; pixels: Uint8Array } | null {
  const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 64).toString('latin1'));
  if (!m) return null;
  const width = Number(m[1]), height = Number(m[2]);
  const start = m[0].length;
  if (buf.length < start + width * height) return null;
  return { width, height, pixels: buf.subarray(start, start + width * height) };
}

/**
 * Turns a grey image clockwise by `deg`. A pixel (u, v) of a w×h image goes to (h-1-v, u) at 90°,
 * (w-1-u, h-1-v) at 180°, (v, w-1-u) at 270°. Hand-written: a few lines, where an image library
 * would be a native dependency for one loop.
 */
export function rotateGrey(src: Uint8Array, w: number, h: number, deg: 90 | 180 | 270): Uint8Array {
  const out = new Uint8Array(w * h);
  for (let v = 0; v < h; v++) {
    const row = v * w;
    if (deg === 90) for (let u = 0; u < w; u++) out[u * h + (h - 1 - v)] = src[row + u]!;
    else if (deg === 270) for (let u = 0; u < w; u++) out[(w - 1 - u) * h + v] = src[row + u]!;
    else for (let u = 0; u < w; u++) out[(h - 1 - v) * w + (w - 1 - u)] = src[row + u]!;
  }
  return out;
}

/**
 * The resolution (pixels per inch) of the image that covers most of a page, from `pdfimages -list`
 * (which reads image headers, not pixels); undefined when no image covers half the page.
 */
export async function scanPpi(command: string, path: string, page: number, pageAreaPt: number, opts: { timeoutMs: number; memoryMb: number }): Promise<number | undefined> {
  // Any failure only means the resolution is unknown: the caller then renders at its default.
  const r = await runCapped(command, ['-list', '-f', String(page), '-l', String(page), path], { ...opts, maxOutputBytes: 1024 * 1024 }).done.catch(() => undefined);
  if (!r) return undefined;
  let best: { area: number; ppi: number } | undefined;
  for (const row of r.stdout.toString('utf8').split('\n').slice(2)) {
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
    const c = row.trim().split(/\s+/);
    if (c.length < 14 || c[2] !== 'image') continue;
    const [w, h, xppi, yppi] = [Number(c[3]), Number(c[4]), Number(c[12]), Number(c[13])];
    if (!(xppi > 0 && yppi > 0)) continue;
    const area = (w / xppi) * (h / yppi) * 72 * 72;
    if (area >= pageAreaPt / 2 && (!best || area > best.area)) best = { area, ppi: Math.min(xppi, yppi) };
  }
  return best?.ppi;
}
