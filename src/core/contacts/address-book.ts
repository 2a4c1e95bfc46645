import { postcodeShape } from './geo.js';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { ContactCursor, ContactInput, Repositories } from '../../db/repositories/index.js';
import type { ContactRow } from '../records.js';
import { encodeTrades, parseTradeTags } from './trades.js';
import { mergeChanges } from './merge.js';
import { readContactsCsvSync, readContactsFile } from './import/detect.js';
import { ImportPlanner, type ImportPlan } from './import/plan.js';
import { companyNameFromEmail, normalizeEmail } from './import/normalize.js';
import { contactsToCsv, contactsToXlsx } from './import/export.js';
import { yieldToEventLoop, type ReadOptions, type SourceRecord, type SourceTable } from './import/source.js';

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

/** A planner and the book's rows for the e-mails it has seen so far. */
interface BookPlanner {
  planner: ImportPlanner;
  known: Map<string, ContactRow>;
}

const emailSchema = z.email();
/** Records planned between two yields to the event loop. */
const PLAN_BLOCK = 250;
/** How long one write transaction may hold the event loop before other requests get a turn. */
const WRITE_SLICE_MS = 50;
/**
 * New contacts per batch insert: one statement on Postgres (a round trip per 100 rows, not per row);
 * on SQLite a batch runs without yielding, and 500 held the loop for 2.5 s on a loaded machine.
 */
const WRITE_BATCH = 100;

/** The owner's address book: imports from any supported file, export, single adds, paging. */
export class AddressBook {
  constructor(
    private readonly repos: Pick<Repositories, 'contacts' | 'transaction'>,
    private readonly limits: AddressBookLimits = { maxContacts: 100_000 },
  ) {}

  private get contacts(): Repositories['contacts'] {
    return this.repos.contacts;
  }

  async list(userId: string): Promise<ContactRow[]> {
    return await this.contacts.listForUser(userId);
  }

  async page(userId: string, limit: number, after?: ContactCursor): Promise<{ contacts: ContactRow[]; total: number }> {
    return { contacts: await this.contacts.pageForUser(userId, limit, after), total: await this.contacts.countForUser(userId) };
  }

  /**
   * Import a contacts file of any supported format (recognised from its content), or with
   * `dryRun` only say what would happen. Written in batches, so a big book does not stall the
   * service; a crash part-way leaves whole batches, and importing the file again merges the rest.
   */
  async import(userId: string, bytes: Buffer | string, opts: ImportOptions = {}): Promise<ImportResult> {
    const table = await readContactsFile(bytes, opts);
    const book = this.planner(userId, table);
    for (let i = 0; i < table.records.length; i += PLAN_BLOCK) {
      await this.planBlock(userId, book, table.records.slice(i, i + PLAN_BLOCK));
      await yieldToEventLoop();
    }
    const result = await this.checked(userId, table, book.planner.finish(), opts);
    if (opts.dryRun) return result;
    const rows = result.rows;
    opts.onProgress?.({ done: 0, total: rows.length });
    for (let done = 0; done < rows.length; ) {
      // One transaction per slice of time, not of rows: the loop is never held much longer than
      // WRITE_SLICE_MS however slow the disk or busy the machine. (On SQLite the body awaits only
      // repository calls, which resolve at once: it runs to COMMIT without giving the loop away.)
      const until = performance.now() + WRITE_SLICE_MS;
      await this.repos.transaction(async (tx) => {
        do done = await this.writeFrom(tx.contacts, userId, rows, done);
        while (done < rows.length && performance.now() < until);
      });
      opts.onProgress?.({ done, total: rows.length });
      await yieldToEventLoop();
    }
    return { ...result, written: true };
  }

  /** The path for a small CSV in memory (tests, the demo): same rules, one transaction. */
  async importCsv(userId: string, csv: string | Buffer, opts: Pick<ImportOptions, 'skipInvalid' | 'dryRun'> = {}): Promise<ImportResult> {
    const table = readContactsCsvSync(csv);
    const book = this.planner(userId, table);
    await this.planBlock(userId, book, table.records);
    const result = await this.checked(userId, table, book.planner.finish(), opts);
    if (opts.dryRun) return result;
    await this.repos.transaction(async (tx) => {
      for (let done = 0; done < result.rows.length; ) done = await this.writeFrom(tx.contacts, userId, result.rows, done);
    });
    return { ...result, written: true };
  }

  /**
   * Write planned rows from `at` on; returns where it stopped. A run of new contacts with an e-mail
   * goes in one batch insert (a round trip per row is what made Postgres slow); a planned create
   * that met a duplicate meanwhile is then merged instead, in file order; any other row is merged.
   */
  private async writeFrom(contacts: Repositories['contacts'], userId: string, rows: ImportPlan['rows'], at: number): Promise<number> {
    let end = at;
    while (end < rows.length && end - at < WRITE_BATCH && rows[end]!.action === 'create' && rows[end]!.contact.email) end++;
    if (end === at) {
      await this.upsert(contacts, userId, rows[at]!.contact);
      return at + 1;
    }
    const inserted = await contacts.insertManyIfNew(userId, rows.slice(at, end).map((r) => r.contact));
    for (let i = at; i < end; i++) if (!inserted[i - at]) await this.upsert(contacts, userId, rows[i]!.contact);
    return end;
  }

  private planner(userId: string, table: SourceTable): BookPlanner {
    const known = new Map<string, ContactRow>();
    const planner = new ImportPlanner(table, {
      byEmail: (email) => known.get(email),
      withoutEmail: (name, person) => this.contacts.findWithoutEmail(userId, name, person),
    });
    return { planner, known };
  }

  /** Every address a block mentions, looked up in a few queries rather than one per row. */
  private async planBlock(userId: string, { planner, known }: BookPlanner, records: SourceRecord[]): Promise<void> {
    const mentioned = [...new Set(records.flatMap((r) => r.emails.map(normalizeEmail)))].filter((e) => !known.has(e));
    for (const c of await this.contacts.findByEmails(userId, mentioned)) known.set(c.email!, c);
    for (const r of records) await planner.add(r);
  }

  /** Refuse (before writing) what must not be written. */
  private async checked(userId: string, table: SourceTable, plan: ImportPlan, opts: Pick<ImportOptions, 'skipInvalid' | 'dryRun'>): Promise<ImportResult> {
    const before = await this.contacts.countForUser(userId);
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
  async add(userId: string, input: { name?: string; email?: string; phone?: string; trades?: string; zipCode?: string; website?: string }): Promise<ContactRow> {
    const email = input.email?.trim() ? checkedEmail(input.email) : null;
    const trades = input.trades ? checkedTrades(input.trades) : null;
    const name = input.name?.trim() || (email ? companyNameFromEmail(email) : '');
    if (!name) throw new AppError('VALIDATION', 'Contact needs a name or e-mail', { userMessage: 'A contact needs a name or an e-mail address.' });
    const zipCode = input.zipCode?.trim() ? storedZip(input.zipCode) : null;
    const contact: ContactInput = { name, email, phone: input.phone ?? null, trades, zipCode, website: input.website ?? null };
    if (!(email && (await this.contacts.findByEmail(userId, email)))) this.checkLimit(await this.contacts.countForUser(userId), 1);
    return await this.upsert(this.contacts, userId, contact);
  }

  /**
   * Change one of the owner's contacts (HTTP PATCH, Slack edits): the zip and trades are checked
   * exactly as `add` checks them, so a bad value is a VALIDATION error and nothing is written.
   */
  async update(userId: string, contactId: string, patch: ContactPatch): Promise<ContactRow> {
    await this.contacts.getForUser(userId, contactId);
    const changes: Partial<ContactInput> = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.email !== undefined) changes.email = patch.email?.trim() ? checkedEmail(patch.email) : null;
    if (patch.phone !== undefined) changes.phone = patch.phone;
    if (patch.trades !== undefined) changes.trades = patch.trades === null ? null : checkedTrades(patch.trades) || null;
    if (patch.zipCode !== undefined) changes.zipCode = patch.zipCode?.trim() ? storedZip(patch.zipCode) : null;
    if (patch.website !== undefined) changes.website = patch.website;
    if (patch.contactPerson !== undefined) changes.contactPerson = patch.contactPerson;
    return await this.contacts.update(userId, contactId, changes);
  }

  async exportCsv(userId: string): Promise<string> {
    return contactsToCsv(await this.contacts.listForUser(userId));
  }

  async exportXlsx(userId: string): Promise<Buffer> {
    return contactsToXlsx(await this.contacts.listForUser(userId));
  }

  private async upsert(contacts: Repositories['contacts'], userId: string, input: ContactInput): Promise<ContactRow> {
    const existing = input.email ? await contacts.findByEmail(userId, input.email) : await contacts.findWithoutEmail(userId, input.name, input.contactPerson ?? null);
    if (!existing) return await contacts.insert(userId, input);
    const changes = mergeChanges(existing, input);
    return Object.keys(changes).length ? await contacts.update(userId, existing.contactId, changes) : existing;
  }
}

/** A contact's fields as a person edits them (null clears one); trades as typed ("Electrical; 27"). */
export type ContactPatch = Partial<Omit<ContactInput, 'tags'>>;

/** An e-mail as typed → lower-cased, or a VALIDATION error quoting it. */
function checkedEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (!emailSchema.safeParse(email).success) {
    throw new AppError('VALIDATION', `Invalid e-mail ${email}`, { userMessage: `"${input}" is not a valid e-mail address.` });
  }
  return email;
}

/** Trade tags → encoded divisions, or UNKNOWN_TRADE naming the tags it does not know. */
function checkedTrades(text: string): string {
  const { divisions, unknown } = parseTradeTags(text);
  if (unknown.length > 0) {
    throw new AppError('UNKNOWN_TRADE', `Unknown trade ${unknown.join(', ')}`, {
      userMessage: `Unknown trade ${unknown.map((u) => `"${u}"`).join(', ')}: use a trade name like "Electrical" or a CSI division like "26".`,
    });
  }
  return encodeTrades(divisions.map((d) => d.code));
}

/** A zip as typed → as stored (US as 5 digits), or a clear VALIDATION error. */
function storedZip(input: string): string {
  const shaped = postcodeShape(input);
  return shaped.country === 'US' ? shaped.code.slice(0, 5) : shaped.code;
}
