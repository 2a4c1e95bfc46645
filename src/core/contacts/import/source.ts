/**
 * What every format reader produces: the contacts of one file as written there, before any
 * validation or trade mapping (normalize.ts does that once for all formats).
 */
export type ImportFormat = 'csv' | 'outlook' | 'google' | 'procore' | 'buildingconnected' | 'xlsx' | 'vcard';

export const FORMAT_LABELS: Record<ImportFormat, string> = {
  csv: 'contacts CSV',
  outlook: 'Outlook contacts export',
  google: 'Google Contacts export',
  procore: 'Procore directory export',
  buildingconnected: 'BuildingConnected export',
  xlsx: 'Excel workbook',
  vcard: 'vCard file',
};

export interface SourceRecord {
  /** Where it came from, for messages: "line 7", "sheet Subs, row 12", "card 3". */
  ref: string;
  company?: string;
  person?: string;
  /** In the order the source prefers them; the first valid one is used. */
  emails: string[];
  phones: string[];
  /** Free text that may name trades: categories, labels, trade columns, X-marked headings. */
  tags: string[];
  zip?: string;
  website?: string;
  /** Cell text that could not be read as what its column promises (e.g. "n/a" under E-mail). */
  invalidEmail?: string;
}

export interface SourceTable {
  format: ImportFormat;
  /** For workbooks: the sheet read, and the others there were. */
  sheet?: string;
  sheets?: string[];
  records: SourceRecord[];
  /** Header cells that matched nothing (reported so a typo is visible). */
  ignoredColumns: string[];
  /** Things the reader decided that a person should know ("took sheet 'Subs'"). */
  notes: string[];
}

export interface ReadOptions {
  /** The file's name, only as a hint when the content is ambiguous. */
  fileName?: string;
  /** A workbook's sheet to read (by name); without it the one that looks like a sub list. */
  sheet?: string;
}

/** Lets a long read give the event loop back between chunks. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
