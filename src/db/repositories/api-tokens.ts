import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { apiTokens, type ApiTokenRow } from '../schema/index.js';

/** api_tokens rows (hashes only; the secrets never reach the database). */
export class ApiTokensRepository {
  constructor(private readonly db: Db) {}

  insert(row: { tokenId: string; userId: string; tokenHash: string; label: string | null; expiresAt: string }): void {
    this.db.insert(apiTokens).values(row).run();
  }

  /** The unrevoked token with this hash that expires after `now` (SQLite time text). */
  findLive(tokenHash: string, now: string): ApiTokenRow | undefined {
    return this.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
      .get();
  }

  touch(tokenId: string): void {
    this.db.update(apiTokens).set({ lastUsedAt: sql`CURRENT_TIMESTAMP` }).where(eq(apiTokens.tokenId, tokenId)).run();
  }

  listForUser(userId: string): ApiTokenRow[] {
    return this.db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt), desc(sql`rowid`)).all();
  }

  findForUser(userId: string, tokenId: string): ApiTokenRow | undefined {
    return this.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenId, tokenId), eq(apiTokens.userId, userId)))
      .get();
  }

  /** Revoke (keeping the first revocation time) and return the row. */
  revoke(tokenId: string): ApiTokenRow | undefined {
    this.db
      .update(apiTokens)
      .set({ revokedAt: sql`COALESCE(${apiTokens.revokedAt}, CURRENT_TIMESTAMP)` })
      .where(eq(apiTokens.tokenId, tokenId))
      .run();
    return this.db.select().from(apiTokens).where(eq(apiTokens.tokenId, tokenId)).get();
  }

  revokeAllOfUser(userId: string): number {
    return this.db
      .update(apiTokens)
      .set({ revokedAt: sql`CURRENT_TIMESTAMP` })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .run().changes;
  }
}
