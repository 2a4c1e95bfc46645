/**
 * Schedule titles on drawings and in spec books: a schedule is the trade's own table (a door
 * schedule is openings work, a panel schedule is electrical work), so its title is authoritative
 * evidence where a keyword in a note is not.
 */

const TITLES: ReadonlyArray<readonly [division: string, re: RegExp]> = [
  // UK and Commonwealth sets call door hardware "ironmongery".
  ['08', /\b(?:door|frame|hardware|ironmongery|window|glazing|opening|storefront|louver|louvre)s?\s+(?:and\s+frame\s+)?schedule\b/i],
  ['09', /\b(?:room\s+)?finish(?:es)?\s+(?:schedule|legend|key)\b|\b(?:paint|colou?r|flooring|floor\s+finish|ceiling|wall\s+type|partition|tiling|tile|carpet)\s+schedule\b/i],
  ['10', /\b(?:toilet\s+accessor(?:y|ies)|signage|sign|locker|specialt(?:y|ies))\s+schedule\b/i],
  ['11', /\b(?:food\s*service|kitchen|laboratory)\s+equipment\s+schedule\b/i],
  ['12', /\b(?:casework|furniture|furnishings?|window\s+treatment)\s+schedule\b/i],
  ['21', /\b(?:fire\s+)?sprinkler(?:\s+head)?(?:\s+type)?\s+schedule\b|\b(?:fire\s+protection|fire\s+suppression|fire\s+pump|standpipe|hose\s+reel)\s+schedule\b/i],
  // Sanitaryware, sanitary fittings and appliances, tapware, hot water units: the plumber's fixtures in UK, AU and Indian sets.
  ['22', /\b(?:plumbing\s+fixture|plumbing\s+equipment|plumbing|sanitary\s+(?:fixture|fitting|appliance)s?|sanitary\s*ware|tapware|fixture\s+connection|(?:domestic\s+)?water\s+heater|hot\s+water\s+(?:unit|heater|plant)|grease\s+(?:trap|interceptor)|floor\s+drain|backflow\s+preventer)\s+schedule\b|\bplumbing\s+schedules\b/i],
  ['23', /\b(?:air\s+(?:handling\s+unit|handler|device|distribution|terminal|inlet\s+and\s+outlet|outlet|curtain)|ahu|rtu|rooftop\s+unit|vav(?:\s+box)?|fan|exhaust\s+fan|fan\s+coil(?:\s+unit)?|fcu|unit\s+heater|cabinet\s+heater|diffuser|grille|register|heat\s+pump|boiler|chiller|cooling\s+tower|pump|hvac(?:\s+equipment)?|mechanical\s+equipment|louver\s+and\s+damper|damper|split\s+system|condensing\s+unit|vrf|vrv|(?:energy|heat)\s+recovery\s+(?:unit|ventilator)|erv|hrv|make[-\s]?up\s+air\s+unit|air\s+conditioning(?:\s+unit)?)s?\s+schedule\b|\b(?:mechanical|hvac)\s+schedules\b/i],
  // Panel, distribution board (DB), switchboard and load schedules: the electrician's tables everywhere.
  ['26', /\b(?:panel(?:board)?(?:\s+['"]?[A-Z]{0,3}[-\d]{0,4}[A-Z]?['"]?)?|electrical\s+panel|distribution\s+board|d\.?b\.?(?:[-\s]?\d{1,3})?|switchboard|switchgear|mcc|motor\s+control\s+cent(?:er|re)|sub[-\s]?mains?|lighting\s+fixture|light\s+fixture|luminaire|fixture\s+and\s+lamp|lighting(?:\s+control)?|feeder|cable|electrical\s+equipment|motor\s+connection|equipment\s+connection|transformer|generator|circuit|(?:electrical\s+|connected\s+)?load)\s+schedule\b|\belectrical\s+schedules\b/i],
  ['27', /\b(?:telecommunications?|data|technology|av|audio\s*visual|cabling|outlet)\s+schedule\b/i],
  ['28', /\b(?:fire\s+alarm|fire\s+detection|smoke\s+detector|security|access\s+control|camera|cctv)\s+(?:device\s+|equipment\s+|zone\s+|(?:control\s+)?panel\s+)?schedule\b/i],
  ['03', /\b(?:footing|pier|pile\s+cap|foundation|slab|reinforc(?:ement|ing)|rebar|column\s+base|concrete)\s+schedule\b/i],
  ['04', /\b(?:masonry|brick\s+articulation|articulation\s+joint)\s+schedule\b/i],
  ['05', /\b(?:steel\s+(?:truss|column|beam|framing|member)|structural\s+steel|steel|lintel|base\s+plate|connection|holding\s+down\s+(?:anchor|bolt)|anchor\s+bolt)s?\s+schedule\b/i],
  ['06', /\b(?:(?:floor|roof|wall)\s+framing|timber(?:\s+\w+)?|wood(?:\s+\w+)?|joist|rafter|bearer|stud|bracing(?:\s+unit)?|header)s?\s+schedule\b/i],
  ['31', /\b(?:earthwork|cut\s+and\s+fill)\s+schedule\b/i],
  ['32', /\b(?:plant(?:ing)?|landscape|paving|pavement|fence|irrigation)\s+schedule\b/i],
  ['33', /\b(?:structure|manhole|storm\s+(?:drain|structure)|catch\s+basin|pipe|utility|drainage)\s+schedule\b/i],
];

/** Loads of a structure or a building's heating and cooling, not an electrical load schedule. */
const NOT_ELECTRICAL_LOAD = /\b(?:live|dead|design|floor|roof|wind|snow|imposed|superimposed|seismic|pile|gravity|structural|heating|cooling|thermal)\s+load\s+schedule\b/i;

/** Panels of a building's fabric ("ACOUSTIC PANEL SCHEDULE", "PRECAST PANEL SCHEDULE") or of an alarm system: not an electrical panelboard. */
const NOT_PANELBOARD = /\b(?:acoustic(?:al)?|wall|ceiling|precast|metal|composite|insulated|wood|timber|fabric|glass|solar|roof|sandwich|cladding|tilt[-\s]?up|concrete|access|infill|spandrel|fence|partition|stone|veneer|cement|alarm)\s+(?:control\s+)?panel\b/i;

/**
 * A schedule whose title names no trade ("EQUIPMENT SCHEDULE", "FIXTURE SCHEDULE", "UNIT SCHEDULE") is the
 * table of the sheet it is printed on: mechanical equipment on an M sheet, plumbing fixtures on a P sheet.
 */
const GENERIC = /^(?:[A-Z]{1,4}[-\s]?\d{0,3}\s+)?(?:equipment|fixture|unit|device|connection)s?\s+schedule\b/i;

/** "SCHEDULE OF DOORS", "SCHEDULE OF IRONMONGERY", "Schedule of Sanitary Fittings": the Commonwealth word order, read as "<X> SCHEDULE". */
const SCHEDULE_OF = /\bschedule\s+of\s+((?:[\w-]+\s+){0,3}?[\w-]+?)(?:s|es)?(?=\s*(?:$|[-\u2013:(]))/i;

const REFERENCE = /\b(?:see|refer(?:\s+to)?|per|as\s+(?:shown|indicated|listed|noted|scheduled|specified)\s+(?:in|on)|(?:shown|indicated|listed|noted|scheduled|specified|identified)\s+(?:in|on)|according\s+to|in\s+accordance\s+with|on|in|from|with)\s+(?:the\s+)?(?:[\w/&-]+\s+){0,4}(?:schedules?|legends?)\b|\b(?:schedules?|legends?)\s*[,(-]?\s*(?:see|refer)\b/i;

/** A line that is a title: short, mostly capitals or Title Case ("Schedule of Sanitary Fittings"), no sentence punctuation at the end. */
const TITLE_LINE = /^[^a-z]{0,70}$|^(?:(?:[A-Z0-9][\w&/+-]*|of|and|for|the)\s*){1,8}$/;

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
 * The division a schedule title stands for ("DOOR SCHEDULE" → 08, "PANEL SCHEDULE - LP1" → 26, "SCHEDULE OF
 * IRONMONGERY" → 08, "FINISH LEGEND" → 09), or null when the line is not a schedule title (prose that mentions
 * a schedule is not one). `sheetDivision`: the trade of the sheet the line is on, for a title that names none.
 */
export function scheduleDivision(line: string, sheetDivision?: string): string | null {
  const t = line.trim();
  if (!/schedule|finish(?:es)?\s+(?:legend|key)\b/i.test(t) || !(TITLE_LINE.test(t) || headingsRow(t))) return null;
  // "SEE DOOR SCHEDULE", "REFER TO LIGHT FIXTURE SCHEDULE": a pointer to a schedule, not the schedule.
  if (REFERENCE.test(t)) return null;
  const inverted = SCHEDULE_OF.exec(t);
  const title = inverted ? `${inverted[1]} schedule` : t;
  for (const [division, re] of TITLES) {
    if (!re.test(title)) continue;
    if (division === '26' && (NOT_ELECTRICAL_LOAD.test(title) || NOT_PANELBOARD.test(title))) continue;
    return division;
  }
  return sheetDivision !== undefined && GENERIC.test(title) ? sheetDivision : null;
}
