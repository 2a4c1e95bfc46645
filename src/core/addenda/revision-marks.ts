/**
 * A drawing sheet's revision state as its page prints it: the revision marks ("REV 2", a revision
 * table row "2  12/01/2026  ADDENDUM 1", a delta tag "△2" beside clouded changes) and the title
 * block's issue date. Two issues of one sheet differ when the later one carries a mark the earlier
 * did not, or a later date.
 */
import type { PageText } from '../pdf/types.js';
import { datesIn } from '../scope/fact-dates.js';

export interface RevisionState {
  /** Revision marks printed on the sheet, normalized ("1", "2", "B"), in order of first appearance. */
  marks: string[];
  /** The latest revision or issue date printed with a mark or as the title block's date (ISO day). */
  latestDate?: string;
}

/** "REV 2", "REV. B", "REVISION NO. 3", "REV: 1" — a mark with its number; "REVISIONS" / "REVISED" are headings or prose. */
const REV_LABEL = /\b(?:REV|Rev)(?:ISION|ision)?\.?\s*(?:NO\.?\s*|No\.?\s*)?[:#]?\s*(\d{1,2}|[A-Z])(?![A-Za-z0-9])/g;
/** A delta tag: the triangle printed beside a revision cloud, with its revision number. */
const DELTA = /[△▲Δ∆]\s*(\d{1,2})(?!\d)/g;
/** A revision table's heading: "REVISIONS", "REV  DATE  DESCRIPTION", "NO.  DATE  DESCRIPTION". */
const TABLE_HEAD = /^(?:REVISIONS?|ISSUES?\s+(?:AND|&)\s+REVISIONS|(?:REV\.?|NO\.?|MARK)\s+DATE\b.*)$/i;
/** A row of that table: a mark, then (checked below) a date, then what it was. */
const TABLE_ROW = /^(\d{1,2}|[A-Z])\.?\s+(.+)$/;
/** The title block's own date: "DATE: 11/23/2026", "ISSUE DATE 2026-11-23". */
const DATE_FIELD = /\b(?:ISSUE\s+)?DATE\s*:?\s*/i;
/** Rows a revision table may have before anything else on the page follows it. */
const MAX_TABLE_ROWS = 12;

export function revisionState(page: Pick<PageText, 'lines'>): RevisionState {
  const marks: string[] = [];
  const dates: string[] = [];
  const mark = (m: string) => {
    const key = m.toUpperCase();
    if (!marks.includes(key)) marks.push(key);
  };
  let tableRowsLeft = 0;
  for (const raw of page.lines) {
    const line = raw.trim();
    if (TABLE_HEAD.test(line)) {
      tableRowsLeft = MAX_TABLE_ROWS;
      continue;
    }
    const row = tableRowsLeft > 0 ? TABLE_ROW.exec(line) : null;
    const rowDate = row ? datesIn(row[2]!)[0] : undefined;
    if (row && rowDate?.date && rowDate.index === 0) {
      mark(row[1]!);
      dates.push(rowDate.date);
      tableRowsLeft--;
      continue;
    }
    tableRowsLeft = 0;
    for (const m of line.matchAll(REV_LABEL)) mark(m[1]!);
    for (const m of line.matchAll(DELTA)) mark(m[1]!);
    const field = DATE_FIELD.exec(line);
    if (field) {
      const d = datesIn(line.slice(field.index + field[0].length))[0];
      if (d?.date && d.index === 0) dates.push(d.date);
    }
  }
  const latestDate = dates.sort().at(-1);
  return latestDate ? { marks, latestDate } : { marks };
}

/** Whether `later` is a newer issue than `earlier`: a mark the earlier did not carry, or a later date. */
export function isNewerRevision(earlier: RevisionState, later: RevisionState): boolean {
  if (later.marks.some((m) => !earlier.marks.includes(m))) return true;
  return later.latestDate !== undefined && earlier.latestDate !== undefined && later.latestDate > earlier.latestDate;
}

/** "revision 2, 12/01/2026" — what a person reads about a sheet's new issue. */
export function describeRevision(state: RevisionState): string | undefined {
  const mark = state.marks.at(-1);
  if (mark === undefined && state.latestDate === undefined) return undefined;
  return [mark !== undefined ? `revision ${mark}` : undefined, state.latestDate ? `dated ${state.latestDate}` : undefined].filter(Boolean).join(', ');
}
