import { sql } from 'drizzle-orm';
import { sqliteTable, text, index, integer } from 'drizzle-orm/sqlite-core';
import { jobs, users } from './core.js';

/** Drizzle mirror of migrations/0010_api_tokens.sql (the SQL file is the source of truth). */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    tokenId: text('token_id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    label: text('label'),
    createdAt: text('created_at').default(sql`CURRENT_TIMESTAMP`),
    expiresAt: text('expires_at').notNull(),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('idx_api_tokens_user').on(t.userId)],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** Drizzle mirror of migrations/0015_account_security.sql: review links of a job issued before `revokedBefore` (ms) are dead. */
export const reviewLinkRevocations = sqliteTable('review_link_revocations', {
  jobId: text('job_id')
    .primaryKey()
    .references(() => jobs.jobId, { onDelete: 'cascade' }),
  revokedBefore: integer('revoked_before').notNull(),
});

/** Drizzle mirror of migrations/0022_sign_in_failures.sql: failed sign-ins per throttle key, shared by every process. */
export const signInFailures = sqliteTable(
  'sign_in_failures',
  {
    throttleKey: text('throttle_key').primaryKey(),
    failures: integer('failures').notNull(),
    lastFailureMs: integer('last_failure_ms').notNull(),
  },
  (t) => [index('idx_sign_in_failures_last').on(t.lastFailureMs)],
);
