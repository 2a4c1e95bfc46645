import { Readable } from 'node:stream';
import { parse, CsvError, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { AppError } from '../../errors.js';
import type { TableProfile } from './table.js';

/**
 * The project's own contacts CSV (and any hand-made sheet with loose headers: "Company", "E-mail",
 * "Zip" …), plus reading CSV bytes into rows for every CSV-shaped format.
 */
export const nativeProfile: TableProfile = {
  format: 'csv',
  recognizes: () => true,
  columns: {
    company: ['name', 'company', 'companyname', 'business', 'businessname', 'subcontractor', 'sub', 'vendor', 'contractor', 'firm', 'organization', 'organisation'],
    person: ['contact', 'contactname', 'contactperson', 'person', 'estimator', 'fullname', 'primarycontact'],
    firstName: ['firstname', 'first'],
    lastName: ['lastname', 'last'],
    email: ['email', 'emailaddress', 'mail', 'emails', 'email1', 'email2'],
    phone: ['phone', 'phonenumber', 'telephone', 'tel', 'officephone', 'businessphone', 'office', 'mobile', 'cell'],
    tags: ['trades', 'trade', 'division', 'divisions', 'csi', 'csidivision', 'csidivisions', 'scope', 'specialty', 'specialties', 'category', 'categories', 'costcodes', 'workperformed', 'tags', 'labels', 'keywords'],
    zip: ['zip', 'zipcode', 'postalcode', 'postcode', 'zip5', 'postal'],
    website: ['website', 'web', 'url', 'site', 'homepage', 'www', 'webpage'],
  },
};

export interface CsvRow {
  cells: string[];
  /** 1-based line where the record starts. */
  line: number;
}

/** Outlook's "Unicode" exports are UTF-16; everything else is UTF-8 (a BOM is dropped). */
export function decodeText(bytes: Buffer | string): string {
  if (typeof bytes === 'string') return bytes.replace(/^\uFEFF/, '');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** A tab- or semicolon-separated export is told apart by its first line. */
function delimiterOf(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  if (first.includes('\t') && !first.includes(',')) return '\t';
  if (first.includes(';') && !first.includes(',')) return ';';
  return ',';
}

const options = (text: string): Options => ({ delimiter: delimiterOf(text), relax_column_count: true, trim: true, info: true, skip_empty_lines: true });

/** Our exports quote formula-looking cells with a leading ' (see neutralizeFormula); undo that. */
const unquote = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

function csvError(e: unknown): unknown {
  if (!(e instanceof CsvError)) return e;
  const line = (e as CsvError & { lines?: number }).lines;
  return new AppError('CSV_INVALID', `CSV could not be parsed: ${e.message}`, {
    cause: e,
    userMessage: `The CSV file is malformed${line ? ` near line ${line}` : ''}: ${e.message.replace(/^Invalid Record Length: |^Quote Not Closed: /, '')}. Check for an unclosed quote, then import again.`,
    details: { line },
  });
}

type Parsed = { record: string[]; info: { lines: number } };
const toRow = ({ record, info }: Parsed): CsvRow => ({ cells: record.map(unquote), line: info.lines });

/** Small inputs (tests, a pasted list): parsed at once. */
export function readCsvRowsSync(bytes: Buffer | string): CsvRow[] {
  const text = decodeText(bytes);
  try {
    return (parseSync(text, options(text)) as unknown as Parsed[]).map(toRow);
  } catch (e) {
    throw csvError(e);
  }
}

const CHUNK_CHARS = 16 * 1024;

/** Any size: fed to the parser in chunks, so a 100,000-row file never holds the event loop for long. */
export async function readCsvRows(bytes: Buffer | string): Promise<CsvRow[]> {
  const text = decodeText(bytes);
  const chunks = function* () {
    for (let i = 0; i < text.length; i += CHUNK_CHARS) yield text.slice(i, i + CHUNK_CHARS);
  };
  const rows: CsvRow[] = [];
  try {
    for await (const r of Readable.from(chunks()).pipe(parse(options(text)))) rows.push(toRow(r as Parsed));
  } catch (e) {
    throw csvError(e);
  }
  return rows;
}
