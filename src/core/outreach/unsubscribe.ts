import { logger as rootLogger } from '../log.js';
import type { OutreachDeps } from './deps.js';
import { identityOf } from '../project/identity.js';
import { senderName } from './invitation.js';
import { verifyUnsubscribeToken } from './links.js';

export interface UnsubscribeResult {
  contactId: string;
  /** The address that will get no more invitations (for the confirmation page). */
  email: string | null;
  /** It was already unsubscribed (a second click, or the mailto and the link both used). */
  alreadyUnsubscribed: boolean;
  /** Whose invitations stop (the pages name them); null when the contact is gone. */
  inviter: Inviter | null;
}

/** The general contractor whose address book holds the contact: its invitations are the ones that stop. */
export interface Inviter {
  /** The company name from the profile, or null when none is set. */
  company: string | null;
  /** "Jane Doe at Acme Builders", as the invitation's From line said. */
  sender: string;
}

type Deps = Pick<OutreachDeps, 'repos' | 'secret' | 'logger'>;

async function inviterOf(deps: Deps, userId: string): Promise<Inviter> {
  const identity = await identityOf(deps.repos, userId);
  return { company: identity.company?.name ?? null, sender: senderName(identity) };
}

/** Who an unsubscribe link is about, for the page that asks to confirm (a bad token throws LINK_INVALID). */
export async function unsubscribeInviter(deps: Deps, token: string): Promise<Inviter | null> {
  const contact = await deps.repos.contacts.findById(verifyUnsubscribeToken(deps.secret, token).contactId);
  return contact ? await inviterOf(deps, contact.userId) : null;
}

/**
 * The List-Unsubscribe action (RFC 8058 one-click POST, the page's button, or the mailto's
 * subject token): mark the contact do-not-contact. Every later approval skips it, and the
 * contacts map shows it as 'unsubscribed'. Idempotent; a bad token throws LINK_INVALID.
 */
export async function unsubscribe(deps: Deps, token: string): Promise<UnsubscribeResult> {
  const claims = verifyUnsubscribeToken(deps.secret, token);
  const before = await deps.repos.contacts.findById(claims.contactId);
  if (!before) {
    // The contact was deleted from the address book: nothing will be sent to it anyway.
    return { contactId: claims.contactId, email: null, alreadyUnsubscribed: true, inviter: null };
  }
  await deps.repos.contacts.markUnsubscribed(claims.contactId);
  (deps.logger ?? rootLogger).info({ contactId: claims.contactId, emailId: claims.emailId, already: Boolean(before.unsubscribedAt) }, 'contact unsubscribed');
  return { contactId: claims.contactId, email: before.email, alreadyUnsubscribed: Boolean(before.unsubscribedAt), inviter: await inviterOf(deps, before.userId) };
}
