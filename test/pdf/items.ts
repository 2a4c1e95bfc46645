import type { TextItem } from '../../src/core/pdf/types.js';

/** A horizontal text item with its top-left at (x, y); width estimated from the font size. */
export function item(str: string, x: number, y: number, fontSize = 10, width = str.length * fontSize * 0.55): TextItem {
  return { str, x, y, width, height: fontSize, fontSize };
}

/** A 36x24in (2592x1728 pt) drawing page of items. */
export const sheetPage = (items: TextItem[], width = 2592, height = 1728) => ({ width, height, items });
