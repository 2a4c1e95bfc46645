import { describe, expect, it } from 'vitest';
import { ocrDecision, readsAsWords } from '../../src/core/pdf/ocr-detect.js';
import { parseTesseractTsv, runTesseract } from '../../src/core/pdf/tesseract.js';
import { item } from './items.js';

const words = (s: string) => s.split(' ').map((w, i) => item(w, 100 + i * 60, 100));

describe('which pages need OCR', () => {
  it('keeps a page whose text reads as words, even when it is mostly abbreviations and tags', () => {
    const page = { items: words('PROVIDE GFCI RECEPTACLES AT ALL WET LOCATIONS. TYP. (E) RTU-3 EF-1 CLG HT 9\'-0" AFF SEE 3/A-501 FOR DETAILS OF THE WALL') };
    expect(ocrDecision(page)).toBeNull();
  });

  it('OCRs a page whose text is symbol soup from a font without a Unicode map', () => {
    const soup = Array.from({ length: 30 }, (_, i) => String.fromCodePoint(0xe000 + ((i * 7) % 40), 0xe010 + i)).join(' ');
    expect(ocrDecision({ items: words(soup) })).toEqual({ reason: 'unreadable-text', keepLayer: false });
    expect(readsAsWords('Xkrtzq bcdfgh plmnrt wxzqv ghjkl qwrtp zxcvb nmlkj hgfds trwqz pkjhg mnbvc')).toBe(false);
  });

  it('OCRs a scan with a real header, keeping the header', () => {
    const page = { items: words('SAMPLE HOUSE PLANS Revised 01/2020'), marks: { imageCover: 0.8, paths: 2 } };
    expect(ocrDecision(page)).toEqual({ reason: 'scan', keepLayer: true });
  });

  it('leaves a short table with real text and its ruling alone', () => {
    const page = { items: words('Bill No. 1 Preliminaries Cranes Mobile crane and driver 1.00 day 352 00 TOTAL carried to main summary Page 2 of 33'), marks: { imageCover: 0, paths: 87 } };
    expect(ocrDecision(page)).toBeNull();
  });

  it('OCRs a page of outlines, a page whose little text sits beside thousands of paths, and leaves a blank page alone', () => {
    expect(ocrDecision({ items: [], marks: { imageCover: 0, paths: 400 } })).toEqual({ reason: 'no-text', keepLayer: true });
    expect(ocrDecision({ items: words('NOT FOR CONSTRUCTION 2026-11-23 REV 2'), marks: { imageCover: 0, paths: 4000 } })).toEqual({ reason: 'outlined', keepLayer: true });
    expect(ocrDecision({ items: [], marks: { imageCover: 0, paths: 1 } })).toBeNull();
  });

  it('OCRs a page whose scan was too big to decode while reading text', () => {
    expect(ocrDecision({ items: [], marks: { imageCover: 0, paths: 0, oversizedImage: true } })).toEqual({ reason: 'no-text', keepLayer: true });
  });
});

describe('tesseract output and failures', () => {
  it('gives every word of a line that line\'s top and height', () => {
    const tsv = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      '4\t1\t1\t1\t1\t0\t10\t20\t300\t40\t-1\t',
      '5\t1\t1\t1\t1\t1\t10\t22\t100\t30\t96.5\tSHEET',
      '5\t1\t1\t1\t1\t2\t120\t20\t90\t40\t91\tE-201',
      '5\t1\t1\t1\t1\t3\t220\t20\t10\t40\t-1\t ',
    ].join('\n');
    expect(parseTesseractTsv(tsv)).toEqual([
      { text: 'SHEET', left: 10, top: 22, width: 100, height: 30, conf: 96.5, line: '1.1.1', lineTop: 20, lineHeight: 40 },
      { text: 'E-201', left: 120, top: 20, width: 90, height: 40, conf: 91, line: '1.1.1', lineTop: 20, lineHeight: 40 },
    ]);
  });

  it('says how to install the engine when it is missing', async () => {
    await expect(runTesseract(new Uint8Array(8), { timeoutMs: 5000, memoryMb: 256, dpi: 200, command: 'tesseract-not-installed' })).rejects.toMatchObject({
      code: 'OCR_UNAVAILABLE',
      userMessage: expect.stringContaining('tesseract-ocr'),
    });
  });

  it('turns an image the engine cannot read into OCR_FAILED', async () => {
    await expect(runTesseract(new TextEncoder().encode('not an image'), { timeoutMs: 10_000, memoryMb: 512, dpi: 200 })).rejects.toMatchObject({ code: 'OCR_FAILED' });
  });
});
