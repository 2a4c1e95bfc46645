import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestBackend } from '../../helpers/backends.js';
import type { ContactRow } from '../../../src/db/repositories/index.js';

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe.each(backends())('contacts repository on $name', ({ skip, open }) => {
  let b: TestBackend;
  let user = 0;
  /** A new owner (and, for the foreign keys of an invitation, a job of theirs). */
  async function owner(): Promise<string> {
    const id = `u${++user}`;
    await b.raw(`INSERT INTO users (user_id, email, password_hash) VALUES (?, ?, 'x')`, [id, `${id}@gc.test`]);
    return id;
  }
  beforeAll(async () => {
    if (!skip) b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });
  const test = (name: string, body: () => Promise<void>) => it.skipIf(skip)(`${name}${skip ? ` (skipped: ${skip})` : ''}`, body);

  test('stores fields trimmed and the e-mail lower-cased; another user\'s contact is not found, read or written', async () => {
    const [alice, bob] = [await owner(), await owner()];
    const c = await b.repos.contacts.insert(alice, { name: '  Volt Bros Electric ', email: ' Bids@VoltBros.test ', phone: '', trades: '26', contactPerson: 'Ann' });
    expect(c).toMatchObject({ userId: alice, name: 'Volt Bros Electric', email: 'bids@voltbros.test', phone: null, trades: '26', contactPerson: 'Ann', unsubscribedAt: null });
    expect(c.createdAt).toMatch(TIME);
    expect(await b.repos.contacts.findForUser(alice, c.contactId)).toEqual(c);
    expect(await b.repos.contacts.findByEmail(alice, 'BIDS@voltbros.test ')).toEqual(c);
    expect(await b.repos.contacts.findForUser(bob, c.contactId)).toBeUndefined();
    expect(await b.repos.contacts.findByEmail(bob, 'bids@voltbros.test')).toBeUndefined();
    await expect(b.repos.contacts.getForUser(bob, c.contactId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(b.repos.contacts.update(bob, c.contactId, { name: 'Mine now' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(b.repos.contacts.delete(bob, c.contactId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await b.repos.contacts.listForUser(bob)).toEqual([]);
    expect(await b.repos.contacts.countForUser(bob)).toBe(0);
    expect(await b.repos.contacts.findById(c.contactId)).toEqual(c); // a signed link names it: no owner needed
    const changed = await b.repos.contacts.update(alice, c.contactId, { phone: ' 555-0100 ', trades: null, zipCode: undefined });
    expect(changed).toMatchObject({ phone: '555-0100', trades: null, name: 'Volt Bros Electric' });
  });

  test('one e-mail per owner: a duplicate insert or update is a CONFLICT in words, insertIfNew writes nothing, another owner may have it', async () => {
    const [alice, bob] = [await owner(), await owner()];
    const first = await b.repos.contacts.insert(alice, { name: 'Drip Plumbing', email: 'office@drip.test' });
    const other = await b.repos.contacts.insert(alice, { name: 'Dry Plumbing', email: 'office@dry.test' });
    const duplicate = { code: 'CONFLICT', userMessage: 'Another of your contacts already has that e-mail address.' };
    await expect(b.repos.contacts.insert(alice, { name: 'Drip again', email: 'OFFICE@drip.test' })).rejects.toMatchObject(duplicate);
    await expect(b.repos.contacts.update(alice, other.contactId, { email: 'office@drip.test' })).rejects.toMatchObject(duplicate);
    expect(await b.repos.contacts.insertIfNew(alice, { name: 'Drip third', email: 'office@drip.test' })).toBe(false);
    expect(await b.repos.contacts.insertIfNew(alice, { name: 'Fresh', email: 'fresh@sub.test' })).toBe(true);
    expect(await b.repos.contacts.insertIfNew(bob, { name: 'Drip for Bob', email: 'office@drip.test' })).toBe(true);
    // contacts without an e-mail are not duplicates of each other
    await b.repos.contacts.insert(alice, { name: 'Paper Only', email: null });
    await b.repos.contacts.insert(alice, { name: 'Paper Only', email: '' });
    expect(await b.repos.contacts.countForUser(alice)).toBe(5);
    expect((await b.repos.contacts.getForUser(alice, first.contactId)).name).toBe('Drip Plumbing');
    expect((await b.repos.contacts.getForUser(alice, other.contactId)).email).toBe('office@dry.test');
  });

  test('two writers racing for one address: one contact is stored, the other writer gets the CONFLICT', async () => {
    const alice = await owner();
    const results = await Promise.allSettled([1, 2, 3].map((n) => b.repos.contacts.insert(alice, { name: `Racer ${n}`, email: 'race@sub.test' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    expect(await b.repos.contacts.findByEmails(alice, ['race@sub.test'])).toHaveLength(1);
  });

  test('pages in name order by keyset: every contact once, ties on the name kept apart by id', async () => {
    const alice = await owner();
    const names = ['Acme Drywall', 'Bolt Steel', 'Bolt Steel', 'Bolt Steel', 'Cobalt Glazing', 'Delta Roofing', 'Echo Paint'];
    for (const [i, name] of names.entries()) await b.repos.contacts.insert(alice, { name, email: `c${i}@sub.test` });
    const seen: ContactRow[] = [];
    let after: { name: string; contactId: string } | undefined;
    for (;;) {
      const page = await b.repos.contacts.pageForUser(alice, 3, after);
      if (page.length === 0) break;
      seen.push(...page);
      const last = page[page.length - 1]!;
      after = { name: last.name, contactId: last.contactId };
    }
    expect(seen.map((c) => c.name)).toEqual(names);
    expect(new Set(seen.map((c) => c.contactId)).size).toBe(names.length);
    expect((await b.repos.contacts.listForUser(alice)).map((c) => c.name)).toEqual(names);
    expect(await b.repos.contacts.countForUser(alice)).toBe(names.length);
  });

  test('lists two people of one firm by person, whatever order they were added in (an export imports back in the same order)', async () => {
    const alice = await owner();
    for (const [person, email] of [['Theo Holm', 'theo@bolt.test'], ['Rita Holm', 'rita@bolt.test'], ['Ann Holm', 'ann@bolt.test']]) await b.repos.contacts.insert(alice, { name: 'Bolt Electric', contactPerson: person, email });
    expect((await b.repos.contacts.listForUser(alice)).map((c) => c.contactPerson)).toEqual(['Ann Holm', 'Rita Holm', 'Theo Holm']);
  });

  test('finds by trade (a whole division, not a prefix), by many e-mails, and the e-mail-less twin by name and person', async () => {
    const alice = await owner();
    await b.repos.contacts.insert(alice, { name: 'Wet Pipes', email: 'a@pipes.test', trades: '22,26' });
    await b.repos.contacts.insert(alice, { name: 'Two Only', email: 'b@two.test', trades: '02' });
    await b.repos.contacts.insert(alice, { name: 'Sparks', email: 'c@sparks.test', trades: '26' });
    await b.repos.contacts.insert(alice, { name: 'Nothing', email: 'd@none.test' });
    const paper = await b.repos.contacts.insert(alice, { name: 'Paper Plumbing', contactPerson: 'Émile Roy' });
    await b.repos.contacts.insert(alice, { name: 'Paper Plumbing', contactPerson: 'Someone Else' });
    expect((await b.repos.contacts.listForUserWithTrade(alice, '26')).map((c) => c.name)).toEqual(['Sparks', 'Wet Pipes']);
    expect((await b.repos.contacts.listForUserWithTrade(alice, '2')).map((c) => c.name)).toEqual([]);
    expect((await b.repos.contacts.listForUserWithTrade(alice, '22')).map((c) => c.name)).toEqual(['Wet Pipes']);
    // more addresses than one lookup takes: the ones that exist are found wherever they sit in the list
    const asked = Array.from({ length: 1_100 }, (_, i) => `nobody${i}@x.test`);
    asked.splice(3, 0, 'a@pipes.test');
    asked.splice(700, 0, 'c@sparks.test');
    expect((await b.repos.contacts.findByEmails(alice, asked)).map((c) => c.email).sort()).toEqual(['a@pipes.test', 'c@sparks.test']);
    expect(await b.repos.contacts.findByEmails(alice, [])).toEqual([]);
    expect((await b.repos.contacts.findWithoutEmail(alice, ' paper plumbing ', 'ÉMILE ROY'))?.contactId).toBe(paper.contactId);
    expect(await b.repos.contacts.findWithoutEmail(alice, 'Paper Plumbing', null)).toBeUndefined();
    expect(await b.repos.contacts.findWithoutEmail(alice, 'Wet Pipes', null)).toBeUndefined(); // has an e-mail
  });

  test('do-not-contact and a delivery warning keep their first time; a bad address records why; an invited contact cannot be deleted', async () => {
    const alice = await owner();
    await b.raw(`INSERT INTO jobs (job_id, user_id, name) VALUES ('job-${alice}', ?, 'Clinic')`, [alice]);
    const c = await b.repos.contacts.insert(alice, { name: 'Far Away', email: 'far@away.test' });
    await b.raw(`UPDATE contacts SET unsubscribed_at = '2026-01-02 03:04:05', delivery_warning_at = '2026-01-02 03:04:05' WHERE contact_id = ?`, [c.contactId]);
    await b.repos.contacts.markUnsubscribed(c.contactId);
    await b.repos.contacts.flagDeliveryWarning(c.contactId, 'three soft bounces');
    await b.repos.contacts.markEmailBad(c.contactId, '550 no such user');
    const after = await b.repos.contacts.getForUser(alice, c.contactId);
    expect(after).toMatchObject({ unsubscribedAt: '2026-01-02 03:04:05', deliveryWarningAt: '2026-01-02 03:04:05', deliveryWarning: 'three soft bounces', emailBadReason: '550 no such user' });
    expect(after.emailBadAt).toMatch(TIME);
    expect(after.updatedAt).toMatch(TIME);

    await b.raw(`INSERT INTO email_logs (email_id, job_id, contact_id) VALUES (?, ?, ?)`, [`e-${alice}`, `job-${alice}`, c.contactId]);
    await expect(b.repos.contacts.delete(alice, c.contactId)).rejects.toMatchObject({ code: 'CONFLICT', userMessage: expect.stringContaining('bid invitations on record') });
    expect(await b.repos.contacts.findForUser(alice, c.contactId)).toBeDefined();
    const loose = await b.repos.contacts.insert(alice, { name: 'Never invited' });
    await b.repos.contacts.delete(alice, loose.contactId);
    expect(await b.repos.contacts.findForUser(alice, loose.contactId)).toBeUndefined();
  });

  test('insertManyIfNew: a big batch with duplicates inside and one already stored writes each new e-mail once, the first row winning, and says which', async () => {
    const [alice, bob] = [await owner(), await owner()];
    const kept = await b.repos.contacts.insert(alice, { name: 'Already Here', email: 'sub1111@sub.test' });
    const rows = Array.from({ length: 1200 }, (_, i) => ({ name: ` Sub ${i} `, email: `Sub${i}@Sub.test`, trades: '26', phone: '' }));
    // a second row for an address near the first (one statement on Postgres) and far from it (the next one)
    rows.splice(500, 0, { name: 'Sub 42 again', email: 'sub42@sub.test', trades: '22', phone: '555' });
    rows.splice(1100, 0, { name: 'Sub 7 again', email: 'SUB7@sub.test', trades: '22', phone: '555' });
    const written = await b.repos.contacts.insertManyIfNew(alice, rows);
    expect(written).toHaveLength(1202);
    expect(written.flatMap((w, i) => (w ? [] : [i]))).toEqual([500, 1100, 1113]); // 1113: Sub 1111, stored before
    expect(await b.repos.contacts.countForUser(alice)).toBe(1200);
    expect(await b.repos.contacts.findByEmail(alice, 'sub42@sub.test')).toMatchObject({ name: 'Sub 42', trades: '26', phone: null });
    expect(await b.repos.contacts.findByEmail(alice, 'sub7@sub.test')).toMatchObject({ name: 'Sub 7', trades: '26' });
    expect(await b.repos.contacts.findByEmail(alice, 'sub1111@sub.test')).toEqual(kept);
    expect(await b.repos.contacts.findByEmail(alice, 'sub1199@sub.test')).toMatchObject({ userId: alice, name: 'Sub 1199' });
    // another owner may have the same addresses
    expect(await b.repos.contacts.insertManyIfNew(bob, rows.slice(0, 3))).toEqual([true, true, true]);
    expect(await b.repos.contacts.insertManyIfNew(bob, [])).toEqual([]);
  });

  test('an import that fails half-way leaves no contact behind', async () => {
    const alice = await owner();
    await expect(
      b.repos.transaction(async (tx) => {
        expect(await tx.contacts.insertIfNew(alice, { name: 'First row', email: 'one@sub.test' })).toBe(true);
        await tx.contacts.insert(alice, { name: 'Second row', email: 'two@sub.test' });
        expect(await tx.contacts.countForUser(alice)).toBe(2);
        throw new Error('row 3 is bad');
      }),
    ).rejects.toThrow('row 3 is bad');
    expect(await b.repos.contacts.countForUser(alice)).toBe(0);
  });
});
