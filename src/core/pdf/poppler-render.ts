/**
 * Page images by poppler's `pdftoppm` (the native engine for rendering; pdf.js in the workers is the
 * portable one): one process per page, straight to JPEG/PNG on stdout, two at a time, each under
 * the limits of native-run.ts (address-space cap, page time limit, output cap).
 */
import { pdfErrors } from './errors.js';
import { NativeRunError, runNative } from './native-run.js';
import { PopplerFallback } from './poppler-text.js';
import type { PdfLimits, RenderedPage } from './types.js';

export async function popplerRenderPages(path: string, pages: number[], opts: { longestSide: number; format: 'png' | 'jpeg'; limits: PdfLimits; lanes: number }): Promise<Map<number, RenderedPage>> {
  const { limits } = opts;
  // Longest side as asked, but never more pixels than maxPixels (a square page is the worst case).
  const side = Math.min(opts.longestSide, Math.floor(Math.sqrt(limits.maxPixels)));
  const out = new Map<number, RenderedPage>();
  const queue = [...pages];
  const lane = async () => {
    for (let page = queue.shift(); page !== undefined; page = queue.shift()) {
      const format = opts.format === 'png' ? ['-png'] : ['-jpeg', '-jpegopt', 'quality=85'];
      const run = runNative('pdftoppm', ['-q', '-cropbox', '-f', String(page), '-l', String(page), '-singlefile', '-scale-to', String(side), ...format, path], {
        memoryMb: limits.memoryMb,
        idleTimeoutMs: limits.pageTimeoutMs,
        maxBufferedBytes: limits.maxPixels * 4,
      });
      try {
        const { stdout } = await run.done;
        const size = imageSize(stdout);
        if (!size) throw new PopplerFallback(`pdftoppm gave no image for page ${page}`);
        out.set(page, { page, format: opts.format, ...size, data: stdout });
      } catch (e) {
        if (!(e instanceof NativeRunError)) throw e;
        if (e.failure.kind === 'timeout') throw pdfErrors.timeout('page', limits.pageTimeoutMs, page);
        if (e.failure.kind === 'memory' || e.failure.kind === 'output') throw pdfErrors.memory(limits.memoryMb, page, e);
        throw new PopplerFallback(e.message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.lanes, pages.length)) }, lane));
  return out;
}

/** Pixel size from a PNG IHDR or a JPEG start-of-frame marker. */
export function imageSize(b: Buffer): { width: number; height: number } | undefined {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  for (let i = 2; i + 9 < b.length; ) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    // SOF0–SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + b.readUInt16BE(i + 2);
  }
  return undefined;
}
