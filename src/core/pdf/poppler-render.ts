/**
 * Page images by poppler's `pdftoppm` (the native engine for rendering; pdf.js in the workers is the
 * portable one): the pages split over two lanes, JPEG/PNG files in a private temporary directory,
 * each process under the limits of ../capped-process.ts (address-space cap, page time limit).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pdfErrors } from './errors.js';
import { CappedRunError, runCapped } from '../capped-process.js';
import { PopplerFallback } from './poppler-text.js';
import { splitPages } from './run.js';
import type { PdfLimits, RenderedPage } from './types.js';

export async function popplerRenderPages(path: string, pages: number[], opts: { longestSide: number; format: 'png' | 'jpeg'; limits: PdfLimits; lanes: number }): Promise<Map<number, RenderedPage>> {
  const { limits } = opts;
  // Longest side as asked, but never more pixels than maxPixels (a square page is the worst case).
  const side = Math.min(opts.longestSide, Math.floor(Math.sqrt(limits.maxPixels)));
  const format = opts.format === 'png' ? ['-png'] : ['-jpeg', '-jpegopt', 'quality=85'];
  const out = new Map<number, RenderedPage>();
  const dir = await mkdtemp(join(tmpdir(), 'rb-pdftoppm-'));
  // One process per run of consecutive pages in each lane's share: the document is opened (and
  // its fonts loaded) once per run, not once per page.
  const runs = splitPages(pages, opts.lanes).map((chunk) => consecutiveRuns(chunk));
  try {
    await Promise.all(
      runs.map(async (lane, l) => {
        for (const [first, last] of lane) {
          const prefix = join(dir, `l${l}-${first}`);
          const run = runCapped('pdftoppm', ['-q', '-cropbox', '-f', String(first), '-l', String(last), '-scale-to', String(side), ...format, path, prefix], {
            memoryMb: limits.memoryMb,
            timeoutMs: limits.pageTimeoutMs * (last - first + 1),
            maxOutputBytes: 64 * 1024,
          });
          try {
            await run.done;
          } catch (e) {
            if (!(e instanceof CappedRunError)) throw e;
            if (e.kind === 'timeout') throw pdfErrors.timeout('page', limits.pageTimeoutMs, first);
            if (e.kind === 'memory' || e.kind === 'output') throw pdfErrors.memory(limits.memoryMb, first, e);
            throw new PopplerFallback(e.message);
          }
          // pdftoppm names pages <prefix>-<page, zero-padded>.<ext>.
          const base = basename(prefix);
          for (const name of await readdir(dir)) {
            const m = new RegExp(`^${base}-0*(\\d+)\\.(jpg|png)$`).exec(name);
            if (!m) continue;
            const data = await readFile(join(dir, name));
            const size = imageSize(data);
            if (!size) throw new PopplerFallback(`pdftoppm gave no image for page ${m[1]}`);
            out.set(Number(m[1]), { page: Number(m[1]), format: opts.format, ...size, data });
          }
        }
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const missing = pages.filter((p) => !out.has(p));
  if (missing.length) throw new PopplerFallback(`pdftoppm gave no image for pages ${missing.join(', ')}`);
  return out;
}

/** Sorted pages → [first, last] runs of consecutive numbers. */
function consecutiveRuns(pages: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const p of pages) {
    const last = runs[runs.length - 1];
    if (last && p === last[1] + 1) last[1] = p;
    else runs.push([p, p]);
  }
  return runs;
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
