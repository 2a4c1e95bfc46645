import type { ContactsMap } from './map-document.js';

export interface MapDiff {
  from: number;
  to: number;
  tradesAdded: string[];
  tradesRemoved: string[];
  /** Per division: contacts newly selected / no longer selected (by name <email>). */
  selected: { division: string; added: string[]; removed: string[] }[];
}

const label = (c: { name: string; email: string | null }) => (c.email ? `${c.name} <${c.email}>` : c.name);

/** What changed between two versions, in terms an estimator cares about: trades and who is invited. */
export function diffMaps(a: ContactsMap, b: ContactsMap): MapDiff {
  const aTrades = new Map(a.trades.map((t) => [t.division, t]));
  const bTrades = new Map(b.trades.map((t) => [t.division, t]));
  const diff: MapDiff = {
    from: a.version,
    to: b.version,
    tradesAdded: [...bTrades.keys()].filter((d) => !aTrades.has(d)),
    tradesRemoved: [...aTrades.keys()].filter((d) => !bTrades.has(d)),
    selected: [],
  };
  for (const d of new Set([...aTrades.keys(), ...bTrades.keys()])) {
    const before = new Map((aTrades.get(d)?.candidates ?? []).filter((c) => c.selected).map((c) => [c.contact_id, c]));
    const after = new Map((bTrades.get(d)?.candidates ?? []).filter((c) => c.selected).map((c) => [c.contact_id, c]));
    const added = [...after.values()].filter((c) => !before.has(c.contact_id)).map(label);
    const removed = [...before.values()].filter((c) => !after.has(c.contact_id)).map(label);
    if (added.length || removed.length) diff.selected.push({ division: d, added, removed });
  }
  diff.selected.sort((x, y) => x.division.localeCompare(y.division));
  return diff;
}
