import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { contacts, type ContactRow } from '../schema/index.js';
import { notFound } from '../../core/errors.js';

export interface ContactInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  /** Normalized trade tags: two-digit divisions joined by "," (see core/contacts/trades). */
  trades?: string | null;
  zipCode?: string | null;
  website?: string | null;
  contactPerson?: string | null;
}

/** Contacts are always read and written for one owner; another user's contact is "not found". */
export class ContactsRepository {
  constructor(private readonly db: Db) {}

  listForUser(userId: string): ContactRow[] {
    return this.db.select().from(contacts).where(eq(contacts.userId, userId)).orderBy(asc(contacts.name)).all();
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

  insert(userId: string, input: ContactInput): ContactRow {
    const contactId = randomUUID();
    this.db
      .insert(contacts)
      .values({ contactId, userId, ...clean(input), name: input.name.trim() })
      .run();
    return this.getForUser(userId, contactId);
  }

  update(userId: string, contactId: string, input: Partial<ContactInput>): ContactRow {
    const res = this.db
      .update(contacts)
      .set({ ...clean(input), updatedAt: sql`CURRENT_TIMESTAMP` })
      .where(and(eq(contacts.userId, userId), eq(contacts.contactId, contactId)))
      .run();
    if (res.changes !== 1) throw notFound('contact', contactId);
    return this.getForUser(userId, contactId);
  }

  delete(userId: string, contactId: string): void {
    const res = this.db
      .delete(contacts)
      .where(and(eq(contacts.userId, userId), eq(contacts.contactId, contactId)))
      .run();
    if (res.changes !== 1) throw notFound('contact', contactId);
  }

  /** Do-not-contact: every later job skips this address (RFC 8058 one-click, or the user's word). */
  markUnsubscribed(contactId: string): void {
    this.db
      .update(contacts)
      .set({ unsubscribedAt: sql`COALESCE(unsubscribed_at, CURRENT_TIMESTAMP)`, updatedAt: sql`CURRENT_TIMESTAMP` })
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

function clean(input: Partial<ContactInput>): Partial<ContactInput> {
  const out: Partial<ContactInput> = {};
  for (const [k, v] of Object.entries(input) as [keyof ContactInput, string | null | undefined][]) {
    if (v === undefined) continue;
    const trimmed = typeof v === 'string' ? v.trim() : v;
    out[k] = (trimmed === '' ? null : trimmed) as never;
  }
  if (typeof out.email === 'string') out.email = out.email.toLowerCase();
  return out;
}
