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
  const wb = new (await loadExcel()).Workbook();
  try {
    // exceljs's typings predate Node's generic Buffer<ArrayBufferLike>.
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError('IMPORT_INVALID', `workbook could not be read: ${(e as Error).message}`, {
      cause: e,
      userMessage: 'The workbook could not be opened (it is damaged or not an .xlsx file). Open it in Excel, save it again as "Excel Workbook (.xlsx)", and import that.',
    });
  }
  const sheets = wb.worksheets.filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden');
  const names = sheets.map((ws) => ws.name);
  const candidates = sheets.map((ws) => {
    const rows = sheetRows(ws);
    const header = findHeaderRow(rows, profiles, fallback);
    const withEmail = header ? rows.slice(header.index + 1).filter((r) => r.some((c) => /@/.test(c))).length : 0;
    return { name: ws.name, rows, header, score: header ? 1 + withEmail : 0 };
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

function sheetRows(ws: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  // Both are recomputed over every row on each read in exceljs: read them once.
  const { rowCount, columnCount } = ws;
  for (let r = 1; r <= rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= columnCount; c++) {
      const cell = row.getCell(c);
      cells.push(cellText(cell.isMerged ? cell.master : cell).trim());
    }
    rows.push(cells);
  }
  return rows;
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
