/**
 * Debian's `tesseract` (tesseract-ocr + tesseract-ocr-eng) run as a child process on one image:
 * the image goes in on stdin, word boxes come back as TSV. A process per image keeps the engine
 * outside Node's heap and gives hard limits: an address-space cap (prlimit), a kill timer, and a
 * single OCR thread (OpenMP threads only spin against each other on a shared machine).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AppError } from '../errors.js';

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
const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));

export async function runTesseract(image: Uint8Array, opts: TesseractOptions): Promise<OcrWord[]> {
  const command = opts.command ?? 'tesseract';
  const args = ['stdin', 'stdout', '-l', 'eng', '--psm', String(opts.psm ?? 3), '--dpi', String(Math.round(opts.dpi)), 'tsv'];
  const [file, argv] = PRLIMIT ? [PRLIMIT, [`--as=${opts.memoryMb * 1024 * 1024}`, '--', command, ...args]] : [command, args];
  const child = spawn(file, argv, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', OMP_THREAD_LIMIT: '1', ...(process.env.TESSDATA_PREFIX ? { TESSDATA_PREFIX: process.env.TESSDATA_PREFIX } : {}) }, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let outBytes = 0;
  let err = '';
  return new Promise<OcrWord[]>((resolve, reject) => {
    let failed: AppError | undefined;
    const fail = (e: AppError) => {
      failed ??= e;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => fail(ocrErrors.timeout(opts.timeoutMs)), opts.timeoutMs);
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > MAX_OUTPUT_BYTES) fail(ocrErrors.failed('output too large'));
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => { if (err.length < 4000) err += b.toString('utf8'); });
    // The engine may exit (or be killed) before reading all of stdin: that is reported by 'close'.
    child.stdin.on('error', () => undefined);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(e.code === 'ENOENT' ? ocrErrors.unavailable(command) : ocrErrors.failed(e.message));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failed) return reject(failed);
      // prlimit runs the engine with execvp: a missing engine is its exit status 127.
      if (code === 127) return reject(ocrErrors.unavailable(command));
      if (code !== 0) return reject(/alloc|memory/i.test(err) || signal === 'SIGSEGV' || signal === 'SIGABRT' ? ocrErrors.memory(opts.memoryMb) : ocrErrors.failed(`exit ${code ?? signal}: ${err.trim().slice(0, 300)}`));
      resolve(parseTesseractTsv(Buffer.concat(out).toString('utf8')));
    });
    child.stdin.end(image);
  });
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
