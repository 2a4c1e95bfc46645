import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../client.js';
import { users, type UserRow } from '../schema/index.js';
import { AppError } from '../../core/errors.js';
import { hashPassword, verifyPassword } from '../../core/auth/password.js';
import { constraintViolation } from '../constraint-violation.js';

export type PublicUser = Omit<UserRow, 'passwordHash'>;

const emailSchema = z.email();
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * The stored form of an e-mail to look an account up by, or undefined when no account can have it:
 * a control character (a NUL in a typed or forged address) never passes `checkNewUser`, and Postgres
 * text cannot even hold a NUL — so such a lookup finds nobody on both databases instead of failing.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
export const accountKey = (email: string): string | undefined => (/[\u0000-\u001f\u007f]/.test(email) ? undefined : normalizeEmail(email));

export const toPublic = ({ passwordHash: _ph, ...rest }: UserRow): PublicUser => rest;

/** A new account's e-mail, normalized, once it and the password pass the rules (shared by both databases). */
export function checkNewUser(email: string, password: string): string {
  const normalized = normalizeEmail(email);
  if (!emailSchema.safeParse(normalized).success) {
    throw new AppError('VALIDATION', `Invalid e-mail ${email}`, { userMessage: `"${email}" is not a valid e-mail address.` });
  }
  if (password.length < 8) {
    throw new AppError('VALIDATION', 'Password too short', { userMessage: 'Choose a password of at least 8 characters.' });
  }
  return normalized;
}

export const userExists = (normalized: string, cause?: unknown): AppError =>
  new AppError('CONFLICT', `User ${normalized} exists`, { cause, userMessage: `A user with e-mail ${normalized} already exists.` });

/** The account named in a `--user <email>` that does not exist, with how to create it. */
export const noSuchUser = (email: string): AppError =>
  new AppError('NOT_FOUND', `No user ${email}`, {
    userMessage: `No Red Button user with e-mail ${normalizeEmail(email)}. Create one with: redbutton user add ${normalizeEmail(email)}`,
  });

export class UsersRepository {
  constructor(private readonly db: Db) {}

  async create(email: string, password: string): Promise<PublicUser> {
    const normalized = checkNewUser(email, password);
    if (this.findByEmail(normalized)) throw userExists(normalized);
    const row = { userId: randomUUID(), email: normalized, passwordHash: await hashPassword(password) };
    // Hashing awaits, so a second create of the same address can pass the check above meanwhile:
    // the UNIQUE index decides, and its refusal is the same CONFLICT.
    try {
      this.db.insert(users).values(row).run();
    } catch (e) {
      throw constraintViolation(e) === 'unique' ? userExists(normalized, e) : e;
    }
    return toPublic(this.db.select().from(users).where(eq(users.userId, row.userId)).get()!);
  }

  findByEmail(email: string): PublicUser | undefined {
    const key = accountKey(email);
    if (!key) return undefined;
    const row = this.db.select().from(users).where(eq(users.email, key)).get();
    return row && toPublic(row);
  }

  /** The user for a CLI `--user <email>` or a channel's sender; a clear error when unknown. */
  requireByEmail(email: string): PublicUser {
    const user = this.findByEmail(email);
    if (!user) throw noSuchUser(email);
    return user;
  }

  getById(userId: string): PublicUser | undefined {
    const row = this.db.select().from(users).where(eq(users.userId, userId)).get();
    return row && toPublic(row);
  }

  /** The user only while their account is enabled: what every channel and credential check uses. */
  getActiveById(userId: string): PublicUser | undefined {
    const user = this.getById(userId);
    return user && !user.disabledAt ? user : undefined;
  }

  findActiveByEmail(email: string): PublicUser | undefined {
    const user = this.findByEmail(email);
    return user && !user.disabledAt ? user : undefined;
  }

  list(): PublicUser[] {
    return this.db.select().from(users).orderBy(users.email).all().map(toPublic);
  }

  /** Disable (true) or enable (false) an account; returns the user as it is now. */
  setDisabled(userId: string, disabled: boolean): PublicUser {
    this.db
      .update(users)
      .set({ disabledAt: disabled ? sql`COALESCE(${users.disabledAt}, CURRENT_TIMESTAMP)` : null })
      .where(eq(users.userId, userId))
      .run();
    return this.getById(userId)!;
  }

  /** Delete the user row; every table that names the user cascades (jobs, contacts, tokens, links, logs). */
  delete(userId: string): boolean {
    return this.db.delete(users).where(eq(users.userId, userId)).run().changes === 1;
  }

  /** Verify credentials; the same work is done for unknown e-mails so timing does not reveal users. */
  async verify(email: string, password: string): Promise<PublicUser | null> {
    const key = accountKey(email);
    return verifiedUser(key ? this.db.select().from(users).where(eq(users.email, key)).get() : undefined, password);
  }
}

/** The user when `password` is theirs; an unknown user (`row` undefined) costs the same hash check. */
export async function verifiedUser(row: UserRow | undefined, password: string): Promise<PublicUser | null> {
  const ok = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
  return row && ok ? toPublic(row) : null;
}

// A valid hash of a random password, verified against when the user does not exist.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
