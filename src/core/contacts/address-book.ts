import { z } from 'zod';
import { AppError } from '../errors.js';
import type { ContactCursor, ContactInput, ContactsRepository } from '../../db/repositories/index.js';
import type { ContactRow } from '../../db/schema/index.js';
import { encodeTrades, parseTradeTags } from './trades.js';
import { mergeChanges } from './merge.js';
import { readContactsCsvSync, readContactsFile } from './import/detect.js';
import { planImport, type ImportPlan } from './import/plan.js';
import { companyNameFromEmail, normalizeEmail } from './import/normalize.js';
import { contactsToCsv, contactsToXlsx } from './import/export.js';
import { yieldToEventLoop, type ReadOptions, type SourceTable } from './import/source.js';

export { companyNameFromEmail };

export interface ImportOptions extends ReadOptions {
  /** Import the good rows and report the bad ones, instead of importing nothing. */
  skipInvalid?: boolean;
  /** Work out and return the plan; write nothing. */
  dryRun?: boolean;
  /** Called after each committed batch (and once before the first). */
  onProgress?: (p: { done: number; total: number }) => void;
}

export interface ImportResult extends ImportPlan {
  /** False for a dry run: the numbers say what would happen. */
  written: boolean;
  /** The owner's contacts before and (would be) after, against the per-user limit. */
  contacts: { before: number; after: number; max: number };
}

export interface AddressBookLimits {
  /** Contacts one user may hold (CONTACTS_MAX_PER_USER). */
  maxContacts: number;
}

export type Transaction = <T>(fn: () => T) => T;

const emailSchema = z.email();
/** Rows written per transaction; between batches the event loop serves other requests. */
const BATCH = 500;

/** The owner's address book: imports from any supported file, export, single adds, paging. */
export class AddressBook {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly transaction: Transaction,
    private readonly limits: AddressBookLimits = { maxContacts: 100_000 },
  ) {}

  list(userId: string): ContactRow[] {
    return this.contacts.listForUser(userId);
  }

  page(userId: string, limit: number, after?: ContactCursor): { contacts: ContactRow[]; total: number } {
    return { contacts: this.contacts.pageForUser(userId, limit, after), total: this.contacts.countForUser(userId) };
  }

  /**
   * Import a contacts file of any supported format (recognised from its content), or with
   * `dryRun` only say what would happen. Written in batches, so a big book does not stall the
   * service; a crash part-way leaves whole batches, and importing the file again merges the rest.
   */
  async import(userId: string, bytes: Buffer | string, opts: ImportOptions = {}): Promise<ImportResult> {
    const table = await readContactsFile(bytes, opts);
    await yieldToEventLoop();
    const result = this.prepare(userId, table, opts);
    if (opts.dryRun) return result;
    const rows = result.rows;
    opts.onProgress?.({ done: 0, total: rows.length });
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      this.transaction(() => this.write(userId, batch));
      opts.onProgress?.({ done: Math.min(i + BATCH, rows.length), total: rows.length });
      await yieldToEventLoop();
    }
    return { ...result, written: true };
  }

  /** The synchronous path for a small CSV in memory (tests, the demo): same rules, one transaction. */
  importCsv(userId: string, csv: string | Buffer, opts: Pick<ImportOptions, 'skipInvalid' | 'dryRun'> = {}): ImportResult {
    const result = this.prepare(userId, readContactsCsvSync(csv), opts);
    if (opts.dryRun) return result;
    this.transaction(() => this.write(userId, result.rows));
    return { ...result, written: true };
  }

  /** Planned rows, in order; a planned create that met a new duplicate meanwhile is merged instead. */
  private write(userId: string, rows: ImportPlan['rows']): void {
    for (const r of rows) {
      if (r.action === 'create' && r.contact.email && this.contacts.insertIfNew(userId, r.contact)) continue;
      this.upsert(userId, r.contact);
    }
  }

  /** Plan against the book, then refuse (before writing) what must not be written. */
  private prepare(userId: string, table: SourceTable, opts: Pick<ImportOptions, 'skipInvalid' | 'dryRun'>): ImportResult {
    // Every address the file mentions, looked up in a few queries rather than one per row.
    const mentioned = [...new Set(table.records.flatMap((r) => r.emails.map(normalizeEmail)))];
    const known = new Map(this.contacts.findByEmails(userId, mentioned).map((c) => [c.email!, c]));
    const plan = planImport(table, {
      byEmail: (email) => known.get(email),
      withoutEmail: (name, person) => this.contacts.findWithoutEmail(userId, name, person),
    });
    const before = this.contacts.countForUser(userId);
    const result: ImportResult = { ...plan, written: false, contacts: { before, after: before + plan.created, max: this.limits.maxContacts } };
    if (opts.dryRun) return result;
    if (plan.skipped.length > 0 && !opts.skipInvalid) {
      const lines = plan.skipped.map((e) => `${e.ref}: ${e.reason}`);
      throw new AppError(table.format === 'xlsx' || table.format === 'vcard' ? 'IMPORT_INVALID' : 'CSV_INVALID', `${plan.skipped.length} invalid rows`, {
        userMessage: `Nothing was imported: ${plan.skipped.length} row(s) need fixing — ${lines.slice(0, 10).join('; ')}${lines.length > 10 ? ` (and ${lines.length - 10} more)` : ''}. Fix them, or import the rest with --skip-invalid.`,
        details: { errors: plan.skipped },
      });
    }
    this.checkLimit(before, plan.created);
    return result;
  }

  private checkLimit(before: number, adding: number): void {
    const max = this.limits.maxContacts;
    if (before + adding <= max) return;
    throw new AppError('CONTACTS_LIMIT', `contacts limit ${max} exceeded`, {
      userMessage: `Nothing was imported: you have ${before} contacts and this would add ${adding}, over the limit of ${max} per user. Remove contacts you no longer use, or ask your administrator to raise CONTACTS_MAX_PER_USER.`,
      details: { before, adding, max },
    });
  }

  /** Add one contact (CLI, Slack, web form); an existing e-mail is merged, not doubled. */
  add(userId: string, input: { name?: string; email?: string; phone?: string; trades?: string; zipCode?: string; website?: string }): ContactRow {
    const email = input.email?.trim().toLowerCase() || null;
    if (email && !emailSchema.safeParse(email).success) {
      throw new AppError('VALIDATION', `Invalid e-mail ${email}`, { userMessage: `"${input.email}" is not a valid e-mail address.` });
    }
    let trades: string | null = null;
    if (input.trades) {
      const { divisions, unknown } = parseTradeTags(input.trades);
      if (unknown.length > 0) {
        throw new AppError('UNKNOWN_TRADE', `Unknown trade ${unknown.join(', ')}`, {
          userMessage: `Unknown trade ${unknown.map((u) => `"${u}"`).join(', ')}: use a trade name like "Electrical" or a CSI division like "26".`,
        });
      }
      trades = encodeTrades(divisions.map((d) => d.code));
    }
    const name = input.name?.trim() || (email ? companyNameFromEmail(email) : '');
    if (!name) throw new AppError('VALIDATION', 'Contact needs a name or e-mail', { userMessage: 'A contact needs a name or an e-mail address.' });
    if (input.zipCode && !/^\d{5}(-\d{4})?$/.test(input.zipCode.trim())) {
      throw new AppError('VALIDATION', `Bad zip ${input.zipCode}`, { userMessage: `"${input.zipCode}" is not a US zip code.` });
    }
    const contact: ContactInput = { name, email, phone: input.phone ?? null, trades, zipCode: input.zipCode?.trim().slice(0, 5) ?? null, website: input.website ?? null };
    if (!(email && this.contacts.findByEmail(userId, email))) this.checkLimit(this.contacts.countForUser(userId), 1);
    return this.upsert(userId, contact);
  }

  exportCsv(userId: string): string {
    return contactsToCsv(this.contacts.listForUser(userId));
  }

  exportXlsx(userId: string): Promise<Buffer> {
    return contactsToXlsx(this.contacts.listForUser(userId));
  }

  private upsert(userId: string, input: ContactInput): ContactRow {
    const existing = input.email ? this.contacts.findByEmail(userId, input.email) : this.contacts.findWithoutEmail(userId, input.name, input.contactPerson ?? null);
    if (!existing) return this.contacts.insert(userId, input);
    const changes = mergeChanges(existing, input);
    return Object.keys(changes).length ? this.contacts.update(userId, existing.contactId, changes) : existing;
  }
}
