import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readPdf } from '../../src/core/pdf/index.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { formatTradesTable } from '../../src/core/scope/format.js';
import { divisionByCode } from '../../src/core/scope/taxonomy.js';
import { divisionsOfSection } from '../../src/core/scope/section-division.js';
import { writeDemoPlanSet, DEMO_PROJECT } from '../../src/demo/plan-set.js';
import type { ScopeDocument } from '../../src/core/scope/types.js';

/** Properties every scope document must have, whatever the input. */
function expectWellFormed(scope: ScopeDocument, pageCount: number): void {
  expect(scope.schema).toBe('redbutton.scope');
  for (const t of scope.trades) {
    expect(divisionByCode(t.division)?.name).toBe(t.name);
    expect(['00', '01']).not.toContain(t.division);
    expect(t.confidence).toBeGreaterThan(0);
    expect(t.confidence).toBeLessThanOrEqual(1);
    expect(t.evidence.length).toBeGreaterThan(0);
    for (const e of t.evidence) {
      expect(e.page).toBeGreaterThanOrEqual(1);
      expect(e.page).toBeLessThanOrEqual(pageCount);
      expect(e.snippet.length).toBeGreaterThan(0);
      expect(e.snippet.length).toBeLessThanOrEqual(160);
    }
  }
}

describe('text extractor on a real PDF (the fictional demo plan set)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-scope-real-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the trades each sheet shows, with sheet evidence, and the project facts on the cover', async () => {
    const pdf = join(dir, 'demo.pdf');
    await writeDemoPlanSet(pdf);
    const doc = await readPdf(pdf);
    const scope = extractScopeFromText(doc, { fileName: 'demo.pdf' });
    expectWellFormed(scope, doc.info.pageCount);
    const got = scope.trades.map((t) => t.division);
    for (const d of ['03', '08', '09', '21', '22', '23', '26', '27', '28', '32', '33']) expect(got).toContain(d);
    // Nothing on these sheets is conveying equipment, process equipment or marine work.
    for (const d of ['14', '35', '40', '46']) expect(got).not.toContain(d);
    const fp = scope.trades.find((t) => t.division === '21')!;
    expect(fp.evidence.some((e) => e.source === 'sheet' && e.sheet?.startsWith('FP'))).toBe(true);
    expect(scope.project.zipOrPostcode?.value).toBe(DEMO_PROJECT.address.match(/\d{5}$/)![0]);
    expect(scope.project.name?.value.toLowerCase()).toBe(DEMO_PROJECT.name.toLowerCase());
    expect(scope.project.bidDue?.value.date).toBe('2026-12-18');
    const table = formatTradesTable(scope);
    expect(table).toContain('26  Electrical');
    expect(table).toContain('Bids due: 2026-12-18');
  }, 60_000);
});

const corpus = resolve(process.env.REDBUTTON_CORPUS ?? join(__dirname, '..', '..', '..', 'shared', 'corpus'));
const corpusFiles = existsSync(corpus) ? readdirSync(corpus).filter((f) => f.toLowerCase().endsWith('.pdf')) : [];

describe.skipIf(corpusFiles.length === 0 && !process.env.CI)('text extractor on the shared corpus (generic properties, no per-file lists)', () => {
  it.each(corpusFiles)('%s: well-formed trades with evidence; sheets and sections speak for their own trades', async (file) => {
    const doc = await readPdf(join(corpus, file));
    const scope = extractScopeFromText(doc, { fileName: file });
    expectWellFormed(scope, doc.info.pageCount);
    // A raster-only set is read by OCR; one whose scans OCR could not read either (no words at all)
    // has nothing for this extractor, and yields no trades rather than guesses.
    const textChars = doc.pages.reduce((n, p) => n + p.text.replace(/\s+/g, '').length, 0);
    const rasterOnly = textChars < 150 * doc.pages.length;
    if (rasterOnly) expect(scope.trades, 'raster-only document: no trades without OCR (known limit)').toEqual([]);
    else expect(scope.trades.length).toBeGreaterThan(0);
    // A set with electrical sheets is an electrical job.
    if (doc.pages.some((p) => /^E-?\d/.test(p.sheet?.number ?? ''))) expect(scope.trades.map((t) => t.division)).toContain('26');
    // A document that is one spec section of a trade division is that trade only.
    const own = new Set(doc.pages.flatMap((p) => p.sections).filter((s) => s.kind === 'section').map((s) => s.number));
    if (own.size === 1 && doc.pages.every((p) => !p.sheet)) {
      const only = divisionsOfSection([...own][0]!).filter((d) => d !== '00' && d !== '01');
      if (only.length > 0) expect(scope.trades.map((t) => t.division)).toEqual(only);
    }
    // Every sheet read from a title block is listed.
    expect(scope.sheets.length).toBe(doc.pages.filter((p) => p.sheet).length);
    // Scanned pages are read by OCR (tesseract, about 10–20 s of CPU a sheet): give them the time.
  }, 300_000);
});
