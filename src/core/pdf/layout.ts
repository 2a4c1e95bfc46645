import type { TextItem } from './types.js';

/** A run of text on one baseline, not crossing a column gap. Box in displayed page coordinates. */
export interface TextLine {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  fontSize: number;
  /** 0, 90, 180 or 270 (see TextItem.angle). */
  angle: number;
  items: TextItem[];
}

/** Box in the line's own reading frame: text runs left to right, lines go down. */
interface Framed { item: TextItem; left: number; top: number; right: number; bottom: number; size: number }

const AXIS_ANGLES = [0, 90, 180, 270] as const;
/** A gap wider than this many font sizes separates columns (sheet index: number ⟷ title is 3+). */
const COLUMN_GAP_EM = 1.2;
/** A gap wider than this many font sizes gets a space (pdf.js omits many inter-word spaces). */
const SPACE_GAP_EM = 0.15;
/** Widest indent after a list marker that still joins its text. */
const ENUMERATOR_GAP_EM = 6;

/**
 * Groups text items into lines in reading order: rows by baseline, split at column gaps, then rows
 * gathered into blocks (paragraphs, note columns, table columns) read top to bottom, blocks ordered
 * top-left first. Horizontal text comes first, then each rotated orientation. Items at odd angles
 * (seal lettering on an arc, one glyph per item) are left out: they only add noise lines.
 */
export function buildLines(items: TextItem[]): TextLine[] {
  const groups = new Map<number, Framed[]>(AXIS_ANGLES.map((a) => [a, []]));
  for (const it of items) {
    const angle = snapAngle(it.angle ?? 0);
    if (angle !== null) groups.get(angle)!.push(frame(it, angle));
  }
  const out: TextLine[] = [];
  for (const [angle, group] of groups) {
    if (group.length) for (const seg of orderBlocks(rows(group).flatMap(splitColumns))) out.push(toLine(seg, angle));
  }
  return out;
}

function snapAngle(a: number): number | null {
  for (const t of [0, 90, 180, 270, 360]) if (Math.abs(a - t) <= 2) return t % 360;
  return null;
}

/** Rotate the item's box so its text reads left to right (displayed coordinates, y down). */
function frame(item: TextItem, angle: number): Framed {
  const { x, y, width: w, height: h } = item;
  const size = item.fontSize || h;
  switch (angle) {
    case 90: return { item, left: y, top: -(x + w), right: y + h, bottom: -x, size };
    case 180: return { item, left: -(x + w), top: -(y + h), right: -x, bottom: -y, size };
    case 270: return { item, left: -(y + h), top: x, right: -y, bottom: x + w, size };
    default: return { item, left: x, top: y, right: x + w, bottom: y + h, size };
  }
}

/** Rows of items sharing a baseline (bottom edge within a third of the font size). */
function rows(framed: Framed[]): Framed[][] {
  const sorted = [...framed].sort((a, b) => a.bottom - b.bottom || a.left - b.left);
  const out: Framed[][] = [];
  let row: Framed[] = [];
  let anchor = -Infinity;
  for (const f of sorted) {
    if (row.length && Math.abs(f.bottom - anchor) <= Math.max(1, 0.35 * Math.min(f.size, row[0]!.size))) {
      row.push(f);
    } else {
      if (row.length) out.push(row);
      row = [f];
      anchor = f.bottom;
    }
  }
  if (row.length) out.push(row);
  return out;
}

function splitColumns(row: Framed[]): Framed[][] {
  const sorted = [...row].sort((a, b) => a.left - b.left);
  const out: Framed[][] = [];
  let seg: Framed[] = [];
  let right = -Infinity;
  for (const f of sorted) {
    const em = Math.max(f.size, seg[seg.length - 1]?.size ?? 0);
    if (seg.length && f.left - right > (isEnumerator(seg) ? ENUMERATOR_GAP_EM : COLUMN_GAP_EM) * em) {
      out.push(seg);
      seg = [];
    }
    seg.push(f);
    right = Math.max(right, f.right);
  }
  if (seg.length) out.push(seg);
  return out;
}

/** A list marker ("A.", "1.01", "2)") stays on the line of the text it introduces, across a wide indent. */
const isEnumerator = (seg: Framed[]) => seg.length <= 2 && /^(?:[A-Za-z]|\d{1,2}(?:\.\d{1,2})*)[.)]?$/.test(seg.map((f) => f.item.str).join('').trim());

interface Seg { parts: Framed[]; left: number; top: number; right: number; bottom: number; size: number }

function orderBlocks(segments: Framed[][]): Framed[][] {
  const segs: Seg[] = segments.map((parts) => {
    const s: Seg = { parts, left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity, size: 0 };
    for (const p of parts) {
      s.left = Math.min(s.left, p.left);
      s.top = Math.min(s.top, p.top);
      s.right = Math.max(s.right, p.right);
      s.bottom = Math.max(s.bottom, p.bottom);
      s.size = Math.max(s.size, p.size);
    }
    return s;
  });
  segs.sort((a, b) => a.top - b.top || a.left - b.left);
  // A segment continues the open block whose last line sits just above it and overlaps it horizontally.
  const blocks: Seg[][] = [];
  let open: Seg[][] = [];
  for (const s of segs) {
    open = open.filter((b) => s.top - b[b.length - 1]!.bottom <= 3 * s.size);
    let best: Seg[] | undefined;
    let bestGap = Infinity;
    for (const b of open) {
      const last = b[b.length - 1]!;
      const gap = s.top - last.bottom;
      const overlaps = Math.min(s.right, last.right) - Math.max(s.left, last.left) > 0;
      const similar = Math.max(s.size, last.size) / Math.max(0.1, Math.min(s.size, last.size)) <= 1.5;
      if (gap > -0.5 * s.size && gap <= 1.0 * Math.max(s.size, last.size) && overlaps && similar && gap < bestGap) {
        best = b;
        bestGap = gap;
      }
    }
    if (best) best.push(s);
    else {
      const b = [s];
      blocks.push(b);
      open.push(b);
    }
  }
  // Blocks start in top-to-bottom order already (segments were sorted by top).
  return blocks.flatMap((b) => b.map((s) => s.parts));
}

function toLine(parts: Framed[], angle: number): TextLine {
  let text = '';
  let prev: Framed | undefined;
  for (const p of parts) {
    const str = p.item.str;
    // OCR and poppler words are words: the engine already decided where the spaces are (a gap
    // rule alone runs tightly set words together: "TownofElmwood", "ClosingDate:").
    const spaced = prev && (p.item.source === 'ocr' || (p.item.word && prev.item.word) || p.left - prev.right > SPACE_GAP_EM * Math.max(p.size, prev.size));
    if (spaced && !/\s$/.test(text) && !/^\s/.test(str)) text += ' ';
    text += str;
    prev = p;
  }
  const items = parts.map((p) => p.item);
  let x = Infinity, y = Infinity, right = -Infinity, bottom = -Infinity, fontSize = 0;
  for (const i of items) {
    x = Math.min(x, i.x);
    y = Math.min(y, i.y);
    right = Math.max(right, i.x + i.width);
    bottom = Math.max(bottom, i.y + i.height);
    fontSize = Math.max(fontSize, i.fontSize);
  }
  return { text: text.replace(/\s+/g, ' ').trim(), x, y, width: right - x, height: bottom - y, fontSize, angle, items };
}
