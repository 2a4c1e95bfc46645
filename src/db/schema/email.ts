import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { jobs, users } from './core.js';

/** Drizzle mirror of migrations/0008_email_channel.sql (the SQL file is the source of truth). */
export const INBOUND_STATUSES = ['CLAIMED', 'DONE'] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

const createdAt = () => text('created_at').default(sql`CURRENT_TIMESTAMP`);

export const emailInbound = sqliteTable(
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
    claimUntil: text('claim_until'),
    createdAt: createdAt(),
    doneAt: text('done_at'),
  },
  (t) => [index('idx_email_inbound_job').on(t.jobId), index('idx_email_inbound_from').on(t.fromAddress, t.createdAt)],
);

export const emailInboundUids = sqliteTable(
  'email_inbound_uids',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    mailbox: text('mailbox').notNull(),
    uidvalidity: integer('uidvalidity').notNull(),
    uid: integer('uid').notNull(),
    messageKey: text('message_key')
      .notNull()
      .references(() => emailInbound.messageKey, { onDelete: 'cascade' }),
    movedAt: text('moved_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('idx_email_inbound_uids_uid').on(t.mailbox, t.uidvalidity, t.uid), index('idx_email_inbound_uids_key').on(t.messageKey)],
);

export const emailNotices = sqliteTable(
  'email_notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.jobId, { onDelete: 'cascade' }),
    notice: text('notice').notNull(),
    messageId: text('message_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('idx_email_notices_job_notice').on(t.jobId, t.notice)],
);

export const emailSenderNotes = sqliteTable(
  'email_sender_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    address: text('address').notNull(),
    day: text('day').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('idx_email_sender_notes_day').on(t.address, t.day)],
);

export type EmailInboundRow = typeof emailInbound.$inferSelect;
export type EmailInboundUidRow = typeof emailInboundUids.$inferSelect;

/** migrations/0016_email_reply_budget.sql: replies to non-users per UTC hour (the global cap). */
export const emailReplyBudget = sqliteTable('email_reply_budget', {
  hour: text('hour').primaryKey(),
  replies: integer('replies').notNull().default(0),
});

/** Drizzle mirror of migrations/0023_smtp_rate_slots.sql: messages handed to SMTP per second, by every sender. */
export const smtpRateSlots = sqliteTable('smtp_rate_slots', {
  second: integer('second').primaryKey(),
  sent: integer('sent').notNull(),
});
