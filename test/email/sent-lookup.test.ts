import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotAvailable, startDovecot, type DovecotServer } from '../helpers/dovecot.js';
import { loadConfig } from '../../src/config.js';
import { ImapSentMailLookup } from '../../src/channels/email/sent-lookup.js';
import { logger } from '../../src/core/log.js';

describe.skipIf(!dovecotAvailable())('Sent-folder lookup for sends interrupted by a crash', () => {
  let dovecot: DovecotServer;
  const settings = (over: Record<string, string> = {}) =>
    loadConfig({
      REDBUTTON_DATA_DIR: '/tmp/unused',
      IMAP_HOST: dovecot.host,
      IMAP_PORT: String(dovecot.port),
      IMAP_USER: 'plans',
      IMAP_PASSWORD: 'right-password',
      IMAP_TLS: 'false',
      ...over,
    });

  beforeAll(async () => {
    dovecot = await startDovecot({ plans: 'right-password' });
    const client = await dovecot.client('plans', 'right-password');
    await client.mailboxCreate('Sent Items');
    const raw = ['From: plans@rb.test', 'To: bids@acme.test', 'Subject: Invitation to bid', 'Message-ID: <inv-1@rb.test>', '', 'Hello'].join('\r\n');
    await client.append('Sent Items', raw, ['\\Seen']);
    await client.logout();
  });
  afterAll(async () => dovecot?.stop());

  it('finds an invitation in the Sent folder by its Message-ID (folder found by its usual name)', async () => {
    const lookup = new ImapSentMailLookup(settings(), logger);
    expect(await lookup.wasSent('<inv-1@rb.test>')).toBe(true);
  });

  it('answers "unknown", never "not sent", when it is not there: absence proves nothing', async () => {
    const lookup = new ImapSentMailLookup(settings({ IMAP_SENT_MAILBOX: 'Sent Items' }), logger);
    expect(await lookup.wasSent('<never-sent@rb.test>')).toBeUndefined();
  });

  it('answers "unknown" when the mailbox cannot be reached or has no such folder', async () => {
    expect(await new ImapSentMailLookup(settings({ IMAP_PASSWORD: 'wrong' }), logger).wasSent('<inv-1@rb.test>')).toBeUndefined();
    expect(await new ImapSentMailLookup(settings({ IMAP_SENT_MAILBOX: 'No Such Folder' }), logger).wasSent('<inv-1@rb.test>')).toBeUndefined();
  });
});
