import { z } from 'zod';

/**
 * The contacts map: what the estimator reviews before pressing the red button. A versioned JSON
 * document stored via StorageRef (compact JSON); every edit writes a new version. Each trade lists
 * its best-ranked candidates only and counts the rest, so a version's size — and the cost of an
 * edit, which reads and writes one version — depends on the trades, not on the address book. Snake_case keys because the
 * file is an artifact people and other tools read (and the seed's API speaks snake_case).
 */
export const MAP_SCHEMA = 'redbutton.contacts-map' as const;

export const candidateStatusSchema = z.enum(['ok', 'no_email', 'unsubscribed', 'bad_email', 'same_company', 'over_cap']);
export type CandidateStatus = z.infer<typeof candidateStatusSchema>;

export const candidateSchema = z.object({
  contact_id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  company_key: z.string(),
  zip_code: z.string().nullable(),
  distance_miles: z.number().nullable(),
  selected: z.boolean(),
  /** Why this contact is here, e.g. "Electrical · 12 mi". */
  reason: z.string(),
  status: candidateStatusSchema,
  /** True when the user put this contact on the trade by hand. */
  added_by_user: z.boolean().default(false),
});
export type Candidate = z.infer<typeof candidateSchema>;

export const mapEvidenceSchema = z.object({
  page: z.number().int(),
  sheet: z.string().optional(),
  section: z.string().optional(),
  snippet: z.string(),
});

export const mapTradeSchema = z.object({
  division: z.string().regex(/^\d{2}$/),
  name: z.string(),
  source: z.enum(['detected', 'added']),
  confidence: z.number().min(0).max(1).nullable(),
  /** One line an estimator can check: "Sheets E101, E211, E221 · Section 26 05 19". */
  evidence_summary: z.string(),
  evidence: z.array(mapEvidenceSchema),
  candidates: z.array(candidateSchema),
  /** Contacts tagged with this trade beyond the radius (not listed). */
  beyond_radius: z.number().int().nonnegative().default(0),
  /** Detected below the confidence line (CONFIDENT_AT): shown, but nobody is pre-selected. */
  possible: z.boolean().default(false),
  /** Contacts within the radius ranked below the listed candidates: counted, not stored. */
  not_listed: z.number().int().nonnegative().default(0),
});
export type MapTrade = z.infer<typeof mapTradeSchema>;

export const contactsMapSchema = z.object({
  schema: z.literal(MAP_SCHEMA),
  version: z.number().int().positive(),
  job_id: z.string(),
  created_at: z.string(),
  project: z.object({
    name: z.string(),
    zip_code: z.string().nullable(),
    location: z.string().nullable(),
    bid_due_date: z.string().nullable(),
  }),
  settings: z.object({
    radius_miles: z.number(),
    max_per_trade: z.number().int(),
    one_per_company: z.boolean(),
  }),
  trades: z.array(mapTradeSchema),
});
export type ContactsMap = z.infer<typeof contactsMapSchema>;

/** Trades with nobody selected: the user should add a contact. A "possible" trade is not a gap: nobody is selected there on purpose. */
export function mapGaps(map: ContactsMap): MapTrade[] {
  return map.trades.filter((t) => !t.possible && !t.candidates.some((c) => c.selected));
}

/** How a trade is labelled for people: "possible — check the evidence" when detected below the line. */
export const POSSIBLE_NOTE = 'possible trade: check the evidence; nobody pre-selected';

/** Distinct selected contacts with the trades each is invited for (what approval sends). */
export function selectedInvitations(map: ContactsMap): { contact_id: string; name: string; email: string; divisions: string[] }[] {
  const byContact = new Map<string, { contact_id: string; name: string; email: string; divisions: string[] }>();
  for (const t of map.trades) {
    for (const c of t.candidates) {
      if (!c.selected || !c.email) continue;
      const entry = byContact.get(c.contact_id) ?? { contact_id: c.contact_id, name: c.name, email: c.email, divisions: [] };
      entry.divisions.push(t.division);
      byContact.set(c.contact_id, entry);
    }
  }
  return [...byContact.values()];
}
