import { afterAll, beforeAll, expect, it } from 'vitest';
import { dovecotAvailable } from '../helpers/dovecot.js';
import { buildMail, makeWorld, passing, INBOUND, MAILBOX_USER, TRUSTED, type World } from './setup.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';

/** Strangers and spoofed senders through the real mailbox: who gets a note back, and who never does. */
describeOnBothDatabases.skipIf(!dovecotAvailable())('e-mail channel: no backscatter', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld({ EMAIL_NON_USER_REPLIES_PER_HOUR: '1' }, backend);
    await w.start();
  });
  afterAll(async () => {
    await w?.close();
  });
  const kindOf = async (key: string) => (await w.t.raw<{ kind: string }>('SELECT kind FROM email_inbound WHERE message_key = ?', [key]))[0]?.kind;
  const send = async (from: string, id: string, stamped: string[], headers: Record<string, string> = {}) => {
    w.dovecot.deliver(MAILBOX_USER, await buildMail({ stamped, from, to: INBOUND, subject: 'Bid question', messageId: `<${id}>`, text: 'Hello, are you taking bids?', headers }));
    await w.channel!.pollNow();
    // handled (as a stranger, or as automatic mail for lists and bulk), never a job
    expect(await kindOf(id)).toMatch(/^(?:stranger|auto_reply)$/);
  };

  it('a spoofed stranger, a list and a bulk message get no reply; a verified one gets one; the hourly cap holds', async () => {
    // From claims sub.test but the trusted server verified another domain (the real envelope sender)
    await send('pat@sub.test', 'spoof@evil.test', passing('evil.test'));
    // our server stamped nothing; a pass sits under our Received line (forged)
    await send('pat@sub.test', 'forged@evil.test', [`Received: from evil.test by ${TRUSTED}; Mon, 23 Nov 2026 10:00:00 +0000`, `Authentication-Results: ${TRUSTED}; dmarc=pass header.from=sub.test`]);
    await send('news@sub.test', 'list@sub.test', passing('sub.test'), { 'List-Id': 'Sub news <news.sub.test>' });
    await send('offers@sub.test', 'bulk@sub.test', passing('sub.test'), { Precedence: 'bulk' });
    expect(w.smtp.messages).toHaveLength(0);
    await send('pat@sub.test', 'real@sub.test', passing('sub.test'));
    expect(w.smtp.to('pat@sub.test')).toHaveLength(1);
    // another verified stranger in the same hour: over the cap of 1
    await send('lee@other.test', 'real@other.test', passing('other.test'));
    expect(w.smtp.to('lee@other.test')).toHaveLength(0);
    expect(w.smtp.messages).toHaveLength(1);
  });
});
