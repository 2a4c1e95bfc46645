import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { jobs } from './core.js';

/** Drizzle mirror of migrations/0019: the documents of a job's bid package (and of its addenda). */
export const DOCUMENT_KINDS = ['original', 'addendum'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** How a document reached us; the detail (archive name, link) goes in `note`. */
export const DOCUMENT_SOURCES = ['attachment', 'archive', 'outlook', 'link', 'upload', 'file'] as const;
export type DocumentSource = (typeof DOCUMENT_SOURCES)[number];

export const DOCUMENT_READ_STATUSES = ['PENDING', 'READ', 'FAILED'] as const;
export type DocumentReadStatus = (typeof DOCUMENT_READ_STATUSES)[number];

export const jobDocuments = sqliteTable(
  'job_documents',
  {
    documentId: text('document_id').primaryKey(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.jobId, { onDelete: 'cascade' }),
    /** 1 = the original package; 2, 3, … = the addenda, in the order they arrived. */
    packageNumber: integer('package_number').notNull().default(1),
    /** 1-based order within its package, as received. */
    position: integer('position').notNull(),
    kind: text('kind', { enum: DOCUMENT_KINDS }).notNull().default('original'),
    fileName: text('file_name').notNull(),
    receivedVia: text('received_via', { enum: DOCUMENT_SOURCES }).notNull(),
    sha256: text('sha256').notNull(),
    pdfRef: text('pdf_ref').notNull(),
    sizeBytes: integer('size_bytes'),
    pageCount: integer('page_count'),
    readStatus: text('read_status', { enum: DOCUMENT_READ_STATUSES }).notNull().default('PENDING'),
    pagesRef: text('pages_ref'),
    scopeRef: text('scope_ref'),
    note: text('note'),
    createdAt: text('created_at').default(sql`CURRENT_TIMESTAMP`),
  },
  (t) => [
    uniqueIndex('idx_job_documents_job_sha').on(t.jobId, t.sha256),
    uniqueIndex('idx_job_documents_job_position').on(t.jobId, t.packageNumber, t.position),
  ],
);

export type JobDocumentRow = typeof jobDocuments.$inferSelect;
