import type { TextLine } from './layout.js';
import { parseSheetNumber, sheetKey } from './sheet-number.js';
import type { SheetIndexEntry } from './types.js';

/**
 * Index headings in the names sets use: SHEET INDEX, DRAWING LIST, LIST / INDEX / SCHEDULE OF DRAWINGS, INDEX TO
 * DRAWINGS, DRAWING SCHEDULE, DRAWING REGISTER, and the UK issue sheet (DRAWING ISSUE SHEET, DOCUMENT REGISTER).
 */
const HEADING = /\b(?:SHEET|DRAWING)S?\s+(?:INDEX|LIST|REGISTER)\b|\b(?:LIST|INDEX|SCHEDULE|REGISTER)\s+(?:OF|TO)\s+(?:DRAWINGS|SHEETS)\b|\bDRAWINGS?\s+(?:ISSUE\s+)?(?:SCHEDULE|REGISTER)\b|\b(?:DRAWING|DOCUMENT)\s+ISSUE\s+SHEET\b|\bDOCUMENT\s+REGISTER\b/i;
/** A register's revision or issue cell between number and title ("C", "P02", "REV 3", "-"). */
const REVISION_CELL = /^(?:REV\.?\s*)?(?:[A-Z]\d{0,2}|\d{1,2}|[-\u2013])$/i;
/** A row the index keeps for a sheet that is not in the set ("E-301 NOT USED", "A-501 FUTURE", "M-201 DELETED"). */
const NOT_IN_SET = /^(?:\(?\s*(?:NOT\s+USED|NOT\s+IN\s+CONTRACT|FUTURE(?:\s+USE)?|RESERVED|DELETED|VOID|INTENTIONALLY\s+(?:LEFT\s+)?BLANK|N\.?I\.?C\.?)\s*\)?\.?)$/i;
/** A number column needs this many rows to count as an index (one-offs are callouts, not a list). */
const MIN_ROWS = 3;

/**
 * Rows of "number  title" from a cover page's sheet index ("SHEET INDEX", "DRAWING LIST", "DRAWING
 * REGISTER", "SCHEDULE OF DRAWINGS"), printed as a list or as a table's number and title columns.
 * Only on pages with an index heading; rows must line up: numbers left-aligned in a column below the heading, title to the right on
 * the same baseline.
 */
export function findSheetIndex(lines: TextLine[], page: number): SheetIndexEntry[] {
  const horizontal = lines.filter((l) => l.angle === 0);
  const headings = horizontal.filter((l) => HEADING.test(l.text));
  if (!headings.length) return [];
  const topOfIndex = Math.min(...headings.map((h) => h.y));
  const rows: { x: number; y: number; number: string; title: string }[] = [];
  for (const l of horizontal) {
    if (l.y < topOfIndex) continue;
    const row = rowOf(l, horizontal);
    if (row) rows.push({ x: l.x, y: l.y, ...row });
  }
  // Keep rows whose number is left-aligned with at least MIN_ROWS - 1 others.
  const aligned = rows.filter((r) => rows.filter((o) => Math.abs(o.x - r.x) <= 3).length >= MIN_ROWS);
  const seen = new Set<string>();
  const out: SheetIndexEntry[] = [];
  for (const r of aligned.sort((a, b) => a.x - b.x || a.y - b.y)) {
    const key = sheetKey(r.number);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ number: r.number, title: r.title, page });
  }
  return out;
}

function rowOf(line: TextLine, all: TextLine[]): { number: string; title: string } | null {
  const own = parseSheetNumber(line.text);
  if (own) {
    const bottom = line.y + line.height;
    // The first cell to the right that is a title: a register may print the revision between number and title.
    const right = all
      .filter((o) => o !== line && o.x >= line.x + line.width && o.x - (line.x + line.width) <= 40 * line.fontSize && Math.abs(o.y + o.height - bottom) <= 0.4 * line.fontSize)
      .sort((a, b) => a.x - b.x)
      .find((o) => !REVISION_CELL.test(o.text.trim()));
    const title = right && titleText(withoutRevision(right));
    return title ? { number: own.number, title } : null;
  }
  // Number and title in one run: "A101 FLOOR PLAN".
  const m = /^(\S+)\s+(.+)$/.exec(line.text);
  const parsed = m && parseSheetNumber(m[1]!);
  const title = parsed && titleText(m[2]!);
  return parsed && title ? { number: parsed.number, title } : null;
}

/** A revision cell ("C", "P02", "3") read into the title's line (a list marker's indent rule joins it): "C  Ground Floor Plan". */
function withoutRevision(line: TextLine): string {
  const first = line.items[0]?.str.trim() ?? '';
  return line.items.length > 1 && /^(?:[A-Z]\d{0,2}|\d{1,2})$/.test(first) ? line.text.slice(line.text.indexOf(first) + first.length).trim() : line.text;
}

function titleText(s: string): string | null {
  const t = s.replace(/\s+/g, ' ').trim();
  // A sheet the index marks "NOT USED" or "FUTURE" is not in the set: its number says nothing about the work.
  return /[A-Za-z]{2}/.test(t) && !parseSheetNumber(t) && !NOT_IN_SET.test(t) ? t : null;
}
