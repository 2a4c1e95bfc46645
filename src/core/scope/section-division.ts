/**
 * Which trade division(s) a printed spec section number stands for. Current MasterFormat numbers
 * ("26 05 19") are their first two digits, with two conventions real specs use beyond the
 * standard list: Division 20 ("common work results for mechanical", shared by fire suppression,
 * plumbing and HVAC) and the legacy 1995 five-digit numbers ("15400", "16010"), whose divisions
 * were split into several current ones. Where a number alone is ambiguous, the section's title
 * decides among the divisions it could be; without a title the number's range does.
 */
import { findKeywords } from './lexicon.js';
import { divisionOfSectionTitle } from './section-titles.js';
import { divisionByCode } from './taxonomy.js';

/**
 * Legacy five-digit ranges → current division. MasterFormat 1995 (and 1988, where the two agree) by
 * number: 020–021 basic site materials, remediation, demolition; 022–024 site preparation, earthwork,
 * tunnelling, piles; 025–026 utilities and drainage; 027–029 paving, site improvements, planting;
 * 13700 security access, 13800 building automation, 13850 detection and alarm, 13900 fire suppression;
 * 15050–15200 basic mechanical and building-services piping (its titles pick plumbing or HVAC), 15300 fire
 * protection, 15400 plumbing, 15500–15900 heat generation, refrigeration, HVAC equipment, air distribution,
 * controls, 15950 testing and balancing; 16050–16600 basic electrical, wiring, distribution (16442
 * panelboards), lighting, special systems; 16700 communications except 16720 (alarm and detection: the fire
 * alarm section of most legacy specs), 16800 sound and video, 16900 controls and testing.
 */
const LEGACY_RANGES: ReadonlyArray<readonly [from: number, to: number, division: string]> = [
  [2000, 2199, '02'],
  [2200, 2499, '31'],
  [2500, 2699, '33'],
  [2700, 2999, '32'],
  [13700, 13799, '28'],
  [13800, 13849, '25'],
  [13850, 13899, '28'],
  [13900, 13999, '21'],
  [15000, 15299, '23'],
  [15300, 15399, '21'],
  [15400, 15499, '22'],
  [15500, 15999, '23'],
  [16000, 16699, '26'],
  [16700, 16719, '27'],
  [16720, 16729, '28'],
  [16730, 16899, '27'],
  [16900, 16999, '26'],
];

/** A legacy division's successors: the divisions its title may pick among. */
const LEGACY_SUCCESSORS: Readonly<Record<string, readonly string[]>> = {
  '02': ['02', '31', '32', '33'],
  '13': ['13', '21', '25', '26', '28', '48'],
  '15': ['21', '22', '23', '25'],
  '16': ['26', '27', '28'],
};

/**
 * UK NBS work sections (Common Arrangement of Work Sections: "M60 Painting/clear finishing", "V21 General
 * lighting and power"): each group letter's possible divisions. The code alone never decides (a group
 * spans trades, and "M20" is also a bolt size): the section's title must name a trade of its group.
 */
const CAWS_GROUPS: Readonly<Record<string, readonly string[]>> = {
  C: ['02', '03', '04', '05', '06'], // existing site, buildings, services: demolition, repairs, alterations
  D: ['31'], // groundwork
  E: ['03'], // in situ and large precast concrete
  F: ['04'], // masonry
  G: ['05', '06'], // structural and carcassing metal and timber
  H: ['07', '08'], // cladding and covering (curtain walling, roof tiling, sheet metal)
  J: ['07'], // waterproofing
  K: ['06', '09', '10'], // linings, sheathing, dry partitioning, ceilings, raised floors
  L: ['05', '06', '08'], // windows, doors, stairs, glazing
  M: ['03', '09'], // surface finishes: screeds, plaster, tiling, flooring, painting
  N: ['10', '11', '12', '22'], // furniture and equipment, sanitary appliances, signs
  P: ['06', '07', '08'], // building fabric sundries: insulation, trims, ironmongery
  Q: ['32'], // paving, planting, fencing, site furniture
  R: ['22', '33'], // disposal systems: rainwater, foul and below-ground drainage
  S: ['21', '22', '23'], // piped supply: water, gas, sprinklers, hose reels
  T: ['23'], // mechanical heating, cooling, refrigeration
  U: ['23'], // ventilation and air conditioning
  V: ['26'], // electrical supply, power, lighting
  W: ['25', '26', '27', '28'], // communications, security, fire detection, earthing, lightning protection, BMS
  X: ['14'], // transport systems: lifts, escalators
  Y: ['22', '23', '26'], // services reference specification
  Z: ['04', '05', '06', '07'], // building fabric reference specification
};

/**
 * Australian NATSPEC worksections ("0310 Concrete – combined", "0331 Brick and block construction", "0451 Windows
 * and glazed doors") and New Zealand Masterspec sections ("3101 CONCRETE") are numbered by four digits whose first
 * places are a group of the building: site, structure, enclosure, interior, finishes, services. As with NBS, the
 * code alone never decides (a four-digit number is also a year, a drawing or a room): the title must name a trade
 * of its group. Group → possible divisions, kept broad where an edition's grouping of services differs.
 */
const NATSPEC_GROUPS: Readonly<Record<string, readonly string[]>> = {
  '02': ['02', '31', '32', '33'], // site: demolition, earthwork, stormwater, pavements, landscape
  '03': ['03', '04', '05', '06'], // structure: concrete, masonry, steel, timber framing
  '04': ['05', '07', '08'], // enclosure: waterproofing, roofing, cladding, windows and doors, glazing, insulation
  '05': ['05', '06', '08', '09', '10', '12'], // interior: linings, partitions, ceilings, joinery, metalwork, fitments
  '06': ['09'], // finishes: render and plaster, tiling, resilient, carpet, painting
  '07': ['21', '22', '23', '25'], // mechanical and fire services
  '08': ['21', '22', '33'], // hydraulic services
  '09': ['26', '27', '28'], // electrical, communications and security
};
const MASTERSPEC_GROUPS: Readonly<Record<string, readonly string[]>> = {
  '2': ['02', '31', '32', '33'], // site work
  '3': ['03', '04', '05', '06'], // structure
  '4': ['05', '07', '08'], // enclosure
  '5': ['05', '06', '08', '09', '10', '12'], // interior
  '6': ['09', '21', '22', '23', '26', '27', '28'], // finishes and services (editions differ)
  '7': ['21', '22', '23', '25', '26', '27', '28'], // services
};

/** Division 20 sections serve these; the title narrows them. */
const MECHANICAL_COMMON = ['21', '22', '23'] as const;

/** The divisions among `candidates` that a title's trade words point to (the strongest hit wins). */
function byTitle(title: string | undefined, candidates: readonly string[]): string | undefined {
  if (!title) return undefined;
  let best: { division: string; weight: number } | undefined;
  for (const h of findKeywords(title)) {
    if (!candidates.includes(h.entry.division)) continue;
    if (!best || h.entry.weight > best.weight) best = { division: h.entry.division, weight: h.entry.weight };
  }
  return best?.division;
}

/** A printed section title's own division (section-titles.ts), where it is one of `candidates`. */
function titleDivision(title: string | undefined, candidates: readonly string[]): string | undefined {
  const division = title ? divisionOfSectionTitle(title) : null;
  return division && candidates.includes(division) ? division : undefined;
}

/**
 * "26 05 19" → ["26"]; "20 05 53" → ["22", "23"] (or the one its title names); "15400" → ["22"];
 * "16721 Fire Alarm" → ["28"]; "M60 Painting/clear finishing" → ["09"] (NBS: only with a title of its group);
 * "0331 Brick and block construction" → ["04"] (NATSPEC), "3101 Concrete" → ["03"] (Masterspec: only with a title of its group);
 * numbers of no trade division (00, 01) → [].
 */
export function divisionsOfSection(number: string, title?: string): string[] {
  const caws = /^([A-Z])\d{2}$/.exec(number);
  if (caws) {
    const named = CAWS_GROUPS[caws[1]!] ? byTitle(title, CAWS_GROUPS[caws[1]!]!) : undefined;
    return named ? [named] : [];
  }
  const anz = /^(?:0[2-9]\d{2}|[2-7]\d{3})$/.exec(number);
  if (anz) {
    const group = number.startsWith('0') ? NATSPEC_GROUPS[number.slice(0, 2)] : MASTERSPEC_GROUPS[number[0]!];
    const named = group ? (titleDivision(title, group) ?? byTitle(title, group)) : undefined;
    return named ? [named] : [];
  }
  const digits = (number.split('.')[0] ?? '').replace(/\D/g, '');
  if (digits.length === 6) {
    const division = digits.slice(0, 2);
    if (division === '20') {
      const named = byTitle(title, MECHANICAL_COMMON);
      return named ? [named] : ['22', '23'];
    }
    return divisionByCode(division) ? [division] : [];
  }
  if (digits.length !== 5) return [];
  const legacy = digits.slice(0, 2);
  const named = LEGACY_SUCCESSORS[legacy] ? byTitle(title, LEGACY_SUCCESSORS[legacy]) : undefined;
  if (named) return [named];
  const five = Number(digits);
  const range = LEGACY_RANGES.find(([from, to]) => five >= from && five <= to);
  if (range) return [range[2]];
  // Divisions 00–14 kept their numbers (13 = special construction, 14 = conveying).
  return divisionByCode(legacy) && Number(legacy) <= 14 ? [legacy] : [];
}
