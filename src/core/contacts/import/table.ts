import { resolveTrade } from '../../scope/taxonomy.js';
import type { ImportFormat, SourceRecord } from './source.js';

/**
 * Tables (CSV files and worksheets) share one reader: a format is a profile of header names, and
 * this module finds the header row, maps columns to fields and turns each row into a SourceRecord.
 */
export type Field = 'company' | 'person' | 'firstName' | 'middleName' | 'lastName' | 'email' | 'phone' | 'tags' | 'zip' | 'website';

export interface TableProfile {
  format: ImportFormat;
  /** True when these (squashed) header names are this layout's. */
  recognizes(headers: ReadonlySet<string>): boolean;
  /** Squashed header names per field, most preferred first (E-mail before E-mail 2 …). */
  columns: Partial<Record<Field, readonly string[]>>;
  /** How one cell holds several values (Google joins them with " ::: "). */
  multiValue?: RegExp;
  /** The source's own bookkeeping labels, not the user's tags (Google's "* myContacts"). */
  isSystemTag?: (tag: string) => boolean;
}

/** "E-mail 1 - Value" → "email1value": case, spaces and punctuation do not matter in headers. */
export const squash = (h: string): string => h.toLowerCase().replace(/[^a-z0-9]/g, '');

const IDENTITY: readonly Field[] = ['company', 'person', 'firstName', 'lastName', 'email'];
const MARK = /^(?:x|✓|✔|☑|yes|y|1|•|\*|true)$/i;
/** How far down a title block may push the header row. */
const HEADER_SEARCH_ROWS = 30;

export interface ColumnMap {
  fields: Map<Field, number[]>;
  /** Columns headed by a trade whose cells are marks ("X" under "Electrical"). */
  tradeMarks: { index: number; heading: string }[];
  ignored: string[];
}

export function mapColumns(header: readonly string[], profile: TableProfile, body: readonly (readonly string[])[] = []): ColumnMap {
  const fields = new Map<Field, number[]>();
  const used = new Set<number>();
  for (const [field, aliases] of Object.entries(profile.columns) as [Field, readonly string[]][]) {
    const cols: number[] = [];
    for (const alias of aliases) {
      header.forEach((h, i) => {
        if (!used.has(i) && squash(h) === alias) {
          cols.push(i);
          used.add(i);
        }
      });
    }
    if (cols.length) fields.set(field, cols);
  }
  const tradeMarks: ColumnMap['tradeMarks'] = [];
  const ignored: string[] = [];
  header.forEach((h, i) => {
    if (used.has(i) || !h.trim()) return;
    const values = body.map((r) => (r[i] ?? '').trim()).filter(Boolean);
    if (resolveTrade(h) && values.every((v) => MARK.test(v))) tradeMarks.push({ index: i, heading: h.trim() });
    else ignored.push(h.trim());
  });
  return { fields, tradeMarks, ignored };
}

function identityColumns(map: ColumnMap): number {
  return IDENTITY.filter((f) => map.fields.has(f)).length;
}

/**
 * The header row: the first of the top rows that names at least two known columns, one of them a
 * name or e-mail (a title block, a logo row or "Subcontractor list — 2026" above it is skipped).
 */
export function findHeaderRow(rows: readonly (readonly string[])[], profiles: readonly TableProfile[], fallback: TableProfile): { index: number; profile: TableProfile } | null {
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const row = rows[i]!;
    const profile = profileFor(row, profiles, fallback);
    const map = mapColumns(row, profile);
    if (identityColumns(map) >= 1 && map.fields.size >= 2) return { index: i, profile };
  }
  return null;
}

export function profileFor(header: readonly string[], profiles: readonly TableProfile[], fallback: TableProfile): TableProfile {
  const names = new Set(header.map(squash).filter(Boolean));
  return profiles.find((p) => p.recognizes(names)) ?? fallback;
}

export interface TableRead {
  records: SourceRecord[];
  ignoredColumns: string[];
}

/** Rows after the header → records. `refOf(i)` names row i of `rows` for messages. */
export function recordsFromTable(rows: readonly (readonly string[])[], headerIndex: number, profile: TableProfile, refOf: (i: number) => string): TableRead {
  const header = rows[headerIndex]!;
  const body = rows.slice(headerIndex + 1);
  const map = mapColumns(header, profile, body);
  const records: SourceRecord[] = [];
  let section: string | undefined;
  const tradeColumns = new Set([...(map.fields.get('tags') ?? []), ...map.tradeMarks.map((t) => t.index)]);
  body.forEach((row, k) => {
    const filled = row.flatMap((c, i) => (c.trim() ? [i] : []));
    if (filled.length === 0) return;
    // A lone cell naming a trade ("ELECTRICAL") in a name column heads the rows below it in many
    // hand-kept lists; alone in the trades column it is just a row with a trade and nothing else.
    const lone = filled.length === 1 ? filled[0]! : -1;
    if (lone >= 0 && !tradeColumns.has(lone) && resolveTrade(row[lone]!)) {
      section = row[lone]!.trim();
      return;
    }
    const record = recordFrom(row, map, profile, refOf(headerIndex + 1 + k));
    if (section) record.tags.push(section);
    records.push(record);
  });
  return { records, ignoredColumns: map.ignored };
}

function cells(row: readonly string[], map: ColumnMap, field: Field): string[] {
  return (map.fields.get(field) ?? []).map((i) => (row[i] ?? '').trim()).filter(Boolean);
}

function recordFrom(row: readonly string[], map: ColumnMap, profile: TableProfile, ref: string): SourceRecord {
  const split = (values: string[], by: RegExp) => values.flatMap((v) => v.split(by)).map((v) => v.trim()).filter(Boolean);
  const multi = profile.multiValue ?? /\n/;
  const named = [cells(row, map, 'firstName')[0], cells(row, map, 'middleName')[0], cells(row, map, 'lastName')[0]].filter(Boolean).join(' ');
  let tags = split(cells(row, map, 'tags'), multi);
  if (profile.isSystemTag) tags = tags.filter((t) => !profile.isSystemTag!(t));
  for (const { index, heading } of map.tradeMarks) if ((row[index] ?? '').trim()) tags.push(heading);
  return {
    ref,
    company: cells(row, map, 'company')[0],
    person: cells(row, map, 'person')[0] ?? (named || undefined),
    emails: split(cells(row, map, 'email'), new RegExp(`${multi.source}|[;,\\s]+`)),
    phones: split(cells(row, map, 'phone'), multi),
    tags,
    zip: cells(row, map, 'zip')[0],
    website: cells(row, map, 'website')[0],
  };
}
