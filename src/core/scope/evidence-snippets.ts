/**
 * The short quotes a detected trade carries as its evidence: a window of at most 160 characters around
 * the words that were matched, and the sheet the page is, when it is one. Every reader of a document
 * (the offline text extractor and the vision extractor) quotes its evidence the same way, so it lives
 * apart from either.
 */
import type { PdfDocumentText } from '../pdf/types.js';
import type { Evidence } from './types.js';

const MAX_SNIPPET = 160;

/** A ≤160-char window of `text` around [index, index+length). */
export function snippetAround(text: string, index = 0, length = 0): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= MAX_SNIPPET) return flat;
  const before = text.slice(0, index).replace(/\s+/g, ' ');
  const at = Math.min(before.length, flat.length);
  const start = Math.max(0, Math.min(at - Math.floor((MAX_SNIPPET - length) / 2), flat.length - MAX_SNIPPET + 2));
  let s = flat.slice(start, start + MAX_SNIPPET - 2).trim();
  if (start > 0) s = `…${s}`;
  if (start + MAX_SNIPPET - 2 < flat.length) s = `${s}…`;
  return s.slice(0, MAX_SNIPPET);
}

/** The evidence, with the sheet number of the page it was seen on when that page is a drawing sheet. */
export function withSheet(page: PdfDocumentText['pages'][number], ev: Evidence): Evidence {
  if (page.sheet) ev.sheet = page.sheet.number;
  return ev;
}
