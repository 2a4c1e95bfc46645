/**
 * Words that name where the work happens, not what it is: a facility in a list of the sites ("across
 * several facilities, including the Depot, X Water Treatment Plant"), what new work connects to ("linking
 * it to the existing water treatment plant"), and what the work passes under or along ("under the
 * railroad tracks"), and a street named for a thing ("Railroad Terrace"). A trade word in such a place is not that trade's work; these readings are one job,
 * kept apart from the page loop that skips the hits they flag.
 */

/**
 * A list of the sites where the work happens ("across several facilities, including the Depot, X Water
 * Treatment Plant, …"): a facility named in it, in title case, is a place, not the work.
 */
const SITE_LIST_BEFORE = /\b(?:facilities|sites|locations|buildings|premises|properties|venues|campuses)\b[^.;]{0,30}?(?:\bincluding|\bnamely|\bsuch\s+as|:)[^.;]*$/i;
const TITLE_CASE = /^[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*$/;
/** "linking it to the existing water treatment plant": what new work connects to exists already; it is not built. */
const CONNECTED_TO_EXISTING = /\b(?:connect(?:s|ed|ing)?|link(?:s|ed|ing)?|tie(?:s|d)?\s+in|tying\s+in)\s+(?:(?:it|them|this|these|the\s+new\s+\w+)\s+)?(?:in)?to\s+(?:the\s+)?existing\s+$/i;
/** "Railroad Terrace", "Bridge Street", "Mill Rd", "CHURCH STREET": a trade word in title case before a street's suffix names the street. */
const STREET_AFTER = /^\s+(?:Street|St|Road|Rd|Avenue|Ave|Terrace|Tce|Drive|Dr|Lane|Ln|Way|Boulevard|Blvd|Parade|Pde|Crescent|Cres|Court|Ct|Place|Pl|Highway|Hwy|Parkway|Pkwy|Close|Circle|Row|Square|STREET|ROAD|AVENUE|TERRACE|DRIVE|LANE|PARADE|CRESCENT|PLACE|CLOSE|COURT|BOULEVARD|HIGHWAY)\b\.?/;
export const namedSite = (sentence: string, h: { index: number; length?: number; text: string }) =>
  (TITLE_CASE.test(h.text) && SITE_LIST_BEFORE.test(sentence.slice(0, h.index))) ||
  CONNECTED_TO_EXISTING.test(sentence.slice(Math.max(0, h.index - 60), h.index)) ||
  (TITLE_CASE.test(h.text) && STREET_AFTER.test(sentence.slice(h.index + h.text.length)));

/** A trade word right after these is a place the work passes ("under the railroad tracks", "along the sidewalk"). */
// "along with" adds work ("… cupboards along with internal electrification"); "along the sidewalk" is where it runs.
const PLACE_BEFORE = /\b(?:under|beneath|underneath|along(?!\s+with\b)|alongside|across|crossing)\s+(?:(?:the|an?|existing|\w+'s|[A-Z]{2,6})\s+){0,3}$/i;

/** The 40 characters before `index` end in a place the work passes. */
export const placeBefore = (sentence: string, index: number): boolean => PLACE_BEFORE.test(sentence.slice(Math.max(0, index - 40), index));
