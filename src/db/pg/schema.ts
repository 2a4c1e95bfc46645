import { sql } from 'drizzle-orm';
import {
  pgTable,
  text,
  integer,
  bigint,
  index,
  uniqueIndex,
  customType,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import {
  ADDENDUM_STATUSES,
  BID_RESPONSES,
  DOCUMENT_KINDS,
  DOCUMENT_READ_STATUSES,
  DOCUMENT_SOURCES,
  EMAIL_KINDS,
  EMAIL_STATUSES,
  INBOUND_STATUSES,
  JOB_ORIGINS,
  JOB_STATUSES,
  SEND_CLAIM_STAGES,
  SLACK_FILE_STATUSES,
  SLACK_PENDING_KINDS,
} from '../schema/index.js';

/**
 * Drizzle mirror of migrations/pg/*.sql (the SQL files are the source of truth), table for table
 * and column for column the SQLite schema in ../schema, under the same export names, so one set of
 * repositories can be written over either (test/pg/schema-parity.test.ts checks all three agree).
 *
 * Row types are kept equal to SQLite's on purpose: times are `timestamptz` read and written as
 * strings, JSON columns are `jsonb` read and written as JSON text — the repositories already
 * serialize and parse those values, and keep doing so on both dialects.
 */

/** A jsonb column whose TypeScript value is JSON text, as the TEXT column on SQLite is. */
const jsonText = customType<{ data: string; driverData: unknown }>({
  dataType: () => 'jsonb',
  // node-postgres parses jsonb on read; give the repositories the text they get from SQLite.
  fromDriver: (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
  toDriver: (value) => value,
});

/**
 * A timestamptz read as SQLite's text time, `YYYY-MM-DD HH:MM:SS` in UTC (every session runs in
 * UTC, see client.ts), so code that reads a stored time gets the same text from either database.
 * Fractions of a second are dropped on read, as SQLite's CURRENT_TIMESTAMP has none.
 */
const utcText = customType<{ data: string; driverData: string }>({
  dataType: () => 'timestamp with time zone',
  fromDriver: (value) => sqliteTimeText(value),
  toDriver: (value) => value,
});
const time = (name: string) => utcText(name);
const createdAt = () => time('created_at').default(sql`now()`);
const updatedAt = () => time('updated_at').default(sql`now()`);
const serialId = () => bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity();

/** '2026-12-02 00:33:10.123456+00' → '2026-12-02 00:33:10' (a text without a zone is returned as it is). */
export function sqliteTimeText(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : String(value);
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]00(?::?00)?)?$/.exec(text);
  return m ? `${m[1]} ${m[2]}` : text;
}

export const users = pgTable('users', {
  userId: text('user_id').primaryKey(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
  disabledAt: time('disabled_at'),
});

export const jobs = pgTable(
  'jobs',
  {
    jobId: text('job_id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    notes: text('notes'),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('NEW'),
    pdfRef: jsonText('pdf_ref'),
    imagesRef: jsonText('images_ref'),
    promptRef: jsonText('prompt_ref'),
    createdAt: createdAt(),
    contactsMapRef: jsonText('contacts_map_ref'),
    jsonsMode: text('jsons_mode'),
    origin: text('origin', { enum: JOB_ORIGINS }).notNull().default('cli'),
    originContext: jsonText('origin_context'),
    scopeRef: jsonText('scope_ref'),
    zipCode: text('zip_code'),
    pdfFileName: text('pdf_file_name'),
    pdfSha256: text('pdf_sha256'),
    pageCount: integer('page_count'),
    extractor: text('extractor'),
    usage: jsonText('usage'),
    failureReason: text('failure_reason'),
    failedStage: text('failed_stage'),
    attempts: integer('attempts').notNull().default(0),
    leaseOwner: text('lease_owner'),
    leaseUntil: time('lease_until'),
    updatedAt: updatedAt(),
  },
  (t) => [index('idx_jobs_user_created').on(t.userId, t.createdAt), index('idx_jobs_status').on(t.status)],
);

export const contacts = pgTable(
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
    unsubscribedAt: time('unsubscribed_at'),
    emailBadAt: time('email_bad_at'),
    emailBadReason: text('email_bad_reason'),
    updatedAt: updatedAt(),
    tags: text('tags'),
    deliveryWarningAt: time('delivery_warning_at'),
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

export const emailLogs = pgTable(
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
    trades: jsonText('trades'),
    messageId: text('message_id').unique(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: time('next_attempt_at'),
    lastError: text('last_error'),
    sentAt: time('sent_at'),
    bouncedAt: time('bounced_at'),
    bounceReason: text('bounce_reason'),
    updatedAt: updatedAt(),
    bidResponse: text('bid_response', { enum: BID_RESPONSES }),
    respondedAt: time('responded_at'),
    bounceType: text('bounce_type', { enum: ['hard', 'soft'] }),
    autoReplyAt: time('auto_reply_at'),
    autoReplyNote: text('auto_reply_note'),
    complainedAt: time('complained_at'),
    kind: text('kind', { enum: EMAIL_KINDS }).notNull().default('invitation'),
    occasion: text('occasion').notNull().default(''),
    parentEmailId: text('parent_email_id').references((): AnyPgColumn => emailLogs.emailId, { onDelete: 'cascade' }),
    bidNote: text('bid_note'),
    answerNotifiedAt: time('answer_notified_at'),
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

export const contactsMapHistory = pgTable(
  'contacts_map_history',
  {
    id: serialId(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.jobId, { onDelete: 'cascade' }),
    ref: jsonText('ref').notNull(),
    createdAt: createdAt(),
    version: integer('version').notNull(),
    userId: text('user_id').references(() => users.userId, { onDelete: 'set null' }),
    summary: text('summary').notNull().default(''),
    operations: jsonText('operations'),
    via: text('via'),
  },
  (t) => [uniqueIndex('idx_contacts_map_history_job_version').on(t.jobId, t.version)],
);

export const outreachApprovals = pgTable('outreach_approvals', {
  jobId: text('job_id')
    .primaryKey()
    .references(() => jobs.jobId, { onDelete: 'cascade' }),
  userId: text('user_id')
    .notNull()
    .references(() => users.userId, { onDelete: 'cascade' }),
  mapVersion: integer('map_version').notNull(),
  queued: integer('queued').notNull(),
  skipped: jsonText('skipped').notNull().default('[]'),
  via: text('via'),
  approvedAt: time('approved_at').default(sql`now()`),
});

export const emailSendClaims = pgTable('email_send_claims', {
  emailId: text('email_id')
    .primaryKey()
    .references(() => emailLogs.emailId, { onDelete: 'cascade' }),
  owner: text('owner').notNull(),
  stage: text('stage', { enum: SEND_CLAIM_STAGES }).notNull().default('claimed'),
  claimedAt: time('claimed_at').default(sql`now()`),
  leaseUntil: time('lease_until').notNull(),
});

export const emailInbound = pgTable(
  'email_inbound',
  {
    messageKey: text('message_key').primaryKey(),
    status: text('status', { enum: INBOUND_STATUSES }).notNull().default('CLAIMED'),
    kind: text('kind'),
    fromAddress: text('from_address'),
    subject: text('subject'),
    userId: text('user_id').references(() => users.userId, { onDelete: 'set null' }),
    jobId: text('job_id').references(() => jobs.jobId, { onDelete: 'set null' }),
    outcome: text('outcome'),
    claimedBy: text('claimed_by'),
    claimUntil: time('claim_until'),
    createdAt: createdAt(),
    doneAt: time('done_at'),
  },
  (t) => [index('idx_email_inbound_job').on(t.jobId), index('idx_email_inbound_from').on(t.fromAddress, t.createdAt)],
);

export const emailInboundUids = pgTable(
  'email_inbound_uids',
  {
    id: serialId(),
    mailbox: text('mailbox').notNull(),
    uidvalidity: bigint('uidvalidity', { mode: 'number' }).notNull(),
    uid: bigint('uid', { mode: 'number' }).notNull(),
    messageKey: text('message_key')
      .notNull()
      .references(() => emailInbound.messageKey, { onDelete: 'cascade' }),
    movedAt: time('moved_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('idx_email_inbound_uids_uid').on(t.mailbox, t.uidvalidity, t.uid), index('idx_email_inbound_uids_key').on(t.messageKey)],
);

export const emailNotices = pgTable(
  'email_notices',
  {
    id: serialId(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.jobId, { onDelete: 'cascade' }),
    notice: text('notice').notNull(),
    messageId: text('message_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('idx_email_notices_job_notice').on(t.jobId, t.notice)],
);

export const emailSenderNotes = pgTable(
  'email_sender_notes',
  {
    id: serialId(),
    address: text('address').notNull(),
    day: text('day').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('idx_email_sender_notes_day').on(t.address, t.day)],
);

export const emailReplyBudget = pgTable('email_reply_budget', {
  hour: text('hour').primaryKey(),
  replies: integer('replies').notNull().default(0),
});

/** migrations/pg/0023_smtp_rate_slots.sql */
export const smtpRateSlots = pgTable('smtp_rate_slots', {
  second: bigint('second', { mode: 'number' }).primaryKey(),
  sent: integer('sent').notNull(),
});

export const slackLinks = pgTable(
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

export const slackProcessed = pgTable('slack_processed', {
  key: text('key').primaryKey(),
  kind: text('kind').notNull(),
  createdAt: createdAt(),
});

export const slackFiles = pgTable(
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

export const slackMessages = pgTable(
  'slack_messages',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.jobId, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['progress', 'map'] }).notNull(),
    page: integer('page').notNull().default(0),
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('idx_slack_messages_job').on(t.jobId, t.kind, t.page)],
);

export const slackPending = pgTable(
  'slack_pending',
  {
    teamId: text('team_id').notNull(),
    slackUserId: text('slack_user_id').notNull(),
    kind: text('kind', { enum: SLACK_PENDING_KINDS }).notNull(),
    value: text('value'),
    expiresAt: time('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('idx_slack_pending_member').on(t.teamId, t.slackUserId, t.kind)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    tokenId: text('token_id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    label: text('label'),
    createdAt: createdAt(),
    expiresAt: time('expires_at').notNull(),
    lastUsedAt: time('last_used_at'),
    revokedAt: time('revoked_at'),
  },
  (t) => [index('idx_api_tokens_user').on(t.userId)],
);

export const reviewLinkRevocations = pgTable('review_link_revocations', {
  jobId: text('job_id')
    .primaryKey()
    .references(() => jobs.jobId, { onDelete: 'cascade' }),
  revokedBefore: bigint('revoked_before', { mode: 'number' }).notNull(),
});

/** migrations/pg/0022_sign_in_failures.sql */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    throttleKey: text('throttle_key').primaryKey(),
    failures: integer('failures').notNull(),
    lastFailureMs: bigint('last_failure_ms', { mode: 'number' }).notNull(),
  },
  (t) => [index('idx_sign_in_failures_last').on(t.lastFailureMs)],
);

export const companies = pgTable('companies', {
  companyId: text('company_id').primaryKey(),
  name: text('name').notNull(),
  address: text('address'),
  phone: text('phone'),
  logoUrl: text('logo_url'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const userProfiles = pgTable(
  'user_profiles',
  {
    userId: text('user_id')
      .primaryKey()
      .references(() => users.userId, { onDelete: 'cascade' }),
    fullName: text('full_name'),
    title: text('title'),
    phone: text('phone'),
    companyId: text('company_id').references(() => companies.companyId, { onDelete: 'set null' }),
    updatedAt: updatedAt(),
  },
  (t) => [index('idx_user_profiles_company').on(t.companyId)],
);

export const jobDetails = pgTable('job_details', {
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
  scopeNotes: jsonText('scope_notes'),
  updatedAt: updatedAt(),
  updatedVia: text('updated_via'),
  bidTarget: integer('bid_target'),
  reminderDays: jsonText('reminder_days'),
});

export const jobDocuments = pgTable(
  'job_documents',
  {
    documentId: text('document_id').primaryKey(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.jobId, { onDelete: 'cascade' }),
    packageNumber: integer('package_number').notNull().default(1),
    position: integer('position').notNull(),
    kind: text('kind', { enum: DOCUMENT_KINDS }).notNull().default('original'),
    fileName: text('file_name').notNull(),
    receivedVia: text('received_via', { enum: DOCUMENT_SOURCES }).notNull(),
    sha256: text('sha256').notNull(),
    pdfRef: jsonText('pdf_ref').notNull(),
    sizeBytes: integer('size_bytes'),
    pageCount: integer('page_count'),
    readStatus: text('read_status', { enum: DOCUMENT_READ_STATUSES }).notNull().default('PENDING'),
    pagesRef: jsonText('pages_ref'),
    scopeRef: jsonText('scope_ref'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('idx_job_documents_job_sha').on(t.jobId, t.sha256),
    uniqueIndex('idx_job_documents_job_position').on(t.jobId, t.packageNumber, t.position),
  ],
);

export const jobAddenda = pgTable(
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
    changesJson: jsonText('changes_json'),
    newTrades: jsonText('new_trades').notNull().default('[]'),
    mapVersion: integer('map_version'),
    error: text('error'),
    noticesQueued: integer('notices_queued'),
    invitationsQueued: integer('invitations_queued'),
    approvedVia: text('approved_via'),
    approvedAt: time('approved_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('idx_job_addenda_package').on(t.jobId, t.packageNumber), index('idx_job_addenda_job').on(t.jobId, t.status)],
);

export const planDownloads = pgTable(
  'plan_downloads',
  {
    downloadId: bigint('download_id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.jobId, { onDelete: 'cascade' }),
    emailId: text('email_id').references(() => emailLogs.emailId, { onDelete: 'cascade' }),
    downloadedAt: time('downloaded_at').default(sql`now()`),
  },
  (t) => [index('idx_plan_downloads_email').on(t.emailId), index('idx_plan_downloads_job').on(t.jobId)],
);

export const answerNotices = pgTable('answer_notices', {
  jobId: text('job_id')
    .primaryKey()
    .references(() => jobs.jobId, { onDelete: 'cascade' }),
  lastSentAt: time('last_sent_at').notNull(),
});

/** migrations/pg/0024_job_events.sql */
export const jobEvents = pgTable(
  'job_events',
  {
    eventId: bigint('event_id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.jobId, { onDelete: 'cascade' }),
    origin: text('origin').notNull(),
    createdAt: createdAt(),
    deliveredAt: time('delivered_at'),
  },
  (t) => [index('idx_job_events_undelivered').on(t.origin, t.eventId).where(sql`delivered_at IS NULL`)],
);
