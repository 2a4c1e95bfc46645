import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { BID_RESPONSES, EMAIL_KINDS, EMAIL_STATUSES, JOB_ORIGINS, JOB_STATUSES } from '../../core/domain/status.js';

/**
 * Drizzle mirror of migrations/0001–0006. The SQL files are the source of truth; a test
 * (test/db/schema-agreement.test.ts) proves this file and the migrated database agree.
 * Seed names are kept: users, jobs (contacts_map_ref, jsons_mode), contacts, email_logs,
 * contacts_map_history.
 */
const createdAt = () => text('created_at').default(sql`CURRENT_TIMESTAMP`);
const updatedAt = () => text('updated_at').default(sql`CURRENT_TIMESTAMP`);

// Statuses and kinds are domain vocabulary: defined in core's dependency-free kernel, used here for the columns.
export { JOB_STATUSES, JOB_ORIGINS, EMAIL_STATUSES, EMAIL_KINDS, BID_RESPONSES } from '../../core/domain/status.js';
export type { JobStatus, JobOrigin, EmailStatus, EmailKind, BidResponse } from '../../core/domain/status.js';

export const users = sqliteTable('users', {
  userId: text('user_id').primaryKey(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
  /** Set by `redbutton user disable` (migration 0015): no sign-in, tokens, links or channels. */
  disabledAt: text('disabled_at'),
});

export const jobs = sqliteTable(
  'jobs',
  {
    jobId: text('job_id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    notes: text('notes'),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('NEW'),
    pdfRef: text('pdf_ref'),
    imagesRef: text('images_ref'),
    promptRef: text('prompt_ref'),
    createdAt: createdAt(),
    contactsMapRef: text('contacts_map_ref'),
    jsonsMode: text('jsons_mode'),
    origin: text('origin', { enum: JOB_ORIGINS }).notNull().default('cli'),
    originContext: text('origin_context'),
    scopeRef: text('scope_ref'),
    zipCode: text('zip_code'),
    pdfFileName: text('pdf_file_name'),
    pdfSha256: text('pdf_sha256'),
    pageCount: integer('page_count'),
    extractor: text('extractor'),
    usage: text('usage'),
    failureReason: text('failure_reason'),
    failedStage: text('failed_stage'),
    attempts: integer('attempts').notNull().default(0),
    leaseOwner: text('lease_owner'),
    leaseUntil: text('lease_until'),
    updatedAt: updatedAt(),
  },
  (t) => [index('idx_jobs_user_created').on(t.userId, t.createdAt), index('idx_jobs_status').on(t.status)],
);

export const contacts = sqliteTable(
  'contacts',
  {
    contactId: text('contact_id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    trades: text('trades'),
    zipCode: text('zip_code'),
    website: text('website'),
    createdAt: createdAt(),
    contactPerson: text('contact_person'),
    unsubscribedAt: text('unsubscribed_at'),
    emailBadAt: text('email_bad_at'),
    emailBadReason: text('email_bad_reason'),
    updatedAt: updatedAt(),
    tags: text('tags'),
    /** Repeated soft bounces (e.g. 3 in 30 days): shown to the estimator; the address is kept. */
    deliveryWarningAt: text('delivery_warning_at'),
    deliveryWarning: text('delivery_warning'),
  },
  (t) => [
    index('idx_contacts_user').on(t.userId),
    index('idx_contacts_user_name').on(t.userId, t.name),
    index('idx_contacts_user_name_id').on(t.userId, t.name, t.contactId),
    uniqueIndex('idx_contacts_user_email')
      .on(t.userId, t.email)
      .where(sql`email IS NOT NULL`),
  ],
);

export const emailLogs = sqliteTable(
  'email_logs',
  {
    emailId: text('email_id').primaryKey(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.jobId, { onDelete: 'cascade' }),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.contactId, { onDelete: 'restrict' }),
    status: text('status', { enum: EMAIL_STATUSES }).notNull().default('QUEUED'),
    providerId: text('provider_id'),
    createdAt: createdAt(),
    mapVersion: integer('map_version'),
    toEmail: text('to_email'),
    trades: text('trades'),
    messageId: text('message_id').unique(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
    bouncedAt: text('bounced_at'),
    bounceReason: text('bounce_reason'),
    updatedAt: updatedAt(),
    bidResponse: text('bid_response', { enum: BID_RESPONSES }),
    respondedAt: text('responded_at'),
    bounceType: text('bounce_type', { enum: ['hard', 'soft'] }),
    autoReplyAt: text('auto_reply_at'),
    autoReplyNote: text('auto_reply_note'),
    complainedAt: text('complained_at'),
    kind: text('kind', { enum: EMAIL_KINDS }).notNull().default('invitation'),
    occasion: text('occasion').notNull().default(''),
    parentEmailId: text('parent_email_id').references((): AnySQLiteColumn => emailLogs.emailId, {
      onDelete: 'cascade',
    }),
    /** The subcontractor's own words with an answer (migration 0020). */
    bidNote: text('bid_note'),
    /** When the estimator was told about the answer; NULL = not yet. */
    answerNotifiedAt: text('answer_notified_at'),
  },
  (t) => [
    index('idx_email_logs_job').on(t.jobId),
    index('idx_email_logs_contact').on(t.contactId),
    index('idx_email_logs_status').on(t.status),
    index('idx_email_logs_contact_bounces').on(t.contactId, t.bounceType, t.bouncedAt),
    uniqueIndex('idx_email_logs_job_contact').on(t.jobId, t.contactId, t.kind, t.occasion),
    index('idx_email_logs_parent').on(t.parentEmailId),
    index('idx_email_logs_answers_pending').on(t.jobId).where(sql`responded_at IS NOT NULL AND answer_notified_at IS NULL`),
  ],
);

export const contactsMapHistory = sqliteTable('contacts_map_history', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  jobId: text('job_id')
    .notNull()
    .references(() => jobs.jobId, { onDelete: 'cascade' }),
  ref: text('ref').notNull(),
  createdAt: createdAt(),
  version: integer('version').notNull(),
  userId: text('user_id').references(() => users.userId, { onDelete: 'set null' }),
  summary: text('summary').notNull().default(''),
  operations: text('operations'),
  via: text('via'),
}, (t) => [uniqueIndex('idx_contacts_map_history_job_version').on(t.jobId, t.version)]);

export type UserRow = typeof users.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;
export type EmailLogRow = typeof emailLogs.$inferSelect;
export type MapHistoryRow = typeof contactsMapHistory.$inferSelect;

/** Drizzle mirror of migrations/0024_job_events.sql: job updates waiting for (or given to) the job's channel, in whichever process runs it. */
export const jobEvents = sqliteTable(
  'job_events',
  {
    eventId: integer('event_id').primaryKey({ autoIncrement: true }),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.jobId, { onDelete: 'cascade' }),
    origin: text('origin').notNull(),
    createdAt: text('created_at').default(sql`CURRENT_TIMESTAMP`),
    deliveredAt: text('delivered_at'),
  },
  (t) => [index('idx_job_events_undelivered').on(t.origin, t.eventId).where(sql`delivered_at IS NULL`)],
);
