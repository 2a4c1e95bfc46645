import { AppError } from '../errors.js';

/** The PDF reader's errors, each with a message that says what to do. */
export const pdfErrors = {
  empty: (path: string) =>
    new AppError('PDF_EMPTY', `PDF ${path} is empty (0 bytes)`, {
      userMessage: 'The file is empty (0 bytes). Export the plan set to PDF again and send the new file.',
    }),
  notPdf: (path: string) =>
    new AppError('PDF_NOT_PDF', `${path} does not start with %PDF`, {
      userMessage: 'The file is not a PDF. Send the plan set as a PDF (print or export it to PDF first).',
    }),
  encrypted: (cause?: unknown) =>
    new AppError('PDF_ENCRYPTED', 'PDF is password protected', {
      cause,
      userMessage: 'The PDF is password protected. Remove the password (print to PDF) and send it again.',
    }),
  corrupt: (detail: string, cause?: unknown, page?: number) =>
    new AppError('PDF_CORRUPT', `PDF could not be parsed${page ? ` (page ${page})` : ''}: ${detail}`, {
      cause,
      details: page ? { page } : undefined,
      userMessage: `The PDF is damaged or incomplete${page ? ` (page ${page} could not be read)` : ''}. Download or export it again and send the complete file.`,
    }),
  /** The reader itself could not start (a missing or broken install): not the sender's PDF. */
  readerBroken: (detail: string) =>
    new AppError('INTERNAL', `PDF reader could not start: ${detail}`, {
      userMessage: 'Red Button could not start its PDF reader (an installation problem, not your file). The administrator should reinstall (npm ci) and check the server log; then send the PDF again.',
    }),
  tooLarge: (bytes: number, maxBytes: number) =>
    new AppError('PDF_TOO_LARGE', `PDF is ${bytes} bytes, limit ${maxBytes}`, {
      details: { bytes, maxBytes },
      userMessage: `The PDF is ${mb(bytes)} MB; the limit is ${mb(maxBytes)} MB. Split the plan set into smaller PDFs (e.g. by discipline) and send them separately.`,
    }),
  tooManyPages: (pages: number, maxPages: number) =>
    new AppError('PDF_TOO_MANY_PAGES', `PDF has ${pages} pages, limit ${maxPages}`, {
      details: { pages, maxPages },
      userMessage: `The PDF has ${pages} pages; the limit is ${maxPages}. Split it into smaller PDFs and send them separately.`,
    }),
  timeout: (what: string, ms: number, page?: number) =>
    new AppError('PDF_TIMEOUT', `PDF ${what} exceeded ${ms} ms${page ? ` (page ${page})` : ''}`, {
      details: { ms, ...(page ? { page } : {}) },
      userMessage: `Reading the PDF took too long${page ? ` (page ${page})` : ''}. Try a flattened or smaller copy (print to PDF, or split the set) and send it again.`,
    }),
  memory: (memoryMb: number, page?: number, cause?: unknown) =>
    new AppError('PDF_MEMORY', `PDF worker ran out of memory (${memoryMb} MB)${page ? ` on page ${page}` : ''}`, {
      cause,
      details: { memoryMb, ...(page ? { page } : {}) },
      userMessage: 'The PDF needs more memory than allowed to read (very large images or drawings). Send a flattened or lower-resolution copy, or split the set.',
    }),
  memoryRss: (rssMb: number, capMb: number, page?: number) =>
    new AppError('PDF_MEMORY', `PDF workers used ${rssMb} MB of memory, limit ${capMb} MB${page ? ` (page ${page})` : ''}: the PDF decompresses to more data than allowed`, {
      details: { rssMb, capMb, ...(page ? { page } : {}) },
      userMessage: `The PDF${page ? ` (page ${page})` : ''} expands to more data than allowed when opened (over ${capMb} MB: huge compressed drawings or images, or a damaged file). Send a flattened or lower-resolution copy, or split the set.`,
    }),
};

const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
