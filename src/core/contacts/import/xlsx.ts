import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJS from 'exceljs';

// exceljs takes ~0.3 s to load: only imports and exports of workbooks pay for it, not every CLI start.
const loadExcel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;
import { AppError } from '../../errors.js';
import { findHeaderRow, recordsFromTable, type TableProfile } from './table.js';
import type { SourceTable } from './source.js';

/**
 * Excel workbooks, read with exceljs: the header row is found below any title block, merged cells
 * read as their top-left value (a company merged down over its people's rows), and of several
 * sheets the one that looks most like a sub list is read unless one is named.
 */
export async function readWorkbook(bytes: Buffer, profiles: readonly TableProfile[], fallback: TableProfile, sheetName?: string, limits: WorkbookLimits = WORKBOOK_LIMITS): Promise<SourceTable> {
  const sheets = await readSheets(bytes, limits);
  const names = sheets.map((ws) => ws.name);
  const candidates = sheets.map(({ name, rows, numbers }) => {
    const header = findHeaderRow(rows, profiles, fallback);
    const withEmail = header ? rows.slice(header.index + 1).filter((r) => r.some((c) => /@/.test(c))).length : 0;
    return { name, rows, numbers, header, score: header ? 1 + withEmail : 0 };
  });
  let chosen;
  if (sheetName) {
    chosen = candidates.find((c) => c.name.trim().toLowerCase() === sheetName.trim().toLowerCase());
    if (!chosen) {
      throw new AppError('IMPORT_INVALID', `no sheet ${sheetName}`, { userMessage: `The workbook has no sheet "${sheetName}"; its sheets are ${names.map((n) => `"${n}"`).join(', ')}.` });
    }
  } else {
    chosen = [...candidates].sort((a, b) => b.score - a.score)[0];
  }
  if (!chosen?.header) {
    throw new AppError('IMPORT_INVALID', 'no header row in workbook', {
      userMessage: `${sheetName ? `Sheet "${sheetName}"` : 'No sheet of the workbook'} has a header row naming a company/name or e-mail column in its first 30 rows (sheets: ${names.map((n) => `"${n}"`).join(', ')}). Add a header row such as Company, Contact, E-mail, Phone, Trades, Zip.`,
    });
  }
  const { index, profile } = chosen.header;
  const read = recordsFromTable(chosen.rows, index, profile, (i) => `sheet "${chosen.name}" row ${chosen.numbers[i]}`);
  const notes: string[] = [];
  if (names.length > 1) {
    notes.push(`Read sheet "${chosen.name}"${sheetName ? '' : ' (it looks most like a subcontractor list)'}; the workbook also has ${names.filter((n) => n !== chosen.name).map((n) => `"${n}"`).join(', ')} — name another sheet to read that one instead.`);
  }
  if (chosen.numbers[index]! > 1) notes.push(`The header is row ${chosen.numbers[index]} of sheet "${chosen.name}"; the rows above it were skipped.`);
  return { format: profile.format === 'csv' ? 'xlsx' : profile.format, sheet: chosen.name, sheets: names, records: read.records, ignoredColumns: read.ignoredColumns, notes };
}

/** Bounds on what one sheet may make us hold: the file is untrusted, and its XML says where cells are. */
export interface WorkbookLimits {
  /** Rows with any cell, per sheet: more is refused (an address book is far smaller; a CSV is the way for more). */
  maxRows: number;
  /** Cells right of this column are ignored (a cell at column XFD would otherwise widen every row to 16,384). */
  maxColumns: number;
  /** Cells written when filling merged ranges, per sheet: past it the remaining ranges are left as they are. */
  maxMergeFill: number;
}

export const WORKBOOK_LIMITS: WorkbookLimits = { maxRows: 250_000, maxColumns: 256, maxMergeFill: 5_000_000 };

/** One sheet's rows that have any cell (`numbers` are their row numbers in the sheet, for messages). */
interface SheetTable {
  name: string;
  rows: string[][];
  numbers: number[];
}

/** What the streaming reader gives of a sheet (exceljs's typings leave these out). */
interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  name: string;
  state?: string;
  /** The sheet's XML as the zip entry streams it; read when the rows are first iterated. */
  iterator: AsyncIterable<Buffer | string>;
}

/** Every visible sheet's cells as text: streamed, or loaded whole when the stream cannot follow the zip. */
async function readSheets(bytes: Buffer, limits: WorkbookLimits): Promise<SheetTable[]> {
  try {
    return await streamSheets(bytes, limits);
  } catch (e) {
    if (e instanceof AppError) throw e;
    // exceljs's streaming unzipper does not follow every zip layout (a workbook whose parts are
    // stored uncompressed reads as no workbook): such a file is loaded whole, as all were before.
    return loadSheets(bytes, limits);
  }
}

/**
 * Read with exceljs's streaming WorkbookReader: the zip is inflated and the XML parsed chunk by
 * chunk, so a 10,000-row workbook gives the event loop back all along instead of holding it while
 * `xlsx.load` builds the whole workbook model (seconds).
 */
async function streamSheets(bytes: Buffer, limits: WorkbookLimits): Promise<SheetTable[]> {
  const excel = await loadExcel();
  const reader = new excel.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: 'cache',
    // Number formats: a zip typed as a number keeps its "00000" format; dates are told from numbers.
    styles: 'cache',
    // A hyperlinked cell then reads as its text (the address itself, for a mailto link).
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const sheets: SheetTable[] = [];
  for await (const ws of reader as unknown as AsyncIterable<SheetReader>) {
    const merges = new Set<string>();
    ws.iterator = mergeRefsOf(ws.iterator, merges);
    const rows: string[][] = [];
    const numbers: number[] = [];
    for await (const row of ws) {
      if (rows.length === limits.maxRows) throw tooManyRows(ws.name, limits.maxRows);
      rows.push(rowCells(row, (cell) => cell, limits.maxColumns));
      numbers.push(row.number);
    }
    if (ws.state === 'hidden' || ws.state === 'veryHidden') continue;
    sheets.push({ name: ws.name, rows: filledTable(rows, numbers, merges, limits), numbers });
  }
  // Not a workbook (a .docx) or not one the stream could follow: no workbook part was read.
  if (!(reader as unknown as { model?: unknown }).model) throw new Error('no xl/workbook.xml read from the zip');
  return sheets;
}

/** The whole workbook in memory with `xlsx.load` (merged cells read through their master cell). */
async function loadSheets(bytes: Buffer, limits: WorkbookLimits): Promise<SheetTable[]> {
  const wb = new (await loadExcel()).Workbook();
  try {
    // exceljs's typings predate Node's generic Buffer<ArrayBufferLike>.
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw unreadable(e);
  }
  // Any zip loads: one without a sheet (a .docx) is not a workbook.
  if (wb.worksheets.length === 0) throw unreadable(new Error('no worksheet in the zip'));
  return wb.worksheets
    .filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden')
    .map((ws) => {
      const rows: string[][] = [];
      const numbers: number[] = [];
      ws.eachRow({ includeEmpty: false }, (row, n) => {
        if (rows.length === limits.maxRows) throw tooManyRows(ws.name, limits.maxRows);
        rows.push(rowCells(row, (cell) => (cell.isMerged ? cell.master : cell), limits.maxColumns));
        numbers.push(n);
      });
      return { name: ws.name, rows: filledTable(rows, numbers, new Set(), limits), numbers };
    });
}

function unreadable(e: unknown): AppError {
  return new AppError('IMPORT_INVALID', `workbook could not be read: ${(e as Error).message}`, {
    cause: e,
    userMessage: 'The workbook could not be opened (it is damaged or not an .xlsx file). Open it in Excel, save it again as "Excel Workbook (.xlsx)", and import that.',
  });
}

function tooManyRows(sheet: string, max: number): AppError {
  return new AppError('IMPORT_INVALID', `sheet ${sheet} has more than ${max} rows`, {
    userMessage: `Sheet "${sheet}" has more than ${max.toLocaleString('en-US')} rows, more than an address book this service imports from a workbook. Split it, or save it as CSV and import that.`,
  });
}

function rowCells(row: ExcelJS.Row, source: (cell: ExcelJS.Cell) => ExcelJS.Cell, maxColumns: number): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    if (col <= maxColumns) cells[col - 1] = cellText(source(cell)).trim();
  });
  return cells;
}

/** Every row as wide as the widest, merged areas filled from their top-left cell (only rows that have cells: `numbers` says which). */
function filledTable(rows: string[][], numbers: readonly number[], merges: Set<string>, limits: WorkbookLimits): string[][] {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  for (const r of rows) for (let c = 0; c < width; c++) r[c] ??= '';
  let budget = limits.maxMergeFill;
  for (const ref of merges) {
    const [top, left, bottom, right] = rangeOf(ref);
    const first = firstAtOrAfter(numbers, top);
    const value = numbers[first] === top ? (rows[first]![left - 1] ?? '') : '';
    for (let i = first; i < rows.length && numbers[i]! <= bottom; i++) {
      for (let c = left - 1; c < Math.min(right, width); c++) {
        if (--budget < 0) return rows;
        rows[i]![c] = value;
      }
    }
  }
  return rows;
}

/** The index of the first row numbered `n` or later (numbers ascend, as rows do in a sheet's XML). */
function firstAtOrAfter(numbers: readonly number[], n: number): number {
  let lo = 0, hi = numbers.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (numbers[mid]! < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** "B5:C7" → one-based [top row, left column, bottom row, right column]. */
function rangeOf(ref: string): [number, number, number, number] {
  const [a, b] = ref.split(':').map((cell) => {
    const m = /^([A-Z]+)(\d+)$/.exec(cell)!;
    const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    return [Number(m[2]), col] as const;
  }) as [readonly [number, number], readonly [number, number]];
  return [a[0], a[1], b[0], b[1]];
}

/**
 * Pass a sheet's XML through unchanged, collecting its merged ranges (`<mergeCell ref="A5:A6"/>`,
 * after the rows): exceljs's streaming reader skips them. One decoder across chunks, and the text
 * from the last "<" kept for the next chunk, so a tag split between chunks is still seen (a range
 * seen twice is one entry of the set).
 */
async function* mergeRefsOf(xml: AsyncIterable<Buffer | string>, refs: Set<string>): AsyncGenerator<Buffer | string> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for await (const chunk of xml) {
    yield chunk;
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    for (const m of text.matchAll(/<mergeCell\b[^>]*?\bref="([A-Z]+\d+:[A-Z]+\d+)"/g)) refs.add(m[1]!);
    const open = text.lastIndexOf('<');
    carry = open >= 0 ? text.slice(open) : '';
  }
}

function cellText(cell: ExcelJS.Cell): string {
  return valueText(cell.value, cell.numFmt);
}

function valueText(v: ExcelJS.CellValue, numFmt?: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    // A zip typed as a number loses its leading zero; a "00000" format says how long it was.
    const pad = numFmt && /^0+$/.test(numFmt) ? numFmt.length : 0;
    return String(v).padStart(pad, '0');
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('hyperlink' in v) {
    const text = typeof v.text === 'string' ? v.text : valueText(v.text as ExcelJS.CellValue);
    return text || v.hyperlink.replace(/^mailto:/i, '');
  }
  if ('formula' in v || 'sharedFormula' in v) return valueText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue, numFmt);
  return '';
}
