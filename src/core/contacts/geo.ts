import { zipTable } from '../zip-table.js';
import { AppError } from '../errors.js';

/**
 * Zip → coordinates from the `zipcodes` package (US and Canadian postal data with lat/long), and
 * great-circle distance between two zips in miles. Unknown zips give null, never a guess.
 */
export function zipLocation(zip: string | null | undefined): { zip: string; city: string; state: string; latitude: number; longitude: number } | null {
  if (!zip) return null;
  const t = zip.trim().toUpperCase();
  // Canadian postal codes are located by their first three characters (the FSA), as the package stores them.
  const key = CA_POSTCODE.test(t) ? t.slice(0, 3) : t.slice(0, 5);
  if (!/^\d{5}$/.test(key) && !/^[A-Z]\d[A-Z]$/.test(key)) return null;
  const hit = zipTable().lookup(key);
  return hit ? { zip: hit.zip, city: hit.city, state: hit.state, latitude: hit.latitude, longitude: hit.longitude } : null;
}

/**
 * A zip for a US city the documents name without one ("Lafayette, IN"): the lowest of the city's
 * zips, all within a few miles of each other — enough for distances to subcontractors.
 */
export function zipOfPlace(city: string | null | undefined, state: string | null | undefined): string | null {
  if (!city || !state || !/^[A-Za-z]{2}$/.test(state.trim())) return null;
  const hits = zipTable().lookupByName(city.trim(), state.trim().toUpperCase()) as { zip: string }[] | undefined;
  const zips = (hits ?? []).map((h) => h.zip).filter((z) => /^\d{5}$/.test(z)).sort();
  return zips[0] ?? null;
}

const US_ZIP = /^(\d{5})(?:-?(\d{4}))?$/;
// Letters D, F, I, O, Q, U never appear; W and Z never start one (Canada Post's format).
const CA_POSTCODE = /^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])\s?(\d[ABCEGHJ-NPRSTV-Z]\d)$/;

/**
 * A project or contact zip as typed → its normal form ("55303", "55303-1234", "K1A 0B1"), or a
 * VALIDATION error a person can act on. A zip of the right shape that no post office uses ("00000")
 * is refused too: it would silently switch the distance filter off.
 */
export function parsePostcode(input: string): { code: string; country: 'US' | 'CA' } {
  const shaped = postcodeShape(input);
  if (!zipLocation(shaped.code)) {
    throw new AppError('VALIDATION', `Unknown zip ${input}`, {
      userMessage: `"${shaped.code}" is not a zip or postal code in use, so distances to subcontractors could not be measured. Check the number.`,
    });
  }
  return shaped;
}

/**
 * Only the shape of a zip or postal code (a contact's zip the package does not know is kept: that
 * contact is then at an unknown distance and never pre-selected). US zips are stored as 5 digits.
 */
export function postcodeShape(input: string): { code: string; country: 'US' | 'CA' } {
  const t = input.trim().toUpperCase();
  const us = US_ZIP.exec(t);
  const ca = CA_POSTCODE.exec(t);
  const code = us ? (us[2] ? `${us[1]}-${us[2]}` : us[1]!) : ca ? `${ca[1]} ${ca[2]}` : null;
  // No US zip begins with 000 (the lowest in use is 005xx): "00000" is a placeholder, not a place.
  if (!code || us?.[1]!.startsWith('000')) {
    throw new AppError('VALIDATION', `Bad zip ${input}`, {
      userMessage: `"${input.trim()}" is not a zip or postal code. Use a US zip (55303 or 55303-1234) or a Canadian postal code (K1A 0B1).`,
    });
  }
  return { code, country: us ? 'US' : 'CA' };
}

export function milesBetween(a: string | null | undefined, b: string | null | undefined): number | null {
  const pa = zipLocation(a);
  const pb = zipLocation(b);
  if (!pa || !pb) return null;
  return Math.round(haversineMiles(pa.latitude, pa.longitude, pb.latitude, pb.longitude));
}

// zipTable().distance() rounds to whole miles via its own table; we compute from coordinates so a
// zip it knows but cannot pair still works, and to keep the rounding rule in one place.
function haversineMiles(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const R = 3958.8;
  const toRad = (d: number) => (d * Math.PI) / 180;
  const dLat = toRad(lat2 - lat1);
  const dLon = toRad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
