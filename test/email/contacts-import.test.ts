import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dovecotAvailable } from '../helpers/dovecot.js';
import { repoRoot } from '../helpers/app.js';
import { buildMail, makeWorld, passing, INBOUND, MAILBOX_USER, type World } from './setup.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';

const fixture = (name: string) => readFileSync(join(repoRoot, 'test', 'fixtures', 'contacts', name));

describeOnBothDatabases.skipIf(!dovecotAvailable())('e-mail channel: a sub list attached with "contacts" in the subject', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld({}, backend);
    await w.start();
  });
  afterAll(async () => w?.close());

  const deliverAndPoll = async (raw: Buffer) => {
    w.dovecot.deliver(MAILBOX_USER, raw);
    await w.channel!.pollNow();
  };
  const outlook = { filename: 'contacts.CSV', content: fixture('outlook-contacts.csv'), contentType: 'application/vnd.ms-excel' };

  it('"preview" answers with what would be imported and writes nothing; without it the list is imported', async () => {
    const before = (await w.t.app.addressBook.list(w.estimator.userId)).length;
    await deliverAndPoll(await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'Contacts preview', messageId: '<contacts-preview@gc.test>', text: 'our subs', attachments: [outlook] }));
    const preview = await w.smtp.waitFor((m) => (m.parsed.subject ?? '') === 'Re: Contacts preview', { what: 'preview reply' });
    expect(preview.parsed.text).toMatch(/Would import Outlook contacts export: 4 contacts would be created/);
    expect(preview.parsed.text).toMatch(/3 contacts tagged "Subs" — not a trade/);
    expect(preview.parsed.text).toMatch(/1 row without an e-mail .*line 5 \(Cho Paving\)/);
    expect(preview.parsed.text).toMatch(/nothing was saved/);
    expect(await w.t.app.addressBook.list(w.estimator.userId)).toHaveLength(before);

    await deliverAndPoll(await buildMail({ stamped: passing('gc.test'), from: 'est@gc.test', to: INBOUND, subject: 'Fwd: our contacts', messageId: '<contacts-import@gc.test>', attachments: [outlook, { filename: 'more.vcf', content: fixture('subs-4.0.vcf'), contentType: 'text/vcard' }] }));
    const done = await w.smtp.waitFor((m) => (m.parsed.subject ?? '') === 'Re: Fwd: our contacts', { what: 'import reply' });
    expect(done.parsed.text).toMatch(/Imported Outlook contacts export: 4 contacts created/);
    expect(done.parsed.text).toMatch(/Imported vCard file: 1 contact created/);
    expect(await w.t.app.addressBook.list(w.estimator.userId)).toHaveLength(before + 5);
    expect(await w.t.app.repos.contacts.findByEmail(w.estimator.userId, 'cara@northloopfire.test')).toMatchObject({ trades: '27,28', zipCode: '55303' });
    // No job came of it.
    expect(await w.t.app.repos.jobs.listForUser(w.estimator.userId)).toHaveLength(0);
  });
});
