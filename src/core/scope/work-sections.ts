import { VOCABULARY } from './vocabulary.js';
import { statedWorks } from './works-vocabulary.js';

/**
 * Work sections of bills of quantities and rate schedules → MasterFormat divisions. A bill is
 * organised by work section (UK NRM2 "14 Masonry", "39 Electrical services"; Indian schedules of
 * rates "Chapter 13 Finishing"), and a section heading is the bill's own statement of a trade.
 * Item codes ("13.1", "17.32.1") are positions in the bill, never division numbers: only the
 * section's name is mapped. Sections whose content varies by job ("Furniture, fittings and equipment"
 * holds sanitary appliances in one bill and kitchens in another; "Stairs, walkways and balustrades"
 * may be timber or steel) are not mapped: their items' own words decide. South African bills (JBCC /
 * ASAQS model preambles) name their trades the same way: "CARPENTRY AND JOINERY", "IRONMONGERY", "PAINTWORK".
 * Australian / New Zealand schedules (ANZSMM) code their trade sections "T04 Groundworks", "T32 Hydraulics"
 * (hydraulics is plumbing, transportation services are lifts); East African bills total their elements
 * ("3.00 WALLING", "Total for Finishing", "LIGHTENING PROTECTION AND ELECTRICAL", a common misspelling).
 */
const SECTIONS: ReadonlyArray<readonly [division: string, name: string]> = [
  ['02', 'demolitions?'], ['02', 'demolition works?'], ['02', 'dismantling(?: and demolishing)?'], ['02', 'alterations?,? repairs? and conservation'],
  ['02', 'repairs to buildings'], ['02', 'alterations'], ['02', 'ground remediation(?: and soil stabili[sz]ation)?'],
  ['31', 'excavat(?:ing|ion) and filling'], ['31', 'earth ?works?'], ['31', 'groundworks?'], ['31', 'piling(?: works?)?'], ['31', 'pile works?'], ['31', 'underpinning'],
  ['31', 'diaphragm walls(?: and embedded retaining walls)?'], ['31', 'earth ?works? and substructure'],
  ['03', 'concrete,? formwork,?(?: and)? reinforcement'], ['03', 'in-? ?situ concrete(?: works)?'], ['03', '(?:composite )?precast(?:/composite)? concrete'], ['03', 'concrete works?'], ['03', 'reinforced cement concrete'], ['03', 'reinforced concrete(?: frame| works?)?'], ['03', 'concrete'], ['03', 'formwork'], ['03', 'reinforcement'], ['03', 'prestressing'],
  ['04', 'masonry'], ['04', 'brick ?work'], ['04', 'block ?work'], ['04', 'stone ?work'], ['04', 'brick(?:/block)? walling'], ['04', 'walling'],
  ['05', 'structural metal ?work'], ['05', 'structural steel ?work'], ['05', 'steel ?work'], ['05', 'metal ?works?'], ['05', 'structural steel'],
  ['06', 'carpentry and joinery'], ['06', 'joinery fittings'], ['06', 'carpentry'], ['06', 'general joinery'], ['06', 'joinery'], ['06', 'wood(?: and pvc)? work'], ['06', 'timber framing'],
  ['07', 'sheet roof coverings'], ['07', 'tile and slate roof(?: and wall)? coverings'], ['07', 'roof coverings'], ['07', 'roofing'],
  ['07', 'water ?proofing'], ['07', 'tanking(?: and waterproof(?:ing)? membranes)?'], ['07', 'cladding and covering'], ['07', 'insulation,? fire ?stopping and fire protection'],
  ['08', 'ironmongery'], ['08', 'windows,? screens and lights'], ['08', 'windows'], ['08', 'doors,? shutters and hatches'], ['08', 'doors'], ['08', 'glazing'], ['08', 'aluminium works?'], ['08', '(?:door )?hardware'],
  ['09', 'floor,? wall,? ceiling and roof finishings'], ['09', 'decoration'], ['09', 'painting and decorating'], ['09', 'suspended ceilings'],
  ['09', 'ceilings,? partitions(?: and access flooring)?'], ['09', 'floor coverings'], ['09', 'tiling'], ['09', 'paint ?work'],
  ['09', 'proprietary linings and partitions'], ['09', 'finishings?'], ['09', 'applied finishes(?:,? render and textured finishes)?'], ['09', 'carpet and resilient finishes'], ['09', 'tiling,? slab and paving'], ['09', 'partitions'], ['09', 'painting'], ['09', 'access floors'], ['09', 'flooring'], ['09', 'plastering'],
  ['14', 'transportation(?: installations| services)?'], ['14', 'lifts?(?: installations?)?'],
  ['22', 'drainage above ground'], ['22', 'sanitary installations?'], ['22', 'sanitary appliances(?: and fittings)?'], ['22', 'water supply'],
  ['22', 'plumbing(?: and drainage| installations?)?'], ['22', 'sanitary,? plumbing,? and drainage(?: installations?)?'], ['22', 'sanitary (?:fittings|ware) and plumbing'], ['22', 'hydraulics?(?: services| installations?)?'],
  ['21', 'fire protection(?: services| installations?)?'],
  ['23', 'mechanical services'], ['23', 'mechanical installations?'], ['23', 'heating(?:,? ventilation and air conditioning)?(?: installations?)?'],
  ['26', 'electrical services'], ['26', 'electricals'], ['26', 'electrical installations?'], ['26', 'electrical works?'], ['26', 'light(?:e)?ning protection and electrical(?: installations?| works?)?'],
  ['33', 'drainage below ground'], ['33', 'drainage'], ['33', 'sewerage'], ['33', 'external services'],
  ['32', 'site works'], ['32', 'external works'], ['32', 'fencing'], ['32', 'soft landscaping'], ['32', 'hard landscaping'], ['32', 'landscaping'],
  ['32', 'road ?works?'], ['32', 'exterior elements'], ['32', 'horticulture'], ['32', 'paving'],
  // Elements of an elemental bill or cost plan (NRM1 / BCIS, and the element lists of African and Asian bills) whose trade is fixed.
  ['08', 'windows,?(?: and)? external doors'], ['08', 'external doors'], ['08', 'internal doors'], ['09', 'ceiling finishes'],
  ['22', 'disposal installations?'], ['22', '(?:hot and )?cold water installations?'], ['22', 'water installations?'],
  ['23', 'heat source'], ['23', 'space heating(?:,? and air (?:treatment|conditioning))?'], ['23', 'ventilat(?:ing|ion) (?:systems?|installations?)'],
  ['27', 'communications? installations?'], ['21', 'fire ?fighting(?: installations?| systems?| services)?'], ['28', 'cctv(?: installations?| systems?)?'],
  ['28', 'security installations?'],
  // Summary titles of Indian, African and Asian bills: public health engineering (PHE) is plumbing, a DG set a generator,
  // external development the roads, paths and drains around the buildings.
  ['22', 'sanitary works?'], ['22', 'p\\.?h\\.?e\\.?(?: works?| services)?'], ['22', 'public health(?: engineering)?(?: works?| services| installations?)?'],
  ['23', 'hvac(?: works?| installations?| systems?)?'], ['23', 'air[- ]?conditioning(?: and ventilation)?(?: works?| installations?| systems?)?'], ['23', 'ventilation works?'],
  ['21', 'fire ?fighting works?'], ['09', 'false ceilings?'], ['08', 'structural glazing'], ['08', 'aluminium (?:doors and windows|glazing)'],
  ['26', 'd\\.?g\\.? sets?'], ['26', 'diesel generator sets?'], ['26', '(?:electrical )?sub-? ?stations?'], ['26', 'external electrification'], ['26', 'internal electrification'],
  ['27', 'p\\.?a\\.? systems?'], ['27', 'public address(?: systems?)?'], ['27', 'ict(?: installations?| works?| systems?)?'], ['27', '(?:data|lan|network(?:ing)?)(?: and voice)? (?:cabling|works?|installations?)'],
  ['28', 'access control(?: systems?)?'], ['32', 'external development'], ['32', 'car ?park(?:ing)?(?: areas?)?'], ['32', 'landscape'], ['33', 'storm ?water drainage'],
  // Trade bills of South African (ASAQS / JBCC) and East African bills, printed with "ETC." tails ("ROOF COVERINGS, ETC.",
  // "FLOOR COVERINGS, WALL LININGS, ETC."), and the services and site bills of their civil schedules.
  ['03', 'formwork and reinforcement'], ['03', '(?:reinforced )?concrete (?:superstructure|frame)'], ['02', 'demolitions? and alterations'],
  ['31', 'site clearance'], ['32', 'kerbs?(?: and channels?)?'], ['32', 'roads? and paving'], ['32', '(?:bituminous|asphalt) (?:work|surfacing)'],
  ['09', 'floor coverings,? wall linings'], ['09', 'wall linings'], ['09', 'paperhanging'], ['09', 'dry ?walling'],
  ['09', '(?:floor,? wall,? and ceiling|internal|external) finish(?:es|ings)'], ['22', 'soil,?(?: and)? waste(?: and vent)? pipes'],
  ['21', 'sprinkler installations?'], ['33', '(?:sewer|water|storm ?water|sewerage) reticulation'],
];

const MATCHERS = SECTIONS.map(([division, rawName]) => ({
  division,
  // "14 Masonry", "Bill No. 6 Masonry", "6.14 Masonry", "CHAPTER 13 FINISHING", "MASONRY", "T04 Groundworks", "2F Windows" (a BCIS element), "5.0 Total for
  // Finishing", "Earth Works and Substructure inc slab" — then at most a short tail ("Bill No.", a total).
  re: new RegExp(String.raw`^(?:\d{1,2}[.)]\s+)?(?:(?:bill|chapter|section|part)\s*(?:no\.?)?\s*)?(?:[A-Z]?\d{1,2}(?:\.\d{1,2}|[A-Z](?![A-Za-z]))?\s*[.:)–-]?\s+)?(?:total\s+for\s+)?(?:${rawName.replace(/ and\b/g, ' (?:and|&)')})\b(?:\s+works?)?(?:,?\s+etc\.?)?(?:\s*\((?:all\s+)?provisional\))?(?:\s+inc(?:l(?:uding)?)?\.?\s+[a-z]+)?(?:\s*[-–:]?\s*(?:bill\s+no\.?|\d[\d,.]*|£|\$|₹|rs\.?)?\s*){0,3}$`, 'i'),
}));

/** The division a bill's work-section heading stands for, or null when the line is not one. */
export function workSectionDivision(line: string): string | null {
  // An index entry's leader dots and page references ("SANITARY, PLUMBING & DRAINAGE …… Bill 3/S5/47-53") are not its name.
  const t = line.replace(/\s+/g, ' ').trim().replace(/\s*(?:\.{3,}|…)[.…\s]*.*$/, '').replace(/(?:\s+(?:bill\s+)?[A-Z]{0,3}\d{1,3}\/[\w/-]*)+$/i, '');
  // Headings are written in Title Case or capitals; a lower-case line is a wrapped continuation.
  if (t.length > 80 || !/^[^a-z]*[A-Z0-9]/.test(t) || /^[a-z]/.test(t)) return null;
  for (const m of MATCHERS) if (m.re.test(t)) return m.division;
  // Any other trade's own name as the whole heading ("IRONMONGERY", "4 Lifts", "ELECTRICAL INSTALLATION (PROVISIONAL)").
  const name = HEADING.exec(t)?.[1];
  return name ? (TRADE_NAME_DIVISION.get(nameKey(name)) ?? null) : null;
}

/** A heading's numbering and its tail (a bill number, a total, "(PROVISIONAL)") around the name. */
const HEADING = /^(?:\d{1,2}[.)]\s+)?(?:(?:bill|chapter|section|part)\s*(?:no\.?)?\s*)?(?:\d{1,2}(?:\.\d{1,2})?\s*[.:)–-]?\s+)?([A-Za-z][A-Za-z &,/-]{2,60}?)(?:\s*\(provisional\))?(?:\s*[-–:]?\s*(?:bill\s+no\.?|\d[\d,.]*|£|\$|₹|rs\.?)?\s*){0,3}$/i;
const nameKey = (name: string) => name.toLowerCase().replace(/&/g, 'and').replace(/[\s,-]+/g, ' ').trim();
/** The trade names of the vocabulary (vocabulary.ts `name`): a bill that heads a section with one is that trade's bill. */
const TRADE_NAME_DIVISION = new Map(Object.entries(VOCABULARY).flatMap(([division, words]) => (words.name ?? []).map((n) => [nameKey(n), division] as const)));

/**
 * Abbreviations bill items use for a trade's material, with the mix or thickness that marks them as
 * an item ("12mm thick CP (1:6)" is cement plaster, "PCC (1:4:8)" plain cement concrete). Only read
 * in a bill's items, where the abbreviation cannot be anything else.
 */
const ITEM_ABBREVIATIONS: ReadonlyArray<readonly [division: string, phrase: string, re: RegExp]> = [
  ['09', 'cement plaster', /\b\d{1,2}\s*mm\s+thick\s+CP\b|\bCP\s*\(\s*1\s*:\s*\d\s*\)/g],
  ['03', 'plain cement concrete', /\bPCC\s*\(\s*1\s*:\s*\d(?:\s*:\s*\d{1,2})?\s*\)/g],
];

/** The trade abbreviations of a bill item, with where they stand in it. */
export function itemAbbreviations(item: string): Array<{ division: string; phrase: string; index: number; length: number }> {
  const out: Array<{ division: string; phrase: string; index: number; length: number }> = [];
  for (const [division, phrase, re] of ITEM_ABBREVIATIONS) {
    for (const m of item.matchAll(re)) out.push({ division, phrase, index: m.index, length: m[0].length });
  }
  return out;
}

/** "Section No. 3 Piling Works (Provisional) Section No. 4 New Block …": a contents line that runs several sections together. */
const RUN_ON_ENTRY = /(?=\b(?:section|bill)\s+no\.?\s*\d)/i;

/**
 * The work sections of a contents line that runs several numbered sections or bills together, each
 * entry read on its own (an entry's name may run into the page references that follow it).
 */
export function runOnWorkSections(line: string): Array<{ division: string; entry: string }> {
  const parts = line.split(RUN_ON_ENTRY);
  const entries = parts.filter((e) => /^(?:section|bill)\s+no/i.test(e));
  // Two entries on the line, or one after the tail of the previous line's entry.
  if (entries.length < 2 && !(entries.length === 1 && parts.length > 1 && !/^[\d.)\s]*$/.test(parts[0]!))) return [];
  const out: Array<{ division: string; entry: string }> = [];
  for (const entry of entries) {
    const words = entry.trim().split(/\s+/);
    // The longest run of the entry's first words that is a work-section heading.
    for (let n = Math.min(words.length, 10); n >= 3; n--) {
      const division = workSectionDivision(words.slice(0, n).join(' '));
      if (division) {
        out.push({ division, entry: words.slice(0, n).join(' ') });
        break;
      }
    }
  }
  return out;
}

/** A numbered bill of a summary ("6 ELECTRICALS -OFFICE", "BILL No. 3 – ELECTRICAL INSTALLATIONS 1,250,000.00"): number, title, amount. */
const SUMMARY_BILL = /^(?:bill\s*(?:no\.?)?\s*)?(?:[A-Z]?\d{1,2}(?:\.\d{1,2})?)\s*[.:)–—-]?\s+([A-Z][A-Z &,/'()-]{2,60}?)(?:\s*[-–:]?\s*(?:\d[\d,.]*|£|\$|₹|(?<![A-Za-z])(?:rs|ksh)\.?(?![A-Za-z]))\s*){0,3}$/i;
/**
 * A bill titled by the building it prices ("OFFICE BLOCK", "SALE YARD OFFICES", "TOILET STRUCTURE",
 * "CLASSROOM BLOCK", "STAFF HOUSES"): the bill holds that building's trades, whatever they are.
 */
const BUILDING = /\b(?:blocks?|buildings?|offices?|houses?|housing|structures?|toilets?|latrines?|ablutions?|classrooms?|dormitor(?:y|ies)|hostels?|kitchens?|dining\s+halls?|halls?|workshops?|stores?|warehouses?|sheds?|clinics?|wards?|laborator(?:y|ies)|librar(?:y|ies)|canteens?|gate\s*houses?|guard\s*houses?|pavilions?|residences?|bungalows?|quarters|dwellings?|annex(?:e|es)?|extensions?)\b/i;
/** Bills that price no trade: the contract's general items. */
const GENERAL_BILL = /\b(?:preliminar(?:y|ies)|generals?|provisional\s+sums?|prime\s+cost|contingenc(?:y|ies)|dayworks?|summary|totals?|collection|vat|tax)\b/i;

/** Building elements whose bill is built by the same trades wherever it is priced. */
const ELEMENT_TRADES: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/^substructures?$/i, ['31', '03']],
  [/^roofs?(?:\s+construction)?$/i, ['07']],
];

export interface BillTitleWork {
  /** Trades the bill's title names ("ELECTRICALS", "YARD FENCING"). */
  divisions: string[];
  /** Trades a building element's bill is usually built by ("SUBSTRUCTURE": earthwork and concrete). */
  possible?: readonly string[];
  /** The title names a building and no trade: its bill holds the building's trades. */
  building: boolean;
  title: string;
}

/**
 * What a bill of a BoQ summary prices, read from its title: a work section ("PLUMBING AND DRAINAGE"),
 * a work section qualified by its building ("ELECTRICALS - OFFICE"), a work the works vocabulary knows
 * ("YARD FENCING", "EXTERNAL WORKS"), or only a building ("OFFICE BLOCK"). Null for general bills
 * (preliminaries, provisional sums) and lines that are no numbered bill title.
 */
export function billTitleWork(line: string): BillTitleWork | null {
  const t = line.replace(/\s+/g, ' ').trim();
  // A bill title is printed in capitals or Title Case; a word in lower case makes the line an item's description.
  if (/(?:^|\s)(?!(?:and|of|the|to|for|in|with|no)\b)[a-z]/.test(t.replace(/^bill\s*(?:no\.?)?/i, '').replace(/\b(?:rs|ksh)\.?/gi, ''))) return null;
  const title = SUMMARY_BILL.exec(t)?.[1]?.trim();
  if (!title || GENERAL_BILL.test(title)) return null;
  const whole = workSectionDivision(title);
  if (whole) return { divisions: [whole], building: false, title };
  // An element of a building ("SUBSTRUCTURE", "ROOF") holds the trades that element is built by: possible ones.
  const element = ELEMENT_TRADES.find(([re]) => re.test(title));
  if (element) return { divisions: [], building: false, possible: element[1], title };
  // "ELECTRICALS -OFFICE", "OFFICE BLOCK - PLUMBING", "KITCHEN/STORE": each part on its own.
  const divisions = new Set<string>();
  for (const part of title.split(/\s*[-–—/]\s*|\s+-|-\s+/).filter((p) => p.length >= 3)) {
    const section = workSectionDivision(part);
    if (section) {
      divisions.add(section);
      continue;
    }
    for (const w of statedWorks(part, { item: true })) divisions.add(w.division);
  }
  if (divisions.size > 0) return { divisions: [...divisions], building: false, title };
  return BUILDING.test(title) ? { divisions: [], building: true, title } : null;
}

/** The trades of a building's bill whose items are not at hand: its frame, walls, roof, openings and finishes. */
export const BUILDING_TRADES: readonly string[] = ['03', '04', '07', '08', '09'];

/** A BoQ's summary page: it lists the bills and carries their totals. */
export const isBillSummary = (text: string): boolean => /\b(?:GRAND\s+)?SUMMARY\b|\bMAIN\s+SUMMARY\b|\bSUMMARY\s+OF\s+BILLS\b|\bGENERAL\s+SUMMARY\b/i.test(text);
