/**
 * Reading untrusted PDF plan sets: text layer page by page (isolated, memory- and time-limited
 * workers), sheet numbers/titles, spec sections, sheet index; rendering pages to images.
 */
export { readPdf, type ReadPdfOptions } from './read.js';
export { renderPdfPages, type RenderPdfOptions } from './render.js';
export { defaultPdfLimits, pdfLimitsFromConfig } from './limits.js';
export { pageTextSummary } from './analyze.js';
export { parseSheetNumber, sheetKey } from './sheet-number.js';
export { normalizeSectionNumber } from './sections.js';
export type * from './types.js';
