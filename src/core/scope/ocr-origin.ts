import type { PdfDocumentText } from '../pdf/types.js';
import type { Evidence, ScopeDocument } from './types.js';

/** Share of a snippet's words that must be OCR words of its page for the quote to count as OCR-read. */
const OCR_WORD_SHARE = 0.5;

const wordsOf = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2);

/**
 * Marks what OCR contributed, so an estimator sees why a trade was found on a scan: sheets whose
 * number was read by OCR get `source: 'ocr'`, evidence quoting mostly OCR-read words `origin: 'ocr'`.
 * A scan's real text-layer header on the same page stays unmarked. Returns the same document.
 */
export function markOcrOrigin(scope: ScopeDocument, doc: PdfDocumentText): ScopeDocument {
  const ocrWords = new Map<number, Set<string>>();
  for (const page of doc.pages) {
    if (!page.ocr) continue;
    ocrWords.set(page.page, new Set(page.items.filter((i) => i.source === 'ocr').flatMap((i) => wordsOf(i.str))));
  }
  if (!ocrWords.size) return scope;
  const ocrSheetPages = new Set(doc.pages.filter((p) => p.sheet?.source === 'ocr').map((p) => p.page));
  for (const sheet of scope.sheets) if (ocrSheetPages.has(sheet.page)) sheet.source = 'ocr';
  const fromOcr = (e: Evidence) => {
    const known = ocrWords.get(e.page);
    const words = wordsOf(e.snippet);
    return !!known && words.length > 0 && words.filter((w) => known.has(w)).length / words.length >= OCR_WORD_SHARE;
  };
  for (const trade of scope.trades) for (const e of trade.evidence) if (e.source !== 'vision' && fromOcr(e)) e.origin = 'ocr';
  return scope;
}
