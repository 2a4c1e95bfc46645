import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { JobRow, JobOrigin } from '../../db/schema/index.js';
import type { JobsRepository } from '../../db/repositories/index.js';
import { AppError } from '../errors.js';
import { serializeRef, storageKeys, type BlobStorage } from '../storage/index.js';
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

/**
 * `submit_pdf` from the seed: check the upload is a PDF of acceptable size, create the job, store
 * the bytes under a server-chosen key (job id + content hash), and move NEW → PDF_SAVED.
 */
export class JobIntake {
  constructor(
    private readonly jobs: JobsRepository,
    private readonly storage: BlobStorage,
    private readonly maxBytes: number,
  ) {}

  async submitPdf(input: SubmitPdf): Promise<JobRow> {
    await assertLooksLikePdf(input.sourcePath, this.maxBytes, input.fileName);
    const sha256 = await sha256File(input.sourcePath);
    if (!input.allowDuplicate) {
      const existing = this.jobs.findSamePdf(input.userId, sha256);
      if (existing) throw duplicatePdfError(existing);
    }
    const displayName = input.fileName ?? 'plans.pdf';
    const job = this.jobs.create({
      userId: input.userId,
      name: input.name?.trim().slice(0, 200) || defaultJobName(displayName),
      origin: input.origin,
      originContext: input.originContext,
      zipCode: input.zipCode ?? null,
      notes: input.notes ?? null,
    });
    const ref = await this.storage.putFile(storageKeys.jobPdf(input.userId, job.jobId, sha256), input.sourcePath);
    this.jobs.transition(job.jobId, 'NEW', 'PDF_SAVED', {
      pdfRef: serializeRef(ref),
      pdfSha256: sha256,
      pdfFileName: displayName.slice(0, 255),
    });
    logger.info({ jobId: job.jobId, origin: input.origin, sha256 }, 'job created');
    return this.jobs.getInternal(job.jobId)!;
  }
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

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
