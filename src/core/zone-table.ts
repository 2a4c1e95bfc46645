/**
 * The time zones documents and people name, in one table: the zone's words ("Central"), the letters a
 * zone word is abbreviated with ("Central Standard Time" → C + S + T), the abbreviations printed after a
 * time, and the IANA zone that stands for it. Two readers use it: the facts reader (scope/fact-dates.ts),
 * which keeps a printed zone as its abbreviation, and the job's dates (project/time.ts), which turn the
 * abbreviation or word into an IANA zone. One table, so a zone the facts print is one the job can set.
 */

export interface ZoneName {
  /** The zone's name in words, lower case ("central"; "hawaii", "hawaiian"). */
  words: readonly string[];
  /** Letters of a zone word's abbreviation, before its standard/daylight letter and the final "T". */
  letters?: string;
  /** Abbreviations printed after a time, in capitals. */
  printed: readonly string[];
  /** Accepted when a person names the zone on its own, never read from running text ("AT" and "NT" are words). */
  alone?: readonly string[];
  /** A representative IANA zone (the one most of it keeps), or null when the letters name several zones. */
  iana: string | null;
}

export const ZONE_NAMES: readonly ZoneName[] = [
  { words: ['eastern'], letters: 'E', printed: ['ET', 'EST', 'EDT', 'EDST'], iana: 'America/New_York' },
  { words: ['central'], letters: 'C', printed: ['CT', 'CST', 'CDT', 'CDST'], iana: 'America/Chicago' },
  { words: ['mountain'], letters: 'M', printed: ['MT', 'MST', 'MDT', 'MDST'], iana: 'America/Denver' },
  { words: ['pacific'], letters: 'P', printed: ['PT', 'PST', 'PDT', 'PDST'], iana: 'America/Los_Angeles' },
  { words: ['alaska'], letters: 'AK', printed: ['AKT', 'AKST', 'AKDT'], iana: 'America/Anchorage' },
  { words: ['hawaii', 'hawaiian'], letters: 'H', printed: ['HT', 'HST'], iana: 'Pacific/Honolulu' },
  // Hawaii keeps no daylight time: "HDT" is the Aleutian Islands' summer time.
  { words: [], printed: ['HDT'], iana: 'America/Adak' },
  { words: ['atlantic'], letters: 'A', printed: ['AST', 'ADT'], alone: ['AT'], iana: 'America/Halifax' },
  { words: ['newfoundland'], letters: 'N', printed: ['NST', 'NDT'], alone: ['NT'], iana: 'America/St_Johns' },
  { words: [], printed: ['AEST', 'AEDT'], iana: 'Australia/Sydney' },
  { words: [], printed: ['ACST', 'ACDT'], iana: 'Australia/Adelaide' },
  { words: [], printed: ['AWST'], iana: 'Australia/Perth' },
  { words: [], printed: ['NZST', 'NZDT'], iana: 'Pacific/Auckland' },
  { words: [], printed: ['BST'], iana: 'Europe/London' },
  // India, Ireland and Israel all print "IST": kept as printed, never turned into a zone.
  { words: [], printed: ['IST'], iana: null },
  { words: [], printed: ['UTC', 'GMT'], alone: ['Z'], iana: 'UTC' },
];

const byName = new Map<string, ZoneName>();
for (const z of ZONE_NAMES) for (const n of [...z.words, ...z.printed, ...(z.alone ?? [])]) byName.set(n.toLowerCase(), z);

/** The IANA zone of a zone word or abbreviation written on its own ("CT", "Central", "aest"), or null. */
export function ianaOfZoneName(name: string): string | null {
  return byName.get(name.trim().toLowerCase())?.iana ?? null;
}

/** The letters a zone word is abbreviated with ("central" → "C"), or undefined for a word that is no zone. */
export function zoneWordLetters(word: string): string | undefined {
  return ZONE_NAMES.find((z) => z.words.includes(word.toLowerCase()))?.letters;
}

const printed = new Set(ZONE_NAMES.flatMap((z) => z.printed));

/** An abbreviation printed after a time, exactly as printed (capitals): "PST", "AEST", "IST". */
export const isPrintedZoneAbbreviation = (letters: string): boolean => printed.has(letters);

const longestFirst = (xs: string[]) => [...xs].sort((a, b) => b.length - a.length || a.localeCompare(b));

/** Every zone word, as a regular-expression alternation (longest first). */
export const ZONE_WORDS_PATTERN = longestFirst(ZONE_NAMES.flatMap((z) => z.words)).join('|');

/** Every printed abbreviation that stands for an IANA zone, as a regular-expression alternation (longest first). */
export const ZONE_ABBREVIATIONS_PATTERN = longestFirst(ZONE_NAMES.filter((z) => z.iana).flatMap((z) => z.printed)).join('|');
