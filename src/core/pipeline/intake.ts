import { open, stat } from 'node:fs/promises';
import type { DocumentSource, JobRow, JobOrigin } from '../records.js';
import type { Repositories } from '../../db/repositories/index.js';
import { AppError, userMessageOf } from '../errors.js';
import { sha256File, type IncomingDocument, type JobDocuments } from '../documents/job-documents.js';
import { logger } from '../log.js';

export interface SubmitPdf {
  userId: string;
  /** Project name; defaults to the file name without extension. */
  name?: string;
  /** The uploaded file on local disk (a temp file from a channel, or the CLI argument). */
  sourcePath: string;
  /** The name the sender gave the file — for display only, never used as a storage key. */
  fileName?: string;
  zipCode?: string | null;
  origin: JobOrigin;
  originContext?: unknown;
  notes?: string | null;
  /** Make a new job even when this user already sent the same PDF (default: offer the existing job). */
  allowDuplicate?: boolean;
}

/** The same PDF again: the job it already made, offered instead of a second round of invitations. */
export function duplicatePdfError(existing: JobRow): AppError {
  return new AppError('CONFLICT', `Same PDF as job ${existing.jobId}`, {
    userMessage: `You sent this PDF before: job ${existing.jobId} ("${existing.name}", ${existing.status === 'EMAILED' ? 'invitations sent' : existing.status.toLowerCase().replace(/_/g, ' ')}, ${existing.createdAt ?? ''} UTC). Open that job instead, or ask for a new job (CLI --new-job, HTTP new_job=true, "new job" in the e-mail subject, "/redbutton new <name>" in Slack before the upload).`,
    details: { existingJobId: existing.jobId, status: existing.status },
  });
}

/** Several PDFs that arrived together (one e-mail, one Slack message, one upload, one command): one job. */
export interface SubmitPackage extends Omit<SubmitPdf, 'sourcePath' | 'fileName'> {
  documents: IncomingDocument[];
}

/**
 * `submit_pdf` from the seed, for a bid package: check every file is a PDF of acceptable size,
 * create the job, store each document under a server-chosen key (job id + content hash; the same
 * bytes twice are stored once) as package 1, and move NEW → PDF_SAVED. The job's own pdf_ref names
 * document 1, so readers of "the job's PDF" keep working.
 */
export class JobIntake {
  constructor(
    private readonly jobs: Repositories['jobs'],
    private readonly documents: JobDocuments,
    private readonly documentsRepo: Repositories['documents'],
    private readonly maxBytes: number,
  ) {}

  async submitPdf(input: SubmitPdf): Promise<JobRow> {
    const { sourcePath, fileName, ...rest } = input;
    return this.submitPackage({ ...rest, documents: [{ path: sourcePath, name: fileName ?? 'plans.pdf', receivedVia: receivedViaOf(input.origin) }] });
  }

  async submitPackage(input: SubmitPackage): Promise<JobRow> {
    if (input.documents.length === 0) throw new AppError('VALIDATION', 'Empty package', { userMessage: 'No PDF arrived with the request: attach or upload the plans as PDF files.' });
    const hashed: IncomingDocument[] = [];
    for (const d of input.documents) {
      await assertLooksLikePdf(d.path, this.maxBytes, d.name);
      hashed.push({ ...d, sha256: d.sha256 ?? (await sha256File(d.path)) });
    }
    if (!input.allowDuplicate) {
      const existing = await this.documentsRepo.findJobWithSamePackage(input.userId, hashed.map((d) => d.sha256!));
      if (existing) throw duplicatePdfError(existing);
    }
    const first = hashed[0]!;
    const job = await this.jobs.create({
      userId: input.userId,
      name: input.name?.trim().slice(0, 200) || defaultJobName(first.name),
      origin: input.origin,
      originContext: input.originContext,
      zipCode: input.zipCode ?? null,
      notes: input.notes ?? null,
    });
    let added;
    try {
      added = await this.documents.addDocuments(job, hashed, { kind: 'original' });
    } catch (e) {
      await this.jobs.fail(job.jobId, 'intake', userMessageOf(e));
      throw e;
    }
    const doc1 = added.added[0]!;
    await this.jobs.transition(job.jobId, 'NEW', 'PDF_SAVED', { pdfRef: doc1.pdfRef, pdfSha256: doc1.sha256, pdfFileName: doc1.fileName });
    logger.info({ jobId: job.jobId, origin: input.origin, documents: added.added.map((d) => ({ name: d.fileName, sha256: d.sha256 })), repeats: added.duplicates.length }, 'job created');
    return (await this.jobs.getInternal(job.jobId))!;
  }
}

/** How a single file reached a job, from the channel it came through. */
function receivedViaOf(origin: JobOrigin): DocumentSource {
  return origin === 'email' ? 'attachment' : origin === 'cli' ? 'file' : 'upload';
}

/** A job's name when the sender gave none: the file name without extension (the documents' own project name replaces it once read). */
export function defaultJobName(fileName: string | null | undefined): string {
  return (fileName ?? 'plans.pdf').replace(/\.pdf$/i, '').slice(0, 200);
}

/** Cheap checks before anything is stored: exists, not empty, not too big, starts like a PDF. */
export async function assertLooksLikePdf(path: string, maxBytes: number, fileName?: string): Promise<void> {
  const label = fileName ?? 'The file';
  const size = (await stat(path)).size;
  if (size === 0) throw new AppError('PDF_EMPTY', `${path} is empty`, { userMessage: `${label} is empty (0 bytes). Attach the PDF again.` });
  if (size > maxBytes) {
    throw new AppError('PDF_TOO_LARGE', `${path} is ${size} bytes`, {
      userMessage: `${label} is ${(size / 1e6).toFixed(1)} MB; the limit is ${(maxBytes / 1e6).toFixed(0)} MB. Split the set (e.g. by discipline) and send the parts.`,
    });
  }
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(1024);
    const { bytesRead } = await fh.read(head, 0, 1024, 0);
    // The PDF spec allows junk before the header; readers accept %PDF- within the first 1 KiB.
    if (!head.subarray(0, bytesRead).includes('%PDF-')) {
      throw new AppError('PDF_NOT_PDF', `${path} has no %PDF header`, { userMessage: `${label} is not a PDF. Send the plans as a PDF file.` });
    }
  } finally {
    await fh.close();
  }
}
