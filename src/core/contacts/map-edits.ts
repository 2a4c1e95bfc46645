import { z } from 'zod';

/**
 * The one edit vocabulary every channel speaks (CLI flags, e-mail reply lines, Slack actions,
 * HTTP PATCH bodies). Trades may be given as a division ("26") or a name ("Electrical");
 * contacts by id or e-mail.
 */
export const mapEditSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('select'), trade: z.string().min(1), contact: z.string().min(1) }),
  z.object({ op: z.literal('deselect'), trade: z.string().min(1), contact: z.string().min(1) }),
  /** Replace the trade's whole selection (a Slack multi-select sends the full list). */
  z.object({ op: z.literal('set_selection'), trade: z.string().min(1), contacts: z.array(z.string().min(1)).max(100) }),
  /** Put a contact on a trade: an existing contact (id or e-mail) or a new one by e-mail. */
  z.object({
    op: z.literal('add_contact'),
    trade: z.string().min(1),
    contact: z.string().min(1),
    name: z.string().min(1).max(200).optional(),
  }),
  z.object({ op: z.literal('add_trade'), trade: z.string().min(1) }),
  z.object({ op: z.literal('remove_trade'), trade: z.string().min(1) }),
]);
export type MapEdit = z.infer<typeof mapEditSchema>;
export const mapEditsSchema = z.array(mapEditSchema).min(1).max(200);

export function describeEdit(e: MapEdit): string {
  switch (e.op) {
    case 'select':
      return `select ${e.contact} for ${e.trade}`;
    case 'deselect':
      return `deselect ${e.contact} from ${e.trade}`;
    case 'set_selection':
      return `set ${e.trade} to ${e.contacts.length} contact(s)`;
    case 'add_contact':
      return `add ${e.contact} to ${e.trade}`;
    case 'add_trade':
      return `add trade ${e.trade}`;
    case 'remove_trade':
      return `remove trade ${e.trade}`;
  }
}
