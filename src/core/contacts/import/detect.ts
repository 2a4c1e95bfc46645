import { AppError } from '../../errors.js';
import { buildingConnectedProfile } from './buildingconnected.js';
import { decodeText, nativeProfile, readCsvRows, readCsvRowsSync, type CsvRow } from './csv.js';
import { googleProfile } from './google.js';
import { outlookProfile } from './outlook.js';
import { procoreProfile } from './procore.js';
import { findHeaderRow, recordsFromTable, type TableProfile } from './table.js';
import { readVcards } from './vcard.js';
import { readWorkbook } from './xlsx.js';
import type { ReadOptions, SourceTable } from './source.js';

/** Specific layouts first; the loose project CSV profile takes whatever none of them claims. */
const PROFILES: readonly TableProfile[] = [outlookProfile, googleProfile, procoreProfile, buildingConnectedProfile];

type Kind = 'xlsx' | 'vcard' | 'csv';

/** What a file is, from its bytes (the name is never trusted over the content). */
export function detectKind(bytes: Buffer | string): Kind {
  if (typeof bytes !== 'string') {
    if (bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return 'xlsx';
    if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
      throw new AppError('IMPORT_INVALID', 'legacy .xls workbook', {
        userMessage: 'This is an old-style Excel .xls workbook. Open it in Excel, choose File → Save As → "Excel Workbook (.xlsx)", and import the .xlsx.',
      });
    }
    if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
      throw new AppError('IMPORT_INVALID', 'a PDF is not a contacts list', { userMessage: 'This is a PDF, not a contacts list. Export your subcontractors as .xlsx, .csv or .vcf and import that.' });
    }
    const head = bytes.subarray(0, 1024);
    const utf16 = head[0] === 0xff && head[1] === 0xfe;
    if (!utf16 && head.includes(0)) {
      throw new AppError('IMPORT_INVALID', 'binary file', { userMessage: 'This file is not a contacts list I can read. Use an Excel workbook (.xlsx), a CSV (.csv) or a vCard file (.vcf).' });
    }
  }
  return /^\s*BEGIN:VCARD/i.test(decodeText(typeof bytes === 'string' ? bytes : bytes.subarray(0, 4096))) ? 'vcard' : 'csv';
}

/** Read any supported contacts file into records; the format is recognised from the content. */
export async function readContactsFile(bytes: Buffer | string, opts: ReadOptions = {}): Promise<SourceTable> {
  const kind = detectKind(bytes);
  if (kind === 'xlsx') return readWorkbook(Buffer.from(bytes as Buffer), PROFILES, nativeProfile, opts.sheet);
  if (kind === 'vcard') return readVcards(decodeText(bytes));
  return csvTable(await readCsvRows(bytes));
}

/** The synchronous path for small CSV text (tests, the demo, a pasted list). */
export function readContactsCsvSync(bytes: Buffer | string): SourceTable {
  return csvTable(readCsvRowsSync(bytes));
}

function csvTable(rows: CsvRow[]): SourceTable {
  if (rows.length === 0) {
    throw new AppError('CSV_INVALID', 'CSV is empty', { userMessage: 'The CSV file is empty: it needs a header row (name, email, phone, trades, zip_code, website) and one row per contact.' });
  }
  const cells = rows.map((r) => r.cells);
  const header = findHeaderRow(cells, PROFILES, nativeProfile);
  if (!header) {
    throw new AppError('CSV_INVALID', 'CSV has no header row', {
      userMessage: `The CSV has no header row naming a name/company or e-mail column (first row: ${rows[0]!.cells.join(', ')}). Expected columns like: name, contact, email, phone, trades, zip_code, website.`,
    });
  }
  const read = recordsFromTable(cells, header.index, header.profile, (i) => `line ${rows[i]!.line}`);
  const notes = header.index > 0 ? [`The header is line ${rows[header.index]!.line}; the lines above it were skipped.`] : [];
  return { format: header.profile.format, records: read.records, ignoredColumns: read.ignoredColumns, notes };
}
