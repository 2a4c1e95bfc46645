import type { PageText, PdfDocumentText, SheetIndexEntry, SpecSectionHeading } from '../../src/core/pdf/types.js';

export interface PageSpec {
  text: string | string[];
  sheet?: { number: string; title?: string; discipline?: string };
  sections?: SpecSectionHeading[];
  hasTextLayer?: boolean;
  /** Page size in points (default letter, 612×792). */
  size?: [number, number];
  /** Items with font sizes (cover title detection); default: one item per line at 10pt. */
  items?: Array<{ str: string; fontSize: number }>;
}

/** A synthetic PdfDocumentText, shaped like the PDF reader's output. */
export function buildDoc(pages: PageSpec[], opts: { sheetIndex?: SheetIndexEntry[]; title?: string } = {}): PdfDocumentText {
  const out: PageText[] = pages.map((p, i) => {
    const lines = (Array.isArray(p.text) ? p.text : p.text.split('\n')).map((l) => l.trim()).filter(Boolean);
    let y = 36;
    const items = (p.items ?? lines.map((str) => ({ str, fontSize: 10 }))).map((it) => {
      const item = { str: it.str, x: 36, y, width: it.str.length * it.fontSize * 0.5, height: it.fontSize, fontSize: it.fontSize };
      y += Math.max(14, it.fontSize * 1.2); // one line of that type further down
      return item;
    });
    const hasTextLayer = p.hasTextLayer ?? lines.length > 0;
    return {
      page: i + 1,
      width: p.size?.[0] ?? 612,
      height: p.size?.[1] ?? 792,
      rotation: 0,
      items: hasTextLayer ? items : [],
      text: hasTextLayer ? lines.join('\n') : '',
      lines: hasTextLayer ? lines : [],
      sheet: p.sheet ?? null,
      sections: p.sections ?? [],
      hasTextLayer,
    };
  });
  const info: PdfDocumentText['info'] = { pageCount: out.length, sha256: 'f'.repeat(64), bytes: 1000 };
  if (opts.title) info.title = opts.title;
  return { info, pages: out, sheetIndex: opts.sheetIndex ?? [] };
}
