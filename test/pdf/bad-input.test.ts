import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type ErrorCode } from '../../src/core/errors.js';
import { readPdf, renderPdfPages } from '../../src/core/pdf/index.js';
import { makeEmptyFile, makeEncryptedPdf, makeManyPagesPdf, makeNotPdf, makeTruncatedPdf } from '../fixtures/pdf-fixtures.js';
import { PURDUE, SPEC_21, tempDir } from './paths.js';

/** The AppError a promise rejects with (fails the test if it resolves or throws something else). */
async function appErrorOf(p: Promise<unknown>): Promise<{ code: ErrorCode; userMessage: string }> {
  const e = await p.then(() => null, (err: unknown) => err);
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

describe('bad input ends in a clear AppError', () => {
  const dir = tempDir('rb-pdf-bad-');
  const f = (name: string) => join(dir, name);
  beforeAll(async () => {
    await Promise.all([
      makeEmptyFile(f('empty.pdf')),
      makeNotPdf(f('letter.pdf')),
      makeEncryptedPdf(SPEC_21, f('encrypted.pdf')),
      makeTruncatedPdf(PURDUE, f('truncated.pdf')),
      makeManyPagesPdf(f('10000-pages.pdf'), 10_000),
    ]);
  });

  it.each<[string, ErrorCode, RegExp]>([
    ['empty.pdf', 'PDF_EMPTY', /empty.*export/i],
    ['letter.pdf', 'PDF_NOT_PDF', /not a PDF.*send/i],
    ['encrypted.pdf', 'PDF_ENCRYPTED', /password protected\. Remove the password \(print to PDF\) and send it again/],
    ['truncated.pdf', 'PDF_CORRUPT', /damaged or incomplete.*send the complete file/i],
    ['10000-pages.pdf', 'PDF_TOO_MANY_PAGES', /10000 pages; the limit is 2000\. Split/],
  ])('%s → %s', async (name, code, message) => {
    const e = await appErrorOf(readPdf(f(name)));
    expect(e.code).toBe(code);
    expect(e.userMessage).toMatch(message);
  });

  it('checks the size before parsing', async () => {
    const e = await appErrorOf(readPdf(SPEC_21, { limits: { maxBytes: 50_000 } }));
    expect(e.code).toBe('PDF_TOO_LARGE');
    expect(e.userMessage).toMatch(/limit is 0\.0 MB|Split the plan set/);
  });

  it('fails fast on the page count, before reading any page', async () => {
    const pages: number[] = [];
    const e = await appErrorOf(readPdf(f('10000-pages.pdf'), { onProgress: (done) => pages.push(done) }));
    expect(e.code).toBe('PDF_TOO_MANY_PAGES');
    expect(pages).toEqual([]);
  });

  it('kills a worker that exceeds the page time limit', async () => {
    const e = await appErrorOf(readPdf(PURDUE, { limits: { pageTimeoutMs: 1 } }));
    expect(e.code).toBe('PDF_TIMEOUT');
    expect(e.userMessage).toMatch(/took too long/);
  });

  it('kills a document that exceeds the total time budget', async () => {
    const e = await appErrorOf(readPdf(PURDUE, { limits: { totalTimeoutMs: 1 } }));
    expect(e.code).toBe('PDF_TIMEOUT');
  });

  it('turns a worker out of memory into PDF_MEMORY (the service keeps running)', async () => {
    const e = await appErrorOf(readPdf(PURDUE, { limits: { memoryMb: 8 } }));
    expect(e.code).toBe('PDF_MEMORY');
    expect(e.userMessage).toMatch(/memory.*split the set/i);
    // The same process reads the next file normally.
    await expect(readPdf(SPEC_21)).resolves.toMatchObject({ info: { pageCount: 8 } });
  });

  it('rendering applies the same checks', async () => {
    expect((await appErrorOf(renderPdfPages(f('encrypted.pdf'), [1]))).code).toBe('PDF_ENCRYPTED');
    expect((await appErrorOf(renderPdfPages(f('letter.pdf'), [1]))).code).toBe('PDF_NOT_PDF');
    expect((await appErrorOf(renderPdfPages(SPEC_21, [9]))).code).toBe('VALIDATION');
  });
});
