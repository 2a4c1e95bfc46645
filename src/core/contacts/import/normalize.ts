import { z } from 'zod';
import type { ContactInput } from '../../../db/repositories/index.js';
import { encodeTrades, parseTradeTags } from '../trades.js';
import { postcodeShape, zipLocation } from '../geo.js';
import type { SourceRecord } from './source.js';
import { stripControlCharactersFrom } from '../../text-input.js';

/** One source row made into a contact: trades through the one taxonomy, the rest kept as tags. */
export interface Candidate {
  ref: string;
  contact: ContactInput;
  /** Tags that name no trade, as written ("Subs"): stored on the contact and reported. */
  unmappedTags: string[];
  /** Why this row cannot be imported as it stands; empty when it can. */
  problems: string[];
}

const emailSchema = z.email();

/** "mailto:Bob@X.com", "Bob <bob@x.com>", "(bob@x.com)" → "bob@x.com". */
export const normalizeEmail = (e: string): string =>
  e
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^.*<([^>]+)>.*$/, '$1')
    .replace(/^[([]+|[)\]]+$/g, '')
    .toLowerCase();

export function normalizeRecord(source: SourceRecord): Candidate {
  // Cells are text a person typed into a spreadsheet or address book: their control characters go
  // (src/core/text-input.ts) — invisible, and a NUL cannot be stored on Postgres at all.
  const r = structuredClone(source);
  stripControlCharactersFrom(r);
  const problems: string[] = [];
  const emails = r.emails.map(normalizeEmail).filter(Boolean);
  const email = emails.find((e) => emailSchema.safeParse(e).success) ?? null;
  if (!email && emails.length > 0) problems.push(`"${r.emails[0]!.trim()}" is not a valid e-mail`);

  let zipCode: string | null = null;
  const zip = r.zip?.trim();
  if (zip) {
    // A spreadsheet that read 02134 as a number wrote 2134: the leading zero is put back, but only
    // when that makes a zip the post office uses — "5530" is more likely a digit short than 05530.
    const padded = /^\d{4}$/.test(zip) && zipLocation(`0${zip}`) ? `0${zip}` : zip;
    try {
      const shaped = postcodeShape(padded);
      zipCode = shaped.country === 'US' ? shaped.code.slice(0, 5) : shaped.code;
    } catch (_e) {
      problems.push(`"${zip}" is not a US zip or Canadian postal code`);
    }
  }

  const trades = new Set<string>();
  const unmapped = new Map<string, string>();
  for (const tag of r.tags) {
    const { divisions, unknown } = parseTradeTags(tag);
    for (const d of divisions) trades.add(d.code);
    for (const u of unknown) if (!unmapped.has(u.toLowerCase())) unmapped.set(u.toLowerCase(), u);
  }
  const unmappedTags = [...unmapped.values()];

  const company = r.company?.trim() || null;
  const person = r.person?.trim() || null;
  const name = company ?? person ?? (email ? companyNameFromEmail(email) : null);
  if (!name) problems.push('no company, person or e-mail');

  return {
    ref: r.ref,
    contact: {
      name: name ?? '',
      email,
      phone: r.phones[0]?.trim() || null,
      trades: encodeTrades([...trades]) || null,
      zipCode,
      website: r.website?.trim() || null,
      contactPerson: person,
      tags: unmappedTags.join('; ') || null,
    },
    unmappedTags,
    problems,
  };
}

/** "bob@acme-electric.com" → "Acme Electric" — a readable name for a contact known by e-mail only. */
export function companyNameFromEmail(email: string): string {
  const domain = email.split('@')[1] ?? email;
  const label = domain.split('.')[0] ?? domain;
  return label
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}
