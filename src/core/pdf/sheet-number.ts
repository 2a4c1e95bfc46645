/**
 * Sheet numbers (A-101, A101, E2.01, FP-1, FA-101, S-1.1, 1.S02, G000, A-0.1) and their NCS
 * discipline designators. Equipment tags (UH-2, EF-1, RTU-3, VAV-12) fail on the designator,
 * grid bubbles (A.1, B2) on the digit count.
 */

/** NCS level-1 discipline designators. */
const SINGLE = new Set('GHVBCLSAIQFPDMEWTRXZO'.split(''));
/** NCS level-2 designators (discipline + modifier) and common non-NCS ones (FP, PL). */
const DOUBLE = new Set([
  'GI', 'GC', 'GR', 'HA', 'VA', 'BG', 'CD', 'CS', 'CG', 'CP', 'CI', 'CU', 'LD', 'LI', 'LP', 'LL',
  'SD', 'SS', 'SB', 'SF', 'SG', 'AS', 'AD', 'AE', 'AI', 'AF', 'AG', 'ID', 'IN', 'IF', 'QA', 'QL',
  'FA', 'FP', 'FX', 'PD', 'PP', 'PL', 'MD', 'MH', 'MP', 'MI', 'ED', 'EP', 'EL', 'ES', 'EI', 'TN', 'TA',
  'TC', 'TY', 'RE', 'ZS',
  // Combined building-services sheets ("ME-201": mechanical and electrical on one drawing, common outside the US).
  'ME',
]);

const SHEET_RE = /^(?:(\d{1,2})\.)?([A-Z]{1,2})(-|\.|\s)?(\d{1,3}(?:[.-]\d{1,3})?)([A-Z])?$/;

export interface ParsedSheetNumber {
  /** As written, spaces removed ("A-101", "E2.01"). */
  number: string;
  /** Designator letters ("A", "FP"). */
  discipline: string;
}

export function parseSheetNumber(raw: string): ParsedSheetNumber | null {
  const s = raw.trim().toUpperCase();
  if (s.length > 12) return null;
  const m = SHEET_RE.exec(s);
  if (!m) return null;
  const [, , letters = '', sep, digits = ''] = m;
  if (!(letters.length === 1 ? SINGLE.has(letters) : DOUBLE.has(letters))) return null;
  // "A1" / "A.1" are grid bubbles and fixture types; a real sheet has 2+ digits or a hyphen (FP-1).
  if (digits.replace(/\D/g, '').length < 2 && sep !== '-') return null;
  return { number: s.replace(/\s+/g, ''), discipline: letters };
}

/** Comparable key: "A-101", "A101" and "A 101" are the same sheet. */
export const sheetKey = (number: string): string => number.toUpperCase().replace(/[-.\s]/g, '');
