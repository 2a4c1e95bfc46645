import { postcodeShape } from './geo.js';
import { parse, CsvError } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { parseTradeTags, encodeTrades, describeTrades } from './trades.js';
import type { ContactInput } from '../../db/repositories/index.js';
import type { ContactRow } from '../../db/schema/index.js';

/** Header names people actually use, matched loosely (case, spaces, punctuation ignored). */
const HEADER_ALIASES: Record<keyof ContactInput, string[]> = {
  name: ['name', 'company', 'companyname', 'business', 'businessname', 'subcontractor', 'sub', 'vendor', 'contractor', 'firm'],
  email: ['email', 'emailaddress', 'mail', 'emails'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'cell', 'office'],
  trades: ['trades', 'trade', 'division', 'divisions', 'csi', 'csidivision', 'scope', 'specialty', 'category'],
  zipCode: ['zip', 'zipcode', 'postalcode', 'postcode', 'zip5'],
  website: ['website', 'web', 'url', 'site', 'homepage', 'www'],
  contactPerson: ['contact', 'contactname', 'contactperson', 'person', 'estimator'],
};

const squash = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

function headerToField(h: string): keyof ContactInput | undefined {
  const key = squash(h);
  for (const [field, aliases] of Object.entries(HEADER_ALIASES) as [keyof ContactInput, string[]][]) {
    if (aliases.includes(key)) return field;
  }
  return undefined;
}

export interface CsvRowError {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  reason: string;
}

export interface ParsedContacts {
  rows: { line: number; contact: ContactInput }[];
  errors: CsvRowError[];
  /** Header cells that matched no known column (ignored, reported so typos are visible). */
  ignoredColumns: string[];
}

const emailSchema = z.email();

/** Parse a contacts CSV with a real CSV parser; returns good rows and per-line errors. */
export function parseContactsCsv(text: string | Buffer): ParsedContacts {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      throw new AppError('CSV_INVALID', `CSV could not be parsed: ${e.message}`, {
        cause: e,
        userMessage: `The CSV file is malformed${line ? ` near line ${line}` : ''}: ${e.message.replace(/^Invalid Record Length: |^Quote Not Closed: /, '')}. Check for an unclosed quote, then import again.`,
        details: { line },
      });
    }
    throw e;
  }
  const first = records[0];
  if (!first) {
    throw new AppError('CSV_INVALID', 'CSV is empty', { userMessage: 'The CSV file is empty: it needs a header row (name, email, phone, trades, zip_code, website) and one row per contact.' });
  }
  const fields = first.record.map(headerToField);
  if (!fields.includes('name')) {
    throw new AppError('CSV_INVALID', 'CSV has no name column', {
      userMessage: `The CSV header has no name/company column (found: ${first.record.join(', ')}). Expected columns: name, email, phone, trades, zip_code, website.`,
    });
  }
  const ignoredColumns = first.record.filter((_, i) => fields[i] === undefined && first.record[i] !== '');
  const out: ParsedContacts = { rows: [], errors: [], ignoredColumns };

  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    if (record.every((c) => c === '')) continue;
    const raw: Partial<Record<keyof ContactInput, string>> = {};
    fields.forEach((f, i) => {
      const v = record[i];
      if (f && v !== undefined && v !== '' && raw[f] === undefined) raw[f] = v;
    });
    const problems: string[] = [];
    if (!raw.name) problems.push('name is empty');
    let email: string | null = null;
    if (raw.email) {
      email = raw.email.toLowerCase();
      if (!emailSchema.safeParse(email).success) problems.push(`"${raw.email}" is not a valid e-mail`);
    }
    let trades: string | null = null;
    if (raw.trades) {
      const { divisions, unknown } = parseTradeTags(raw.trades);
      if (unknown.length > 0) problems.push(`unknown trade ${unknown.map((u) => `"${u}"`).join(', ')} (use a trade name like "Electrical" or a CSI division like "26")`);
      trades = encodeTrades(divisions.map((d) => d.code));
    }
    let zipCode: string | null = null;
    if (raw.zipCode) {
      try {
        const z = postcodeShape(raw.zipCode);
        zipCode = z.country === 'US' ? z.code.slice(0, 5) : z.code;
      } catch (_e) {
        problems.push(`"${raw.zipCode}" is not a US zip or Canadian postal code`);
      }
    }
    if (problems.length > 0) {
      out.errors.push({ line, reason: problems.join('; ') });
      continue;
    }
    out.rows.push({
      line,
      contact: {
        name: raw.name!,
        email,
        phone: raw.phone ?? null,
        trades,
        zipCode,
        website: raw.website ?? null,
        contactPerson: raw.contactPerson ?? null,
      },
    });
  }
  return out;
}

/**
 * Spreadsheets run cells starting with = + - @ (and tab/CR) as formulas: prefix them with a quote
 * (OWASP's CSV-injection advice) so an exported address book can be opened safely.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function contactsToCsv(rows: ContactRow[]): string {
  const header = ['name', 'email', 'phone', 'trades', 'zip_code', 'website', 'contact', 'status'];
  const data = rows.map((c) =>
    [
      c.name,
      c.email ?? '',
      c.phone ?? '',
      describeTrades(c.trades),
      c.zipCode ?? '',
      c.website ?? '',
      c.contactPerson ?? '',
      c.unsubscribedAt ? 'unsubscribed' : c.emailBadAt ? 'bad e-mail' : '',
    ].map(neutralizeFormula),
  );
  return stringify([header, ...data]);
}
