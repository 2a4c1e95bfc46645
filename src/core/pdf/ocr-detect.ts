/**
 * Which pages need OCR: those whose text layer is missing or unusable. A page is read by OCR when
 * it has little or no text but draws something — a scanned image over much of the page, or many
 * painted paths (CAD exports whose text became vector outlines) — or when its text does not read
 * as words (fonts without a Unicode map give symbol soup or private-use code points). A page that
 * draws nothing is left alone.
 */
import type { PageMarks, RawPage } from './worker-host.js';

/** Fewer visible characters than this is no text layer. */
export const MIN_TEXT_CHARS = 20;
/** Fewer visible characters than this and the worker is asked what the page draws. */
export const SPARSE_CHARS = 200;
/** A page with an image over this share of its area, and sparse text, is a scan. */
const SCAN_IMAGE_COVER = 0.25;
/** Painted paths on a page without text above which its lettering is taken to be outlines. */
const OUTLINE_PATHS = 60;
/** The same beside a little real text. */
const OUTLINE_PATHS_BESIDE_TEXT = 500;
/** Text whose visible characters are odd (control, private use, replacement) above this share is broken. */
const ODD_SHARE = 0.25;
/** Word-like share of letter tokens below which text is not words (given enough tokens to judge). */
const WORD_SHARE = 0.45;
const MIN_TOKENS_TO_JUDGE = 12;

export type OcrReason = 'no-text' | 'scan' | 'outlined' | 'unreadable-text';

export interface OcrDecision {
  reason: OcrReason;
  /** The page's own text is kept beside OCR words (a scan with a real header/footer), or dropped (broken text). */
  keepLayer: boolean;
}

/** null = the text layer is fine (or the page is blank): no OCR. */
export function ocrDecision(page: Pick<RawPage, 'items' | 'marks'>): OcrDecision | null {
  const text = page.items.map((i) => i.str).join(' ');
  const chars = text.replace(/\s/g, '').length;
  const none = chars < MIN_TEXT_CHARS;
  if (!none && !readsAsWords(text)) return { reason: 'unreadable-text', keepLayer: false };
  const marks: PageMarks | undefined = page.marks;
  if (!marks || chars >= SPARSE_CHARS) return null;
  if (marks.imageCover >= SCAN_IMAGE_COVER || marks.oversizedImage) return { reason: none ? 'no-text' : 'scan', keepLayer: true };
  // Without text, a few dozen paths may be lettering; beside real text (a short table and its
  // rules), only paths far outnumbering the characters are.
  if (marks.paths >= (none ? OUTLINE_PATHS : Math.max(OUTLINE_PATHS_BESIDE_TEXT, 5 * chars))) return { reason: none ? 'no-text' : 'outlined', keepLayer: true };
  return null;
}

// Controls, the replacement character and the private-use area: what unmapped glyphs become.
const ODD = /[\p{Cc}\p{Co}\ufffd]/gu;
const LETTER_TOKEN = /^\p{L}{3,}$/u;

/**
 * True when text reads as words: few odd characters, and most letter tokens look like words
 * (contain a vowel, no run of five consonants). Drawing text is full of abbreviations and tags, so
 * the bar is low; symbol soup from a font without a Unicode map fails it by far.
 */
export function readsAsWords(text: string): boolean {
  const visible = text.replace(/\s/g, '');
  if (!visible) return true;
  if ((visible.match(ODD) ?? []).length / visible.length > ODD_SHARE) return false;
  const tokens = text.split(/[\s.,;:()[\]"'/-]+/).filter((t) => LETTER_TOKEN.test(t));
  if (tokens.length < MIN_TOKENS_TO_JUDGE) {
    // Too few words to judge by words: judge by characters (letters, digits and usual punctuation).
    const usual = (visible.match(/[\p{L}\p{N}.,;:()[\]"'/#&%+=°-]/gu) ?? []).length;
    return visible.length < 20 || usual / visible.length >= 0.6;
  }
  const wordLike = tokens.filter((t) => /[aeiouyAEIOUY]/.test(t) && !/[^aeiouyAEIOUY\d]{5}/.test(t) || /^[A-Z]{3,5}$/.test(t)).length;
  return wordLike / tokens.length >= WORD_SHARE;
}
