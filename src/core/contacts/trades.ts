import { resolveTrade, resolveTrades, divisionByCode, type Division } from '../scope/taxonomy.js';

/**
 * Contacts store their trades as normalized two-digit MasterFormat divisions ("26,27"), resolved
 * through the one taxonomy that detected trades use too, so "Electrical", "electric", "Div 26"
 * and "26" all match a detected Division 26.
 */
export function encodeTrades(divisions: readonly string[]): string {
  return [...new Set(divisions)].sort().join(',');
}

export function decodeTrades(stored: string | null | undefined): string[] {
  if (!stored) return [];
  return stored
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^\d{2}$/.test(s));
}

/** Human labels for stored trades, e.g. "26 Electrical; 27 Communications". */
export function describeTrades(stored: string | null | undefined): string {
  return decodeTrades(stored)
    .map((code) => `${code} ${divisionByCode(code)?.name ?? ''}`.trim())
    .join('; ');
}

/**
 * A contact's trades cell. Pieces separated by ";" that start with a division number
 * ("06 Wood, Plastics, and Composites", as exported) are taken by their number, so division names
 * containing commas survive an export/import round trip; the rest go through the taxonomy.
 */
export function parseTradeTags(cell: string): { divisions: Division[]; unknown: string[] } {
  const divisions = new Map<string, Division>();
  const unknown: string[] = [];
  for (const piece of cell.split(/[;\n|]/).map((p) => p.trim()).filter(Boolean)) {
    const numbered = /^(\d{2})(?:\s+[A-Za-z].*)?$/.exec(piece);
    const byNumber = numbered ? (divisionByCode(numbered[1]!) ?? resolveTrade(piece)) : null;
    if (byNumber) {
      divisions.set(byNumber.code, byNumber);
      continue;
    }
    const rest = resolveTrades(piece);
    for (const d of rest.divisions) divisions.set(d.code, d);
    unknown.push(...rest.unknown);
  }
  return { divisions: [...divisions.values()], unknown };
}
