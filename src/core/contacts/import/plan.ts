import type { ContactInput } from '../../../db/repositories/index.js';
import type { ContactRow } from '../../records.js';
import { mergeChanges } from '../merge.js';
import { normalizeRecord } from './normalize.js';
import { FORMAT_LABELS, type ImportFormat, type SourceRecord, type SourceTable } from './source.js';

/**
 * What an import would do, worked out before anything is written: the dry run and the preview in
 * every channel show exactly this, and the real import writes exactly these rows.
 */
export interface PlannedRow {
  ref: string;
  action: 'create' | 'merge';
  contact: ContactInput;
  /** For a merge: the fields it fills or adds to ("phone", "trades" …); empty = nothing new. */
  fills: string[];
}

export interface ImportPlan {
  format: ImportFormat;
  formatLabel: string;
  sheet?: string;
  sheets?: string[];
  notes: string[];
  ignoredColumns: string[];
  rows: PlannedRow[];
  skipped: { ref: string; reason: string }[];
  /** Imported, but nobody can be invited until an e-mail is added. */
  withoutEmail: { ref: string; name: string }[];
  /** Each tag that names no trade, with how many contacts carry it. */
  unmappedTags: { tag: string; contacts: number }[];
  created: number;
  merged: number;
}

export interface BookLookup {
  byEmail(email: string): ContactRow | undefined | Promise<ContactRow | undefined>;
  withoutEmail(name: string, contactPerson: string | null): ContactRow | undefined | Promise<ContactRow | undefined>;
}

const FIELD_LABEL: Record<string, string> = { phone: 'phone', zipCode: 'zip', website: 'website', contactPerson: 'contact person', trades: 'trades', tags: 'tags' };

/** The key two rows merge on: the e-mail, or for rows without one the company and person names. */
const keyOf = (c: ContactInput) => (c.email ? `email:${c.email}` : `name:${c.name.toLowerCase()}|${(c.contactPerson ?? '').toLowerCase()}`);

/**
 * Builds the plan one record at a time, so a caller can give the event loop back between blocks
 * of a big file (and look the block's e-mails up in the book first).
 */
export class ImportPlanner {
  readonly plan: ImportPlan;
  private readonly tagCounts = new Map<string, { tag: string; contacts: number }>();
  // What each merge key will hold once the earlier rows are in (the book's row, or an earlier row).
  private readonly state = new Map<string, ContactInput>();

  constructor(
    table: Omit<SourceTable, 'records'>,
    private readonly book: BookLookup,
  ) {
    this.plan = {
      format: table.format,
      formatLabel: FORMAT_LABELS[table.format],
      ...(table.sheet ? { sheet: table.sheet, sheets: table.sheets } : {}),
      notes: table.notes,
      ignoredColumns: table.ignoredColumns,
      rows: [],
      skipped: [],
      withoutEmail: [],
      unmappedTags: [],
      created: 0,
      merged: 0,
    };
  }

  /** Add the next record; the caller awaits each before the next (the merge state is in order). */
  async add(record: SourceRecord): Promise<void> {
    const { plan } = this;
    const c = normalizeRecord(record);
    if (c.problems.length) {
      plan.skipped.push({ ref: c.ref, reason: c.problems.join('; ') });
      return;
    }
    for (const tag of c.unmappedTags) {
      const entry = this.tagCounts.get(tag.toLowerCase()) ?? { tag, contacts: 0 };
      entry.contacts += 1;
      this.tagCounts.set(tag.toLowerCase(), entry);
    }
    if (!c.contact.email) plan.withoutEmail.push({ ref: c.ref, name: c.contact.name });
    const key = keyOf(c.contact);
    const known = this.state.get(key) ?? (await existing(this.book, c.contact));
    if (!known) {
      this.state.set(key, { ...c.contact });
      plan.rows.push({ ref: c.ref, action: 'create', contact: c.contact, fills: [] });
      plan.created += 1;
      return;
    }
    const changes = mergeChanges(known, c.contact);
    this.state.set(key, { ...known, ...changes });
    plan.rows.push({ ref: c.ref, action: 'merge', contact: c.contact, fills: Object.keys(changes).map((k) => FIELD_LABEL[k] ?? k) });
    plan.merged += 1;
  }

  finish(): ImportPlan {
    this.plan.unmappedTags = [...this.tagCounts.values()].sort((a, b) => b.contacts - a.contacts || a.tag.localeCompare(b.tag));
    return this.plan;
  }
}

async function existing(book: BookLookup, c: ContactInput): Promise<ContactInput | undefined> {
  const row = c.email ? await book.byEmail(c.email) : await book.withoutEmail(c.name, c.contactPerson ?? null);
  return row ?? undefined;
}

/** The plan in sentences, the same in the CLI, Slack and e-mail replies. */
export function describePlan(plan: ImportPlan, opts: { written: boolean; max?: number }): string[] {
  const lines: string[] = [];
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  const verb = opts.written ? ['Imported', 'created', 'merged into existing ones', 'skipped'] : ['Would import', 'would be created', 'would be merged into existing ones', 'would be skipped'];
  lines.push(`${verb[0]} ${plan.formatLabel}${plan.sheet ? ` (sheet "${plan.sheet}")` : ''}: ${n(plan.created, 'contact')} ${verb[1]}, ${plan.merged} ${verb[2]}, ${plan.skipped.length} ${verb[3]}.`);
  for (const t of plan.unmappedTags.slice(0, opts.max ?? 20)) {
    lines.push(`${n(t.contacts, 'contact')} tagged "${t.tag}" — not a trade (kept as a tag; add the trade to match them).`);
  }
  if (plan.withoutEmail.length) {
    const list = plan.withoutEmail.slice(0, opts.max ?? 20).map((w) => `${w.ref} (${w.name})`);
    lines.push(`${n(plan.withoutEmail.length, 'row')} without an e-mail (kept, but cannot be invited until one is added): ${list.join('; ')}${plan.withoutEmail.length > list.length ? ' …' : ''}.`);
  }
  for (const s of plan.skipped.slice(0, opts.max ?? 20)) lines.push(`Skipped ${s.ref}: ${s.reason}.`);
  if (plan.skipped.length > (opts.max ?? 20)) lines.push(`… and ${plan.skipped.length - (opts.max ?? 20)} more skipped rows.`);
  if (plan.ignoredColumns.length) lines.push(`Ignored column(s): ${plan.ignoredColumns.join(', ')}.`);
  lines.push(...plan.notes);
  return lines;
}
