import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { jobs, users } from './core.js';
import { SLACK_FILE_STATUSES, SLACK_PENDING_KINDS } from '../../core/domain/status.js';

/** Drizzle mirror of migrations/0009_slack.sql (the SQL file is the source of truth). */
const createdAt = () => text('created_at').default(sql`CURRENT_TIMESTAMP`);

export const slackLinks = sqliteTable(
  'slack_links',
  {
    teamId: text('team_id').notNull(),
    slackUserId: text('slack_user_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    linkedVia: text('linked_via', { enum: ['profile', 'code'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('idx_slack_links_member').on(t.teamId, t.slackUserId), index('idx_slack_links_user').on(t.userId)],
);

export const slackProcessed = sqliteTable('slack_processed', {
  key: text('key').primaryKey(),
  kind: text('kind').notNull(),
  createdAt: createdAt(),
});

export { SLACK_FILE_STATUSES, type SlackFileStatus } from '../../core/domain/status.js';

export const slackFiles = sqliteTable(
  'slack_files',
  {
    fileId: text('file_id').primaryKey(),
    teamId: text('team_id').notNull(),
    slackUserId: text('slack_user_id').notNull(),
    channelId: text('channel_id'),
    threadTs: text('thread_ts'),
    status: text('status', { enum: SLACK_FILE_STATUSES }).notNull().default('claimed'),
    jobId: text('job_id').references(() => jobs.jobId, { onDelete: 'set null' }),
    detail: text('detail'),
    createdAt: createdAt(),
  },
  (t) => [index('idx_slack_files_job').on(t.jobId)],
);

export const slackMessages = sqliteTable(
  'slack_messages',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.jobId, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['progress', 'map'] }).notNull(),
    page: integer('page').notNull().default(0),
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
    updatedAt: text('updated_at').default(sql`CURRENT_TIMESTAMP`),
  },
  (t) => [uniqueIndex('idx_slack_messages_job').on(t.jobId, t.kind, t.page)],
);

export { SLACK_PENDING_KINDS, type SlackPendingKind } from '../../core/domain/status.js';

export const slackPending = sqliteTable(
  'slack_pending',
  {
    teamId: text('team_id').notNull(),
    slackUserId: text('slack_user_id').notNull(),
    kind: text('kind', { enum: SLACK_PENDING_KINDS }).notNull(),
    value: text('value'),
    expiresAt: text('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('idx_slack_pending_member').on(t.teamId, t.slackUserId, t.kind)],
);

export type SlackLinkRow = typeof slackLinks.$inferSelect;
export type SlackFileRow = typeof slackFiles.$inferSelect;
export type SlackMessageRow = typeof slackMessages.$inferSelect;
export type SlackPendingRow = typeof slackPending.$inferSelect;
