/**
 * Shapes produced by the PDF reader. Coordinates are PDF points in the *displayed* page
 * (the page's /Rotate already applied), origin top-left, y growing downwards.
 */

/** One run of text on a page. `x`,`y` = top-left of the run's box. */
export interface TextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
  fontSize: number;
  /** Text direction in the displayed page, degrees clockwise (90 = runs downwards); omitted when 0. */
  angle?: number;
  /** 'ocr' when the word was read from the rendered page, not from the PDF's text layer. */
  source?: 'ocr';
  /** A whole word as an engine that finds words (poppler) cut it: a space separates it from the next such word. */
  word?: true;
}

/** A drawing sheet's identity from its title block. `discipline` = designator letters ("A", "E", "FP"). */
export interface SheetId {
  number: string;
  title?: string;
  discipline?: string;
  /** 'ocr' when the number was read by OCR. */
  source?: 'ocr';
}

/**
 * How OCR went on a page it was run on. `reason`: no text layer, a scan with a sparse text layer,
 * text drawn as outlines, or a text layer that does not read as words. `note` says what stopped it.
 */
export interface PageOcr {
  status: 'read' | 'unreadable';
  reason: 'no-text' | 'scan' | 'outlined' | 'unreadable-text';
  words: number;
  ms: number;
  /** Degrees the page was turned clockwise because its scan lay sideways (no /Rotate said so). */
  turned?: 90 | 180 | 270;
  note?: string;
}

/** A spec heading: "26 05 19" (6 digits spaced), "09" for DIVISION 09, or legacy 5-digit "15400". */
export interface SpecSectionHeading {
  number: string;
  title?: string;
  kind: 'section' | 'division';
}

/** One row of a drawing list / sheet index on a cover page. `page` = the page the index was read on. */
export interface SheetIndexEntry {
  number: string;
  title: string;
  page: number;
  /** The page of this PDF whose title block carries that number, when found. */
  sheetPage?: number;
}

export interface PageText {
  /** 1-based page number. */
  page: number;
  /** Displayed (rotation-applied) size in points. */
  width: number;
  height: number;
  /** The page's /Rotate value, normalized to 0, 90, 180 or 270. */
  rotation: number;
  items: TextItem[];
  /** Page text in reading order: `lines` joined by "\n". */
  text: string;
  lines: string[];
  sheet: SheetId | null;
  sections: SpecSectionHeading[];
  /** False when the page has no usable text: neither a text layer nor words read by OCR. */
  hasTextLayer: boolean;
  /** Present on pages that were OCR'd (their OCR words are in `items` with `source: 'ocr'`). */
  ocr?: PageOcr;
}

export interface PdfInfo {
  pageCount: number;
  title?: string;
  producer?: string;
  creator?: string;
  sha256: string;
  bytes: number;
}

export interface PdfDocumentText {
  info: PdfInfo;
  pages: PageText[];
  sheetIndex: SheetIndexEntry[];
}

/**
 * Limits for reading untrusted PDFs. `memoryMb` is per worker process (V8 old generation; also the
 * address-space cap of the native tools), `rssMb` the resident memory of all worker processes together.
 */
export interface PdfLimits {
  maxBytes: number;
  maxPages: number;
  pageTimeoutMs: number;
  maxPixels: number;
  memoryMb: number;
  rssMb: number;
  totalTimeoutMs?: number;
  /** Text pass and page images: 'auto' = poppler's pdftotext/pdftoppm when installed, else pdf.js. */
  engine?: 'auto' | 'pdfjs' | 'poppler';
  /** Worker threads for a large document (default: up to 2); also the number of parallel OCR lanes. */
  workers?: number;
  /** 'auto' (default): OCR pages whose text layer is missing or unusable; 'off': never. */
  ocr?: 'auto' | 'off';
}

export interface RenderedPage {
  /** 1-based page number. */
  page: number;
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  data: Buffer;
}
