/**
 * Sheet numbers and the discipline each names, in the numbering systems plan sets use:
 *  - US National CAD Standard (NCS/UDS): A-101, A101, A1.01, E0.01, FP-1, FA-101, S-1.1, 1.S02, G000, A-0.1;
 *  - the same shape with regional designators: LV-101 (low voltage), FF-01 (fire fighting), HY-101
 *    (hydraulics), and word designators (ARCH-01, STR-05, ELEC-101, PLB-02, HVAC-01, MEP-01);
 *  - four-digit numbers (A-1001, S2001) and a revision written after the number ("S-100 Rev C");
 *  - UK / ISO 19650 (BS 1192) field codes, project-originator-volume-level-type-role-number
 *    (PRJ-XXX-ZZ-00-DR-A-1001), and the older job/role/number form (1234/A/100): the role field
 *    names the discipline in the UK role codes (H = heating and ventilation, P = public health).
 * Equipment tags (UH-2, EF-1, RTU-3, VAV-12) fail on the designator, grid bubbles (A.1, B2) on the digit count.
 */

/** NCS level-1 discipline designators. */
const SINGLE = new Set('GHVBCLSAIQFPDMEWTRXZO'.split(''));
/** NCS level-2 designators (discipline + modifier) and common non-NCS ones (FP, PL, LV, FF, HY). */
const DOUBLE = new Set([
  'GI', 'GC', 'GR', 'HA', 'VA', 'BG', 'CD', 'CS', 'CG', 'CP', 'CI', 'CU', 'LD', 'LI', 'LP', 'LL',
  'SD', 'SS', 'SB', 'SF', 'SG', 'AS', 'AD', 'AE', 'AI', 'AF', 'AG', 'ID', 'IN', 'IF', 'QA', 'QL',
  'FA', 'FP', 'FX', 'PD', 'PP', 'PL', 'MD', 'MH', 'MP', 'MI', 'ED', 'EP', 'EL', 'ES', 'EI', 'TN', 'TA',
  'TC', 'TY', 'RE', 'ZS',
  // Combined building-services sheets ("ME-201": mechanical and electrical on one drawing, common outside the US).
  'ME',
  // Low-voltage systems, fire fighting (South Asia, Middle East) and hydraulics (Australia, New Zealand).
  'LV', 'FF', 'HY',
]);

/**
 * Word designators (South Asian and other sets spell the discipline out: ARCH-01, STR-05, ELEC-101)
 * and the NCS designator each stands for. They need two digits: "AR-1" is more likely a tag than a sheet.
 */
const WORDS: Readonly<Record<string, string>> = {
  AR: 'A', ARC: 'A', ARCH: 'A', ARCHI: 'A',
  ST: 'S', STR: 'S', STRL: 'S', STRUC: 'S', STRUCT: 'S',
  ELE: 'E', ELEC: 'E', ELECT: 'E',
  PLB: 'P', PLMB: 'P', PLUMB: 'P',
  MECH: 'M', HVAC: 'M',
  FFS: 'F', FPS: 'FP',
  MEP: 'MEP',
  CIV: 'C', CIVIL: 'C',
  LAND: 'L',
  INT: 'I',
};

/**
 * UK role codes (BS 1192 / ISO 19650 UK annex) and the NCS designator of the same work. They differ
 * from NCS letters: H is the heating and ventilation designer, P the public health (plumbing and
 * drainage) engineer, D the drainage and highways engineer; client, surveyors, planners and
 * contractors name no trade (G, general).
 */
const UK_ROLES: Readonly<Record<string, string>> = {
  A: 'A', B: 'G', C: 'C', D: 'C', E: 'E', F: 'G', G: 'V', H: 'M', I: 'I', K: 'G', L: 'L', M: 'M',
  P: 'P', Q: 'G', S: 'S', T: 'G', W: 'Z', X: 'Z', Y: 'X', Z: 'G',
  // Two-letter roles some projects use.
  FP: 'FP', FA: 'FA', ME: 'ME', PH: 'P', LV: 'LV',
};

/** BS 1192 document types that are drawings (drawing, 2D/3D model, sketch, schedule). */
const DRAWING_TYPES = new Set(['DR', 'DW', 'M2', 'M3', 'SK', 'SH']);

const SHEET_RE = /^(?:(\d{1,2})\.)?([A-Z]{1,6})(-|\.|\s)?(\d{1,3}(?:[.-]\d{1,3})?|\d{4})([A-Z])?$/;
/** project-originator-volume-level-type-role-number, "-" or "_" between fields, optional revision/suitability code after. */
const FIELD_RE = /^[A-Z0-9]{2,10}([-_])[A-Z0-9]{2,6}\1[A-Z0-9]{1,4}\1[A-Z0-9]{1,4}\1([A-Z0-9]{2})\1([A-Z]{1,2})\1(\d{3,6})(?:\1[PCSA]\d{1,2})?$/;
/** Job number / role / number: "1234/A/100", "0815/S/201A". */
const SLASH_RE = /^\d{2,6}\/([A-Z]{1,2})\/(\d{2,4})[A-Z]?$/;
/** A revision printed after the number: "S-100 Rev C", "A101 REV. 2", "E-201 (Rev 3)". */
const REVISION = /\s*\(?\s*REV(?:ISION)?\.?\s*[A-Z0-9]{1,3}\s*\)?$/;

export interface ParsedSheetNumber {
  /** As written, spaces and any revision removed ("A-101", "E2.01", "PRJ-XXX-ZZ-00-DR-A-1001"). */
  number: string;
  /** The NCS designator the number's discipline letters stand for ("A", "FP"; "ARCH-01" → "A", UK role "H" → "M"). */
  discipline: string;
}

export function parseSheetNumber(raw: string): ParsedSheetNumber | null {
  const s = raw.trim().toUpperCase().replace(REVISION, '');
  if (s.length > 40) return null;
  const field = FIELD_RE.exec(s);
  if (field) {
    const role = UK_ROLES[field[3]!];
    return role && DRAWING_TYPES.has(field[2]!) ? { number: s, discipline: role } : null;
  }
  const slash = SLASH_RE.exec(s);
  if (slash) {
    const role = UK_ROLES[slash[1]!];
    return role ? { number: s, discipline: role } : null;
  }
  if (s.length > 12) return null;
  const m = SHEET_RE.exec(s);
  if (!m) return null;
  const [, , letters = '', sep, digits = ''] = m;
  const count = digits.replace(/\D/g, '').length;
  // Four digits run on or hyphenated ("A1001", "A-1001"): "A 2024" beside a letter is a year more often than a sheet.
  if (count === 4 && !digits.includes('.') && !digits.includes('-') && sep !== undefined && sep !== '-') return null;
  const designator = letters.length === 1 ? (SINGLE.has(letters) ? letters : null) : DOUBLE.has(letters) ? letters : null;
  if (designator) {
    // "A1" / "A.1" are grid bubbles and fixture types; a real sheet has 2+ digits or a hyphen (FP-1).
    if (count < 2 && sep !== '-') return null;
    return { number: s.replace(/\s+/g, ''), discipline: designator };
  }
  const word = WORDS[letters];
  if (!word || count < 2 || m[1]) return null;
  return { number: s.replace(/\s+/g, ''), discipline: word };
}

/** Comparable key: "A-101", "A101" and "A 101" are the same sheet. */
export const sheetKey = (number: string): string => number.toUpperCase().replace(/[-.\s]/g, '');
