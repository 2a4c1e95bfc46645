import { AppError } from '../../core/errors.js';
import { constraintViolation } from '../constraint-violation.js';
import type { ContactInput } from './contacts.js';

/**
 * What the contacts repositories (SQLite: contacts.ts, Postgres: ../pg/repositories/contacts.ts)
 * share: how a contact's fields are stored, and a failed write in words.
 */

/** Fields as stored: trimmed, blanks as null, the e-mail lower-cased; undefined fields left out. */
export function cleanContactInput(input: Partial<ContactInput>): Partial<ContactInput> {
  const out: Partial<ContactInput> = {};
  for (const [k, v] of Object.entries(input) as [keyof ContactInput, string | null | undefined][]) {
    if (v === undefined) continue;
    const trimmed = typeof v === 'string' ? v.trim() : v;
    out[k] = (trimmed === '' ? null : trimmed) as never;
  }
  if (typeof out.email === 'string') out.email = out.email.toLowerCase();
  return out;
}

/** A contact write's constraint failure as a typed error in words (anything else as it was). */
export function contactWriteError(e: unknown, what: 'insert' | 'update' | 'delete'): unknown {
  const kind = constraintViolation(e);
  if (kind === 'unique' && what !== 'delete') {
    return new AppError('CONFLICT', 'Duplicate contact e-mail', { cause: e, userMessage: 'Another of your contacts already has that e-mail address.' });
  }
  if (kind === 'foreign_key' && what === 'delete') {
    return new AppError('CONFLICT', 'Contact has invitations', {
      cause: e,
      userMessage: 'This contact has bid invitations on record, so it cannot be deleted. Edit it instead (or it stays unsubscribed if it asked to be).',
    });
  }
  return e;
}
