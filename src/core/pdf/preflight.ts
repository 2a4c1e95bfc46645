import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pdfErrors } from './errors.js';
import type { PdfLimits } from './types.js';

/** The PDF spec allows the %PDF header anywhere in the first 1024 bytes. */
const HEADER_WINDOW = 1024;

/** Cheap checks before any parser sees the file: empty, too large, not a PDF. */
export async function preflightPdf(path: string, limits: PdfLimits): Promise<{ bytes: number }> {
  const { size } = await stat(path);
  if (size === 0) throw pdfErrors.empty(path);
  if (size > limits.maxBytes) throw pdfErrors.tooLarge(size, limits.maxBytes);
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(HEADER_WINDOW, size));
    await fh.read(head, 0, head.length, 0);
    if (head.indexOf('%PDF-') < 0) throw pdfErrors.notPdf(path);
  } finally {
    await fh.close();
  }
  return { bytes: size };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
