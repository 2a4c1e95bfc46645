import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { jobs } from './core.js';
import { ADDENDUM_STATUSES } from '../../core/domain/status.js';

/** Drizzle mirror of migrations/0021_job_addenda.sql (the SQL file is the source of truth). */
export { ADDENDUM_STATUSES, type AddendumStatus } from '../../core/domain/status.js';

export const jobAddenda = sqliteTable(
  'job_addenda',
  {
    addendumId: text('addendum_id').primaryKey(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.jobId, { onDelete: 'cascade' }),
    packageNumber: integer('package_number').notNull(),
    status: text('status', { enum: ADDENDUM_STATUSES }).notNull().default('READING'),
    fileName: text('file_name').notNull(),
    receivedVia: text('received_via').notNull(),
    changesJson: text('changes_json'),
    newTrades: text('new_trades').notNull().default('[]'),
    mapVersion: integer('map_version'),
    error: text('error'),
    noticesQueued: integer('notices_queued'),
    invitationsQueued: integer('invitations_queued'),
    approvedVia: text('approved_via'),
    approvedAt: text('approved_at'),
    createdAt: text('created_at').default(sql`CURRENT_TIMESTAMP`),
  },
  (t) => [uniqueIndex('idx_job_addenda_package').on(t.jobId, t.packageNumber), index('idx_job_addenda_job').on(t.jobId, t.status)],
);

export type JobAddendumRow = typeof jobAddenda.$inferSelect;
