import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';

// exceljs takes ~0.3 s to load: only imports and exports of workbooks pay for it, not every CLI start.
const loadExcel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;
import type { ContactRow } from '../../records.js';
import { describeTrades } from '../trades.js';

/**
 * The address book as CSV or .xlsx, in the project's own columns: either file imports back into
 * the same contacts (trades by number and name, unmapped tags in "tags").
 */
const HEADER = ['name', 'contact', 'email', 'phone', 'trades', 'zip_code', 'website', 'tags', 'status'];

function exportRows(rows: ContactRow[]): string[][] {
  return rows.map((c) => [
    c.name,
    c.contactPerson ?? '',
    c.email ?? '',
    c.phone ?? '',
    describeTrades(c.trades),
    c.zipCode ?? '',
    c.website ?? '',
    c.tags ?? '',
    c.unsubscribedAt ? 'unsubscribed' : c.emailBadAt ? 'bad e-mail' : '',
  ]);
}

/**
 * Spreadsheets run cells starting with = + - @ (and tab/CR) as formulas: prefix them with a quote
 * (OWASP's CSV-injection advice) so an exported address book can be opened safely. The importer
 * takes the quote off again.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function contactsToCsv(rows: ContactRow[]): string {
  return stringify([HEADER, ...exportRows(rows).map((r) => r.map(neutralizeFormula))]);
}

/** An .xlsx writes every cell as a string (never a formula), so no quoting is needed there. */
export async function contactsToXlsx(rows: ContactRow[]): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet('Contacts', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(HEADER).font = { bold: true };
  for (const r of exportRows(rows)) ws.addRow(r);
  ws.columns.forEach((col, i) => {
    col.width = i === 4 ? 40 : 24;
    col.numFmt = '@'; // text: a zip like 02134 keeps its zero
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: HEADER.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
