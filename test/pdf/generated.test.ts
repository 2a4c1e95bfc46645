import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPdf, renderPdfPages } from '../../src/core/pdf/index.js';
import type { PdfDocumentText } from '../../src/core/pdf/types.js';
import { makePlanSetPdf, makeRotatedPdf, makeSpecPdf } from '../fixtures/pdf-fixtures.js';
import { tempDir } from './paths.js';

const SHEETS = [
  { number: 'G-001', title: 'COVER SHEET', lines: ['SEE SHEET INDEX.'] },
  { number: 'A-101', title: 'FIRST FLOOR PLAN', lines: ['PROVIDE 5/8" TYPE X GYPSUM BOARD AT ALL NEW PARTITIONS.'] },
  { number: 'E2.01', title: 'FIRST FLOOR LIGHTING PLAN' },
  { number: 'FP-1', title: 'FIRE PROTECTION PLAN' },
  { number: '1.S02', title: 'FOUNDATION PLAN' },
  { number: 'M101', title: 'FIRST FLOOR HVAC PLAN' },
];

describe('generated plan set and spec', () => {
  const dir = tempDir('rb-pdf-gen-');
  let plans: PdfDocumentText, spec: PdfDocumentText;
  beforeAll(async () => {
    await makePlanSetPdf(join(dir, 'plans.pdf'), { sheets: SHEETS, decoys: true });
    await makeSpecPdf(join(dir, 'spec.pdf'), {
      division: { number: '09', title: 'FINISHES' },
      sections: [
        { number: '09 29 00', title: 'GYPSUM BOARD', paragraphs: Array.from({ length: 70 }, (_, i) => `Gypsum board requirement ${i}: install per ASTM C840.`) },
        { number: '092216', title: 'NON-STRUCTURAL METAL FRAMING', paragraphs: ['Provide studs.'] },
      ],
    });
    [plans, spec] = await Promise.all([readPdf(join(dir, 'plans.pdf')), readPdf(join(dir, 'spec.pdf'))]);
  });

  it('finds every sheet number and title despite look-alike tags on the sheet', () => {
    expect(plans.pages.map((p) => p.sheet)).toEqual(SHEETS.map((s) => ({ number: s.number, title: s.title, discipline: s.number.replace(/^\d\./, '').match(/^[A-Z]+/)![0] })));
    expect(plans.sheetIndex.map((e) => [e.number, e.title, e.sheetPage])).toEqual(SHEETS.map((s, i) => [s.number, s.title, i + 1]));
  });

  it('gives the sheet text in reading order', () => {
    expect(plans.pages[1]!.lines).toContain('1. PROVIDE 5/8" TYPE X GYPSUM BOARD AT ALL NEW PARTITIONS.');
  });

  it('attributes each spec page to its section, with division and titles', () => {
    expect(spec.pages[0]!.sections).toEqual([
      { kind: 'division', number: '09', title: 'FINISHES' },
      { kind: 'section', number: '09 29 00', title: 'GYPSUM BOARD' },
    ]);
    const last = spec.pages.at(-1)!;
    expect(last.sections.map((s) => s.number)).toContain('09 22 16');
    expect(spec.pages.slice(1, -1).every((p) => p.sections.some((s) => s.number === '09 29 00'))).toBe(true);
  });
});

describe('rotation and rendering', () => {
  const dir = tempDir('rb-pdf-render-');
  const plans = join(dir, 'plans.pdf'), rotated = join(dir, 'rotated.pdf');
  beforeAll(async () => {
    await makePlanSetPdf(plans, { sheets: SHEETS.slice(0, 3) });
    await makeRotatedPdf(plans, rotated, { 2: 90, 3: 270 });
  });

  it('reads /Rotate pages in displayed orientation: size, rotation, text', async () => {
    const doc = await readPdf(rotated);
    expect(doc.pages.map((p) => [p.rotation, p.width, p.height])).toEqual([[0, 2592, 1728], [90, 1728, 2592], [270, 1728, 2592]]);
    expect(doc.pages.map((p) => p.lines.includes('GENERAL NOTES'))).toEqual([true, true, true]);
  });

  it('renders as displayed, JPEG by default, longest side as asked, in the order asked', async () => {
    const pages = await renderPdfPages(rotated, [2, 1], { longestSide: 512 });
    // Longest side as asked; the other within a pixel (engines round differently).
    expect(pages.map((p) => [p.page, p.format, Math.max(p.width, p.height)])).toEqual([[2, 'jpeg', 512], [1, 'jpeg', 512]]);
    expect(pages.map((p) => Math.round(Math.min(p.width, p.height) / 2))).toEqual([171, 171]);
    expect([pages[0]!.width < pages[0]!.height, pages[1]!.width > pages[1]!.height]).toEqual([true, true]);
    expect(pages[0]!.data.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it('renders PNG and caps the pixel count by limits.maxPixels', async () => {
    const [p] = await renderPdfPages(plans, [3], { format: 'png', longestSide: 4000, limits: { maxPixels: 600 * 400 } });
    expect(p!.data.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(p!.width * p!.height).toBeLessThanOrEqual(600 * 400);
    expect(p!.width).toBeGreaterThan(p!.height);
  });
});

describe('large sets', () => {
  it('splits 41+ pages over two workers and keeps page order, progress and sheet order', async () => {
    const path = join(tempDir('rb-pdf-split-'), 'set-45.pdf');
    const sheets = Array.from({ length: 45 }, (_, i) => ({ number: `A-${101 + i}`, title: `PLAN AREA ${i + 1}` }));
    await makePlanSetPdf(path, { sheets });
    const progress: number[] = [];
    const doc = await readPdf(path, { workers: 2, onProgress: (done) => progress.push(done) });
    expect(doc.pages.map((p) => p.page)).toEqual(sheets.map((_, i) => i + 1));
    expect(doc.pages.map((p) => p.sheet?.number)).toEqual(sheets.map((s) => s.number));
    expect(progress).toEqual(Array.from({ length: 46 }, (_, i) => i));
    expect(doc.sheetIndex).toHaveLength(45);
  });
});

