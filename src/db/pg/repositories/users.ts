import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Promised, PublicUser, UsersRepository } from '../../repositories/index.js';
import { accountKey, checkNewUser, noSuchUser, toPublic, userExists, verifiedUser } from '../../repositories/users.js';
import { constraintViolation } from '../../constraint-violation.js';
import { hashPassword } from '../../../core/auth/password.js';
import { users } from '../schema.js';
import { affected, type PgContext } from './context.js';

/** Accounts on Postgres (the SQLite class: ../../repositories/users.ts). */
export class PgUsersRepository implements Promised<UsersRepository> {
  constructor(private readonly ctx: PgContext) {}

  async create(email: string, password: string): Promise<PublicUser> {
    const normalized = checkNewUser(email, password);
    if (await this.findByEmail(normalized)) throw userExists(normalized);
    const row = { userId: randomUUID(), email: normalized, passwordHash: await hashPassword(password) };
    // Another process may create the same address between the check and the insert: the UNIQUE
    // index decides (23505), and the loser gets the same CONFLICT as above.
    try {
      const [created] = await this.ctx.q().insert(users).values(row).returning();
      return toPublic(created!);
    } catch (e) {
      throw constraintViolation(e) === 'unique' ? userExists(normalized, e) : e;
    }
  }

  async findByEmail(email: string): Promise<PublicUser | undefined> {
    const key = accountKey(email);
    if (!key) return undefined;
    const [row] = await this.ctx.q().select().from(users).where(eq(users.email, key));
    return row && toPublic(row);
  }

  async requireByEmail(email: string): Promise<PublicUser> {
    const user = await this.findByEmail(email);
    if (!user) throw noSuchUser(email);
    return user;
  }

  async getById(userId: string): Promise<PublicUser | undefined> {
    const [row] = await this.ctx.q().select().from(users).where(eq(users.userId, userId));
    return row && toPublic(row);
  }

  async getActiveById(userId: string): Promise<PublicUser | undefined> {
    const user = await this.getById(userId);
    return user && !user.disabledAt ? user : undefined;
  }

  async findActiveByEmail(email: string): Promise<PublicUser | undefined> {
    const user = await this.findByEmail(email);
    return user && !user.disabledAt ? user : undefined;
  }

  async list(): Promise<PublicUser[]> {
    // Byte order, as SQLite's BINARY collation sorts; the database's own collation may differ.
    const rows = await this.ctx
      .q()
      .select()
      .from(users)
      .orderBy(sql`${users.email} COLLATE "C"`);
    return rows.map(toPublic);
  }

  async setDisabled(userId: string, disabled: boolean): Promise<PublicUser> {
    const [row] = await this.ctx
      .q()
      .update(users)
      .set({ disabledAt: disabled ? sql`COALESCE(${users.disabledAt}, now())` : null })
      .where(eq(users.userId, userId))
      .returning();
    return (row && toPublic(row))!;
  }

  async delete(userId: string): Promise<boolean> {
    return affected(await this.ctx.q().delete(users).where(eq(users.userId, userId))) === 1;
  }

  async verify(email: string, password: string): Promise<PublicUser | null> {
    const key = accountKey(email);
    const [row] = key ? await this.ctx.q().select().from(users).where(eq(users.email, key)) : [];
    return verifiedUser(row, password);
  }
}
