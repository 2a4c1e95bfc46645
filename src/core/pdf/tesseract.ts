/**
 * Debian's `tesseract` (tesseract-ocr + tesseract-ocr-eng) run as a child process on one image:
 * the image goes in on stdin, word boxes come back as TSV. A process per image keeps the engine
 * outside Node's heap and gives hard limits (see ../capped-process.ts) and a single OCR thread.
 */
import { AppError } from '../errors.js';
import { CappedRunError, runCapped, type CappedResult } from '../capped-process.js';

/** One recognised word, in image pixels; `line` groups words tesseract read as one text line. */
export interface OcrWord { text: string; left: number; top: number; width: number; height: number; conf: number; line: string; lineTop: number; lineHeight: number }

export interface TesseractOptions {
  /** Kill the process after this long. */
  timeoutMs: number;
  /** Address-space cap for the process, MB. */
  memoryMb: number;
  /** Resolution the image was rendered at (tesseract sizes its text heuristics by it). */
  dpi: number;
  /** Tesseract page segmentation mode: 3 = automatic layout (default), 11 = sparse text. */
  psm?: number;
  /** The executable (default `tesseract` on PATH). */
  command?: string;
}

/** TSV is a few hundred bytes per word: more than this is not a drawing page but an attack or a bug. */
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

export async function runTesseract(image: Uint8Array, opts: TesseractOptions): Promise<OcrWord[]> {
  // Not `-c tessedit_do_invert=0`: it saves ~7 % but loses words on real scans (measured: a raster
  // house set lost three of its eight trades), where a doubtful line read again inverted is kept.
  const r = await tesseract(['--psm', String(opts.psm ?? 3), '--dpi', String(Math.round(opts.dpi)), 'tsv'], image, opts);
  return parseTesseractTsv(r.stdout.toString('utf8'));
}

/**
 * Tesseract's orientation detection (--psm 0) on a whole page: how far to turn the image
 * clockwise so its text stands upright (0, 90, 180, 270) and how sure it is (its own scale:
 * ~2 and up is confident); turn 0 with confidence 0 when it cannot tell (too few characters).
 */
export async function detectOrientation(image: Uint8Array, opts: TesseractOptions): Promise<{ turn: 0 | 90 | 180 | 270; confidence: number }> {
  let r: CappedResult;
  try {
    r = await tesseract(['--psm', '0', '--dpi', String(Math.round(opts.dpi))], image, opts, true);
  } catch (e) {
    if (e instanceof AppError && e.code === 'OCR_FAILED') return { turn: 0, confidence: 0 };
    throw e;
  }
  const out = r.stdout.toString('utf8');
  const rotate = Number(/Rotate:\s*(\d+)/.exec(out)?.[1]);
  const confidence = Number(/Orientation confidence:\s*([\d.]+)/.exec(out)?.[1]) || 0;
  return rotate === 90 || rotate === 180 || rotate === 270 ? { turn: rotate, confidence } : { turn: 0, confidence: 0 };
}

async function tesseract(args: string[], image: Uint8Array, opts: TesseractOptions, osd = false): Promise<CappedResult> {
  const command = opts.command ?? 'tesseract';
  // One OCR thread: OpenMP threads only spin against each other on a shared machine.
  const env: Record<string, string> = { OMP_THREAD_LIMIT: '1', ...(process.env.TESSDATA_PREFIX ? { TESSDATA_PREFIX: process.env.TESSDATA_PREFIX } : {}) };
  try {
    return await runCapped(command, ['stdin', 'stdout', ...(osd ? [] : ['-l', 'eng']), ...args], { timeoutMs: opts.timeoutMs, memoryMb: opts.memoryMb, maxOutputBytes: MAX_OUTPUT_BYTES, input: image, env }).done;
  } catch (e) {
    if (!(e instanceof CappedRunError)) throw e;
    if (e.kind === 'missing') throw ocrErrors.unavailable(command);
    if (e.kind === 'timeout') throw ocrErrors.timeout(opts.timeoutMs);
    if (e.kind === 'memory') throw ocrErrors.memory(opts.memoryMb);
    throw ocrErrors.failed(e.message);
  }
}

/**
 * Tesseract's TSV (level, page, block, par, line, word, left, top, width, height, conf, text) →
 * words with their line's box: line boxes give every word of a line one top and height, which is
 * what the layout code expects of a text run (word boxes jump with ascenders and descenders).
 */
export function parseTesseractTsv(tsv: string): OcrWord[] {
  const lines = new Map<string, { top: number; height: number }>();
  const words: OcrWord[] = [];
  for (const row of tsv.split('\n')) {
    const c = row.split('\t');
    if (c.length < 12 || c[0] === 'level') continue;
    const [level, , block, par, line] = c;
    const key = `${block}.${par}.${line}`;
    const [left, top, width, height, conf] = c.slice(6, 11).map(Number) as [number, number, number, number, number];
    if (level === '4') lines.set(key, { top, height });
    const text = c.slice(11).join('\t').trim();
    if (level !== '5' || !text || !(conf >= 0)) continue;
    const l = lines.get(key) ?? { top, height };
    words.push({ text, left, top, width, height, conf, line: key, lineTop: l.top, lineHeight: l.height });
  }
  return words;
}

export const ocrErrors = {
  unavailable: (command: string) =>
    new AppError('OCR_UNAVAILABLE', `OCR engine "${command}" not found`, {
      userMessage: 'Scanned pages could not be read: the OCR engine (Debian package tesseract-ocr with tesseract-ocr-eng) is not installed. Install it, or set REDBUTTON_OCR=off.',
    }),
  timeout: (ms: number) =>
    new AppError('OCR_FAILED', `OCR exceeded ${ms} ms`, { details: { ms }, userMessage: `OCR of this page took longer than ${Math.round(ms / 1000)} s and was stopped.` }),
  memory: (mb: number) =>
    new AppError('OCR_FAILED', `OCR ran out of memory (${mb} MB)`, { details: { memoryMb: mb }, userMessage: `OCR of this page needed more than ${mb} MB and was stopped.` }),
  failed: (detail: string) => new AppError('OCR_FAILED', `OCR failed: ${detail}`, { userMessage: 'The OCR engine could not read this page.' }),
};
