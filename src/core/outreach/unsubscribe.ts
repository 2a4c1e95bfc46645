import { eq } from 'drizzle-orm';
import { logger as rootLogger } from '../log.js';
import { contacts } from '../../db/schema/index.js';
import type { OutreachDeps } from './deps.js';
import { verifyUnsubscribeToken } from './links.js';

export interface UnsubscribeResult {
  contactId: string;
  /** The address that will get no more invitations (for the confirmation page). */
  email: string | null;
  /** It was already unsubscribed (a second click, or the mailto and the link both used). */
  alreadyUnsubscribed: boolean;
}

/**
 * The List-Unsubscribe action (RFC 8058 one-click POST, the page's button, or the mailto's
 * subject token): mark the contact do-not-contact. Every later approval skips it, and the
 * contacts map shows it as 'unsubscribed'. Idempotent; a bad token throws LINK_INVALID.
 */
export function unsubscribe(deps: Pick<OutreachDeps, 'handle' | 'repos' | 'secret' | 'logger'>, token: string): UnsubscribeResult {
  const claims = verifyUnsubscribeToken(deps.secret, token);
  const { db } = deps.handle;
  const before = db.select().from(contacts).where(eq(contacts.contactId, claims.contactId)).get();
  if (!before) {
    // The contact was deleted from the address book: nothing will be sent to it anyway.
    return { contactId: claims.contactId, email: null, alreadyUnsubscribed: true };
  }
  deps.repos.contacts.markUnsubscribed(claims.contactId);
  (deps.logger ?? rootLogger).info({ contactId: claims.contactId, emailId: claims.emailId, already: Boolean(before.unsubscribedAt) }, 'contact unsubscribed');
  return { contactId: claims.contactId, email: before.email, alreadyUnsubscribed: Boolean(before.unsubscribedAt) };
}
