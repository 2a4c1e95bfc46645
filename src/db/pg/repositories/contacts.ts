import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ContactCursor, ContactInput, ContactRow, ContactsRepository, Promised } from '../../repositories/index.js';
import { cleanContactInput as clean, contactWriteError } from '../../repositories/contact-writes.js';
import { contacts } from '../schema.js';
import { notFound } from '../../../core/errors.js';
import type { PgContext } from './context.js';

/** Rows per multi-row INSERT: ~11 parameters a row stays far below Postgres's 65,535 per statement. */
const INSERT_BATCH = 1000;

/**
 * A user's contacts on Postgres (the SQLite class: ../../repositories/contacts.ts). Every read and
 * write is for one owner; another user's contact is "not found". Names sort in the database's
 * collation (SQLite sorts by bytes): the order and the keyset cursor use the same one, so pages
 * neither skip nor repeat a contact. A duplicate e-mail inside a transaction ends that transaction
 * here (SQLite would let the body go on after catching it); no caller catches it inside one.
 */
export class PgContactsRepository implements Promised<ContactsRepository> {
  constructor(private readonly ctx: PgContext) {}

  /** By company, then person and address (the SQLite class's order; a random id alone would shuffle two people of one firm). */
  async listForUser(userId: string): Promise<ContactRow[]> {
    return this.ctx
      .q()
      .select()
      .from(contacts)
      .where(eq(contacts.userId, userId))
      .orderBy(asc(contacts.name), asc(contacts.contactPerson), asc(contacts.email), asc(contacts.contactId));
  }

  /** One page in name order, keyset-paged on (name, id) so a deep page costs the same as the first. */
  async pageForUser(userId: string, limit: number, after?: ContactCursor): Promise<ContactRow[]> {
    const owner = eq(contacts.userId, userId);
    const where = after ? and(owner, sql`(${contacts.name}, ${contacts.contactId}) > (${after.name}, ${after.contactId})`) : owner;
    return this.ctx.q().select().from(contacts).where(where).orderBy(asc(contacts.name), asc(contacts.contactId)).limit(limit);
  }

  async countForUser(userId: string): Promise<number> {
    const [row] = await this.ctx.q().select({ n: count() }).from(contacts).where(eq(contacts.userId, userId));
    return row?.n ?? 0;
  }

  /** An e-mail-less contact with this company (and person) name, for merging re-imports. */
  async findWithoutEmail(userId: string, name: string, contactPerson: string | null): Promise<ContactRow | undefined> {
    const rows = await this.ctx
      .q()
      .select()
      .from(contacts)
      .where(and(eq(contacts.userId, userId), isNull(contacts.email), sql`lower(${contacts.name}) = lower(${name.trim()})`))
      .orderBy(asc(contacts.createdAt), asc(contacts.contactId));
    // the person is compared in JavaScript, as on SQLite: its lower-casing knows every alphabet
    const person = (contactPerson ?? '').trim().toLowerCase();
    return rows.find((r) => (r.contactPerson ?? '').toLowerCase() === person);
  }

  /** The user's contacts tagged with one division (trades are stored as "22,26"). */
  async listForUserWithTrade(userId: string, division: string): Promise<ContactRow[]> {
    return this.ctx
      .q()
      .select()
      .from(contacts)
      .where(and(eq(contacts.userId, userId), sql`(',' || ${contacts.trades} || ',') LIKE ${`%,${division},%`}`))
      .orderBy(asc(contacts.name), asc(contacts.contactId));
  }

  async findForUser(userId: string, contactId: string): Promise<ContactRow | undefined> {
    const [row] = await this.ctx
      .q()
      .select()
      .from(contacts)
      .where(and(eq(contacts.userId, userId), eq(contacts.contactId, contactId)));
    return row;
  }

  async getForUser(userId: string, contactId: string): Promise<ContactRow> {
    const c = await this.findForUser(userId, contactId);
    if (!c) throw notFound('contact', contactId);
    return c;
  }

  async findByEmail(userId: string, email: string): Promise<ContactRow | undefined> {
    const [row] = await this.ctx
      .q()
      .select()
      .from(contacts)
      .where(and(eq(contacts.userId, userId), eq(contacts.email, email.trim().toLowerCase())));
    return row;
  }

  /** The owner's contacts with any of these e-mails (lower-case), looked up in chunks. */
  async findByEmails(userId: string, emails: readonly string[]): Promise<ContactRow[]> {
    const out: ContactRow[] = [];
    for (let i = 0; i < emails.length; i += 500) {
      const chunk = emails.slice(i, i + 500);
      out.push(...(await this.ctx.q().select().from(contacts).where(and(eq(contacts.userId, userId), inArray(contacts.email, chunk)))));
    }
    return out;
  }

  /**
   * Insert unless the owner already has this e-mail (then false, and nothing is written). ON
   * CONFLICT also settles two imports racing for one address: the second waits for the first to
   * commit and then writes nothing.
   */
  async insertIfNew(userId: string, input: ContactInput): Promise<boolean> {
    const res = await this.ctx
      .q()
      .insert(contacts)
      .values({ contactId: randomUUID(), userId, ...clean(input), name: input.name.trim() })
      .onConflictDoNothing();
    return (res.rowCount ?? 0) === 1;
  }

  /**
   * insertIfNew for many rows: one multi-row INSERT … ON CONFLICT DO NOTHING per INSERT_BATCH rows,
   * instead of a round trip per row (a 20,000-row import spent most of its time waiting on those).
   * Rows are inserted in order, so of two rows with one e-mail the first is written; RETURNING the
   * ids given here says which were. Not COPY (pg-copy-streams): COPY has no ON CONFLICT, so a
   * duplicate would abort the whole batch and need a staging table to merge from.
   */
  async insertManyIfNew(userId: string, inputs: readonly ContactInput[]): Promise<boolean[]> {
    const rows = inputs.map((input) => ({ contactId: randomUUID(), userId, ...clean(input), name: input.name.trim() }));
    const written = new Set<string>();
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const res = await this.ctx
        .q()
        .insert(contacts)
        .values(rows.slice(i, i + INSERT_BATCH))
        .onConflictDoNothing()
        .returning({ contactId: contacts.contactId });
      for (const r of res) written.add(r.contactId);
    }
    return rows.map((r) => written.has(r.contactId));
  }

  async insert(userId: string, input: ContactInput): Promise<ContactRow> {
    const [row] = await inWords('insert', () =>
      this.ctx
        .q()
        .insert(contacts)
        .values({ contactId: randomUUID(), userId, ...clean(input), name: input.name.trim() })
        .returning(),
    );
    return row!;
  }

  async update(userId: string, contactId: string, input: Partial<ContactInput>): Promise<ContactRow> {
    const [row] = await inWords('update', () =>
      this.ctx
        .q()
        .update(contacts)
        .set({ ...clean(input), updatedAt: sql`now()` })
        .where(and(eq(contacts.userId, userId), eq(contacts.contactId, contactId)))
        .returning(),
    );
    if (!row) throw notFound('contact', contactId);
    return row;
  }

  async delete(userId: string, contactId: string): Promise<void> {
    const res = await inWords('delete', () =>
      this.ctx
        .q()
        .delete(contacts)
        .where(and(eq(contacts.userId, userId), eq(contacts.contactId, contactId))),
    );
    if (res.rowCount !== 1) throw notFound('contact', contactId);
  }

  /** A contact by id, whoever's it is (for a signed link that names it: the token proves the right to it). */
  async findById(contactId: string): Promise<ContactRow | undefined> {
    const [row] = await this.ctx.q().select().from(contacts).where(eq(contacts.contactId, contactId));
    return row;
  }

  /** Do-not-contact: every later job skips this address (RFC 8058 one-click, or the user's word). */
  async markUnsubscribed(contactId: string): Promise<void> {
    await this.ctx
      .q()
      .update(contacts)
      .set({ unsubscribedAt: sql`coalesce(${contacts.unsubscribedAt}, now())`, updatedAt: sql`now()` })
      .where(eq(contacts.contactId, contactId));
  }

  /** Repeated soft bounces: tell the estimator (the address stays usable). Keeps the first time. */
  async flagDeliveryWarning(contactId: string, note: string): Promise<void> {
    await this.ctx
      .q()
      .update(contacts)
      .set({ deliveryWarningAt: sql`coalesce(${contacts.deliveryWarningAt}, now())`, deliveryWarning: note, updatedAt: sql`now()` })
      .where(eq(contacts.contactId, contactId));
  }

  /** A hard bounce proved the address bad. */
  async markEmailBad(contactId: string, reason: string): Promise<void> {
    await this.ctx
      .q()
      .update(contacts)
      .set({ emailBadAt: sql`now()`, emailBadReason: reason, updatedAt: sql`now()` })
      .where(eq(contacts.contactId, contactId));
  }
}

/** A contact write whose constraint failure comes back as a typed error in words. */
async function inWords<T>(what: 'insert' | 'update' | 'delete', write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw contactWriteError(e, what);
  }
}
