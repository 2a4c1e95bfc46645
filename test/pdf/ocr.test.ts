import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../../src/core/pdf/index.js';
import type { PdfDocumentText } from '../../src/core/pdf/types.js';
import { extractScope } from '../../src/core/scope/index.js';
import { makeBlankPdf, makeHugeScanPdf, makeOcrSheetPdf, makeScannedPdf } from '../fixtures/ocr-fixtures.js';
import { makeRotatedPdf } from '../fixtures/pdf-fixtures.js';
import { tempDir } from './paths.js';

const NOTES = ['PROVIDE GFCI RECEPTACLES AT ALL WET LOCATIONS.', 'ALL BRANCH CIRCUIT CONDUCTORS SHALL BE COPPER IN CONDUIT.', 'MOUNT PANELBOARD LP-1 AT 6 FEET TO TOP.'];
const POWER = { number: 'E-201', title: 'FIRST FLOOR POWER PLAN', notes: NOTES };
/** The heavier cases get a wall-clock page budget that holds on a machine shared by many jobs (the budget is not what they test). */
const SLOW_MACHINE = { pageTimeoutMs: 120_000, totalTimeoutMs: 600_000 };

// One small page per case: OCR is CPU-heavy and the machine is shared.
describe('OCR of pages without a usable text layer', { timeout: 180_000 }, () => {
  const dir = tempDir('rb-ocr-');
  const f = (name: string) => join(dir, name);
  let scan: PdfDocumentText;
  beforeAll(async () => {
    await makeOcrSheetPdf(f('text.pdf'), POWER);
    await makeScannedPdf(f('text.pdf'), f('scan.pdf'));
    scan = await readPdf(f('scan.pdf'));
  });

  it('reads the sheet number, title and notes of a scanned sheet, marked as OCR', () => {
    const [page] = scan.pages;
    expect(page!.ocr).toMatchObject({ status: 'read', reason: 'no-text' });
    expect(page!.sheet).toMatchObject({ number: 'E-201', title: 'FIRST FLOOR POWER PLAN', source: 'ocr' });
    expect(page!.hasTextLayer).toBe(true);
    expect(page!.text).toContain('PROVIDE GFCI RECEPTACLES AT ALL WET LOCATIONS');
    expect(page!.items.every((i) => i.source === 'ocr')).toBe(true);
  });

  it('finds the trade of a scanned sheet with evidence marked as OCR-read', async () => {
    const scope = await extractScope(scan);
    const electrical = scope.trades.find((t) => t.division === '26');
    expect(electrical?.evidence.some((e) => e.origin === 'ocr')).toBe(true);
    expect(scope.sheets).toEqual([{ page: 1, number: 'E-201', title: 'FIRST FLOOR POWER PLAN', source: 'ocr' }]);
  });

  it('leaves a page with a real text layer alone', async () => {
    const doc = await readPdf(f('text.pdf'));
    expect(doc.pages[0]!.ocr).toBeUndefined();
    expect(doc.pages[0]!.sheet).toEqual({ number: 'E-201', title: 'FIRST FLOOR POWER PLAN', discipline: 'E' });
  });

  it('does nothing with REDBUTTON_OCR=off (limits.ocr off)', async () => {
    const doc = await readPdf(f('scan.pdf'), { limits: { ocr: 'off' } });
    expect(doc.pages[0]).toMatchObject({ sheet: null, hasTextLayer: false });
    expect(doc.pages[0]!.ocr).toBeUndefined();
  });

  it('reads text drawn as vector outlines (a CAD export)', async () => {
    await makeOcrSheetPdf(f('outlined.pdf'), { ...POWER, outlined: true });
    const doc = await readPdf(f('outlined.pdf'));
    expect(doc.pages[0]!.ocr).toMatchObject({ status: 'read', reason: 'no-text' });
    expect(doc.pages[0]!.sheet).toMatchObject({ number: 'E-201', source: 'ocr' });
  });

  it('reads a sheet number running up the right edge, on a page turned by /Rotate', async () => {
    await makeOcrSheetPdf(f('vertical.pdf'), { number: 'M-301', title: 'MECHANICAL PIPING PLAN', notes: NOTES, verticalNumber: true });
    await makeScannedPdf(f('vertical.pdf'), f('vertical-scan.pdf'));
    // Stored sideways with /Rotate 90, as a scanner might: the displayed page is what OCR reads.
    await makeRotatedPdf(f('vertical-scan.pdf'), f('vertical-rotated.pdf'), { 1: 90 });
    const upright = await readPdf(f('vertical-rotated.pdf'));
    expect(upright.pages[0]!.rotation).toBe(90);
    expect(upright.pages[0]!.sheet).toMatchObject({ number: 'M-301', source: 'ocr' });
  });

  it('turns a scan lying sideways (no /Rotate) upright and reads its title block', { timeout: 600_000 }, async () => {
    // The raster itself is turned: the sheet rotated 90° and rasterized, with nothing saying so.
    await makeRotatedPdf(f('text.pdf'), f('text-turned.pdf'), { 1: 90 });
    await makeScannedPdf(f('text-turned.pdf'), f('sideways-scan.pdf'));
    const doc = await readPdf(f('sideways-scan.pdf'), { limits: SLOW_MACHINE });
    const [page] = doc.pages;
    expect(page!.ocr).toMatchObject({ status: 'read', turned: 270 });
    expect(page).toMatchObject({ width: 1224, height: 792, rotation: 270 });
    expect(page!.sheet).toMatchObject({ number: 'E-201', title: 'FIRST FLOOR POWER PLAN', source: 'ocr' });
  });

  it('ends a blank scan with a note, and does not OCR a page that draws nothing', async () => {
    await makeBlankPdf(f('blank.pdf'));
    await makeScannedPdf(f('blank.pdf'), f('blank-scan.pdf'));
    const [empty, scanned] = await Promise.all([readPdf(f('blank.pdf')), readPdf(f('blank-scan.pdf'))]);
    expect(empty.pages[0]!.ocr).toBeUndefined();
    expect(scanned.pages[0]!.ocr).toMatchObject({ status: 'unreadable', words: 0, note: 'OCR found no legible text on this page' });
  });

  it('reads through speckle noise, keeping the sheet number', async () => {
    await makeScannedPdf(f('text.pdf'), f('noisy.pdf'), { noise: 0.01 });
    const doc = await readPdf(f('noisy.pdf'));
    expect(doc.pages[0]!.ocr?.status).toBe('read');
    expect(doc.pages[0]!.sheet?.number).toBe('E-201');
  });

  it('reads a 600 dpi scan at the resolution OCR needs, and ends an oversized blank one with a note', { timeout: 600_000 }, async () => {
    await makeOcrSheetPdf(f('letter.pdf'), { ...POWER, widthIn: 11, heightIn: 8.5 });
    await makeScannedPdf(f('letter.pdf'), f('scan-600.pdf'), { dpi: 600, jpeg: true });
    const fine = await readPdf(f('scan-600.pdf'), { limits: SLOW_MACHINE });
    expect(fine.pages[0]!.ocr?.status).toBe('read');
    expect(fine.pages[0]!.text).toContain('PROVIDE GFCI RECEPTACLES AT ALL WET LOCATIONS');
    // 600 dpi over a 36×24 in sheet: 311 megapixels.
    await makeHugeScanPdf(f('huge.pdf'), 21_600, 14_400, 36, 24);
    const doc = await readPdf(f('huge.pdf'), { limits: SLOW_MACHINE });
    expect(doc.pages[0]!.ocr).toMatchObject({ status: 'unreadable', reason: 'no-text', note: 'OCR found no legible text on this page' });
  });
});
