import type { ContactInput } from '../../db/repositories/index.js';
import { decodeTrades, encodeTrades } from './trades.js';

type Fields = Pick<ContactInput, 'phone' | 'zipCode' | 'website' | 'contactPerson' | 'trades' | 'tags'>;

const FILLABLE = ['phone', 'zipCode', 'website', 'contactPerson'] as const;

export const splitTags = (tags: string | null | undefined): string[] => (tags ? tags.split(';').map((t) => t.trim()).filter(Boolean) : []);

/**
 * What merging `incoming` into a contact we already have changes: empty fields are filled, trades
 * and tags are united, and nothing filled is ever blanked or overwritten. Empty when nothing changes.
 */
export function mergeChanges(existing: Fields, incoming: Fields): Partial<ContactInput> {
  const changes: Partial<ContactInput> = {};
  for (const k of FILLABLE) if (!existing[k] && incoming[k]) changes[k] = incoming[k];
  const trades = encodeTrades([...decodeTrades(existing.trades), ...decodeTrades(incoming.trades)]);
  if (trades !== encodeTrades(decodeTrades(existing.trades))) changes.trades = trades;
  const had = splitTags(existing.tags);
  const added = splitTags(incoming.tags).filter((t) => !had.some((h) => h.toLowerCase() === t.toLowerCase()));
  if (added.length) changes.tags = [...had, ...added].join('; ');
  return changes;
}
