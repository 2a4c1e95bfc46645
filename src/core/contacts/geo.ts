import { zipTable } from '../zip-table.js';

/**
 * Zip → coordinates from the `zipcodes` package (US and Canadian postal data with lat/long), and
 * great-circle distance between two zips in miles. Unknown zips give null, never a guess.
 */
export function zipLocation(zip: string | null | undefined): { zip: string; city: string; state: string; latitude: number; longitude: number } | null {
  if (!zip) return null;
  const five = zip.trim().slice(0, 5);
  if (!/^\d{5}$/.test(five)) return null;
  const hit = zipTable().lookup(five);
  return hit ? { zip: hit.zip, city: hit.city, state: hit.state, latitude: hit.latitude, longitude: hit.longitude } : null;
}

export function milesBetween(a: string | null | undefined, b: string | null | undefined): number | null {
  const pa = zipLocation(a);
  const pb = zipLocation(b);
  if (!pa || !pb) return null;
  return Math.round(haversineMiles(pa.latitude, pa.longitude, pb.latitude, pb.longitude));
}

// zipcodes.distance() rounds to whole miles via its own table; we compute from coordinates so a
// zip it knows but cannot pair still works, and to keep the rounding rule in one place.
function haversineMiles(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const R = 3958.8;
  const toRad = (d: number) => (d * Math.PI) / 180;
  const dLat = toRad(lat2 - lat1);
  const dLon = toRad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
