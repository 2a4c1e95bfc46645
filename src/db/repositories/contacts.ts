import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { contacts, type ContactRow } from '../schema/index.js';
import { notFound } from '../../core/errors.js';
import { cleanContactInput as clean, contactWriteError } from './contact-writes.js';

export interface ContactInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  /** Normalized trade tags: two-digit divisions joined by "," (see core/contacts/trades). */
  trades?: string | null;
  zipCode?: string | null;
  website?: string | null;
  contactPerson?: string | null;
  /** Tags from an import that are not trades, "; "-joined as written ("Subs; Preferred"). */
  tags?: string | null;
}

/** Where a page of contacts starts: after this (name, id) in the owner's name order. */
export interface ContactCursor {
  name: string;
  contactId: string;
}

/** Contacts are always read and written for one owner; another user's contact is "not found". */
export class ContactsRepository {
  constructor(private readonly db: Db) {}

  /** By company, then person and address: two people of one firm list (and export) in the same order on both databases. */
  listForUser(userId: string): ContactRow[] {
    return this.db.select().from(contacts).where(eq(contacts.userId, userId)).orderBy(asc(contacts.name), asc(contacts.contactPerson), asc(contacts.email), asc(contacts.contactId)).all();
  }

  /** One page in name order, keyset-paged so a deep page costs the same as the first. */
  pageForUser(userId: string, limit: number, after?: ContactCursor): ContactRow[] {
    const owner = eq(contacts.userId, userId);
    const where = after
      ? and(owner, or(gt(contacts.name, after.name), and(eq(contacts.name, after.name), gt(contacts.contactId, after.contactId))))
      : owner;
    return this.db.select().from(contacts).where(where).orderBy(asc(contacts.name), asc(contacts.contactId)).limit(limit).all();
  }

  countForUser(userId: string): number {
    return this.db.select({ n: count() }).from(contacts).where(eq(contacts.userId, userId)).get()?.n ?? 0;
  }

  /** An e-mail-less contact with this company (and person) name, for merging re-imports. */
  findWithoutEmail(userId: string, name: string, contactPerson: string | null): ContactRow | undefined {
    const rows = this.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.userId, userId), isNull(contacts.email), sql`lower(${contacts.name}) = lower(${name.trim()})`))
      .all();
    const person = (contactPerson ?? '').trim().toLowerCase();
    return rows.find((r) => (r.contactPerson ?? '').toLowerCase() === person);
  }

  /** The user's contacts tagged with one division (trades are stored as "22,26"). */
  listForUserWithTrade(userId: string, division: string): ContactRow[] {
    return this.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.userId, userId), sql`(',' || ${contacts.trades} || ',') LIKE ${`%,${division},%`}`))
      .orderBy(asc(contacts.name))
      .all();
  }

  findForUser(userId: string, contactId: string): ContactRow | undefined {
    return this.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.userId, userId), eq(contacts.contactId, contactId)))
      .get();
  }

  getForUser(userId: string, contactId: string): ContactRow {
    const c = this.findForUser(userId, contactId);
    if (!c) throw notFound('contact', contactId);
    return c;
  }

  findByEmail(userId: string, email: string): ContactRow | undefined {
    return this.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.userId, userId), eq(contacts.email, email.trim().toLowerCase())))
      .get();
  }

  /** The owner's contacts with any of these e-mails (lower-case), looked up in chunks. */
  findByEmails(userId: string, emails: readonly string[]): ContactRow[] {
    const out: ContactRow[] = [];
    for (let i = 0; i < emails.length; i += 500) {
      const chunk = emails.slice(i, i + 500);
      out.push(...this.db.select().from(contacts).where(and(eq(contacts.userId, userId), inArray(contacts.email, chunk))).all());
    }
    return out;
  }

  /**
   * Insert unless the owner already has this e-mail (then false, and nothing is written): the bulk
   * path of an import, without the read-back that insert() does.
   */
  insertIfNew(userId: string, input: ContactInput): boolean {
    const res = this.db
      .insert(contacts)
      .values({ contactId: randomUUID(), userId, ...clean(input), name: input.name.trim() })
      .onConflictDoNothing()
      .run();
    return res.changes === 1;
  }

  /**
   * insertIfNew for many rows, in order: whether each was written. A later row with an e-mail an
   * earlier one took is not written. One statement per row: in-process SQLite inserts cost
   * microseconds each, so a multi-row statement (the Postgres twin's reason) would buy nothing here.
   */
  insertManyIfNew(userId: string, inputs: readonly ContactInput[]): boolean[] {
    return inputs.map((input) => this.insertIfNew(userId, input));
  }

  insert(userId: string, input: ContactInput): ContactRow {
    const contactId = randomUUID();
    // a racing writer can take the e-mail between the caller's lookup and this insert: say so in words
    inWords('insert', () =>
      this.db
        .insert(contacts)
        .values({ contactId, userId, ...clean(input), name: input.name.trim() })
        .run(),
    );
    return this.getForUser(userId, contactId);
  }

  update(userId: string, contactId: string, input: Partial<ContactInput>): ContactRow {
    const res = inWords('update', () =>
      this.db
        .update(contacts)
        .set({ ...clean(input), updatedAt: sql`CURRENT_TIMESTAMP` })
        .where(and(eq(contacts.userId, userId), eq(contacts.contactId, contactId)))
        .run(),
    );
    if (res.changes !== 1) throw notFound('contact', contactId);
    return this.getForUser(userId, contactId);
  }

  delete(userId: string, contactId: string): void {
    const res = inWords('delete', () =>
      this.db
        .delete(contacts)
        .where(and(eq(contacts.userId, userId), eq(contacts.contactId, contactId)))
        .run(),
    );
    if (res.changes !== 1) throw notFound('contact', contactId);
  }

  /** A contact by id, whoever's it is (for a signed link that names it: the token proves the right to it). */
  findById(contactId: string): ContactRow | undefined {
    return this.db.select().from(contacts).where(eq(contacts.contactId, contactId)).get();
  }

  /** Do-not-contact: every later job skips this address (RFC 8058 one-click, or the user's word). */
  markUnsubscribed(contactId: string): void {
    this.db
      .update(contacts)
      .set({ unsubscribedAt: sql`COALESCE(unsubscribed_at, CURRENT_TIMESTAMP)`, updatedAt: sql`CURRENT_TIMESTAMP` })
      .where(eq(contacts.contactId, contactId))
      .run();
  }

  /** Repeated soft bounces: tell the estimator (the address stays usable). Keeps the first time. */
  flagDeliveryWarning(contactId: string, note: string): void {
    this.db
      .update(contacts)
      .set({ deliveryWarningAt: sql`COALESCE(delivery_warning_at, CURRENT_TIMESTAMP)`, deliveryWarning: note, updatedAt: sql`CURRENT_TIMESTAMP` })
      .where(eq(contacts.contactId, contactId))
      .run();
  }

  /** A hard bounce proved the address bad. */
  markEmailBad(contactId: string, reason: string): void {
    this.db
      .update(contacts)
      .set({ emailBadAt: sql`CURRENT_TIMESTAMP`, emailBadReason: reason, updatedAt: sql`CURRENT_TIMESTAMP` })
      .where(eq(contacts.contactId, contactId))
      .run();
  }
}

/** A contact write whose constraint failure comes back as a typed error in words. */
function inWords<T>(what: 'insert' | 'update' | 'delete', write: () => T): T {
  try {
    return write();
  } catch (e) {
    throw contactWriteError(e, what);
  }
}
