/**
 * The text layer read by poppler's `pdftotext -bbox-layout` (Debian poppler-utils), the native
 * accelerator of the text pass: C++ instead of pdf.js, about 4× less CPU per page, one process per
 * page range so both cores work from the first page. It yields the same RawPage shape as the pdf.js
 * worker: words with their boxes in the displayed (rotated) page, top-left origin.
 *
 * pdftotext reports neither font size nor text direction, so both are derived from its layout:
 * a line's words follow each other along its direction (the order of their centres gives it), and
 * a word's box across that direction is its font's ascent-to-descent height (≈ 1 em).
 */
import { StringDecoder } from 'node:string_decoder';
import { pdfErrors } from './errors.js';
import { CappedRunError, runCapped, type CappedRun } from '../capped-process.js';
import type { PdfLimits, TextItem } from './types.js';
import type { OpenInfo, RawPage } from './worker-host.js';

/**
 * Ascent-to-descent height of a word box, in em. Fonts differ (measured against pdf.js's font
 * sizes: 0.93–1.29 em); 1.0 is the middle. The rules downstream compare sizes within one document
 * more than across, but some reach limits are in em: at 0.94 or 1.1 a few spec headings or sideways
 * sheet titles fell out (test/pdf/poppler-text.test.ts compares both engines on real sets).
 */
const BOX_EM = 1.0;
/** Share of the box height below the baseline (descent / (ascent − descent), typical Latin fonts). */
const DESCENT_SHARE = 0.19;
/** One page's XHTML larger than this is not a drawing but an attack or a bug. */
const MAX_PAGE_XML_BYTES = 64 * 1024 * 1024;

export interface PopplerInfo extends OpenInfo { rotations: number[] }

/** The damaged, encrypted or unexpected: the caller reads the file with pdf.js instead. */
export class PopplerFallback extends Error {}

/** Page count, metadata and every page's /Rotate, from `pdfinfo`. */
export async function popplerInfo(path: string, limits: PdfLimits): Promise<PopplerInfo> {
  const run = runCapped('pdfinfo', ['-f', '1', '-l', String(limits.maxPages), path], { memoryMb: limits.memoryMb, timeoutMs: limits.pageTimeoutMs, maxOutputBytes: 4 * 1024 * 1024 });
  const { stdout, stderr } = await settle(run, 0, limits);
  // Any complaint means poppler repaired something: pdf.js decides what a damaged file gives.
  if (/error/i.test(stderr)) throw new PopplerFallback(stderr.trim().slice(0, 200));
  const text = stdout.toString('utf8');
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'm').exec(text)?.[1]?.trim() || undefined;
  const pageCount = Number(field('Pages'));
  if (!Number.isInteger(pageCount) || pageCount < 1) throw new PopplerFallback('no page count');
  const rotations = Array.from({ length: pageCount }, () => 0);
  for (const m of text.matchAll(/^Page\s+(\d+) rot:\s+(-?\d+)/gm)) rotations[Number(m[1]) - 1] = ((Number(m[2]) % 360) + 360) % 360;
  return { pageCount, info: { title: field('Title'), producer: field('Producer'), creator: field('Creator') }, rotations };
}

/**
 * Reads pages first..last, calling onPage as each page's XHTML completes. The watchdog is fed per
 * page (PDF_PAGE_TIMEOUT_MS), like the pdf.js workers'.
 */
export async function popplerTextPages(path: string, first: number, last: number, rotations: readonly number[], limits: PdfLimits, onPage: (page: RawPage) => void, signal?: AbortSignal): Promise<void> {
  let run: CappedRun | undefined = undefined;
  const pages = bboxPageStream(first, rotations, (p) => { onPage(p); run?.feed(); });
  const onData = (chunk: Buffer): number => pages.write(chunk);
  run = runCapped('pdftotext', ['-q', '-cropbox', '-bbox-layout', '-enc', 'UTF-8', '-f', String(first), '-l', String(last), path, '-'], {
    memoryMb: limits.memoryMb,
    timeoutMs: limits.pageTimeoutMs,
    maxOutputBytes: MAX_PAGE_XML_BYTES,
    onData,
  });
  const stop = () => run?.kill();
  signal?.addEventListener('abort', stop);
  try {
    await settle(run, pages.nextPage(), limits);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  const page = pages.nextPage();
  if (page !== last + 1) throw new PopplerFallback(`pdftotext gave ${page - first} of ${last - first + 1} pages`);
}

/**
 * pdftotext's XHTML as it arrives in pipe chunks → one RawPage per `</page>`. A chunk may end inside
 * a multi-byte character (an en dash is 3 bytes), so bytes go through one StringDecoder: decoding
 * each chunk on its own turned such characters into U+FFFD wherever the pipe happened to split.
 */
export function bboxPageStream(first: number, rotations: readonly number[], onPage: (page: RawPage) => void) {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let page = first;
  return {
    /** Takes the next bytes; returns how many characters wait for their page's end. */
    write(chunk: Buffer): number {
      pending += decoder.write(chunk);
      for (let end = pending.indexOf('</page>'); end >= 0; end = pending.indexOf('</page>')) {
        const start = pending.indexOf('<page ');
        const current = page++;
        onPage(parseBboxPage(pending.slice(start, end), current, rotations[current - 1] ?? 0));
        pending = pending.slice(end + 7);
      }
      return pending.length;
    },
    /** The number the next complete page will get. */
    nextPage: () => page,
  };
}

/** A native failure → the reader's errors (limits), or a fallback to pdf.js (anything else). */
async function settle(run: CappedRun, page: number, limits: PdfLimits) {
  try {
    return await run.done;
  } catch (e) {
    if (!(e instanceof CappedRunError)) throw e;
    if (e.kind === 'timeout') throw pdfErrors.timeout('page', limits.pageTimeoutMs, page || undefined);
    if (e.kind === 'memory' || e.kind === 'output') throw pdfErrors.memory(limits.memoryMb, page || undefined, e);
    throw new PopplerFallback(e.message);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => (e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m)));

interface Word { str: string; x0: number; y0: number; x1: number; y1: number }

/** One `<page>` of pdftotext's -bbox-layout XHTML → RawPage (sizes as displayed, after /Rotate). */
export function parseBboxPage(xml: string, page: number, rotation: number): RawPage {
  const size = /<page width="([\d.]+)" height="([\d.]+)"/.exec(xml);
  let width = Number(size?.[1] ?? 0), height = Number(size?.[2] ?? 0);
  // pdftotext prints the unrotated box size but places words on the rotated page.
  if (rotation === 90 || rotation === 270) [width, height] = [height, width];
  const items: TextItem[] = [];
  for (const line of xml.split('<line ').slice(1)) {
    const words: Word[] = [];
    for (const m of line.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)) {
      const str = unescape(m[5]!);
      if (str.trim()) words.push({ str, x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]) });
    }
    if (words.length) items.push(...lineItems(words));
  }
  return { page, width: r2(width), height: r2(height), rotation, items };
}

/** A line's words as text items, with the line's direction and a font size from the box height. */
function lineItems(words: Word[]): TextItem[] {
  const angle = lineAngle(words);
  return words.map((w) => {
    const across = angle === 0 || angle === 180 ? w.y1 - w.y0 : w.x1 - w.x0;
    const fontSize = across / BOX_EM;
    // pdf.js boxes run from the baseline one em up: move poppler's ascent-to-descent box there.
    const drop = DESCENT_SHARE * across;
    const box = angle === 0 ? { x: w.x0, y: w.y1 - drop - fontSize, width: w.x1 - w.x0, height: fontSize }
      : angle === 180 ? { x: w.x0, y: w.y0 + drop, width: w.x1 - w.x0, height: fontSize }
      : angle === 90 ? { x: w.x0 + drop, y: w.y0, width: fontSize, height: w.y1 - w.y0 }
      : { x: w.x1 - drop - fontSize, y: w.y0, width: fontSize, height: w.y1 - w.y0 };
    const item: TextItem = { str: w.str, x: r2(box.x), y: r2(box.y), width: r2(box.width), height: r2(box.height), fontSize: r2(fontSize), word: true };
    if (angle) item.angle = angle;
    return item;
  });
}

/**
 * Direction of a line: from its first word's centre to its last's; a one-word line is vertical when
 * its box is much taller than wide (running up the page, as title-block lettering does).
 */
function lineAngle(words: Word[]): 0 | 90 | 180 | 270 {
  const c = (w: Word) => [(w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2] as const;
  if (words.length > 1) {
    const [ax, ay] = c(words[0]!), [bx, by] = c(words[words.length - 1]!);
    const dx = bx - ax, dy = by - ay;
    if (Math.abs(dx) >= Math.abs(dy)) return dx >= 0 ? 0 : 180;
    return dy > 0 ? 90 : 270;
  }
  const w = words[0]!;
  return [...w.str.trim()].length >= 3 && w.y1 - w.y0 > 1.5 * (w.x1 - w.x0) ? 270 : 0;
}

const r2 = (v: number) => Math.round(v * 100) / 100;
