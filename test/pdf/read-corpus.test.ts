import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../../src/core/pdf/index.js';
import type { PdfDocumentText } from '../../src/core/pdf/types.js';
import { corpus, ITB, PURDUE, SPEC_21, USC } from './paths.js';

/** Facts visible in the corpus files (see ../shared/corpus/ground_truth.json). */
const truth = JSON.parse(readFileSync(corpus('ground_truth.json'), 'utf8')) as Record<string, { pages: number; sha256: string; producer: string }>;

describe('readPdf on the real corpus', () => {
  let purdue: PdfDocumentText, usc: PdfDocumentText, spec: PdfDocumentText;
  const progress: [number, number][] = [];
  beforeAll(async () => {
    [purdue, usc, spec] = await Promise.all([readPdf(PURDUE, { onProgress: (d, t) => progress.push([d, t]) }), readPdf(USC), readPdf(SPEC_21)]);
  });

  it('reports page count, hash, size and producer', () => {
    const t = truth['02_purdue_lilyhall_lab1-129_reno_CD_set.pdf']!;
    expect(purdue.info).toMatchObject({ pageCount: t.pages, sha256: t.sha256, producer: t.producer, bytes: readFileSync(PURDUE).length });
    expect(purdue.pages.map((p) => p.page)).toEqual(Array.from({ length: t.pages }, (_, i) => i + 1));
    expect(progress.at(-1)).toEqual([t.pages, t.pages]);
  });

  it('finds each Purdue sheet number on its page, with the title block title', () => {
    const want = ['G000', 'G001', 'A011', 'A091', 'A121', 'A131', 'A711', 'E000', 'E101', 'E211', 'E221', 'E222', 'E400', 'E600'];
    expect(purdue.pages.map((p) => p.sheet?.number)).toEqual(want);
    expect(purdue.pages[9]!.sheet).toEqual({ number: 'E211', discipline: 'E', title: 'FIRST FLOOR LIGHTING PLAN' });
    expect(purdue.pages[10]!.sheet?.title).toBe('FIRST FLOOR POWER & SYSTEMS PLAN');
    expect(purdue.pages.every((p) => p.hasTextLayer && p.rotation === 0 && p.width === 3024 && p.height === 2160)).toBe(true);
  });

  it('reads the Purdue sheet index and links each entry to its page', () => {
    const e211 = purdue.sheetIndex.find((e) => e.number === 'E211');
    expect(e211).toEqual({ number: 'E211', title: 'FIRST FLOOR LIGHTING PLAN', page: 1, sheetPage: 10 });
    expect(purdue.sheetIndex.map((e) => e.number).sort()).toEqual(['A011', 'A091', 'A121', 'A131', 'A711', 'E000', 'E101', 'E211', 'E221', 'E222', 'E400', 'E600', 'G001']);
  });

  it('keeps phrases together in the page text', () => {
    const e101 = purdue.pages[8]!;
    expect(e101.text).toBe(e101.lines.join('\n'));
    expect(e101.lines.some((l) => /CUT AND CAP/.test(l))).toBe(true);
    expect(purdue.pages[9]!.lines).toContain('FIRST FLOOR LIGHTING PLAN');
  });

  it('reads the rotated USC set in its displayed orientation', () => {
    expect(usc.pages.map((p) => p.rotation)).toEqual([90, 90, 270, 270, 90, 0, 90, 90, 90, 90]);
    // Every sheet displays as 36x24 landscape, whatever its /Rotate.
    expect(usc.pages.every((p) => p.width === 2592 && p.height === 1728)).toBe(true);
    expect(usc.pages.map((p) => p.sheet?.number)).toEqual(['T001', 'T101', 'C-100', 'C-200', 'A001', 'A101', 'A201', 'A202', 'A301', 'A302']);
    expect(usc.pages[2]!.sheet?.title).toBe('EXISTING CONDITIONS AND SITE DEMO');
    // Items are in displayed coordinates: the sheet number of a rotated page is at the bottom right.
    expect(usc.pages[0]!.items.some((i) => i.str === 'T001' && i.x > 2592 * 0.8 && i.y > 1728 * 0.8)).toBe(true);
    expect(usc.sheetIndex.find((e) => e.number === 'C100')).toMatchObject({ title: 'EXISTING CONDITIONS AND SITE DEMO', sheetPage: 3 });
  });

  it('reads the spec section heading and attributes every page to it via the footer', () => {
    expect(spec.pages[0]!.sections).toContainEqual({ kind: 'section', number: '21 01 00', title: 'GENERAL FIRE PROTECTION REQUIREMENTS' });
    expect(spec.pages.every((p) => p.sections.some((s) => s.number === '21 01 00'))).toBe(true);
    expect(spec.pages.every((p) => p.sheet === null)).toBe(true);
    expect(spec.pages[0]!.lines).toContain('SECTION 21 0100');
  });

  it('reads Division 00 documents of a bid package from their footers', async () => {
    const itb = await readPdf(ITB);
    expect(itb.pages[0]!.sections.map((s) => s.number)).toContain('00 91 13');
    expect(itb.pages[6]!.sections.map((s) => s.number)).toContain('00 41 00');
    expect(itb.pages.every((p) => p.sheet === null)).toBe(true);
  });
});
