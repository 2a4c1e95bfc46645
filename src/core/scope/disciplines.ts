/**
 * US National CAD Standard (NCS) sheet discipline designators and what each is honest evidence
 * for. A letter is evidence for its primary division(s) only: an "A" sheet implies no particular
 * trade (its notes and schedules do), an "E" sheet is electrical work, an "S" sheet is weak
 * evidence of concrete/steel, and so on. Regional designators (LV, FF, HY) sit beside the NCS ones;
 * word designators and UK role codes are read into these by sheet-number.ts.
 */
import { parseSheetNumber } from '../pdf/sheet-number.js';

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
  d('FF', 'Fire Fighting', ['21', S]),
  d('FA', 'Fire Alarm', ['28', S]),
  d('P', 'Plumbing', ['22', S]),
  d('PP', 'Plumbing Piping', ['22', S]),
  d('PL', 'Plumbing', ['22', S]),
  d('PD', 'Plumbing Demolition', ['22', 0.6], ['02', W]),
  d('PS', 'Plumbing Site', ['22', 0.6], ['33', W]),
  d('HY', 'Hydraulics', ['22', S]),
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
  d('LV', 'Low Voltage Systems', ['27', 0.7]),
  d('R', 'Resource'),
  d('X', 'Other Disciplines'),
  d('Z', 'Contractor/Shop Drawings'),
  d('O', 'Operations'),
];

export const DISCIPLINES: ReadonlyMap<string, Discipline> = new Map(LIST.map((x) => [x.code, x]));

/**
 * The discipline of a sheet number ("E-101" → E, "FP2.1" → FP, "AD101" → AD, "T001" → T, "ARCH-01" → A,
 * a UK field code's role "…-DR-H-1001" → M). A two-letter designator wins when it is known; otherwise the first letter.
 */
export function disciplineOfSheet(sheetNumber: string, hint?: string): Discipline | null {
  if (hint) {
    const h = DISCIPLINES.get(hint.toUpperCase());
    if (h) return h;
  }
  const parsed = parseSheetNumber(sheetNumber);
  const named = parsed && DISCIPLINES.get(parsed.discipline);
  if (named) return named;
  const m = /^\s*([A-Za-z]{1,3})[\s\-.]*\d/.exec(sheetNumber);
  if (!m) return null;
  const letters = m[1]!.toUpperCase();
  for (let n = letters.length; n >= 1; n--) {
    const found = DISCIPLINES.get(letters.slice(0, n));
    if (found) return found;
  }
  return null;
}

/**
 * "H" is hazardous materials in the US National CAD Standard and hydraulics (plumbing, drainage, water)
 * in Australian and New Zealand sets. The sheet's title decides when it names either; otherwise the
 * set's convention: a set that names hydraulic services or cites its region's standards (AS/NZS, AS 3500-2021).
 */
const HAZARDOUS_TITLE = /\b(?:hazardous|asbestos|abatement|lead[-\s]based|remediation|hazmat)\b/i;
const HYDRAULIC_TITLE = /\b(?:hydraulics?|plumbing|sanitary|drainage|sewer|storm\s?water|(?:hot|cold|domestic)\s+water|water\s+(?:supply|services?)|gas\s+services?)\b/i;
const HYDRAULICS_SET = /\bhydraulics?\s+(?:services?|engineers?|consultants?|layouts?|plans?|details?|drawings?|notes|legend|schematics?)\b|\bAS\/NZS\b|\bNZS\s?\d{4}\b|\bAS\s?\d{4}(?:\.\d{1,2})*\s*[-:\u2013]\s*(?:19|20)\d{2}\b/i;

/** Whether a set's text (sheet titles, index, notes) shows the convention in which "H" sheets are hydraulics. */
export function hydraulicsConvention(texts: Iterable<string>): boolean {
  for (const t of texts) if (HYDRAULICS_SET.test(t)) return true;
  return false;
}

function regionalDiscipline(disc: Discipline, title: string | undefined, hydraulics: boolean): Discipline {
  if (disc.code !== 'H' || (title && HAZARDOUS_TITLE.test(title))) return disc;
  return (title && HYDRAULIC_TITLE.test(title)) || hydraulics ? DISCIPLINES.get('HY')! : disc;
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
export function sheetDivisions(
  sheetNumber: string,
  title?: string,
  hint?: string,
  opts: { hydraulics?: boolean } = {},
): Array<{ division: string; strength: number; discipline: Discipline }> {
  const found = disciplineOfSheet(sheetNumber, hint);
  if (!found) return [];
  const disc = regionalDiscipline(found, title, opts.hydraulics ?? false);
  const general = isGeneralSheetTitle(title);
  if (general && (disc.code === 'T' || disc.code === 'G')) return [];
  return disc.divisions.map((x) => ({
    division: x.division,
    strength: general ? Math.min(x.strength, W) : x.strength,
    discipline: disc,
  }));
}

/** The kind of drawing a title ends in: a plan, layout, diagram, riser, schematic, details … of the work it names. */
const DRAWING = String.raw`(?:[\w&/,-]+\s+){0,3}(?:plans?|layouts?|diagrams?|risers?|schematics?|isometrics?|details?|sections?|elevations?|schedules|drawings?)\b`;
const DRAWN_WORK: ReadonlyArray<readonly [division: string, re: RegExp]> = ([
  ['02', String.raw`demolition|removals?|strip[-\s]out`],
  ['03', String.raw`foundations?|footings?|concrete(?!\s+(?:pav|sidewalk|curb|walk))|(?:ground|floor)\s+slab|slab\s+on\s+grade`],
  ['09', String.raw`reflected\s+ceiling|ceilings?|(?:floor\s+)?finish(?:es)?(?!\s+grad)|flooring`],
  ['11', String.raw`kitchen\s+equipment|food\s*service(?:\s+equipment)?`],
  ['14', String.raw`elevators?|lifts?(?!\s+station)`],
  ['21', String.raw`fire\s+(?:sprinklers?|protection|suppression|fighting|services)|sprinklers?|standpipes?`],
  ['22', String.raw`plumbing|sanitary(?!\s+sewer)|soil\s+and\s+waste|waste\s+and\s+vent|domestic\s+(?:hot\s+and\s+cold\s+)?water|hydraulics?(?:\s+services)?|above\s+ground\s+drainage`],
  ['23', String.raw`hvac|mechanical(?:\s+services)?|ductwork|air[-\s]conditioning|ventilation|heating(?:\s+and\s+ventilation)?|hydronic(?:\s+piping)?|chilled\s+water`],
  ['26', String.raw`(?:small\s+)?power|lighting|electrical(?:\s+services)?|(?:single|one)[-\s]line|power\s+and\s+lighting|photometrics?|earthing|grounding`],
  ['27', String.raw`telecom(?:munications?)?|communications|data|technology|audio[-\s]?visual|structured\s+cabling|nurse\s+call`],
  ['28', String.raw`fire\s+(?:alarm|detection)|security|access\s+control|cctv|intrusion\s+detection`],
  ['31', String.raw`grading|earthworks?|erosion(?:\s+and\s+sediment(?:ation)?)?\s+control|sediment\s+control|excavation`],
  ['32', String.raw`landscap(?:e|ing)|planting|irrigation|paving|pavement|hardscape|fencing|striping`],
  ['33', String.raw`(?:site\s+)?utilit(?:y|ies)|storm\s+(?:drainage|sewer|water)|sanitary\s+sewer|water\s+mains?|sewer(?:age)?`],
] as const).map(([division, words]) => [division, new RegExp(String.raw`(?:^|[\s(/-])(?:${words})\s+${DRAWING}|\b(?:plans?|layouts?)\s*[-\u2013:]\s*(?:${words})\b`, 'i')] as const);

/** Drawings of conditions, not of work: an existing-conditions plan shows what is there, unless it also shows removal or new work. */
const EXISTING_ONLY = /\bexisting\b(?![^]*\b(?:demo(?:lition)?|remov(?:e|al)|new|proposed)\b)|\bas[-\s]built\b|\bnot\s+used\b|\breference\s+only\b/i;

/**
 * The divisions a drawing's title names outright ("FIRST FLOOR POWER PLAN" → 26, "PLUMBING RISER
 * DIAGRAM" → 22, "REFLECTED CEILING PLAN" → 09): the drawing is of that work, whatever letter its
 * number carries. Not general sheets (cover, notes, legends) nor existing-conditions drawings.
 */
export function drawingTitleDivisions(title: string | undefined): string[] {
  if (!title || isGeneralSheetTitle(title) || EXISTING_ONLY.test(title)) return [];
  // "FIRE ALARM PLAN" is 28's drawing, not 21's; "SANITARY SEWER PLAN" is 33's, not 22's.
  const out = DRAWN_WORK.filter(([, re]) => re.test(title)).map(([division]) => division);
  return out.includes('28') ? out.filter((x) => x !== '21') : out;
}
