import type { ImapFlow } from 'imapflow';
import type { Config } from '../../config.js';
import type { SentMailLookup } from '../../core/outreach/index.js';
import type { Logger } from '../../core/log.js';
import { connectImap, type ImapSettings } from './mailbox.js';

/** Names mail servers give the Sent folder when they do not flag it \Sent (RFC 6154). */
const COMMON_SENT_NAMES = ['Sent', 'Sent Items', 'Sent Messages', 'Sent Mail', '[Gmail]/Sent Mail', 'INBOX.Sent'];

/**
 * Asks the mailbox's Sent folder whether an invitation left before a crash (the sender stopped
 * between handing it to SMTP and recording the answer). Found → it was sent. Not found proves
 * nothing — many SMTP servers do not file what they relay into Sent, or do so late — so the answer
 * is then "unknown" and the row is flagged for the user instead of being re-sent.
 */
export class ImapSentMailLookup implements SentMailLookup {
  constructor(
    private readonly settings: ImapSettings & Pick<Config, 'IMAP_SENT_MAILBOX'>,
    private readonly log: Logger,
  ) {}

  async wasSent(messageId: string): Promise<true | undefined> {
    let client: ImapFlow | undefined;
    try {
      client = await connectImap(this.settings);
      const mailbox = this.settings.IMAP_SENT_MAILBOX ?? (await findSentMailbox(client));
      if (!mailbox) {
        this.log.warn('no Sent folder found on the IMAP server; set IMAP_SENT_MAILBOX to reconcile interrupted sends');
        return undefined;
      }
      const lock = await client.getMailboxLock(mailbox, { readOnly: true });
      try {
        const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
        return uids && uids.length > 0 ? true : undefined;
      } finally {
        lock.release();
      }
    } catch (e) {
      this.log.warn({ err: e, messageId }, 'could not look in the Sent folder; the invitation stays flagged for the user');
      return undefined;
    } finally {
      await client?.logout().catch(() => client?.close());
    }
  }
}

async function findSentMailbox(client: ImapFlow): Promise<string | undefined> {
  const boxes = await client.list();
  return (
    boxes.find((b) => b.specialUse === '\\Sent')?.path ??
    boxes.find((b) => COMMON_SENT_NAMES.some((n) => n.toLowerCase() === b.path.toLowerCase()))?.path
  );
}
