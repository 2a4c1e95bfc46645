import type { TextLine } from './layout.js';
import type { SpecSectionHeading } from './types.js';

/** MasterFormat numbers as written: "26 05 19", "21 0100", "092900", "26 05 19.13", legacy "15400". */
const NUM = String.raw`(\d{2}\s?\d{2}\s?\d{2}(?:\.\d{1,2})?|\d{5})`;
/** "SECTION 26 05 19 - BASIC ELECTRICAL MATERIALS" — uppercase keyword at line start; body references are mid-sentence. */
const HEADING = new RegExp(String.raw`^(?:SECTION|DOCUMENT)\s+${NUM}\s*(?:[-–—:.]\s*)?([^a-z]*)$`);
const DIVISION = /^DIVISION\s+(\d{1,2})\b\s*(?:[-–—:.]\s*)?([^a-z]*)$/;
/** Page footer/header "21 0100-3", "00 91 13 - 1 of 3", "GENERAL FIRE PROTECTION 21 0100 - 3". */
const FOOTER = new RegExp(String.raw`(?:^|\s)${NUM}\s*[-–—]\s*\d{1,3}(?:\s+of\s+\d{1,3})?$`, 'i');
/** Footers/headers live in the outer band of the page. */
const MARGIN_BAND = 0.1;

/** "210100" / "21 0100" / "21 01 00" → "21 01 00"; five digits stay (legacy MasterFormat 1995). */
export function normalizeSectionNumber(raw: string): string {
  const [main = '', ext] = raw.replace(/\s+/g, '').split('.');
  const six = main.length === 6 ? `${main.slice(0, 2)} ${main.slice(2, 4)} ${main.slice(4, 6)}` : main;
  return ext ? `${six}.${ext}` : six;
}

/**
 * Spec section and division headings on a page, plus the section named in a page footer (spec
 * pages repeat "21 0100-3" at the bottom, so every page of a section is attributed to it).
 */
export function detectSections(lines: TextLine[], pageHeight: number): SpecSectionHeading[] {
  const out: SpecSectionHeading[] = [];
  const seen = new Set<string>();
  const add = (h: SpecSectionHeading) => {
    const key = `${h.kind}:${h.number}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(h);
  };
  const horizontal = lines.filter((l) => l.angle === 0);
  horizontal.forEach((line, i) => {
    const text = line.text.trim();
    const heading = HEADING.exec(text);
    if (heading) {
      add({ kind: 'section', number: normalizeSectionNumber(heading[1]!), ...titleOf(heading[2], horizontal[i + 1]) });
      return;
    }
    const division = DIVISION.exec(text);
    if (division) {
      add({ kind: 'division', number: division[1]!.padStart(2, '0'), ...titleOf(division[2], horizontal[i + 1]) });
      return;
    }
    const inMargin = pageHeight > 0 && (line.y > pageHeight * (1 - MARGIN_BAND) || line.y + line.height < pageHeight * MARGIN_BAND);
    const footer = inMargin ? FOOTER.exec(text) : null;
    if (footer) add({ kind: 'section', number: normalizeSectionNumber(footer[1]!) });
  });
  return out;
}

/** Title on the heading line, else the next line when it is an all-caps title ("GENERAL FIRE PROTECTION REQUIREMENTS"). */
function titleOf(inline: string | undefined, next: TextLine | undefined): { title?: string } {
  const own = inline?.trim();
  if (own && /[A-Z]{2}/.test(own)) return { title: own };
  const t = next?.text.trim();
  if (t && /[A-Z]{3}/.test(t) && !/[a-z]/.test(t) && t.length <= 100 && !/^(?:PART|SECTION|DIVISION|DOCUMENT)\b/.test(t)) return { title: t };
  return {};
}
