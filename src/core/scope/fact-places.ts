/**
 * Places in address lines, by the conventions of the countries whose documents we read:
 *  - US "City, ST 12345(-6789)", Canada "City, AB T4N 1X1", Australia "Suburb TAS 7250",
 *    India "City, Maharashtra 400001" / "City - 400001", UK "Town, AB1 2CD";
 *  - "City, Region" with the region's full name and no postcode ("ATLANTA, GEORGIA");
 *  - street lines "12-14 Harbour Street", "915 Oak Blvd".
 * Region names and codes come from ISO 3166-2 (`iso-3166`); US zips are checked against the
 * `zipcodes` data (a zip printed with the wrong state is not a place). Postcode shapes are short
 * national formats, written here as patterns.
 */
import { createRequire } from 'node:module';
import type { iso31662 as Iso31662 } from 'iso-3166';
import { zipTable } from '../zip-table.js';

const require = createRequire(import.meta.url);

export type CountryCode = 'US' | 'CA' | 'AU' | 'IN' | 'GB';

export const COUNTRY_NAMES: Record<CountryCode, string> = { US: 'United States', CA: 'Canada', AU: 'Australia', IN: 'India', GB: 'United Kingdom' };

interface Region {
  country: CountryCode;
  code: string;
  name: string;
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]+/g, ' ').trim();

interface RegionTables {
  regions: Region[];
  byName: Map<string, Region>;
  /** Full region name, postcode optional (see placesIn). */
  namedRegion: RegExp;
}
let tables: RegionTables | undefined;
/**
 * Built on the first address read rather than at import: the ISO 3166-2 table is ~360 kB of
 * JavaScript, and every CLI command imports this module through the pipeline (start-up, issue #18).
 */
function regionTables(): RegionTables {
  if (tables) return tables;
  const { iso31662 } = require('iso-3166') as { iso31662: typeof Iso31662 };
  const regions: Region[] = iso31662
    .filter((r) => ['US', 'CA', 'AU', 'IN'].includes(r.parent))
    .map((r) => ({ country: r.parent as CountryCode, code: r.code.split('-')[1]!, name: r.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '') }));
  const nameAlt = regions.map((r) => fold(r.name)).sort((a, b) => b.length - a.length).map((n) => n.replace(/ /g, String.raw`[\s.]+`)).join('|');
  const namedRegion = new RegExp(String.raw`(?:^|,\s*)(${nameAlt})\b\.?,?(?:\s+(\d{5}(?:-\d{4})?|[A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{3}\s?\d{3}|\d{4}))?\s*(?:,\s*(?:usa|u\.s\.a\.|united states|canada|australia|india))?(?=\s*[,.;)]?\s*$|[,.;]\s)`, 'gi');
  return (tables = { regions, byName: new Map(regions.map((r) => [fold(r.name), r])), namedRegion });
}

/** Postcode shapes per country, and which region codes go with them (the code alone is ambiguous: CA, WA, NT …). */
const POSTCODE: Record<Exclude<CountryCode, 'GB'>, string> = {
  US: String.raw`\d{5}(?:-\d{4})?`,
  CA: String.raw`[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d`,
  AU: String.raw`\d{4}`,
  IN: String.raw`\d{3}\s?\d{3}`,
};
const UK_POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b/;

export interface Place {
  city?: string;
  /** As printed (code or name); `code` is the ISO 3166-2 code within the country. */
  region?: { value: string; code: string; country: CountryCode };
  postcode?: string;
  country: CountryCode;
  /** Where in the line the place starts (the city, or the region when no city). */
  index: number;
}

const CITY = String.raw`([A-Za-z][A-Za-z .'’-]{0,40}?)`;

function codeRegion(code: string, country: CountryCode): Region | undefined {
  return regionTables().regions.find((r) => r.country === country && r.code === code.toUpperCase());
}

/** The ISO 3166-2 code of a region printed as its code ("QLD") or its name ("Queensland") within `country`, or undefined. */
export function regionCode(printed: string, country: CountryCode): string | undefined {
  if (country === 'GB') return undefined;
  const named = regionTables().byName.get(fold(printed));
  if (named) return named.country === country ? named.code : undefined;
  return /^[A-Z]{2,3}$/.test(printed) ? codeRegion(printed, country)?.code : undefined;
}

/** The city is the last comma part before the region that is not a county or district ("Selma, Fresno County, California" → Selma). */
function cityOf(before: string): string | undefined {
  const parts = before.split(/,/).map((p) => p.trim()).filter(Boolean);
  // A part that is a county's name ("Elm County"), not one that mentions one ("(Elm County) Springfield").
  const places = parts.filter((p) => !/^[\w .'’-]*\b(?:county|district|parish|shire|borough)\W*$/i.test(p));
  const last = places[places.length - 1];
  if (!last) return undefined;
  // Drop a street printed on the same line ("915 Oak Blvd West Springfield"): keep the words after the last digit.
  // …and a label before it ("Project location: Springfield").
  // …and the rest of that street ("707 NORTH ELM STREET SPRINGFIELD" → "SPRINGFIELD").
  const unlabelled = last.replace(/^.*[:;]\s*/, '');
  const afterNumber = unlabelled.replace(/^.*\d\S*\s+/, '');
  const afterStreet = afterNumber !== unlabelled ? afterNumber.replace(new RegExp(String.raw`^.*?\b${STREET_SUFFIX}\b\.?\s+(?=\S)`, 'i'), '') : afterNumber;
  // "52700 ELM RIDGE SPRINGFIELD TOWNSHIP": a house number, then a street without its "Road" or "Street" run into the town — where one ends is not printed.
  if (/^\d+[A-Z]?\s/.test(unlabelled) && afterStreet === afterNumber && afterNumber.split(/\s+/).length >= 2) return undefined;
  let words = afterStreet.split(/\s+/).filter(Boolean);
  // In a sentence ("… a new hall in Red Deer, Alberta") the town is the run of capitalized words before the comma.
  if (words.length > 4 && last !== last.toUpperCase()) {
    const run: string[] = [];
    for (const w of [...words].reverse()) {
      if (!/^[A-Z][a-z'’-]+$/.test(w) || run.length === 3) break;
      run.unshift(w);
    }
    words = run;
  }
  // "Ticonderoga, Bloomingdale, and Jay, New York": a list of towns names no one town.
  if (/^(?:and|or|&)$/i.test(words[0] ?? '')) return undefined;
  if (words.length === 0 || words.length > 4 || !/^[A-Za-z]/.test(words[0]!)) return undefined;
  // "C1 LevelSpringfield": a word of the line before glued to the town (a prefix of two or three letters, "McAllen", "DeKalb", is the town's own).
  words[0] = words[0]!.replace(/^[A-Z][a-z]{3,}(?=[A-Z][a-z]{2,})/, '');
  return titleCase(words.join(' '));
}

const SMALL_WORDS = new Set(['of', 'and', 'the', 'at', 'for', 'in', 'on', 'to']);
/** "WEST SPRINGFIELD" → "West Springfield", "DEPARTMENT OF STATE" → "Department of State"; mixed case is kept as printed. */
export const titleCase = (s: string) =>
  s === s.toUpperCase() || s === s.toLowerCase()
    ? s.toLowerCase().replace(/(^|[\s-])([a-z]+)/g, (all, a: string, w: string) => (a && SMALL_WORDS.has(w) ? all : a + w[0]!.toUpperCase() + w.slice(1)))
    : s;

/** Region code + postcode; compiled once (placesIn runs on every line of the front pages). */
const CODE_AND_POSTCODE = (['US', 'CA', 'AU', 'IN'] as const).map(
  (country) => [country, new RegExp(String.raw`(?:^|[\s,])(?:${CITY},?\s+)?\b([A-Z]{2,3})\.?,?\s+(${POSTCODE[country]})(?![\dA-Za-z])`, 'g')] as const,
);
const UK_PLACE = new RegExp(String.raw`${CITY},?\s+${UK_POSTCODE.source}\s*(?:,\s*(?:uk|united kingdom|england|scotland|wales))?\s*$`);

/** Every place printed in one line. */
export function placesIn(line: string): Place[] {
  // Every form below has a comma before a region name, or a postcode: most lines have neither.
  const comma = line.includes(',');
  const postcode = /\d{3}|[A-Z]\d[A-Z]/.test(line);
  if (!comma && !postcode) return [];
  const out: Place[] = [];
  const seen = new Set<number>();
  const push = (p: Place) => {
    if (seen.has(p.index)) return;
    seen.add(p.index);
    out.push(p);
  };
  // Code + postcode: the postcode's shape says the country.
  for (const [country, re] of postcode ? CODE_AND_POSTCODE : []) {
    for (const m of line.matchAll(re)) {
      const region = codeRegion(m[2]!, country);
      if (!region) continue;
      const postcode = m[3]!.toUpperCase();
      if (country === 'US') {
        const known = zipTable().lookup(postcode.slice(0, 5));
        if (known && known.state !== region.code) continue;
      }
      const before = line.slice(0, m.index + m[0].indexOf(m[2]!));
      push({ city: cityOf(before), region: { value: region.code, code: region.code, country }, postcode, country, index: m.index });
    }
  }
  // Full region name, postcode optional ("Atlanta, Georgia", "Red Deer, Alberta T4N 1X1", "Mumbai, Maharashtra 400001").
  for (const m of comma ? line.matchAll(regionTables().namedRegion) : []) {
    const region = regionTables().byName.get(fold(m[1]!));
    if (!region) continue;
    const postcode = m[2]?.toUpperCase();
    if (postcode && !new RegExp(`^${POSTCODE[region.country as Exclude<CountryCode, 'GB'>]}$`).test(postcode)) continue;
    const before = line.slice(0, m.index);
    const city = cityOf(before);
    if (!city && !postcode) continue; // a state name alone is not an address
    push({ city, region: { value: titleCase(m[1]!.replace(/\s+/g, ' ')), code: region.code, country: region.country }, postcode, country: region.country, index: m.index });
  }
  // UK: "Town, Postcode" at the end of a line, the postcode in capitals.
  const uk = UK_POSTCODE.test(line) ? UK_PLACE.exec(line) : null;
  if (uk && !/\d{5}/.test(line)) push({ city: cityOf(uk[1]!), postcode: uk[2]!.replace(/^(\S+?)(\d[A-Z]{2})$/, '$1 $2'), country: 'GB', index: uk.index });
  return out;
}

const STREET_SUFFIX = String.raw`(?:st(?:reet)?|ave(?:nue)?|blvd|boulevard|r(?:oa)?d|dr(?:ive)?|way|l(?:a)?ne?|pkwy|parkway|hwy|highway|ct|court|pl(?:ace)?|cir(?:cle)?|ter(?:race)?|trl|trail|sq(?:uare)?|cres(?:cent)?|close|row|crossing|pike|plaza)`;
const STREET = new RegExp(
  String.raw`(?:^|[\s,])(\d+[A-Z]?(?:\s*[-–]\s*\d+[A-Z]?)?\s+(?:(?:[NSEW]|north|south|east|west)\.?\s+)?(?:[A-Za-z0-9][A-Za-z0-9.'’]*\s+){0,4}?${STREET_SUFFIX}\b\.?(?:\s+(?:[NSEW]{1,2}|north|south|east|west)\b\.?)?)`,
  'i',
);

/** "2 - 6 ELM GROVE STREET" → "2 - 6 Elm Grove Street"; undefined when the line holds no street address. */
export function streetIn(line: string): { street: string; rest: string } | undefined {
  const m = STREET.exec(line);
  if (!m) return undefined;
  const street = m[1]!.trim();
  if (/^\d+\s+(?:sf|sq|ft|lf|cy|ea|ls)\b/i.test(street)) return undefined; // quantities, not numbers on a street
  return { street: titleCase(street), rest: line.slice(m.index + m[0].length) };
}

const COUNTRY_WORDS: Array<[RegExp, CountryCode]> = [
  [/\b(?:usa|u\.s\.a\.|united states(?: of america)?)\b/i, 'US'],
  [/\bcanada\b/i, 'CA'],
  [/\baustralia\b/i, 'AU'],
  [/\bindia\b/i, 'IN'],
  [/\b(?:united kingdom|england|scotland|wales)\b/i, 'GB'],
];

/** A country named at the end of an address line ("…, Alberta, Canada"). */
export function countryAtEnd(line: string): CountryCode | undefined {
  const tail = line.split(',').pop() ?? '';
  return COUNTRY_WORDS.find(([re]) => re.test(tail) && tail.trim().split(/\s+/).length <= 4)?.[1];
}

/**
 * Labels whose value is where the work is (US "Project Address", "Job Site", "Location of Work"; UK
 * and AU "Site Address", "Site of the Works", "Site"; IN "Location of Work", "Place of Work"). Such a
 * label wins over every other address on the page.
 */
export const SITE_FIELD_LABEL =
  /^(?:(?:project|job|work|works|construction|property)\s+(?:address|location|site)|site(?:\s+(?:address|location|of\s+(?:the\s+)?works?))?|location\s+of\s+(?:the\s+)?(?:project|site|property|(?:proposed\s+)?works?)|(?:job|work)\s?site|premises(?:\s+address)?|address\s+of\s+(?:the\s+)?(?:site|project|property|works?)|place\s+of\s+(?:the\s+)?work)$/;

/**
 * Labels whose value is a party's office or where papers go, never the site: the owner's, the
 * architect's, the engineer's, a contact's ("Attn"), a bid's delivery or mailing address.
 */
export const PARTY_FIELD_LABEL =
  /^\(?(?:owner|client|employer|principal|architect|engineer|consultant|designer|contractor|applicant|agent|purchaser|buyer|purchasing|procurement)(?:['’]s)?\)?(?:\s+(?!(?:site|project)\b)\S+){0,3}$|^(?:prepared|issued|submitted)\s+(?:by|for)$|^(?:attn|attention|from|c\/o|care\s+of)$|^(?:submit|deliver|mail|send|return)\w*(?:\s+\w+){0,2}\s+to$|^(?:(?:bid|proposal|tender)s?\s+)?(?:mailing|billing|delivery|submission|return|office|remit\w*)\s+(?:address|location)$/;

/** Where bids go or people meet: a bare "Location:" after such a field ("Bid Date: … Location:") is that place, not the site's. */
const BIDS_OR_MEETING = /\b(?:bids?|proposals?|tenders?|quotations?|submissions?)\b[^.]{0,80}\b(?:due|received|submitted|delivered|opened|opening)\b|^(?:bid|proposal|tender|submission|closing|opening)\s+(?:date|time|deadline)|\bmeeting\b|\bconference\b|\bwalk-?through\b/i;

/** "FOR ACME HOLDINGS 180 EAST BROAD STREET, …": a title block's client line with the client's office. */
const TITLE_BLOCK_FOR = /(?:^|\s)(?:PREPARED\s+)?FOR\s+[A-Z][A-Z&.,'’-]*(?:\s+[A-Z&][A-Z&.,'’-]*){0,6}\s+\d{1,6}[A-Z]?\s+[A-Z]/;

/**
 * What a field label says of a place printed in its value: 'site' (the work's), 'elsewhere' (a party's
 * office, where bids go, a meeting place) or undefined (the label says nothing). `before` is the field
 * printed before this one, label and value (a bare "Location:" is read by it); `lineBefore` the words
 * before the place on its line.
 */
export function placeRole(label: string | undefined, before: string, lineBefore: string): 'site' | 'elsewhere' | undefined {
  if (TITLE_BLOCK_FOR.test(lineBefore)) return 'elsewhere';
  if (label === undefined) return undefined;
  if (SITE_FIELD_LABEL.test(label)) return 'site';
  if (PARTY_FIELD_LABEL.test(label)) return 'elsewhere';
  if (/^(?:location|address|place)$/.test(label) && BIDS_OR_MEETING.test(before.slice(-200))) return 'elsewhere';
  return undefined;
}
