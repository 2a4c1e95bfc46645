import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, max, ne, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { jobDocuments, jobs, type DocumentKind, type DocumentSource, type JobDocumentRow, type JobRow } from '../schema/index.js';

export interface NewJobDocument {
  fileName: string;
  receivedVia: DocumentSource;
  sha256: string;
  pdfRef: string;
  sizeBytes: number | null;
  note?: string | null;
}

export type JobDocumentReadPatch = Partial<Pick<JobDocumentRow, 'pageCount' | 'readStatus' | 'pagesRef' | 'scopeRef' | 'note'>>;

/**
 * The documents of a job's bid package (migration 0019). Methods taking a `userId` are
 * owner-scoped (another user's job has no documents); the others are for the pipeline and for
 * core code that has already loaded the job through an owner-scoped call.
 */
export class JobDocumentsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Add documents as one set, in one transaction: package 1 for 'original' (appended after what
   * it already holds), a new package (highest + 1, at least 2) for 'addendum'. A sha256 the job
   * already has is not inserted again; it comes back in `duplicates` with the row that holds it.
   */
  async addSet(jobId: string, kind: DocumentKind, docs: NewJobDocument[]): Promise<{ packageNumber: number; added: JobDocumentRow[]; duplicates: { fileName: string; existing: JobDocumentRow }[] }> {
    return this.db.transaction((tx) => {
      const top = tx.select({ n: max(jobDocuments.packageNumber) }).from(jobDocuments).where(eq(jobDocuments.jobId, jobId)).get()?.n ?? 0;
      const packageNumber = kind === 'original' ? 1 : Math.max(2, top + 1);
      let position = tx.select({ n: max(jobDocuments.position) }).from(jobDocuments).where(and(eq(jobDocuments.jobId, jobId), eq(jobDocuments.packageNumber, packageNumber))).get()?.n ?? 0;
      const added: JobDocumentRow[] = [];
      const duplicates: { fileName: string; existing: JobDocumentRow }[] = [];
      for (const d of docs) {
        const existing = tx.select().from(jobDocuments).where(and(eq(jobDocuments.jobId, jobId), eq(jobDocuments.sha256, d.sha256))).get();
        if (existing) {
          duplicates.push({ fileName: d.fileName, existing });
          continue;
        }
        position += 1;
        const row = { documentId: randomUUID(), jobId, packageNumber, position, kind, fileName: d.fileName.slice(0, 255), receivedVia: d.receivedVia, sha256: d.sha256, pdfRef: d.pdfRef, sizeBytes: d.sizeBytes, note: d.note ?? null };
        tx.insert(jobDocuments).values(row).run();
        added.push(tx.select().from(jobDocuments).where(eq(jobDocuments.documentId, row.documentId)).get()!);
      }
      return { packageNumber, added, duplicates };
    });
  }

  /** A job's documents in order: package, then position. */
  async listForJob(jobId: string, packageNumber?: number): Promise<JobDocumentRow[]> {
    const where = packageNumber === undefined ? eq(jobDocuments.jobId, jobId) : and(eq(jobDocuments.jobId, jobId), eq(jobDocuments.packageNumber, packageNumber));
    return this.db.select().from(jobDocuments).where(where).orderBy(asc(jobDocuments.packageNumber), asc(jobDocuments.position)).all();
  }

  /** Owner-scoped: the documents of the user's job (none for someone else's job). */
  async listForUser(userId: string, jobId: string): Promise<JobDocumentRow[]> {
    const owned = this.db.select({ id: jobs.jobId }).from(jobs).where(and(eq(jobs.jobId, jobId), eq(jobs.userId, userId))).get();
    return owned ? this.listForJob(jobId) : [];
  }

  async get(documentId: string): Promise<JobDocumentRow | undefined> {
    return this.db.select().from(jobDocuments).where(eq(jobDocuments.documentId, documentId)).get();
  }

  /** Record what reading a document gave (pages, status, page text ref, note). */
  async update(documentId: string, patch: JobDocumentReadPatch): Promise<void> {
    this.db.update(jobDocuments).set(patch).where(eq(jobDocuments.documentId, documentId)).run();
  }

  /**
   * The user's newest job (not failed) whose original package holds exactly these documents (by
   * sha256, in any order): the same package sent again.
   */
  async findJobWithSamePackage(userId: string, sha256s: string[]): Promise<JobRow | undefined> {
    const unique = [...new Set(sha256s)];
    if (unique.length === 0) return undefined;
    const matching = this.db
      .select({ jobId: jobDocuments.jobId })
      .from(jobDocuments)
      .where(eq(jobDocuments.packageNumber, 1))
      .groupBy(jobDocuments.jobId)
      .having(sql`count(*) = ${unique.length} AND sum(${inArray(jobDocuments.sha256, unique)}) = ${unique.length}`);
    return this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.userId, userId), ne(jobs.status, 'FAILED'), inArray(jobs.jobId, matching)))
      .orderBy(desc(jobs.createdAt), desc(sql`rowid`))
      .limit(1)
      .get();
  }
}
