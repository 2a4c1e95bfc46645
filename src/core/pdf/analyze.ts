import { buildLines, type TextLine } from './layout.js';
import { detectSections } from './sections.js';
import { findSheetIndex } from './sheet-index.js';
import { sheetKey } from './sheet-number.js';
import { MIN_TEXT_CHARS } from './ocr-detect.js';
import { detectSheet } from './sheets.js';
import type { PageOcr, PageText, SheetId, SheetIndexEntry } from './types.js';
import type { RawPage } from './worker-host.js';


export interface LinedPage { raw: RawPage; lines: TextLine[] }

/** Per-page layout, done as each page arrives so it overlaps with the workers' parsing. */
export const linePage = (raw: RawPage): LinedPage => ({ raw, lines: buildLines(raw.items) });

/**
 * Lined pages → PageText with sheet and sections, plus the set's sheet index. The index is read
 * first so a title-block candidate that the index lists wins over look-alikes.
 */
export function analyzePages(lined: LinedPage[], ocr: ReadonlyMap<number, PageOcr> = new Map()): { pages: PageText[]; sheetIndex: SheetIndexEntry[] } {
  const sheetIndex = mergeIndexes(lined.map(({ raw: p, lines }) => findSheetIndex(lines, p.page)));
  const indexKeys = new Set(sheetIndex.map((e) => sheetKey(e.number)));
  const pages = lined.map(({ raw: p, lines }) => toPageText(p, lines, indexKeys, ocr.get(p.page)));
  for (const e of sheetIndex) {
    const hit = pages.find((p) => p.sheet && sheetKey(p.sheet.number) === sheetKey(e.number));
    if (hit) e.sheetPage = hit.page;
  }
  return { pages, sheetIndex };
}

function toPageText(p: RawPage, lines: TextLine[], indexKeys: ReadonlySet<string>, ocr: PageOcr | undefined): PageText {
  const texts = lines.map((l) => l.text).filter(Boolean);
  const chars = p.items.reduce((n, it) => n + it.str.replace(/\s/g, '').length, 0);
  const sheet = detectSheet(p, lines, indexKeys);
  return {
    page: p.page,
    width: p.width,
    height: p.height,
    rotation: ((p.rotation % 360) + 360) % 360,
    items: p.items,
    text: texts.join('\n'),
    lines: texts,
    sheet: sheet && ocr ? markOcrSheet(sheet, p) : sheet,
    sections: detectSections(lines, p.height),
    hasTextLayer: chars >= MIN_TEXT_CHARS,
    ...(ocr ? { ocr } : {}),
  };
}

/** A sheet number read from OCR words says so, so an estimator sees where it came from. */
function markOcrSheet(sheet: SheetId, p: RawPage): SheetId {
  const key = sheetKey(sheet.number);
  const fromOcr = p.items.some((i) => i.source === 'ocr' && sheetKey(i.str).includes(key));
  return fromOcr ? { ...sheet, source: 'ocr' } : sheet;
}

function mergeIndexes(lists: SheetIndexEntry[][]): SheetIndexEntry[] {
  const seen = new Set<string>();
  return lists.flat().filter((e) => {
    const k = sheetKey(e.number);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** One line per page for logs and CLIs: "p10 E211 FIRST FLOOR LIGHTING PLAN · 412 lines". */
export function pageTextSummary(p: PageText): string {
  const sheet = p.sheet ? ` ${p.sheet.number}${p.sheet.title ? ` ${p.sheet.title}` : ''}` : '';
  const sections = p.sections.length ? ` · ${p.sections.map((s) => (s.kind === 'division' ? `DIV ${s.number}` : s.number)).join(', ')}` : '';
  const ocr = p.ocr ? ` · OCR ${p.ocr.status} (${p.ocr.words} words${p.ocr.note ? `; ${p.ocr.note}` : ''})` : '';
  return `p${p.page}${sheet}${sections} · ${p.hasTextLayer ? `${p.lines.length} lines` : 'no text layer'}${ocr}`;
}
