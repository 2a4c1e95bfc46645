/**
 * US National CAD Standard (NCS) sheet discipline designators and what each is honest evidence
 * for. A letter is evidence for its primary division(s) only: an "A" sheet implies no particular
 * trade (its notes and schedules do), an "E" sheet is electrical work, an "S" sheet is weak
 * evidence of concrete/steel, and so on.
 */

export interface Discipline {
  /** Designator: one letter, or a letter plus a modifier ("FP", "AD", "EL"). */
  code: string;
  name: string;
  /** Divisions a sheet of this discipline is evidence for, with strength 0..1 (≥ 0.7 = enough on its own). */
  divisions: ReadonlyArray<{ division: string; strength: number }>;
}

const d = (code: string, name: string, ...divisions: Array<[string, number]>): Discipline => ({
  code,
  name,
  divisions: divisions.map(([division, strength]) => ({ division, strength })),
});

/** Strong, weak. */
const S = 0.8;
const W = 0.35;

const LIST: Discipline[] = [
  d('G', 'General'),
  d('H', 'Hazardous Materials', ['02', 0.7]),
  d('V', 'Survey/Mapping'),
  d('B', 'Geotechnical'),
  d('C', 'Civil', ['31', W], ['33', W]),
  d('CD', 'Civil Demolition', ['02', 0.6]),
  d('CG', 'Civil Grading', ['31', 0.7]),
  d('CP', 'Civil Paving', ['32', 0.7]),
  d('CU', 'Civil Utilities', ['33', 0.7]),
  d('CS', 'Civil Site', ['31', W], ['32', W]),
  d('L', 'Landscape', ['32', 0.7]),
  d('LP', 'Landscape Planting', ['32', S]),
  d('LI', 'Landscape Irrigation', ['32', S]),
  d('S', 'Structural', ['03', W], ['05', W]),
  d('SF', 'Structural Framing', ['05', W]),
  d('A', 'Architectural'),
  d('AD', 'Architectural Demolition', ['02', 0.6]),
  d('AS', 'Architectural Site'),
  d('AI', 'Architectural Interiors', ['09', W]),
  d('AF', 'Architectural Finishes', ['09', 0.6]),
  d('I', 'Interiors', ['09', W]),
  d('ID', 'Interior Design', ['09', W]),
  d('IN', 'Interiors', ['09', W]),
  d('Q', 'Equipment', ['11', 0.6]),
  d('QF', 'Food Service Equipment', ['11', S]),
  d('QL', 'Laboratory Equipment', ['11', 0.7]),
  d('F', 'Fire Protection', ['21', S]),
  d('FP', 'Fire Protection', ['21', S]),
  d('FX', 'Fire Protection', ['21', S]),
  d('FS', 'Fire Suppression', ['21', S]),
  d('FA', 'Fire Alarm', ['28', S]),
  d('P', 'Plumbing', ['22', S]),
  d('PP', 'Plumbing Piping', ['22', S]),
  d('PL', 'Plumbing', ['22', S]),
  d('PD', 'Plumbing Demolition', ['22', 0.6], ['02', W]),
  d('PS', 'Plumbing Site', ['22', 0.6], ['33', W]),
  d('D', 'Process', ['40', 0.6]),
  d('M', 'Mechanical', ['23', S]),
  d('MH', 'Mechanical HVAC', ['23', S]),
  d('MD', 'Mechanical Demolition', ['23', 0.6], ['02', W]),
  d('MP', 'Mechanical Piping', ['23', S], ['22', W]),
  d('MEP', 'Mechanical/Electrical/Plumbing', ['22', W], ['23', W], ['26', W]),
  d('ME', 'Mechanical/Electrical', ['23', W], ['26', W]),
  d('E', 'Electrical', ['26', S]),
  d('EP', 'Electrical Power', ['26', S]),
  d('EL', 'Electrical Lighting', ['26', S]),
  d('ES', 'Electrical Site', ['26', S]),
  d('ED', 'Electrical Demolition', ['26', 0.6], ['02', W]),
  d('EY', 'Electrical Auxiliary Systems', ['27', W], ['28', W]),
  d('ET', 'Electrical Telecommunications', ['27', 0.7]),
  d('W', 'Distributed Energy', ['48', W], ['26', W]),
  d('T', 'Telecommunications', ['27', 0.7]),
  d('TN', 'Telecommunications Network', ['27', S]),
  d('TA', 'Audio Visual', ['27', S]),
  d('TY', 'Security', ['28', 0.7]),
  d('TC', 'Telecommunications', ['27', 0.7]),
  d('R', 'Resource'),
  d('X', 'Other Disciplines'),
  d('Z', 'Contractor/Shop Drawings'),
  d('O', 'Operations'),
];

export const DISCIPLINES: ReadonlyMap<string, Discipline> = new Map(LIST.map((x) => [x.code, x]));

/**
 * The discipline of a sheet number ("E-101" → E, "FP2.1" → FP, "AD101" → AD, "T001" → T).
 * A two-letter designator wins when it is known; otherwise the first letter.
 */
export function disciplineOfSheet(sheetNumber: string, hint?: string): Discipline | null {
  if (hint) {
    const h = DISCIPLINES.get(hint.toUpperCase());
    if (h) return h;
  }
  const m = /^\s*([A-Za-z]{1,3})[\s\-.]*\d/.exec(sheetNumber);
  if (!m) return null;
  const letters = m[1]!.toUpperCase();
  for (let n = letters.length; n >= 1; n--) {
    const found = DISCIPLINES.get(letters.slice(0, n));
    if (found) return found;
  }
  return null;
}

/** Sheets whose title says they are general (cover, notes, legends): their letter says nothing about a trade. */
const GENERAL_TITLE = /\b(?:cover|title\s+sheet|index|drawing\s+list|list\s+of\s+drawings|general\s+notes|notes|legends?|symbols|abbreviations|code\s+(?:analysis|review|plan)|life\s+safety)\b/i;
export function isGeneralSheetTitle(title: string | undefined): boolean {
  return title !== undefined && GENERAL_TITLE.test(title);
}

/**
 * Division evidence from a sheet: its discipline's divisions. A general sheet (cover, notes,
 * legends) of a discipline whose letter also means a title/general sheet in practice ("T" is
 * used for "Title") gives no evidence; other disciplines' general sheets give weak evidence.
 */
export function sheetDivisions(sheetNumber: string, title?: string, hint?: string): Array<{ division: string; strength: number; discipline: Discipline }> {
  const disc = disciplineOfSheet(sheetNumber, hint);
  if (!disc) return [];
  const general = isGeneralSheetTitle(title);
  if (general && (disc.code === 'T' || disc.code === 'G')) return [];
  return disc.divisions.map((x) => ({
    division: x.division,
    strength: general ? Math.min(x.strength, W) : x.strength,
    discipline: disc,
  }));
}
