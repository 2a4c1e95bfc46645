import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/errors.js';
import { readPdf, renderPdfPages } from '../../src/core/pdf/index.js';
import { makeFlateContentBomb, makeImageBomb, makeNestedFormBomb } from '../fixtures/pdf-bombs.js';
import { SPEC_21, tempDir } from './paths.js';

/** The AppError a promise rejects with (fails the test if it resolves or throws something else). */
async function appErrorOf(p: Promise<unknown>): Promise<{ code: string; message: string; userMessage: string }> {
  const e = await p.then(() => null, (err: unknown) => err);
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

// Small caps keep these fast; the bounds are the same code at the default 768 MB / 20 s.
const RSS_MB = 256;

describe('decompression bombs are stopped in the worker process, and the reader keeps working', () => {
  const dir = tempDir('rb-pdf-bomb-');
  const f = (name: string) => join(dir, name);
  beforeAll(async () => {
    await Promise.all([makeFlateContentBomb(f('flate.pdf'), 512), makeImageBomb(f('images.pdf'), 8, 4000), makeNestedFormBomb(f('forms.pdf'), 40)]);
  });

  it('a content stream that inflates to 512 MB ends in PDF_MEMORY naming the problem', async () => {
    const e = await appErrorOf(readPdf(f('flate.pdf'), { limits: { rssMb: RSS_MB, ocr: 'off', engine: 'pdfjs' } }));
    expect(e.code).toBe('PDF_MEMORY');
    expect(e.message).toMatch(new RegExp(`limit ${RSS_MB} MB \\(page 1\\)`));
    expect(e.userMessage).toMatch(/expands to more data than allowed.*Send a flattened or lower-resolution copy/);
  });

  it('a page of images that decode to more than the cap ends in PDF_MEMORY when rendered', async () => {
    const e = await appErrorOf(renderPdfPages(f('images.pdf'), [1], { limits: { rssMb: RSS_MB, engine: 'pdfjs' } }));
    expect(e.code).toBe('PDF_MEMORY');
  });

  it('pdftoppm draws the same page image by image, within its address-space cap', async () => {
    const [image] = await renderPdfPages(f('images.pdf'), [1], { limits: { engine: 'poppler', memoryMb: 512 } });
    expect(image).toMatchObject({ page: 1, format: 'jpeg', height: 2048 });
  });

  it('the text pass does not decode those images at all', async () => {
    const doc = await readPdf(f('images.pdf'), { limits: { rssMb: RSS_MB, ocr: 'off', engine: 'pdfjs' } });
    expect(doc.pages).toHaveLength(1);
    expect(doc.pages[0]!.hasTextLayer).toBe(false);
  });

  it('form XObjects nested 40 deep (2^40 draws) end at the page time limit', async () => {
    const e = await appErrorOf(readPdf(f('forms.pdf'), { limits: { pageTimeoutMs: 2000, rssMb: RSS_MB, ocr: 'off', engine: 'pdfjs' } }));
    expect(['PDF_TIMEOUT', 'PDF_MEMORY']).toContain(e.code);
    expect(e.userMessage).toMatch(/took too long|more data than allowed|more memory than allowed/);
  });

  it('pdftotext runs under the same page time limit: the bomb ends empty or stopped, the nested forms stopped', async () => {
    const limits = { pageTimeoutMs: 2000, rssMb: RSS_MB, ocr: 'off', engine: 'poppler' } as const;
    // pdftotext streams the content instead of holding it: it either finishes (nothing to read) or runs out of time.
    const flate = await readPdf(f('flate.pdf'), { limits }).then((doc) => (doc.pages[0]!.hasTextLayer ? 'text' : 'empty'), (e: { code?: string }) => e.code);
    expect(['empty', 'PDF_TIMEOUT']).toContain(flate);
    const e = await appErrorOf(readPdf(f('forms.pdf'), { limits }));
    expect(e.code).toBe('PDF_TIMEOUT');
    expect(e.userMessage).toMatch(/took too long \(page 1\)/);
  });

  it('the next file reads normally in the same process', async () => {
    await expect(readPdf(SPEC_21, { limits: { rssMb: RSS_MB } })).resolves.toMatchObject({ info: { pageCount: 8 } });
  });
});
