import { VOCABULARY } from './vocabulary.js';

/**
 * Work sections of bills of quantities and rate schedules → MasterFormat divisions. A bill is
 * organised by work section (UK NRM2 "14 Masonry", "39 Electrical services"; Indian schedules of
 * rates "Chapter 13 Finishing"), and a section heading is the bill's own statement of a trade.
 * Item codes ("13.1", "17.32.1") are positions in the bill, never division numbers: only the
 * section's name is mapped. Sections whose content varies by job ("Furniture, fittings and equipment"
 * holds sanitary appliances in one bill and kitchens in another; "Stairs, walkways and balustrades"
 * may be timber or steel) are not mapped: their items' own words decide. South African bills (JBCC /
 * ASAQS model preambles) name their trades the same way: "CARPENTRY AND JOINERY", "IRONMONGERY", "PAINTWORK".
 */
const SECTIONS: ReadonlyArray<readonly [division: string, name: string]> = [
  ['02', 'demolitions?'], ['02', 'demolition works?'], ['02', 'dismantling(?: and demolishing)?'], ['02', 'alterations?,? repairs? and conservation'],
  ['02', 'repairs to buildings'], ['02', 'alterations'], ['02', 'ground remediation(?: and soil stabili[sz]ation)?'],
  ['31', 'excavat(?:ing|ion) and filling'], ['31', 'earth ?works?'], ['31', 'groundworks?'], ['31', 'piling'], ['31', 'pile work'], ['31', 'underpinning'],
  ['31', 'diaphragm walls(?: and embedded retaining walls)?'],
  ['03', 'concrete,? formwork,?(?: and)? reinforcement'], ['03', 'in-? ?situ concrete(?: works)?'], ['03', '(?:composite )?precast(?:/composite)? concrete'], ['03', 'concrete works?'], ['03', 'reinforced cement concrete'],
  ['04', 'masonry'], ['04', 'brick ?work'], ['04', 'block ?work'], ['04', 'stone ?work'], ['04', 'brick(?:/block)? walling'],
  ['05', 'structural metal ?work'], ['05', 'structural steel ?work'], ['05', 'steel ?work'], ['05', 'metal ?work'],
  ['06', 'carpentry and joinery'], ['06', 'joinery fittings'], ['06', 'carpentry'], ['06', 'general joinery'], ['06', 'joinery'], ['06', 'wood(?: and pvc)? work'], ['06', 'timber framing'],
  ['07', 'sheet roof coverings'], ['07', 'tile and slate roof(?: and wall)? coverings'], ['07', 'roof coverings'], ['07', 'roofing'],
  ['07', 'water ?proofing'], ['07', 'cladding and covering'], ['07', 'insulation,? fire ?stopping and fire protection'],
  ['08', 'ironmongery'], ['08', 'windows,? screens and lights'], ['08', 'windows'], ['08', 'doors,? shutters and hatches'], ['08', 'doors'], ['08', 'glazing'], ['08', 'aluminium work'],
  ['09', 'floor,? wall,? ceiling and roof finishings'], ['09', 'decoration'], ['09', 'painting and decorating'], ['09', 'suspended ceilings'],
  ['09', 'ceilings,? partitions(?: and access flooring)?'], ['09', 'floor coverings'], ['09', 'tiling'], ['09', 'paint ?work'],
  ['09', 'proprietary linings and partitions'], ['09', 'finishing'], ['09', 'flooring'], ['09', 'plastering'],
  ['14', 'transportation(?: installations)?'], ['14', 'lifts?(?: installations?)?'],
  ['22', 'drainage above ground'], ['22', 'sanitary installations?'], ['22', 'sanitary appliances(?: and fittings)?'], ['22', 'water supply'],
  ['22', 'plumbing(?: and drainage| installations?)?'],
  ['23', 'mechanical services'], ['23', 'mechanical installations?'], ['23', 'heating(?:,? ventilation and air conditioning)?(?: installations?)?'],
  ['26', 'electrical services'], ['26', 'electrical installations?'], ['26', 'electrical works?'],
  ['33', 'drainage below ground'], ['33', 'drainage'], ['33', 'sewerage'], ['33', 'external services'],
  ['32', 'site works'], ['32', 'external works'], ['32', 'fencing'], ['32', 'soft landscaping'], ['32', 'hard landscaping'], ['32', 'landscaping'],
  ['32', 'road ?works?'], ['32', 'horticulture'], ['32', 'paving'],
];

const MATCHERS = SECTIONS.map(([division, rawName]) => ({
  division,
  // "14 Masonry", "Bill No. 6 Masonry", "6.14 Masonry", "CHAPTER 13 FINISHING", "MASONRY" — then at most a short tail ("Bill No.", a total).
  re: new RegExp(String.raw`^(?:(?:bill|chapter|section|part)\s*(?:no\.?)?\s*)?(?:\d{1,2}(?:\.\d{1,2})?[.:)]?\s+)?(?:${rawName.replace(/ and /g, ' (?:and|&) ')})\b(?:\s*\(provisional\))?(?:\s*[-–:]?\s*(?:bill\s+no\.?|\d[\d,.]*|£|\$|₹|rs\.?)?\s*){0,3}$`, 'i'),
}));

/** The division a bill's work-section heading stands for, or null when the line is not one. */
export function workSectionDivision(line: string): string | null {
  const t = line.replace(/\s+/g, ' ').trim();
  // Headings are written in Title Case or capitals; a lower-case line is a wrapped continuation.
  if (t.length > 80 || !/^[^a-z]*[A-Z0-9]/.test(t) || /^[a-z]/.test(t)) return null;
  for (const m of MATCHERS) if (m.re.test(t)) return m.division;
  // Any other trade's own name as the whole heading ("IRONMONGERY", "4 Lifts", "ELECTRICAL INSTALLATION (PROVISIONAL)").
  const name = HEADING.exec(t)?.[1];
  return name ? (TRADE_NAME_DIVISION.get(nameKey(name)) ?? null) : null;
}

/** A heading's numbering and its tail (a bill number, a total, "(PROVISIONAL)") around the name. */
const HEADING = /^(?:(?:bill|chapter|section|part)\s*(?:no\.?)?\s*)?(?:\d{1,2}(?:\.\d{1,2})?[.:)]?\s+)?([A-Za-z][A-Za-z &,/-]{2,60}?)(?:\s*\(provisional\))?(?:\s*[-–:]?\s*(?:bill\s+no\.?|\d[\d,.]*|£|\$|₹|rs\.?)?\s*){0,3}$/i;
const nameKey = (name: string) => name.toLowerCase().replace(/&/g, 'and').replace(/[\s,-]+/g, ' ').trim();
/** The trade names of the vocabulary (vocabulary.ts `name`): a bill that heads a section with one is that trade's bill. */
const TRADE_NAME_DIVISION = new Map(Object.entries(VOCABULARY).flatMap(([division, words]) => (words.name ?? []).map((n) => [nameKey(n), division] as const)));
