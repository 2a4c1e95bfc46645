import type { PdfDocumentText } from '../pdf/types.js';

/** Where a trade was seen. Snippets are short (≤ 160 chars) quotes of the document. */
export interface Evidence {
  page: number;
  sheet?: string;
  section?: string;
  snippet: string;
  /** 'scope-sentence': an item of the document's own statement of its work ("Work consists of …"). */
  source: 'sheet' | 'sheet-index' | 'spec-section' | 'schedule' | 'work-section' | 'scope-sentence' | 'keyword' | 'vision';
  /** 'ocr' when the quoted text was read by OCR from a scanned or outlined page, not from a text layer. */
  origin?: 'ocr';
  /** In a package of several documents: the document (name as received) `page` belongs to. */
  document?: string;
}

export interface DetectedTrade {
  /** Two-digit MasterFormat division. */
  division: string;
  name: string;
  /** 0..1 */
  confidence: number;
  evidence: Evidence[];
}

/** One fact read from the documents: its value and the page (1-based) it came from. */
export interface Fact<T = string> {
  value: T;
  page: number;
  source: 'text' | 'ocr' | 'vision';
  /** In a package of several documents: the document the fact was read from. */
  document?: string;
}

/** A date as printed, parsed where possible. `time` is 24-hour HH:MM; `timeZone` an IANA name or the printed abbreviation. */
export interface FactDate {
  date: string | null;
  time: string | null;
  timeZone: string | null;
  text: string;
}

/** What the documents say about the project; null where they are silent (null beats a guess). */
export interface ProjectFacts {
  name: Fact | null;
  owner: Fact | null;
  streetAddress: Fact | null;
  city: Fact | null;
  stateOrProvince: Fact | null;
  country: Fact | null;
  zipOrPostcode: Fact | null;
  projectNumber: Fact | null;
  architectOrEngineer: Fact<string[]> | null;
  bidDue: Fact<FactDate> | null;
  preBidMeeting: Fact<FactDate> | null;
}

export interface ScopeDocument {
  schema: 'redbutton.scope';
  version: 2;
  extractor: string;
  createdAt: string;
  /** The document read; for a package of several, document 1 plus every document (pages = the total). */
  source: { sha256: string; pages: number; fileName?: string; documents?: PackageDocumentRef[] };
  project: ProjectFacts;
  /** `source: 'ocr'` when the sheet number was read by OCR. */
  sheets: { page: number; number: string; title?: string; source?: 'ocr'; document?: string }[];
  trades: DetectedTrade[];
  usage?: { model: string; inputTokens: number; outputTokens: number; pagesSent: number };
}

/** One document of a package, as the merged scope document lists it. */
export interface PackageDocumentRef {
  documentId: string;
  fileName: string;
  sha256: string;
  pages: number;
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
