import type { JobDocumentRow, JobRow } from '../records.js';
import type { Repositories } from '../../db/repositories/index.js';
import { AppError, userMessageOf } from '../errors.js';
import { parseRef, serializeRef, storageKeys, type BlobStorage } from '../storage/index.js';
import { readPdf, type PdfLimits } from '../pdf/index.js';
import type { PdfDocumentText } from '../pdf/types.js';
import type { ScopeDocument, ScopeExtractor } from '../scope/types.js';
import { mergePackageScopes, type DocumentScope } from '../scope/merge-package.js';
import type { StageRunContext } from './stage.js';

/**
 * The per-document half of the read and detect stages: a job's bid package is read one document
 * at a time (each with its own pages, sheets, sections and limits), and the documents' scopes are
 * merged into the job's one scope document. A document that cannot be read is marked FAILED with
 * the reason and the rest go on; only a package with no readable document fails the job.
 */
export interface PackageStageDeps {
  storage: BlobStorage;
  documents: Repositories['documents'];
  extractor: ScopeExtractor;
  pdfLimits?: Partial<PdfLimits>;
}

/** What images_ref's manifest says about the pages read (`pages_text` = document 1, as before). */
export interface PagesManifest {
  pages_text: string;
  images: string[];
  documents?: { document_id: string; file_name: string; pages_text: string }[];
}

export async function readPackagePages(deps: PackageStageDeps, job: JobRow, ctx: StageRunContext): Promise<{ manifest: PagesManifest; pageCount: number } | null> {
  const docs = await deps.documents.listForJob(job.jobId);
  if (docs.length === 0) return null;
  const read: { doc: JobDocumentRow; pagesRef: string; pages: number }[] = [];
  const failures: string[] = [];
  let pagesBefore = 0;
  for (const doc of docs) {
    if (doc.readStatus === 'READ' && doc.pagesRef) {
      read.push({ doc, pagesRef: doc.pagesRef, pages: doc.pageCount ?? 0 });
      continue;
    }
    try {
      const text = await readPdf(await deps.storage.localPath(parseRef(doc.pdfRef)), {
        limits: deps.pdfLimits,
        onProgress: (done, total) => ctx.progress?.({ jobId: job.jobId, stage: 'read_pages', done: pagesBefore + done, total: pagesBefore + total }),
      });
      pagesBefore += text.info.pageCount;
      const ref = serializeRef(await deps.storage.put(storageKeys.jobDocumentPages(job.userId, job.jobId, doc.documentId), JSON.stringify(text)));
      await deps.documents.update(doc.documentId, { readStatus: 'READ', pageCount: text.info.pageCount, pagesRef: ref });
      read.push({ doc, pagesRef: ref, pages: text.info.pageCount });
      ctx.log.info({ documentId: doc.documentId, fileName: doc.fileName, pages: text.info.pageCount }, 'document read');
    } catch (e) {
      // A package of one fails as a single PDF always did; in a bigger package the others go on.
      if (docs.length === 1) throw e;
      await deps.documents.update(doc.documentId, { readStatus: 'FAILED', note: userMessageOf(e) });
      failures.push(`${doc.fileName}: ${userMessageOf(e)}`);
      ctx.log.warn({ documentId: doc.documentId, fileName: doc.fileName, err: e }, 'document could not be read');
    }
  }
  if (read.length === 0) {
    throw new AppError('PDF_CORRUPT', `No document of job ${job.jobId} could be read`, { userMessage: `None of the documents could be read. ${failures.join(' ')}` });
  }
  const manifest: PagesManifest = {
    pages_text: read[0]!.pagesRef,
    images: [],
    documents: read.map((r) => ({ document_id: r.doc.documentId, file_name: r.doc.fileName, pages_text: r.pagesRef })),
  };
  return { manifest, pageCount: read.reduce((n, r) => n + r.pages, 0) };
}

/** Trades of every document read, each on its own, merged into the package's scope document. */
export async function detectPackageTrades(deps: PackageStageDeps, job: JobRow, manifest: PagesManifest, ctx: StageRunContext): Promise<ScopeDocument> {
  const parts: DocumentScope[] = [];
  for (const entry of manifest.documents ?? []) {
    const doc = await deps.documents.get(entry.document_id);
    if (!doc || doc.jobId !== job.jobId) continue;
    const text = JSON.parse((await deps.storage.get(parseRef(entry.pages_text))).toString('utf8')) as PdfDocumentText;
    const scope = await deps.extractor.extract(text, { pdfPath: await deps.storage.localPath(parseRef(doc.pdfRef)), fileName: doc.fileName, signal: ctx.signal });
    const ref = await deps.storage.put(storageKeys.jobDocumentScope(job.userId, job.jobId, doc.documentId), JSON.stringify(scope));
    await deps.documents.update(doc.documentId, { scopeRef: serializeRef(ref) });
    parts.push({ documentId: doc.documentId, fileName: doc.fileName, scope });
  }
  if (parts.length === 0) throw new AppError('JOB_STATE', `Job ${job.jobId} has no read documents`, { userMessage: 'The documents of this job have not been read yet.' });
  return mergePackageScopes(parts);
}
