import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { emailLogs, jobs } from './core.js';

/** Drizzle mirror of migrations/0020_bid_coverage.sql (the SQL file is the source of truth). */
export const planDownloads = sqliteTable(
  'plan_downloads',
  {
    downloadId: integer('download_id').primaryKey({ autoIncrement: true }),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.jobId, { onDelete: 'cascade' }),
    emailId: text('email_id').references(() => emailLogs.emailId, { onDelete: 'cascade' }),
    downloadedAt: text('downloaded_at').default(sql`CURRENT_TIMESTAMP`),
  },
  (t) => [index('idx_plan_downloads_email').on(t.emailId), index('idx_plan_downloads_job').on(t.jobId)],
);

export const answerNotices = sqliteTable('answer_notices', {
  jobId: text('job_id')
    .primaryKey()
    .references(() => jobs.jobId, { onDelete: 'cascade' }),
  lastSentAt: text('last_sent_at').notNull(),
});

export type PlanDownloadRow = typeof planDownloads.$inferSelect;
