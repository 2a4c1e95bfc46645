import type { TextLine } from './layout.js';
import { parseSheetNumber, sheetKey } from './sheet-number.js';
import type { SheetId, TextItem } from './types.js';

interface Box { x: number; y: number; width: number; height: number; fontSize: number }
interface Candidate extends Box { number: string; discipline: string; score: number }

/** Title-block labels that may sit next to the number: "SHEET NO.", "DRAWING NUMBER", "DWG #". */
const NUMBER_LABEL = /^(?:SHEET|DRAWING|DWG)\b\.?\s*(?:NO\.?|NUMBER|NUM\.?|#)?\s*:?\s*/i;
/** Lines that end a title when walking up from the number. */
const STOP_LINE = /^(?:SCALE|DATE|PROJECT|PROJ\.?|JOB|DRAWN|DRW|CHECKED|CHK|REVISION|REV\.?|ISSUE[DS]?|SEAL|COPYRIGHT|KEY\s*PLAN|NO\.|CLIENT)\b|^[\d\s./:-]+$/i;
const TITLE_LABEL = /^(?:SHEET|DRAWING|DWG)\b\.?\s*(?:TITLE|NAME)\s*:?\s*/i;
/** Share of the page width right of which a sideways (90°/270°) sheet number is still a title-block number. */
const RIGHT_EDGE = 0.9;
/** Drawing sheets are 11x17 and up; on smaller pages a number needs a label or the index to count. */
const TABLOID_AREA = 792 * 1224 * 0.95;
/** A page with a side this long (points, 17 in less a margin) is a drawing sheet. */
const LARGE_FORMAT_SIDE = 17 * 72 - 10;

/**
 * The sheet number and title from a drawing's title block. The number is the sheet-number-shaped
 * text that is large for the page and sits toward the bottom-right (title blocks are a right strip
 * or a bottom band), boosted by a "SHEET NO." label or by appearing in the set's sheet index.
 */
export function detectSheet(page: { width: number; height: number; items: TextItem[] }, printed: TextLine[], indexKeys: ReadonlySet<string> = new Set()): SheetId | null {
  const { width: W, height: H } = page;
  if (!W || !H || !printed.length) return null;
  const lines = withStackedWords(printed);
  const median = medianFontSize(page.items);
  const small = W * H < TABLOID_AREA;
  const labels = lines.filter((l) => l.angle === 0 && isNumberLabel(l.text));
  const candidates: Candidate[] = [];
  const consider = (box: Box, text: string, labelHere: boolean) => {
    const cx = (box.x + box.width / 2) / W, cy = (box.y + box.height / 2) / H;
    if (cx < 0.5 && cy < 0.6) return; // title blocks run along the right or the bottom edge
    if (text.length > 40) return; // cheap reject before the regex: numbers are short (a UK field code is the longest)
    const parsed = parseSheetNumber(text);
    if (!parsed) return;
    const size = box.fontSize / median;
    const labelled = labelHere || labels.some((l) => near(l, box));
    const indexed = indexKeys.has(sheetKey(parsed.number));
    if (!(size >= 1.5 || labelled || indexed) || (small && !labelled && !indexed)) return;
    const score = Math.min(size, 10) * (0.5 + cx + cy) * (labelled ? 1.5 : 1) * (indexed ? 2 : 1);
    candidates.push({ x: box.x, y: box.y, width: box.width, height: box.height, fontSize: box.fontSize, ...parsed, score });
  };
  // Items and lines: a number may be split over items, or share a line with its label ("SHEET NO. A101").
  // Sideways text counts only along the right edge, where some title blocks run the number vertically.
  const readable = (box: Box, angle: number) => angle === 0 || ((angle === 90 || angle === 270) && (box.x + box.width / 2) / W >= RIGHT_EDGE);
  for (const it of page.items) if (readable(it, it.angle ?? 0)) consider(it, it.str, false);
  for (const l of lines) {
    if (!readable(l, l.angle)) continue;
    consider(l, l.text, false);
    const stripped = l.text.replace(NUMBER_LABEL, '');
    if (stripped !== l.text && stripped) consider(l.items[l.items.length - 1]!, stripped, true);
  }
  const best = candidates.sort((a, b) => b.score - a.score)[0];
  if (!best) return sequenceSheet(page, lines);
  const title = titleNear(best, lines);
  return { number: best.number, discipline: best.discipline, ...(title ? { title } : {}) };
}

/** "SHEET 3 OF 12", "Sheet 3 of 4", "PAGE 2 OF 9", "Pg. 2/9": a page's place in a set numbered without designators. */
const SEQUENCE = /^(SHEET|PAGE|PG\.?)\s*(?:NO\.?\s*)?(\d{1,3})\s*(?:OF|\/)\s*(\d{1,3})$/i;

/**
 * A set without discipline designators (small residential and permit sets) numbers its sheets
 * "SHEET 3 OF 12": that number is the sheet's. "PAGE 2 OF 9" counts only on a drawing — large
 * format, or a scan read by OCR — since every page of a spec book or report carries such a footer.
 * The lowest, rightmost such line wins (title blocks sit bottom right).
 */
function sequenceSheet(page: { width: number; height: number; items: TextItem[] }, lines: TextLine[]): SheetId | null {
  const drawing = Math.max(page.width, page.height) >= LARGE_FORMAT_SIDE || page.items.some((i) => i.source === 'ocr');
  let best: { number: string; at: number } | undefined;
  for (const l of lines) {
    const m = l.angle === 0 ? SEQUENCE.exec(l.text.trim()) : null;
    if (!m) continue;
    const n = Number(m[2]), of = Number(m[3]);
    if (n < 1 || n > of || (!/^SHEET$/i.test(m[1]!) && !drawing)) continue;
    const at = (l.y + l.height) / page.height + (l.x + l.width) / page.width;
    if (!best || at > best.at) best = { number: String(n), at };
  }
  return best ? { number: best.number } : null;
}

const isNumberLabel = (text: string) => NUMBER_LABEL.test(text) && text.replace(NUMBER_LABEL, '') === '';

function medianFontSize(items: TextItem[]): number {
  const sizes = items.map((i) => i.fontSize).filter((s) => s > 0).sort((a, b) => a - b);
  return sizes[Math.floor(sizes.length / 2)] ?? 10;
}

/** A label close above or to the left of the box. */
function near(label: Box, box: Box): boolean {
  const reach = 6 * Math.max(label.fontSize, box.fontSize);
  const above = label.y + label.height <= box.y + box.height * 0.3 && box.y - (label.y + label.height) <= reach && Math.abs(label.x - box.x) <= reach;
  const left = label.x + label.width <= box.x + 1 && box.x - (label.x + label.width) <= reach && Math.abs(label.y + label.height - (box.y + box.height)) <= reach;
  return above || left;
}

/**
 * The title: consecutive lines stacked right above the number in the same column (walking up,
 * stopping at a gap, a size jump or another field's label), else the nearest text left on its row.
 */
function titleNear(num: Box, lines: TextLine[]): string | undefined {
  const colLeft = num.x - num.width, colRight = num.x + 2 * num.width;
  const above = lines
    .filter((l) => l.angle === 0 && l.y + l.height <= num.y + 0.3 * num.height && l.x < colRight && l.x + l.width > colLeft && l.fontSize >= 0.15 * num.fontSize)
    .sort((a, b) => b.y + b.height - (a.y + a.height));
  const picked: string[] = [];
  let top = num.y;
  let size = 0;
  for (const l of above) {
    const gap = top - (l.y + l.height);
    const limit = picked.length ? 1.2 * l.fontSize : 2 * l.fontSize + 0.5 * num.fontSize;
    if (gap > limit) break;
    if (size && Math.max(size, l.fontSize) / Math.min(size, l.fontSize) > 1.6) break;
    if (parseSheetNumber(l.text) || isNumberLabel(l.text)) {
      top = l.y; // a label or the number repeated between title and number: step over it
      continue;
    }
    const text = l.text.replace(TITLE_LABEL, '').trim();
    if (STOP_LINE.test(text)) break;
    if (text) picked.unshift(text);
    size ||= l.fontSize;
    top = l.y;
    if (TITLE_LABEL.test(l.text) || picked.length >= 5) break;
  }
  const title = clean(picked.join(' ')) ?? clean(rotatedTitleAbove(num, lines, colLeft, colRight).join(' '));
  if (title) return title;
  const left = lines
    .filter((l) => l.angle === 0 && l.x + l.width <= num.x && num.x - (l.x + l.width) <= 20 * num.fontSize && Math.abs(l.y + l.height - (num.y + num.height)) <= 0.5 * num.height)
    .sort((a, b) => b.x - a.x)[0];
  return left ? clean(left.text.replace(TITLE_LABEL, '')) : undefined;
}

/** Portrait title blocks may run the title sideways above the number: take that block's lines in reading order. */
function rotatedTitleAbove(num: Box, lines: TextLine[], colLeft: number, colRight: number): string[] {
  const near = lines.filter((l) => l.angle !== 0 && l.x < colRight && l.x + l.width > colLeft && l.y + l.height <= num.y + 0.3 * num.height && num.y - (l.y + l.height) <= 8 * l.fontSize);
  const first = near[0];
  if (!first) return [];
  const picked: string[] = [];
  for (const l of near) {
    if (l.angle !== first.angle || Math.max(l.fontSize, first.fontSize) / Math.min(l.fontSize, first.fontSize) > 1.6 || STOP_LINE.test(l.text)) break;
    picked.push(l.text.replace(TITLE_LABEL, '').trim());
    if (picked.length >= 5) break;
  }
  return picked;
}

function clean(s: string): string | undefined {
  const t = s.replace(/\s+/g, ' ').trim();
  return /[A-Za-z]{2}/.test(t) && t.length <= 120 ? t : undefined;
}

/**
 * A title block lettered one glyph per line ("E", "-", "1", "0", "1" stacked in a narrow column) comes out of the
 * layout as one-character lines: each run of them stacked closely, centres within half a glyph, is read as one word.
 * A wider gap ends the word. The glyphs' own lines are left out of what is read.
 */
function withStackedWords(lines: TextLine[]): TextLine[] {
  const glyphs = lines.filter((l) => l.angle === 0 && l.text.length === 1).sort((a, b) => a.y - b.y || a.x - b.x);
  if (glyphs.length < 3) return lines;
  const runs: TextLine[][] = [];
  for (const g of glyphs) {
    const centre = g.x + g.width / 2;
    const run = runs.find((r) => {
      const last = r[r.length - 1]!;
      const gap = g.y - (last.y + last.height);
      return Math.abs(last.x + last.width / 2 - centre) <= 0.5 * Math.max(g.fontSize, last.fontSize) && gap >= -0.3 * g.fontSize && gap <= 0.6 * g.fontSize;
    });
    if (run) run.push(g);
    else runs.push([g]);
  }
  const words = runs.filter((r) => r.length >= 3);
  if (!words.length) return lines;
  const used = new Set(words.flat());
  return [...lines.filter((l) => !used.has(l)), ...words.map(stackedLine)];
}

function stackedLine(run: TextLine[]): TextLine {
  const x = Math.min(...run.map((g) => g.x));
  const right = Math.max(...run.map((g) => g.x + g.width));
  const last = run[run.length - 1]!;
  return { text: run.map((g) => g.text).join(''), x, y: run[0]!.y, width: right - x, height: last.y + last.height - run[0]!.y, fontSize: Math.max(...run.map((g) => g.fontSize)), angle: 0, items: run.flatMap((g) => g.items) };
}
