import { describe, expect, it } from 'vitest';
import { readPdf, renderPdfPages } from '../../src/core/pdf/index.js';
import { imageSize } from '../../src/core/pdf/poppler-render.js';
import { bboxPageStream, parseBboxPage } from '../../src/core/pdf/poppler-text.js';
import { extractScopeFromText } from '../../src/core/scope/index.js';
import type { PdfDocumentText } from '../../src/core/pdf/types.js';
import { corpus } from './paths.js';

const word = (x0: number, y0: number, x1: number, y1: number, s: string) => `<word xMin="${x0}" yMin="${y0}" xMax="${x1}" yMax="${y1}">${s}</word>`;

describe('pdftotext -bbox-layout → page items', () => {
  it('gives the displayed size of a rotated page, the direction of each line and decoded text', () => {
    const xml = `<page width="1728.000000" height="2592.000000"><flow><block>
      <line xMin="0">${word(100, 200, 160, 212, 'A&amp;B')}${word(170, 200, 230, 212, 'PLAN')}</line>
      <line xMin="0">${word(2400, 1300, 2412, 1400, 'VERTICAL')}</line>
      <line xMin="0">${word(2440, 1200, 2452, 1260, 'GOING')}${word(2440, 1270, 2452, 1330, 'DOWN')}</line>
    </block></flow>`;
    const page = parseBboxPage(xml, 3, 90);
    expect(page).toMatchObject({ page: 3, width: 2592, height: 1728, rotation: 90 });
    expect(page.items.map((i) => [i.str, i.angle ?? 0])).toEqual([['A&B', 0], ['PLAN', 0], ['VERTICAL', 270], ['GOING', 90], ['DOWN', 90]]);
    // A horizontal word's box height is its font size; it keeps its left edge and width.
    expect(page.items[0]).toMatchObject({ x: 100, width: 60, fontSize: 12 });
  });
});

describe('pdftotext output arriving in pipe chunks', () => {
  it('keeps a character whose bytes are split between two chunks, and numbers the pages in order', () => {
    const xml = Buffer.from(`<page width="612" height="792"><line xMin="0">${word(10, 10, 90, 22, 'SECTION 01 56 90 \u2013 CLEANING')}</line></page>` +
      `<page width="612" height="792"><line xMin="0">${word(10, 10, 90, 22, 'caf\u00e9')}</line></page>`);
    const split = xml.indexOf(Buffer.from('\u2013')) + 1; // inside the en dash's three bytes
    const pages: { page: number; text: string }[] = [];
    const stream = bboxPageStream(4, [], (p) => pages.push({ page: p.page, text: p.items.map((i) => i.str).join(' ') }));
    stream.write(xml.subarray(0, split));
    stream.write(xml.subarray(split, split + 2));
    for (let i = split + 2; i < xml.length; i += 3) stream.write(xml.subarray(i, i + 3)); // é split too
    expect(pages).toEqual([{ page: 4, text: 'SECTION 01 56 90 \u2013 CLEANING' }, { page: 5, text: 'caf\u00e9' }]);
    expect(stream.nextPage()).toBe(6);
  });
});

/** What the rest of the reader takes from a document: sheets, sections, the sheet index and the trades. */
function outcome(doc: PdfDocumentText, name: string) {
  return {
    info: doc.info,
    pages: doc.pages.map((p) => ({ size: [p.width, p.height, p.rotation], sheet: p.sheet, sections: p.sections, text: p.hasTextLayer })),
    index: doc.sheetIndex,
    trades: extractScopeFromText(doc, { fileName: name }).trades.map((t) => ({ division: t.division, possible: t.confidence < 0.9 })),
  };
}

describe('pdftotext and pdf.js read real sets the same', () => {
  it.each([
    '02_purdue_lilyhall_lab1-129_reno_CD_set.pdf',
    '03_usc_longstreet_theatre_ext_restoration_drawings.pdf',
    '09_ca_dgs_dsh_coalinga_road_repairs_ITB_addendum1.pdf',
    '21_kenai_rec_center_upgrades_project_manual.pdf',
    '24_star_of_the_sea_college_structural_set_AU.pdf',
    '25_uk_plot6_house_bill_of_quantities_NRM.pdf',
    '29_spec_section_22_4700_drinking_fountains.pdf',
    '31_hcmc_histology_lab_remodel_electrical_LV_set.pdf',
  ])('%s: same sheet numbers and titles, sections, sheet index and trades', async (name) => {
    const read = (engine: 'pdfjs' | 'poppler') => readPdf(corpus(name), { limits: { engine, ocr: 'off' } });
    const [pdfjs, poppler] = await Promise.all([read('pdfjs'), read('poppler')]);
    expect(poppler.pages.filter((p) => p.items.length).length).toBeGreaterThan(0);
    expect(outcome(poppler, name)).toEqual(outcome(pdfjs, name));
  }, 120_000);
});

describe('pdftoppm and pdf.js render the same page images', () => {
  it('same pages, sizes (±1 px) and formats, rotated pages included', async () => {
    const file = corpus('03_usc_longstreet_theatre_ext_restoration_drawings.pdf');
    const render = (engine: 'pdfjs' | 'poppler') => renderPdfPages(file, [6, 1, 3], { longestSide: 1024, limits: { engine, pageTimeoutMs: 120_000 } }); // equivalence, not limits
    const [pdfjs, poppler] = await Promise.all([render('pdfjs'), render('poppler')]);
    expect(poppler.map((p) => p.page)).toEqual([6, 1, 3]);
    poppler.forEach((img, i) => {
      const ref = pdfjs[i]!;
      expect(img.format).toBe('jpeg');
      expect(imageSize(img.data)).toEqual({ width: img.width, height: img.height });
      expect(Math.abs(img.width - ref.width)).toBeLessThanOrEqual(1);
      expect(Math.abs(img.height - ref.height)).toBeLessThanOrEqual(1);
    });
  }, 120_000);
});
