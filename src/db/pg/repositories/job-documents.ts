import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, max, ne, sql } from 'drizzle-orm';
import type { JobDocumentReadPatch, JobDocumentRow, JobDocumentsRepository, JobRow, NewJobDocument, Promised } from '../../repositories/index.js';
import type { DocumentKind } from '../../schema/index.js';
import { jobDocuments, jobs } from '../schema.js';
import type { PgContext } from './context.js';

/**
 * The documents of a job's bid package on Postgres (the SQLite class:
 * ../../repositories/job-documents.ts). Methods taking a `userId` are owner-scoped.
 */
export class PgJobDocumentsRepository implements Promised<JobDocumentsRepository> {
  constructor(private readonly ctx: PgContext) {}

  /**
   * Add documents as one set, in one transaction: package 1 for 'original' (appended after what
   * it already holds), a new package (highest + 1, at least 2) for 'addendum'. A sha256 the job
   * already has is not inserted again; it comes back in `duplicates` with the row that holds it.
   * The job's row is locked first: two sets arriving at once for one job (an addendum by e-mail
   * and by Slack) would otherwise both read the same highest package and position.
   */
  async addSet(jobId: string, kind: DocumentKind, docs: NewJobDocument[]): Promise<{ packageNumber: number; added: JobDocumentRow[]; duplicates: { fileName: string; existing: JobDocumentRow }[] }> {
    return this.ctx.transaction(async () => {
      const q = this.ctx.q();
      await q.select({ id: jobs.jobId }).from(jobs).where(eq(jobs.jobId, jobId)).for('update');
      const [top] = await q.select({ n: max(jobDocuments.packageNumber) }).from(jobDocuments).where(eq(jobDocuments.jobId, jobId));
      const packageNumber = kind === 'original' ? 1 : Math.max(2, (top?.n ?? 0) + 1);
      const [last] = await q.select({ n: max(jobDocuments.position) }).from(jobDocuments).where(and(eq(jobDocuments.jobId, jobId), eq(jobDocuments.packageNumber, packageNumber)));
      let position = last?.n ?? 0;
      const added: JobDocumentRow[] = [];
      const duplicates: { fileName: string; existing: JobDocumentRow }[] = [];
      for (const d of docs) {
        const [existing] = await q.select().from(jobDocuments).where(and(eq(jobDocuments.jobId, jobId), eq(jobDocuments.sha256, d.sha256)));
        if (existing) {
          duplicates.push({ fileName: d.fileName, existing });
          continue;
        }
        position += 1;
        const row = { documentId: randomUUID(), jobId, packageNumber, position, kind, fileName: d.fileName.slice(0, 255), receivedVia: d.receivedVia, sha256: d.sha256, pdfRef: d.pdfRef, sizeBytes: d.sizeBytes, note: d.note ?? null };
        const [inserted] = await q.insert(jobDocuments).values(row).returning();
        added.push(inserted!);
      }
      return { packageNumber, added, duplicates };
    });
  }

  /** A job's documents in order: package, then position. */
  async listForJob(jobId: string, packageNumber?: number): Promise<JobDocumentRow[]> {
    const where = packageNumber === undefined ? eq(jobDocuments.jobId, jobId) : and(eq(jobDocuments.jobId, jobId), eq(jobDocuments.packageNumber, packageNumber));
    return this.ctx.q().select().from(jobDocuments).where(where).orderBy(asc(jobDocuments.packageNumber), asc(jobDocuments.position));
  }

  /** Owner-scoped: the documents of the user's job (none for someone else's job). */
  async listForUser(userId: string, jobId: string): Promise<JobDocumentRow[]> {
    return this.ctx
      .q()
      .select({ d: jobDocuments })
      .from(jobDocuments)
      .innerJoin(jobs, eq(jobs.jobId, jobDocuments.jobId))
      .where(and(eq(jobDocuments.jobId, jobId), eq(jobs.userId, userId)))
      .orderBy(asc(jobDocuments.packageNumber), asc(jobDocuments.position))
      .then((rows) => rows.map((r) => r.d));
  }

  async get(documentId: string): Promise<JobDocumentRow | undefined> {
    const [row] = await this.ctx.q().select().from(jobDocuments).where(eq(jobDocuments.documentId, documentId));
    return row;
  }

  /** Record what reading a document gave (pages, status, page text ref, note). */
  async update(documentId: string, patch: JobDocumentReadPatch): Promise<void> {
    await this.ctx.q().update(jobDocuments).set(patch).where(eq(jobDocuments.documentId, documentId));
  }

  /**
   * The user's newest job (not failed) whose original package holds exactly these documents (by
   * sha256, in any order): the same package sent again. A job's sha256s are unique (an index), so
   * "as many documents as asked, all of them among those asked" is set equality. Newest is by
   * created_at (microseconds here; SQLite breaks its whole-second ties by rowid).
   */
  async findJobWithSamePackage(userId: string, sha256s: string[]): Promise<JobRow | undefined> {
    const unique = [...new Set(sha256s)];
    if (unique.length === 0) return undefined;
    const matching = this.ctx
      .q()
      .select({ jobId: jobDocuments.jobId })
      .from(jobDocuments)
      .where(eq(jobDocuments.packageNumber, 1))
      .groupBy(jobDocuments.jobId)
      .having(sql`count(*) = ${unique.length} AND count(*) FILTER (WHERE ${inArray(jobDocuments.sha256, unique)}) = ${unique.length}`);
    const [row] = await this.ctx
      .q()
      .select()
      .from(jobs)
      .where(and(eq(jobs.userId, userId), ne(jobs.status, 'FAILED'), inArray(jobs.jobId, matching)))
      .orderBy(desc(jobs.createdAt), desc(jobs.jobId))
      .limit(1);
    return row;
  }
}
