import { InboundStore as InboundClaims } from '../db/repositories/index.js';

/**
 * The stored records core hands to channels (a job, a contact, an invitation's log row …), named
 * once here so a channel never imports src/db: their shapes are what the repositories return.
 */
export type { JobRow, ContactRow, EmailLogRow, MapHistoryRow, ApiTokenRow, JobDocumentRow, JobAddendumRow, JobDetailsRow } from '../db/repositories/index.js';
export type * from './domain/status.js';
export type { PublicUser, ContactCursor, InboundOutcome, ClaimResult } from '../db/repositories/index.js';
/** The Slack channel's links, files, messages and pending actions. */
export type SlackStore = Repositories['slack'];
/** One mailbox reader's claims and notices. */
export type InboundStore = ReturnType<Repositories['inboundMail']>;
import type { Repositories } from '../db/repositories/index.js';
/** The hourly budget of replies to people who are not users (email_reply_budget). */
export type ReplyBudget = Repositories['replyBudget'];
/** The UTC hour a reply to a non-user counts against (the reply budget's key). */
export { budgetHour } from '../db/repositories/index.js';
/** A fresh owner id for one mailbox reader's claims (host:pid:random, so a dead reader's claims can be taken over). */
export const newInboundOwner = (): string => InboundClaims.newOwner();
