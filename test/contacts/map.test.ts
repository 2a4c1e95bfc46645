import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { appBackends, openTestApp, type AnyTestApp } from '../helpers/app.js';
import { readyJob as readyJobFor } from '../helpers/jobs.js';
import type { ContactsMap } from '../../src/core/contacts/map-document.js';
import { mapGaps } from '../../src/core/contacts/map-document.js';

// Project in Anoka, MN (55303). Minneapolis 55401 ≈ 18 mi, St Paul 55101 ≈ 22 mi,
// St Cloud 56301 ≈ 50 mi, New York 10001 ≈ 1,000 mi.
const CONTACTS = `name,email,trades,zip
Volt Bros Electric,bids@voltbros.test,Electrical,55101
Anoka Electric,est@anokaelectric.test,26,55303
Anoka Electric (Tom),tom@anokaelectric.test,26,55303
North Star Power,ns@northstar.test,Electrical,56301
Empire Electric,ny@empire.test,Electrical,10001
Sparky Solo,sparky.solo@gmail.com,Electrical,55401
Paper Only Electric,,Electrical,55401
Drip Plumbing,drip@drip.test,Plumbing,55401
`;

describe.each(appBackends())('contacts map on $backend', ({ backend, skip }) => {
  let t: AnyTestApp;
  let userId: string;
  let otherId: string;

  beforeEach(async () => {
    if (skip) return;
    t = await openTestApp(backend, { MAP_MAX_PER_TRADE: '3', MAP_RADIUS_MILES: '150' });
    userId = (await t.app.repos.users.create('est@gc.test', 'password123')).userId;
    otherId = (await t.app.repos.users.create('rival@gc2.test', 'password123')).userId;
    await t.app.addressBook.importCsv(userId, CONTACTS);
  });
  afterEach(async () => {
    if (!skip) await t.cleanup();
  });

  /** A job whose pipeline reached CONTACT_MAP_READY with the given detected trades. */
  const readyJob = (divisions: string[], zipCode: string | null = '55303', owner = userId) => readyJobFor(t.app, owner, divisions, { name: 'Lab Reno', zipCode });

  const selectedNames = (map: ContactsMap, div: string) => map.trades.find((x) => x.division === div)!.candidates.filter((c) => c.selected).map((c) => c.name);

  it.skipIf(skip)('ranks by distance then name, keeps the radius, one invite per company, and caps per trade', async () => {
    const { map } = await readyJob(['26']);
    const electrical = map.trades[0]!;
    expect(electrical.candidates.map((c) => c.name)).toEqual([
      'Anoka Electric',
      'Anoka Electric (Tom)',
      'Paper Only Electric',
      'Sparky Solo',
      'Volt Bros Electric',
      'North Star Power',
    ]);
    // Same e-mail domain → one invite; no e-mail → shown but never selected; cap of 3.
    expect(selectedNames(map, '26')).toEqual(['Anoka Electric', 'Sparky Solo', 'Volt Bros Electric']);
    const byName = new Map(electrical.candidates.map((c) => [c.name, c]));
    expect(byName.get('Anoka Electric (Tom)')!.status).toBe('same_company');
    expect(byName.get('Paper Only Electric')!.status).toBe('no_email');
    expect(byName.get('North Star Power')!.status).toBe('over_cap');
    expect(byName.get('Volt Bros Electric')!.reason).toMatch(/^Electrical · \d+ mi$/);
    // New York is beyond 150 miles: counted, not listed.
    expect(electrical.beyond_radius).toBe(1);
  });

  it.skipIf(skip)('lists trades with nobody to invite as gaps', async () => {
    const { map } = await readyJob(['22', '26', '09']);
    expect(mapGaps(map).map((g) => g.division)).toEqual(['09']);
    expect(selectedNames(map, '22')).toEqual(['Drip Plumbing']);
  });

  it.skipIf(skip)('shows a trade detected below the confidence line as possible: ranked, nobody pre-selected, not a gap, selectable', async () => {
    const { jobId, map } = await readyJobFor(t.app, userId, ['22', '26'], { zipCode: '55303', confidence: { '22': 0.6 } });
    const plumbing = map.trades.find((x) => x.division === '22')!;
    expect(plumbing.possible).toBe(true);
    expect(plumbing.candidates.map((c) => [c.name, c.status, c.selected])).toEqual([['Drip Plumbing', 'ok', false]]);
    expect(map.trades.find((x) => x.division === '26')!.possible).toBe(false);
    expect(selectedNames(map, '26').length).toBeGreaterThan(0);
    expect(mapGaps(map).map((g) => g.division)).toEqual([]);
    const m = await t.app.maps.edit(userId, jobId, [{ op: 'select', trade: '22', contact: 'Drip Plumbing' }]);
    expect(selectedNames(m, '22')).toEqual(['Drip Plumbing']);
  });

  it.skipIf(skip)('without a project zip keeps every tagged contact, ranked by name, and pre-selects none of them', async () => {
    const { map } = await readyJob(['26'], null);
    expect(map.trades[0]!.beyond_radius).toBe(0);
    expect(map.trades[0]!.candidates[0]!.reason).toContain('no project zip, not pre-selected');
    // At an unknown distance a contact could be a thousand miles away: the estimator chooses.
    expect(map.trades[0]!.candidates.length).toBeGreaterThan(1);
    expect(map.trades[0]!.candidates.filter((c) => c.selected)).toEqual([]);
  });

  it.skipIf(skip)('applies each kind of edit as a new version with a history row', async () => {
    const { jobId } = await readyJob(['26', '22']);
    const maps = t.app.maps;
    let m = await maps.edit(userId, jobId, [{ op: 'deselect', trade: 'Electrical', contact: 'Sparky Solo' }], { via: 'test' });
    expect(m.version).toBe(2);
    expect(selectedNames(m, '26')).not.toContain('Sparky Solo');
    m = await maps.edit(userId, jobId, [{ op: 'select', trade: '26', contact: 'ns@northstar.test' }]);
    expect(selectedNames(m, '26')).toContain('North Star Power');
    m = await maps.edit(userId, jobId, [{ op: 'add_contact', trade: '26', contact: 'new@brightline.test' }]);
    expect(selectedNames(m, '26')).toContain('Brightline');
    // A new contact by e-mail joins the address book, tagged with the trade.
    expect((await t.app.repos.contacts.findByEmail(userId, 'new@brightline.test'))?.trades).toBe('26');
    m = await maps.edit(userId, jobId, [{ op: 'add_trade', trade: 'Finishes' }]);
    expect(m.trades.map((x) => x.division)).toEqual(['09', '22', '26']);
    m = await maps.edit(userId, jobId, [{ op: 'remove_trade', trade: 'plumbing' }]);
    expect(m.trades.map((x) => x.division)).toEqual(['09', '26']);
    m = await maps.edit(userId, jobId, [{ op: 'set_selection', trade: '26', contacts: ['Volt Bros Electric'] }]);
    expect(selectedNames(m, '26')).toEqual(['Volt Bros Electric']);

    const history = await maps.history(userId, jobId);
    expect(history.map((h) => h.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(history[1]).toMatchObject({ via: 'test', summary: 'deselect Sparky Solo from Electrical', userId });
    expect(history[0]!.summary).toMatch(/first map/);
    // jobs.contacts_map_ref points at the newest file.
    expect((await maps.current(userId, jobId)).version).toBe(7);
    const diff = await maps.diff(userId, jobId, 1, 7);
    expect(diff.tradesRemoved).toEqual(['22']);
    expect(diff.tradesAdded).toEqual(['09']);
  });

  it.skipIf(skip)('refuses to select a contact who cannot be e-mailed, and keeps the map unchanged', async () => {
    const { jobId } = await readyJob(['26']);
    await expect(t.app.maps.edit(userId, jobId, [{ op: 'select', trade: '26', contact: 'Paper Only Electric' }])).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(t.app.maps.edit(userId, jobId, [{ op: 'select', trade: '99', contact: 'x' }])).rejects.toMatchObject({ code: 'UNKNOWN_TRADE' });
    expect((await t.app.maps.current(userId, jobId)).version).toBe(1);
  });

  it.skipIf(skip)('rolls back to an earlier version as a new version', async () => {
    const { jobId } = await readyJob(['26']);
    await t.app.maps.edit(userId, jobId, [{ op: 'remove_trade', trade: '26' }]);
    const back = await t.app.maps.rollback(userId, jobId, 1);
    expect(back.version).toBe(3);
    expect(selectedNames(back, '26')).toEqual(['Anoka Electric', 'Sparky Solo', 'Volt Bros Electric']);
    expect((await t.app.maps.history(userId, jobId)).at(-1)!.summary).toBe('roll back to version 1');
  });

  it.skipIf(skip)('refuses a stale edit (expected version no longer current)', async () => {
    const { jobId } = await readyJob(['26']);
    await t.app.maps.edit(userId, jobId, [{ op: 'deselect', trade: '26', contact: 'Sparky Solo' }], { expectedVersion: 1 });
    await expect(t.app.maps.edit(userId, jobId, [{ op: 'remove_trade', trade: '26' }], { expectedVersion: 1 })).rejects.toMatchObject({ code: 'STALE_VERSION' });
  });

  it.skipIf(skip)("never shows or changes another user's map", async () => {
    const { jobId } = await readyJob(['26']);
    await expect(t.app.maps.current(otherId, jobId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.app.maps.edit(otherId, jobId, [{ op: 'remove_trade', trade: '26' }])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.app.maps.history(otherId, jobId)).rejects.toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    await expect(t.app.maps.version(otherId, jobId, 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The other user's contacts are not candidates in this user's map either.
    await t.app.addressBook.importCsv(otherId, 'name,email,trades,zip\nRival Electric,r@rival.test,26,55303\n');
    const { map } = await readyJob(['26']);
    expect(map.trades[0]!.candidates.map((c) => c.name)).not.toContain('Rival Electric');
  });

  it.skipIf(skip)('refuses edits once invitations were queued', async () => {
    const { jobId, map } = await readyJob(['26']);
    const contactId = map.trades[0]!.candidates[0]!.contact_id;
    await t.raw("INSERT INTO email_logs (email_id, job_id, contact_id, status) VALUES (?, ?, ?, 'QUEUED')", [randomUUID(), jobId, contactId]);
    await expect(t.app.maps.edit(userId, jobId, [{ op: 'remove_trade', trade: '26' }])).rejects.toMatchObject({ code: 'ALREADY_SENT' });
    await expect(t.app.maps.rollback(userId, jobId, 1)).rejects.toMatchObject({ code: 'ALREADY_SENT' });
  });
});

describe.each(appBackends())('big address books: a stored map keeps the best candidates per trade on $backend', ({ backend, skip }) => {
  let t: AnyTestApp;
  let userId: string;
  const rows = (n: number, trade: string, zip: string) => Array.from({ length: n }, (_, i) => `Sub ${trade}-${String(i).padStart(3, '0')},bids${i}@sub${trade}-${i}.test,${trade},${zip}`);

  beforeEach(async () => {
    if (skip) return;
    t = await openTestApp(backend, { MAP_MAX_PER_TRADE: '3', MAP_LIST_PER_TRADE: '5', MAP_MAX_VERSIONS: '3' });
    userId = (await t.app.repos.users.create('big@gc.test', 'password123')).userId;
    // 12 nearby (Anoka) and 8 farther (St Paul) electricians, 9 plumbers.
    await t.app.addressBook.importCsv(userId, ['name,email,trades,zip', ...rows(12, '26', '55303').slice(0, 12), ...rows(8, '26', '55101').map((r) => r.replace('Sub 26-', 'Far 26-').replace('@sub26-', '@far26-')), ...rows(9, '22', '55303')].join('\n'));
  });
  afterEach(async () => {
    if (!skip) await t.cleanup();
  });

  it.skipIf(skip)('lists the top candidates (selected ones included), counts the rest, and stores compact JSON', async () => {
    const { map } = await readyJobFor(t.app, userId, ['26'], { name: 'Tower', zipCode: '55303' });
    const electrical = map.trades[0]!;
    expect(electrical.candidates.map((c) => c.name)).toEqual(['Sub 26-000', 'Sub 26-001', 'Sub 26-002', 'Sub 26-003', 'Sub 26-004']);
    expect(electrical.candidates.filter((c) => c.selected)).toHaveLength(3);
    expect(electrical.not_listed).toBe(15);
    const job = await t.app.repos.jobs.getForUser(userId, map.job_id);
    const stored = (await t.app.storage.get(JSON.parse(job.contactsMapRef!) as never)).toString('utf8');
    expect(stored).not.toContain('\n');
    expect(JSON.parse(stored)).toMatchObject({ version: 1, trades: [{ division: '26', not_listed: 15 }] });
  });

  it.skipIf(skip)('an added trade lists only its own best contacts; someone not listed can still be added by e-mail', async () => {
    const { map } = await readyJobFor(t.app, userId, ['26'], { name: 'Tower', zipCode: '55303' });
    const v2 = await t.app.maps.edit(userId, map.job_id, [{ op: 'add_trade', trade: '22' }]);
    const plumbing = v2.trades.find((x) => x.division === '22')!;
    expect(plumbing.candidates).toHaveLength(5);
    expect(plumbing.not_listed).toBe(4);
    const v3 = await t.app.maps.edit(userId, map.job_id, [{ op: 'add_contact', trade: '26', contact: 'bids7@sub26-7.test' }]);
    expect(v3.trades.find((x) => x.division === '26')!.candidates.find((c) => c.email === 'bids7@sub26-7.test')?.selected).toBe(true);
  });

  it.skipIf(skip)('refuses a new version past MAP_MAX_VERSIONS with a message naming the limit', async () => {
    const { map } = await readyJobFor(t.app, userId, ['26'], { name: 'Tower', zipCode: '55303' });
    const first = map.trades[0]!.candidates[0]!.contact_id;
    await t.app.maps.edit(userId, map.job_id, [{ op: 'deselect', trade: '26', contact: first }]);
    await t.app.maps.edit(userId, map.job_id, [{ op: 'select', trade: '26', contact: first }]);
    const err = await t.app.maps.edit(userId, map.job_id, [{ op: 'deselect', trade: '26', contact: first }]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFLICT', userMessage: expect.stringContaining('MAP_MAX_VERSIONS') });
    expect((await t.app.maps.current(userId, map.job_id)).version).toBe(3);
  });
});

describe.each(appBackends())('ownership isolation in repositories on $backend', ({ backend, skip }) => {
  let t: AnyTestApp;
  afterEach(async () => {
    if (!skip) await t.cleanup();
  });

  it.skipIf(skip)("keeps each user's jobs and contacts invisible and unchangeable to the other", async () => {
    t = await openTestApp(backend);
    const a = await t.app.repos.users.create('A@Example.test', 'password123');
    const b = await t.app.repos.users.create('b@example.test', 'password123');
    expect(a.email).toBe('a@example.test');
    await expect(t.app.repos.users.create('a@EXAMPLE.test', 'password123')).rejects.toMatchObject({ code: 'CONFLICT' });
    const job = await t.app.repos.jobs.create({ userId: a.userId, name: 'A job' });
    const contact = await t.app.repos.contacts.insert(a.userId, { name: 'A sub', email: 'sub@a.test' });
    expect(await t.app.repos.jobs.findForUser(b.userId, job.jobId)).toBeUndefined();
    expect(await t.app.repos.jobs.listForUser(b.userId)).toEqual([]);
    await expect(t.app.repos.jobs.getForUser(b.userId, job.jobId)).rejects.toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(await t.app.repos.contacts.findForUser(b.userId, contact.contactId)).toBeUndefined();
    expect(await t.app.repos.contacts.findByEmail(b.userId, 'sub@a.test')).toBeUndefined();
    await expect(t.app.repos.contacts.update(b.userId, contact.contactId, { name: 'hijacked' })).rejects.toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    await expect(t.app.repos.contacts.delete(b.userId, contact.contactId)).rejects.toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect((await t.app.repos.contacts.getForUser(a.userId, contact.contactId)).name).toBe('A sub');
  });

  it.skipIf(skip)('hashes passwords with scrypt and verifies them', async () => {
    t = await openTestApp(backend);
    await t.app.repos.users.create('pw@example.test', 'correct horse');
    const [row] = await t.raw<{ password_hash: string }>('SELECT password_hash FROM users');
    expect(row?.password_hash).toMatch(/^scrypt\$/);
    expect(row?.password_hash).not.toContain('correct horse');
    expect(await t.app.repos.users.verify('PW@example.test', 'correct horse')).toMatchObject({ email: 'pw@example.test' });
    expect(await t.app.repos.users.verify('pw@example.test', 'wrong')).toBeNull();
    expect(await t.app.repos.users.verify('nobody@example.test', 'correct horse')).toBeNull();
  });
});
