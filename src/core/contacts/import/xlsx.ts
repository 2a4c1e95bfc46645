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
export async function readWorkbook(bytes: Buffer, profiles: readonly TableProfile[], fallback: TableProfile, sheetName?: string): Promise<SourceTable> {
  const sheets = await readSheets(bytes);
  const names = sheets.map((ws) => ws.name);
  const candidates = sheets.map(({ name, rows }) => {
    const header = findHeaderRow(rows, profiles, fallback);
    const withEmail = header ? rows.slice(header.index + 1).filter((r) => r.some((c) => /@/.test(c))).length : 0;
    return { name, rows, header, score: header ? 1 + withEmail : 0 };
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
  const read = recordsFromTable(chosen.rows, index, profile, (i) => `sheet "${chosen.name}" row ${i + 1}`);
  const notes: string[] = [];
  if (names.length > 1) {
    notes.push(`Read sheet "${chosen.name}"${sheetName ? '' : ' (it looks most like a subcontractor list)'}; the workbook also has ${names.filter((n) => n !== chosen.name).map((n) => `"${n}"`).join(', ')} — name another sheet to read that one instead.`);
  }
  if (index > 0) notes.push(`The header is row ${index + 1} of sheet "${chosen.name}"; the rows above it were skipped.`);
  return { format: profile.format === 'csv' ? 'xlsx' : profile.format, sheet: chosen.name, sheets: names, records: read.records, ignoredColumns: read.ignoredColumns, notes };
}

/** What the streaming reader gives of a sheet (exceljs's typings leave these out). */
interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  name: string;
  state?: string;
  /** The sheet's XML as the zip entry streams it; read when the rows are first iterated. */
  iterator: AsyncIterable<Buffer | string>;
}

/**
 * Every visible sheet's cells as text, read with exceljs's streaming WorkbookReader: the zip is
 * inflated and the XML parsed chunk by chunk, so a 10,000-row workbook gives the event loop back
 * all along instead of holding it while `xlsx.load` builds the whole workbook model (seconds).
 */
async function readSheets(bytes: Buffer): Promise<{ name: string; rows: string[][] }[]> {
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
  const sheets: { name: string; rows: string[][] }[] = [];
  try {
    for await (const ws of reader as unknown as AsyncIterable<SheetReader>) {
      const merges = new Set<string>();
      ws.iterator = mergeRefsOf(ws.iterator, merges);
      const rows: string[][] = [];
      for await (const row of ws) rows[row.number - 1] = rowCells(row);
      if (ws.state === 'hidden' || ws.state === 'veryHidden') continue;
      sheets.push({ name: ws.name, rows: filledTable(rows, merges) });
    }
  } catch (e) {
    throw unreadable(e);
  }
  // A zip that is not a workbook (a .docx, a damaged file) has no workbook part.
  if (!(reader as unknown as { model?: unknown }).model) throw unreadable(new Error('no xl/workbook.xml in the zip'));
  return sheets;
}

function unreadable(e: unknown): AppError {
  return new AppError('IMPORT_INVALID', `workbook could not be read: ${(e as Error).message}`, {
    cause: e,
    userMessage: 'The workbook could not be opened (it is damaged or not an .xlsx file). Open it in Excel, save it again as "Excel Workbook (.xlsx)", and import that.',
  });
}

function rowCells(row: ExcelJS.Row): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    cells[col - 1] = cellText(cell).trim();
  });
  return cells;
}

/** Rows the sheet leaves out are empty, every row as wide as the widest, merged areas filled from their top-left cell. */
function filledTable(sparse: string[][], merges: Set<string>): string[][] {
  const rows = Array.from(sparse, (r) => r ?? []);
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  for (const r of rows) for (let c = 0; c < width; c++) r[c] ??= '';
  for (const ref of merges) {
    const [top, left, bottom, right] = rangeOf(ref);
    const value = rows[top]?.[left] ?? '';
    for (let r = top; r <= Math.min(bottom, rows.length - 1); r++) for (let c = left; c <= Math.min(right, width - 1); c++) rows[r]![c] = value;
  }
  return rows;
}

/** "B5:C7" → zero-based [top, left, bottom, right]. */
function rangeOf(ref: string): [number, number, number, number] {
  const [a, b] = ref.split(':').map((cell) => {
    const m = /^([A-Z]+)(\d+)$/.exec(cell)!;
    const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    return [Number(m[2]) - 1, col - 1] as const;
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
