import { postcodeShape } from './geo.js';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { ContactInput, ContactsRepository } from '../../db/repositories/index.js';
import type { ContactRow } from '../../db/schema/index.js';
import { parseContactsCsv, contactsToCsv, type CsvRowError } from './csv.js';
import { decodeTrades, encodeTrades, parseTradeTags } from './trades.js';

export interface ImportOptions {
  /** Import the good rows and report the bad ones, instead of importing nothing. */
  skipInvalid?: boolean;
}

export interface ImportResult {
  created: number;
  merged: number;
  skipped: CsvRowError[];
  ignoredColumns: string[];
}

export type Transaction = <T>(fn: () => T) => T;

const emailSchema = z.email();

/** The owner's address book: CSV import/export and single adds, duplicates merged by e-mail. */
export class AddressBook {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly transaction: Transaction,
  ) {}

  list(userId: string): ContactRow[] {
    return this.contacts.listForUser(userId);
  }

  importCsv(userId: string, csv: string | Buffer, opts: ImportOptions = {}): ImportResult {
    const parsed = parseContactsCsv(csv);
    if (parsed.errors.length > 0 && !opts.skipInvalid) {
      const lines = parsed.errors.map((e) => `line ${e.line}: ${e.reason}`);
      throw new AppError('CSV_INVALID', `${parsed.errors.length} invalid rows`, {
        userMessage: `Nothing was imported: ${parsed.errors.length} row(s) need fixing — ${lines.slice(0, 10).join('; ')}${lines.length > 10 ? ` (and ${lines.length - 10} more)` : ''}. Fix them, or import the rest with --skip-invalid.`,
        details: { errors: parsed.errors },
      });
    }
    return this.transaction(() => {
      const result: ImportResult = { created: 0, merged: 0, skipped: parsed.errors, ignoredColumns: parsed.ignoredColumns };
      for (const { contact } of parsed.rows) {
        const { created } = this.upsert(userId, contact);
        if (created) result.created += 1;
        else result.merged += 1;
      }
      return result;
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
    const shaped = input.zipCode?.trim() ? postcodeShape(input.zipCode) : null; // a clear VALIDATION error otherwise
    return this.upsert(userId, {
      name,
      email,
      phone: input.phone ?? null,
      trades,
      zipCode: shaped ? (shaped.country === 'US' ? shaped.code.slice(0, 5) : shaped.code) : null,
      website: input.website ?? null,
    }).contact;
  }

  exportCsv(userId: string): string {
    return contactsToCsv(this.contacts.listForUser(userId));
  }

  private upsert(userId: string, input: ContactInput): { contact: ContactRow; created: boolean } {
    const existing = input.email ? this.contacts.findByEmail(userId, input.email) : undefined;
    if (!existing) return { contact: this.contacts.insert(userId, input), created: true };
    // Merge: keep what is known, fill gaps, and union the trades.
    const merged: Partial<ContactInput> = {
      trades: encodeTrades([...decodeTrades(existing.trades), ...decodeTrades(input.trades)]) || null,
    };
    for (const k of ['phone', 'zipCode', 'website', 'contactPerson'] as const) {
      if (!existing[k] && input[k]) merged[k] = input[k];
    }
    return { contact: this.contacts.update(userId, existing.contactId, merged), created: false };
  }
}

/** "bob@acme-electric.com" → "Acme Electric" — a readable name for a contact added by e-mail only. */
export function companyNameFromEmail(email: string): string {
  const domain = email.split('@')[1] ?? email;
  const label = domain.split('.')[0] ?? domain;
  return label
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}
