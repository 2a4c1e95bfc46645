import type { PdfDocumentText } from '../pdf/types.js';

/** Where a trade was seen. Snippets are short (≤ 160 chars) quotes of the document. */
export interface Evidence {
  page: number;
  sheet?: string;
  section?: string;
  snippet: string;
  source: 'sheet' | 'sheet-index' | 'spec-section' | 'keyword' | 'vision';
  /** 'ocr' when the quoted text was read by OCR from a scanned or outlined page, not from a text layer. */
  origin?: 'ocr';
}

export interface DetectedTrade {
  /** Two-digit MasterFormat division. */
  division: string;
  name: string;
  /** 0..1 */
  confidence: number;
  evidence: Evidence[];
}

export interface ProjectFacts {
  name?: string;
  location?: string;
  zipCode?: string;
  /** ISO date (YYYY-MM-DD) when parseable, else as written. */
  bidDueDate?: string;
}

export interface ScopeDocument {
  schema: 'redbutton.scope';
  version: 1;
  extractor: string;
  createdAt: string;
  source: { sha256: string; pages: number; fileName?: string };
  project: ProjectFacts;
  /** `source: 'ocr'` when the sheet number was read by OCR. */
  sheets: { page: number; number: string; title?: string; source?: 'ocr' }[];
  trades: DetectedTrade[];
  usage?: { model: string; inputTokens: number; outputTokens: number; pagesSent: number };
}

export interface ExtractContext {
  pdfPath: string;
  fileName?: string;
  signal?: AbortSignal;
}

export interface ScopeExtractor {
  readonly name: 'text' | 'openai';
  extract(doc: PdfDocumentText, ctx: ExtractContext): Promise<ScopeDocument>;
}
