import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appBackends, openTestApp, type AnyTestApp } from '../helpers/app.js';
import { neutralizeFormula } from '../../src/core/contacts/import/export.js';
import { readContactsCsvSync } from '../../src/core/contacts/import/detect.js';
import { decodeTrades } from '../../src/core/contacts/trades.js';

describe.each(appBackends())('contacts CSV import/export on $backend', ({ backend, skip }) => {
  let t: AnyTestApp;
  let userId: string;
  beforeEach(async () => {
    if (skip) return;
    t = await openTestApp(backend);
    userId = (await t.app.repos.users.create('est@gc.test', 'password123')).userId;
  });
  afterEach(async () => {
    if (!skip) await t.cleanup();
  });

  it.skipIf(skip)('matches loose headers, strips a BOM, skips blank lines and keeps quoted commas', async () => {
    const csv = '\uFEFFCompany,E-mail,Phone,Trade,Zip,Web Site\r\n' + '"Volt Bros, Inc.",Info@VoltBros.test,555-0100,"Electrical, Low Voltage",55401,voltbros.test\r\n' + '\r\n' + ',,,,,\r\n' + 'Drip Plumbing,drip@drip.test,,Div 22,55101,\r\n';
    const r = await t.app.addressBook.importCsv(userId, csv);
    expect(r).toMatchObject({ created: 2, merged: 0, skipped: [] });
    const volt = (await t.app.repos.contacts.findByEmail(userId, 'info@voltbros.test'))!;
    expect(volt.name).toBe('Volt Bros, Inc.');
    expect(decodeTrades(volt.trades)).toEqual(['26', '27']);
    expect(volt.zipCode).toBe('55401');
    expect(decodeTrades((await t.app.repos.contacts.findByEmail(userId, 'drip@drip.test'))!.trades)).toEqual(['22']);
  });

  it.skipIf(skip)('imports nothing when a row is bad, says which line and why, and keeps a tag that is not a trade', async () => {
    const csv = 'name,email,trades,zip\nGood Co,good@good.test,Electrical,55401\nBad Mail,not-an-email,Plumbing,55101\nOdd Trade,odd@odd.test,Underwater Basket Weaving,55101\n';
    let err: unknown;
    try {
      await t.app.addressBook.importCsv(userId, csv);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'CSV_INVALID' });
    const msg = (err as { userMessage: string }).userMessage;
    expect(msg).toMatch(/line 3: "not-an-email" is not a valid e-mail/);
    expect(msg).not.toMatch(/line 4/);
    expect(await t.app.addressBook.list(userId)).toHaveLength(0);
    const r = await t.app.addressBook.importCsv(userId, csv, { skipInvalid: true });
    expect(r.unmappedTags).toEqual([{ tag: 'Underwater Basket Weaving', contacts: 1 }]);
    expect((await t.app.repos.contacts.findByEmail(userId, 'odd@odd.test'))!.tags).toBe('Underwater Basket Weaving');
  });

  it.skipIf(skip)('with --skip-invalid imports the good rows and reports the bad ones', async () => {
    const csv = 'name,email,trades\nGood Co,good@good.test,26\nNo Mail Co,,Electrical\n,,26\n';
    const r = await t.app.addressBook.importCsv(userId, csv, { skipInvalid: true });
    expect(r.created).toBe(2);
    expect(r.skipped).toEqual([{ ref: 'line 4', reason: 'no company, person or e-mail' }]);
    expect(r.withoutEmail).toEqual([{ ref: 'line 3', name: 'No Mail Co' }]);
  });

  it.skipIf(skip)('merges duplicate e-mails instead of doubling them, within a file and across imports', async () => {
    await t.app.addressBook.importCsv(userId, 'name,email,trades\nVolt,sales@volt.test,Electrical\n');
    const r = await t.app.addressBook.importCsv(userId, 'name,email,trades,phone\nVolt Electric,SALES@volt.test,Low voltage,555-1\nVolt,sales@volt.test,26,\n');
    expect(r).toMatchObject({ created: 0, merged: 2 });
    const all = await t.app.addressBook.list(userId);
    expect(all).toHaveLength(1);
    expect(decodeTrades(all[0]!.trades)).toEqual(['26', '27']);
    expect(all[0]!.phone).toBe('555-1');
  });

  it.skipIf(skip)('reports a malformed CSV (unclosed quote) as one clear error', async () => {
    expect(() => readContactsCsvSync('name,email\n"Volt,volt@v.test\n')).toThrow(expect.objectContaining({ code: 'CSV_INVALID' }));
    expect(() => readContactsCsvSync('phone,zip\n1,55401\n')).toThrow(expect.objectContaining({ userMessage: expect.stringMatching(/no header row naming a name\/company or e-mail column/) }));
    expect(() => readContactsCsvSync('')).toThrow(/empty/);
  });

  it.skipIf(skip)('exports CSV that spreadsheets cannot run as formulas and that imports back the same', async () => {
    await t.app.addressBook.importCsv(userId, 'name,email,trades,phone\n"=HYPERLINK(""http://evil"")",evil@evil.test,"Wood, Plastics, and Composites; 26",+1 555 0100\n');
    const csv = await t.app.addressBook.exportCsv(userId);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain("'+1 555 0100");
    expect(neutralizeFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    // Round trip into another user's book: same trades.
    const other = t.app.repos.users;
    return other.create('other@gc.test', 'password123').then(async (u) => {
      await t.app.addressBook.importCsv(u.userId, csv);
      expect(decodeTrades((await t.app.addressBook.list(u.userId))[0]!.trades)).toEqual(['06', '26']);
    });
  });
});
