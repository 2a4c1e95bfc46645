/**
 * Schedule titles on drawings and in spec books: a schedule is the trade's own table (a door
 * schedule is openings work, a panel schedule is electrical work), so its title is authoritative
 * evidence where a keyword in a note is not.
 */

const TITLES: ReadonlyArray<readonly [division: string, re: RegExp]> = [
  ['08', /\b(?:door|frame|hardware|window|glazing|opening|storefront|louver)s?\s+(?:and\s+frame\s+)?schedule\b/i],
  ['09', /\b(?:room\s+)?finish(?:es)?\s+schedule\b|\b(?:paint|flooring|ceiling|wall\s+type|partition)\s+schedule\b/i],
  ['10', /\b(?:toilet\s+accessor(?:y|ies)|signage|sign|locker|specialt(?:y|ies))\s+schedule\b/i],
  ['11', /\b(?:food\s*service|kitchen|laboratory)\s+equipment\s+schedule\b/i],
  ['12', /\b(?:casework|furniture|furnishings?|window\s+treatment)\s+schedule\b/i],
  ['21', /\b(?:sprinkler|fire\s+protection|fire\s+suppression)\s+schedule\b/i],
  ['22', /\b(?:plumbing\s+fixture|plumbing\s+equipment|plumbing|fixture\s+connection|water\s+heater|domestic\s+water\s+heater)\s+schedule\b/i],
  ['23', /\b(?:air\s+(?:handling\s+unit|handler|device|distribution|terminal|inlet\s+and\s+outlet)|ahu|rtu|rooftop\s+unit|vav(?:\s+box)?|fan|exhaust\s+fan|fan\s+coil|unit\s+heater|diffuser|grille|register|heat\s+pump|boiler|chiller|pump|hvac(?:\s+equipment)?|mechanical\s+equipment|louver\s+and\s+damper|split\s+system)s?\s+schedule\b/i],
  ['26', /\b(?:panel(?:board)?|electrical\s+panel|lighting\s+fixture|light\s+fixture|luminaire|fixture\s+and\s+lamp|lighting|feeder|electrical\s+equipment|motor\s+connection|equipment\s+connection|transformer|circuit)\s+schedule\b/i],
  ['27', /\b(?:telecommunications?|data|technology|av|audio\s*visual|cabling|outlet)\s+schedule\b/i],
  ['28', /\b(?:fire\s+alarm|security|access\s+control|camera)\s+(?:device\s+)?schedule\b/i],
  ['03', /\b(?:footing|pier|pile\s+cap|foundation|slab|reinforc(?:ement|ing)|rebar|column\s+base|concrete)\s+schedule\b/i],
  ['04', /\b(?:masonry|brick\s+articulation|articulation\s+joint)\s+schedule\b/i],
  ['05', /\b(?:steel\s+(?:truss|column|beam|framing|member)|structural\s+steel|steel|lintel|base\s+plate|connection|holding\s+down\s+(?:anchor|bolt)|anchor\s+bolt)s?\s+schedule\b/i],
  ['06', /\b(?:(?:floor|roof|wall)\s+framing|timber(?:\s+\w+)?|wood(?:\s+\w+)?|joist|rafter|bearer|stud|bracing(?:\s+unit)?|header)s?\s+schedule\b/i],
  ['31', /\b(?:earthwork|cut\s+and\s+fill)\s+schedule\b/i],
  ['32', /\b(?:plant(?:ing)?|landscape|paving|pavement|fence|irrigation)\s+schedule\b/i],
  ['33', /\b(?:structure|manhole|storm\s+(?:drain|structure)|catch\s+basin|pipe|utility|drainage)\s+schedule\b/i],
];

const REFERENCE = /\b(?:see|refer(?:\s+to)?|per|as\s+(?:shown|indicated|listed)\s+(?:in|on)|according\s+to|in\s+accordance\s+with|on)\s+(?:the\s+)?(?:[\w/&-]+\s+){0,4}schedules?\b/i;

/** A line that is a title: short, mostly capitals or Title Case, no sentence punctuation at the end. */
const TITLE_LINE = /^[^a-z]{0,70}$|^(?:[A-Z0-9][\w&/+-]*\s*){1,8}$/;

/** Words and sentence ends of a note or an instruction (column abbreviations such as "NO." excepted): not a table's title and headings. */
const NOTE_WORDS = /\b(?:SHALL|WILL|MUST|PROVIDE|INSTALL|VERIFY|COORDINATE|NOTE|SCHEDULED)\b|[;!?]|(?<!\b(?:NO|TYP|MIN|MAX|DIA|HT|WD|QTY|REF|EA))\.(?:\s|$)/;

/**
 * A schedule title run into its table's column headings or beside another block on one printed line
 * ("DOOR SCHEDULE MARK WIDTH HEIGHT MATERIAL FRAME TYPE FIRE RATING HARDWARE SET REMARKS"): capitals, no
 * sentence punctuation, no words of a note.
 */
function headingsRow(t: string): boolean {
  return t.length <= 200 && !/[a-z]/.test(t) && !NOTE_WORDS.test(t);
}

/**
 * The division a schedule title stands for ("DOOR SCHEDULE" → 08, "PANEL SCHEDULE - LP1" → 26),
 * or null when the line is not a schedule title (prose that mentions a schedule is not one).
 */
export function scheduleDivision(line: string): string | null {
  const t = line.trim();
  if (!/schedule/i.test(t) || !(TITLE_LINE.test(t) || headingsRow(t))) return null;
  // "SEE DOOR SCHEDULE", "REFER TO LIGHT FIXTURE SCHEDULE": a pointer to a schedule, not the schedule.
  if (REFERENCE.test(t)) return null;
  for (const [division, re] of TITLES) if (re.test(t)) return division;
  return null;
}
