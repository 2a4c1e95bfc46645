import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { ApiTokenRow, ApiTokensRepository, Promised } from '../../repositories/index.js';
import { apiTokens } from '../schema.js';
import { affected, type PgContext } from './context.js';

/**
 * api_tokens on Postgres (the SQLite class: ../../repositories/api-tokens.ts). Times given as
 * SQLite text (`YYYY-MM-DD HH:MM:SS`) are read by Postgres as UTC, the session's time zone.
 */
export class PgApiTokensRepository implements Promised<ApiTokensRepository> {
  constructor(private readonly ctx: PgContext) {}

  async insert(row: { tokenId: string; userId: string; tokenHash: string; label: string | null; expiresAt: string }): Promise<void> {
    // clock_timestamp(): tokens made in one transaction still list newest first (SQLite has rowid for that).
    await this.ctx
      .q()
      .insert(apiTokens)
      .values({ ...row, createdAt: sql`clock_timestamp()` });
  }

  async findLive(tokenHash: string, now: string): Promise<ApiTokenRow | undefined> {
    const [row] = await this.ctx
      .q()
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)));
    return row;
  }

  async touch(tokenId: string): Promise<void> {
    await this.ctx.q().update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.tokenId, tokenId));
  }

  async listForUser(userId: string): Promise<ApiTokenRow[]> {
    return this.ctx.q().select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt), desc(apiTokens.tokenId));
  }

  async findForUser(userId: string, tokenId: string): Promise<ApiTokenRow | undefined> {
    const [row] = await this.ctx
      .q()
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenId, tokenId), eq(apiTokens.userId, userId)));
    return row;
  }

  async revoke(tokenId: string): Promise<ApiTokenRow | undefined> {
    const [row] = await this.ctx
      .q()
      .update(apiTokens)
      .set({ revokedAt: sql`COALESCE(${apiTokens.revokedAt}, now())` })
      .where(eq(apiTokens.tokenId, tokenId))
      .returning();
    return row;
  }

  async revokeAllOfUser(userId: string): Promise<number> {
    return affected(
      await this.ctx
        .q()
        .update(apiTokens)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))),
    );
  }
}
