/**
 * Which trade division(s) a printed spec section number stands for. Current MasterFormat numbers
 * ("26 05 19") are their first two digits, with two conventions real specs use beyond the
 * standard list: Division 20 ("common work results for mechanical", shared by fire suppression,
 * plumbing and HVAC) and the legacy 1995 five-digit numbers ("15400", "16010"), whose divisions
 * were split into several current ones. Where a number alone is ambiguous, the section's title
 * decides among the divisions it could be; without a title the number's range does.
 */
import { findKeywords } from './lexicon.js';
import { divisionByCode } from './taxonomy.js';

/** Legacy (1995) five-digit ranges → current division, by the first three digits. */
const LEGACY_RANGES: ReadonlyArray<readonly [from: number, to: number, division: string]> = [
  [20, 21, '02'], // 020xx–021xx basic site materials, remediation, demolition
  [22, 24, '31'], // site preparation, earthwork, tunnelling/foundations
  [25, 26, '33'], // utility services, drainage
  [27, 29, '32'], // pavements, site improvements, planting
  [137, 137, '28'], // security
  [138, 138, '25'], // building automation (13800) — detection and alarm is 13850, see titles
  [139, 139, '21'], // fire suppression
  [150, 152, '23'], // basic mechanical materials, building services piping
  [153, 153, '21'], // fire protection piping
  [154, 154, '22'], // plumbing fixtures and equipment
  [155, 159, '23'], // heat generation … air distribution, controls, testing and balancing
  [160, 166, '26'], // basic electrical … lighting
  [167, 168, '27'], // communications, sound and video
  [169, 169, '26'], // electrical controls
];

/** A legacy division's successors: the divisions its title may pick among. */
const LEGACY_SUCCESSORS: Readonly<Record<string, readonly string[]>> = {
  '02': ['02', '31', '32', '33'],
  '13': ['13', '21', '25', '28'],
  '15': ['21', '22', '23', '25'],
  '16': ['26', '27', '28'],
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

/**
 * "26 05 19" → ["26"]; "20 05 53" → ["22", "23"] (or the one its title names); "15400" → ["22"];
 * "16721 Fire Alarm" → ["28"]; numbers of no trade division (00, 01) → [].
 */
export function divisionsOfSection(number: string, title?: string): string[] {
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
  const three = Number(digits.slice(0, 3));
  const range = LEGACY_RANGES.find(([from, to]) => three >= from && three <= to);
  if (range) return [range[2]];
  // Divisions 00–14 kept their numbers (13 = special construction, 14 = conveying).
  return divisionByCode(legacy) && Number(legacy) <= 14 ? [legacy] : [];
}
