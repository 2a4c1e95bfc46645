import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';
import { emailLogs, jobs, users } from './core.js';
import { SEND_CLAIM_STAGES } from '../../core/domain/status.js';

/** Drizzle mirror of migrations/0007_outreach.sql (the SQL file is the source of truth). */
export const outreachApprovals = sqliteTable('outreach_approvals', {
  jobId: text('job_id')
    .primaryKey()
    .references(() => jobs.jobId, { onDelete: 'cascade' }),
  userId: text('user_id')
    .notNull()
    .references(() => users.userId, { onDelete: 'cascade' }),
  mapVersion: integer('map_version').notNull(),
  queued: integer('queued').notNull(),
  skipped: text('skipped').notNull().default('[]'),
  via: text('via'),
  approvedAt: text('approved_at').default(sql`CURRENT_TIMESTAMP`),
});

export { SEND_CLAIM_STAGES, type SendClaimStage } from '../../core/domain/status.js';

export const emailSendClaims = sqliteTable('email_send_claims', {
  emailId: text('email_id')
    .primaryKey()
    .references(() => emailLogs.emailId, { onDelete: 'cascade' }),
  owner: text('owner').notNull(),
  stage: text('stage', { enum: SEND_CLAIM_STAGES }).notNull().default('claimed'),
  claimedAt: text('claimed_at').default(sql`CURRENT_TIMESTAMP`),
  leaseUntil: text('lease_until').notNull(),
});

export type OutreachApprovalRow = typeof outreachApprovals.$inferSelect;
export type EmailSendClaimRow = typeof emailSendClaims.$inferSelect;
