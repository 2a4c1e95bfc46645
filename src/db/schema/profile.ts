import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { jobs, users } from './core.js';

/** Drizzle mirror of migrations/0013: the GC's company, the estimator's profile, per-job details. */
export const companies = sqliteTable('companies', {
  companyId: text('company_id').primaryKey(),
  name: text('name').notNull(),
  address: text('address'),
  phone: text('phone'),
  logoUrl: text('logo_url'),
  createdAt: text('created_at').default(sql`CURRENT_TIMESTAMP`),
  updatedAt: text('updated_at').default(sql`CURRENT_TIMESTAMP`),
});

export const userProfiles = sqliteTable(
  'user_profiles',
  {
    userId: text('user_id')
      .primaryKey()
      .references(() => users.userId, { onDelete: 'cascade' }),
    fullName: text('full_name'),
    title: text('title'),
    phone: text('phone'),
    companyId: text('company_id').references(() => companies.companyId, { onDelete: 'set null' }),
    updatedAt: text('updated_at').default(sql`CURRENT_TIMESTAMP`),
  },
  (t) => [index('idx_user_profiles_company').on(t.companyId)],
);

export const jobDetails = sqliteTable('job_details', {
  jobId: text('job_id')
    .primaryKey()
    .references(() => jobs.jobId, { onDelete: 'cascade' }),
  streetAddress: text('street_address'),
  city: text('city'),
  stateOrProvince: text('state_or_province'),
  country: text('country'),
  dueDate: text('due_date'),
  dueTime: text('due_time'),
  timeZone: text('time_zone'),
  jobWalkDate: text('job_walk_date'),
  jobWalkTime: text('job_walk_time'),
  jobWalkNote: text('job_walk_note'),
  rfiDate: text('rfi_date'),
  rfiTime: text('rfi_time'),
  message: text('message'),
  scopeNotes: text('scope_notes'),
  updatedAt: text('updated_at').default(sql`CURRENT_TIMESTAMP`),
  updatedVia: text('updated_via'),
  /** Bidders wanted per trade (migration 0020); NULL = the default. */
  bidTarget: integer('bid_target'),
  /** JSON array of days before the due time to remind on; NULL = the default, '[]' = off. */
  reminderDays: text('reminder_days'),
});

export type CompanyRow = typeof companies.$inferSelect;
export type UserProfileRow = typeof userProfiles.$inferSelect;
export type JobDetailsRow = typeof jobDetails.$inferSelect;
