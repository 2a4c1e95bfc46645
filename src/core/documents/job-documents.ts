import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { DocumentKind, DocumentSource, JobDocumentRow, JobRow } from '../records.js';
import type { Repositories } from '../../db/repositories/index.js';
import { AppError } from '../errors.js';
import { serializeRef, storageKeys, type BlobStorage } from '../storage/index.js';
import { assertLooksLikePdf } from '../pipeline/intake.js';

/** One PDF handed to a job: a file on local disk (a temp file from a channel, or a CLI argument). */
export interface IncomingDocument {
  path: string;
  /** The name as received (display only): "Specs.pdf", "set.zip/Arch/A1.pdf". */
  name: string;
  receivedVia: DocumentSource;
  /** Where it came from when that helps a person (the archive, the link). */
  note?: string | null;
  /** Its SHA-256 when the caller has already computed it. */
  sha256?: string;
}

export interface AddedDocuments {
  /** 1 for the original package, 2, 3, … for each addendum set. */
  packageNumber: number;
  added: JobDocumentRow[];
  /** Files whose bytes the job already holds: not stored twice. */
  duplicates: { fileName: string; existing: JobDocumentRow }[];
}

/**
 * A job's documents: the one way bytes become part of a job's bid package. Every file is checked
 * (a PDF by its bytes, within the size limit) before any is stored, so a bad file changes nothing;
 * each is stored under a key from its content hash, so the same bytes twice are stored once.
 */
export class JobDocuments {
  constructor(
    private readonly repo: Repositories['documents'],
    private readonly storage: BlobStorage,
    private readonly maxBytes: number,
  ) {}

  async addDocuments(job: Pick<JobRow, 'jobId' | 'userId'>, files: IncomingDocument[], opts: { kind: DocumentKind }): Promise<AddedDocuments> {
    if (files.length === 0) throw new AppError('VALIDATION', 'No documents to add', { userMessage: 'No PDF was found to add to the job.' });
    const checked: { file: IncomingDocument; sha256: string; size: number }[] = [];
    for (const file of files) {
      await assertLooksLikePdf(file.path, this.maxBytes, file.name);
      checked.push({ file, sha256: file.sha256 ?? (await sha256File(file.path)), size: (await stat(file.path)).size });
    }
    const seen = new Set<string>();
    const rows = [];
    const repeats: { fileName: string; sha256: string }[] = [];
    for (const c of checked) {
      if (seen.has(c.sha256)) {
        repeats.push({ fileName: c.file.name, sha256: c.sha256 });
        continue;
      }
      seen.add(c.sha256);
      const ref = await this.storage.putFile(storageKeys.jobPdf(job.userId, job.jobId, c.sha256), c.file.path);
      rows.push({ fileName: c.file.name, receivedVia: c.file.receivedVia, sha256: c.sha256, pdfRef: serializeRef(ref), sizeBytes: c.size, note: c.file.note ?? null });
    }
    const result = await this.repo.addSet(job.jobId, opts.kind, rows);
    // A repeat inside this very set points at the row its first copy became.
    for (const r of repeats) {
      const existing = [...result.added, ...result.duplicates.map((d) => d.existing)].find((d) => d.sha256 === r.sha256);
      if (existing) result.duplicates.push({ fileName: r.fileName, existing });
    }
    return result;
  }

  /** Owner-scoped list: package, then position. */
  async list(userId: string, jobId: string): Promise<JobDocumentRow[]> {
    return this.repo.listForUser(userId, jobId);
  }
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
