import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { jobs } from './core.js';
import { DOCUMENT_KINDS, DOCUMENT_READ_STATUSES, DOCUMENT_SOURCES } from '../../core/domain/status.js';

/** Drizzle mirror of migrations/0019: the documents of a job's bid package (and of its addenda). */
export { DOCUMENT_KINDS, DOCUMENT_SOURCES, DOCUMENT_READ_STATUSES } from '../../core/domain/status.js';
export type { DocumentKind, DocumentSource, DocumentReadStatus } from '../../core/domain/status.js';

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
