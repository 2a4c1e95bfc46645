import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appBackends, openTestApp, repoRoot, type AnyTestApp } from '../helpers/app.js';
import { readyJob } from '../helpers/jobs.js';
import { decodeTrades } from '../../src/core/contacts/trades.js';
import { nativeProfile } from '../../src/core/contacts/import/csv.js';
import { readWorkbook, WORKBOOK_LIMITS } from '../../src/core/contacts/import/xlsx.js';
import type { ContactRow } from '../../src/db/schema/index.js';

const fixture = (name: string) => readFileSync(join(repoRoot, 'test', 'fixtures', 'contacts', name));

/** A GC's hand-kept workbook: a title block, a notes sheet first, trades as X marks, a company merged over its people. */
async function subListWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Read me').addRow(['How to use this list: one row per estimator.']);
  const ws = wb.addWorksheet('Subcontractors');
  ws.addRow(['Northfield Builders — Subcontractor List']);
  ws.mergeCells('A1:I1');
  ws.addRow(['Updated 2026-11-01 by Estimating']);
  ws.addRow([]);
  ws.addRow(['Company', 'Contact', 'E-mail', 'Phone', 'Zip', 'Electrical', 'Plumbing', 'Drywall', 'Notes']);
  ws.addRow(['Bolt Electric', 'Rita Holm', 'rita@boltelectric.test', '612-555-0801', 55401, 'X', '', '', 'Union']);
  ws.addRow(['', 'Theo Holm', { text: 'theo@boltelectric.test', hyperlink: 'mailto:theo@boltelectric.test' }, '612-555-0802', 55401, 'x', '', '', '']);
  ws.mergeCells('A5:A6');
  ws.addRow(['Pipe Pros', 'Uma Lee', 'uma@pipepros.test', '651-555-0803', 2134, '', 'X', '', '']);
  ws.getCell('E7').numFmt = '00000';
  ws.addRow(['Wall Works', 'Vic Sand', 'vic@wallworks.test', '763-555-0804', 55303, '', '', '✓', '']);
  ws.addRow(['Old Friend Drywall', 'Wes Pratt', '', '763-555-0805', 55303, '', '', 'X', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(appBackends())('importing contacts from where they live on $backend', ({ backend, skip }) => {
  let t: AnyTestApp;
  let userId: string;
  beforeEach(async () => {
    if (skip) return;
    t = await openTestApp(backend, { MAP_RADIUS_MILES: '150', MAP_MAX_PER_TRADE: '6' });
    userId = (await t.app.repos.users.create('est@gc.test', 'password123')).userId;
  });
  afterEach(async () => {
    if (!skip) await t.cleanup();
  });

  const byEmail = async (email: string) => (await t.app.repos.contacts.findByEmail(userId, email))!;
  const view = (c: ContactRow) => ({ name: c.name, person: c.contactPerson, phone: c.phone, trades: decodeTrades(c.trades), zip: c.zipCode, website: c.website, tags: c.tags });

  it.skipIf(skip)('Outlook CSV: keeps the company and the person, every e-mail, trade (Categories), zip and phone', async () => {
    const r = await t.app.addressBook.import(userId, fixture('outlook-contacts.csv'));
    expect(r).toMatchObject({ format: 'outlook', written: true, created: 4, merged: 0, skipped: [] });
    expect(view(await byEmail('ana@ruizdrywall.test'))).toEqual({ name: 'Ruiz Drywall Inc.', person: 'Ana Ruiz', phone: '(612) 555-0101', trades: ['09'], zip: '55401', website: 'http://ruizdrywall.test', tags: 'Subs' });
    expect(view(await byEmail('ben@ortizsheetmetal.test'))).toMatchObject({ name: 'Ortiz Sheet Metal LLC', person: 'Ben J. Ortiz', trades: ['23'], zip: '55101', phone: '651-555-0102' });
    // No business phone: the mobile is taken; ZIP+4 keeps its five digits.
    expect(view(await byEmail('cara@northloopfire.test'))).toMatchObject({ trades: ['27', '28'], zip: '55303', phone: '763-555-0103' });
    expect(r.withoutEmail).toEqual([{ ref: 'line 5', name: 'Cho Paving' }]);
    expect(r.unmappedTags).toEqual([{ tag: 'Subs', contacts: 3 }]);
  });

  it.skipIf(skip)('Outlook CSV from an Exchange account: the address is taken from the display name', async () => {
    const csv = '"First Name","Last Name","Company","Business Postal Code","Categories","E-mail Address","E-mail Type","E-mail Display Name"\r\n' + '"Ana","Ruiz","Ruiz Drywall","55401","Drywall","/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=ana","EX","Ana Ruiz (Ana@RuizDrywall.test)"\r\n';
    const r = await t.app.addressBook.import(userId, csv);
    expect(r).toMatchObject({ format: 'outlook', created: 1, skipped: [] });
    expect(view(await byEmail('ana@ruizdrywall.test'))).toMatchObject({ name: 'Ruiz Drywall', person: 'Ana Ruiz', trades: ['09'] });
  });

  it.skipIf(skip)('Google Contacts CSV: reads "E-mail 1 - Value" and Labels, drops Google\'s own labels, names people without a company', async () => {
    const r = await t.app.addressBook.import(userId, fixture('google-contacts.csv'));
    expect(r).toMatchObject({ format: 'google', created: 3 });
    expect(view(await byEmail('eli@parkelectric.test'))).toEqual({ name: 'Park Electric', person: 'Eli Park', phone: '+1 612-555-0201', trades: ['26'], zip: '55401', website: 'https://parkelectric.test', tags: 'Subs' });
    // Two e-mails and two phones in one cell (" ::: "): the first of each.
    expect(view(await byEmail('fay@nguyenmech.test'))).toMatchObject({ name: 'Fay Nguyen', person: 'Fay Nguyen', trades: ['22', '23'], zip: '55101', phone: '651-555-0202', tags: null });
    expect(r.unmappedTags.map((u) => u.tag).sort()).toEqual(['Preferred', 'Subs']);
    expect(r.withoutEmail.map((w) => w.name)).toEqual(['Olsen Masonry']);
  });

  it.skipIf(skip)('vCard 3.0 (CATEGORIES, escaped ORG, grouped ADR), 2.1 (quoted-printable address) and 4.0', async () => {
    const r3 = await t.app.addressBook.import(userId, fixture('subs-3.0.vcf'));
    expect(r3).toMatchObject({ format: 'vcard', created: 2, unmappedTags: [{ tag: 'Bonded', contacts: 1 }, { tag: 'Subs', contacts: 1 }] });
    expect(view(await byEmail('lena@mossmech.test'))).toEqual({ name: 'Moss Mechanical, Inc.', person: 'Lena Moss', phone: '(612) 555-0501', trades: ['22', '23'], zip: '55401', website: 'https://mossmech.test', tags: 'Subs' });
    expect(view(await byEmail('omar@quistglass.test'))).toMatchObject({ trades: ['08'], zip: '55303', phone: '763-555-0502' });
    await t.app.addressBook.import(userId, fixture('subs-2.1.vcf'));
    expect(view(await byEmail('pia@reyestile.test'))).toMatchObject({ name: 'Reyes Tile & Stone', trades: ['09'], zip: '55101', phone: '(651) 555-0601', website: 'http://reyestile.test' });
    await t.app.addressBook.import(userId, fixture('subs-4.0.vcf'));
    expect(view(await byEmail('sam@tullearth.test'))).toMatchObject({ name: 'Tull Earthworks', trades: ['31'], zip: '55303', phone: '+1-763-555-0701' });
  });

  it.skipIf(skip)('Procore and BuildingConnected exports: trades from their columns, one contact per e-mail across bid packages', async () => {
    const p = await t.app.addressBook.import(userId, fixture('procore-companies.csv'));
    expect(p).toMatchObject({ format: 'procore', created: 2, unmappedTags: [{ tag: 'Union', contacts: 1 }] });
    expect(view(await byEmail('bids@graniteconcrete.test'))).toMatchObject({ name: 'Granite Concrete Co.', person: 'Hal Berg', trades: ['03', '04'], zip: '55303', phone: '763-555-0301' });
    const bc = await t.app.addressBook.import(userId, fixture('buildingconnected-sub-status.csv'));
    expect(bc).toMatchObject({ format: 'buildingconnected', created: 2, merged: 1 });
    expect(view(await byEmail('jo@brightwire.test'))).toMatchObject({ name: 'Bright Wire Inc', person: 'Jo Kim', trades: ['26', '27'], zip: '55401', phone: '612-555-0401', tags: 'Preferred' });
    expect(view(await byEmail('kai@coatpros.test'))).toMatchObject({ trades: ['09'], zip: '55343' });
  });

  it.skipIf(skip)('a workbook: picks the sub-list sheet, finds the header below the title block, reads X marks, merged cells and lost zip zeros', async () => {
    const book = await subListWorkbook();
    const r = await t.app.addressBook.import(userId, book);
    expect(r).toMatchObject({ format: 'xlsx', sheet: 'Subcontractors', sheets: ['Read me', 'Subcontractors'], created: 5, ignoredColumns: ['Notes'] });
    expect(r.notes.join(' ')).toMatch(/header is row 4/);
    expect(view(await byEmail('rita@boltelectric.test'))).toMatchObject({ name: 'Bolt Electric', person: 'Rita Holm', trades: ['26'], zip: '55401', phone: '612-555-0801' });
    expect(view(await byEmail('theo@boltelectric.test'))).toMatchObject({ name: 'Bolt Electric', person: 'Theo Holm', trades: ['26'] });
    expect(view(await byEmail('uma@pipepros.test'))).toMatchObject({ trades: ['22'], zip: '02134' });
    expect(view(await byEmail('vic@wallworks.test'))).toMatchObject({ trades: ['09'] });
    expect(r.withoutEmail).toEqual([{ ref: 'sheet "Subcontractors" row 9', name: 'Old Friend Drywall' }]);
    // Asking for another sheet by name reads that one; a name that is not there lists the sheets.
    await expect(t.app.addressBook.import(userId, book, { sheet: 'Budget' })).rejects.toMatchObject({ code: 'IMPORT_INVALID', userMessage: expect.stringMatching(/"Read me", "Subcontractors"/) });
    await expect(t.app.addressBook.import(userId, book, { sheet: 'read me', dryRun: true })).rejects.toMatchObject({ userMessage: expect.stringMatching(/Sheet "read me" has a header row|has a header row/) });
  });

  it.skipIf(skip)('a workbook whose parts are stored uncompressed reads the same (loaded whole: the stream cannot follow that zip)', async () => {
    const stored = await (await JSZip.loadAsync(await subListWorkbook())).generateAsync({ type: 'nodebuffer', compression: 'STORE' });
    const r = await t.app.addressBook.import(userId, stored, { fileName: 'subs.xlsx' });
    expect(r).toMatchObject({ format: 'xlsx', sheet: 'Subcontractors', created: 5, ignoredColumns: ['Notes'] });
    const theo = (await t.app.addressBook.list(userId)).find((c) => c.email === 'theo@boltelectric.test');
    expect(theo).toMatchObject({ name: 'Bolt Electric' });
    expect((await t.app.addressBook.list(userId)).find((c) => c.email === 'uma@pipepros.test')).toMatchObject({ zipCode: '02134' });
  });

  it.skipIf(skip)('a dry run says what would be created, merged and skipped and writes nothing; a merge fills gaps and never blanks', async () => {
    await t.app.addressBook.importCsv(userId, 'name,contact,email,phone,trades,zip\nRuiz Drywall,,ana@ruizdrywall.test,612-000-0000,Drywall,\n');
    const before = await t.app.addressBook.list(userId);
    const preview = await t.app.addressBook.import(userId, fixture('outlook-contacts.csv'), { dryRun: true });
    expect(preview).toMatchObject({ written: false, created: 3, merged: 1, contacts: { before: 1, after: 4 } });
    expect(preview.rows.find((p) => p.action === 'merge')).toMatchObject({ ref: 'line 2', fills: ['zip', 'website', 'contact person', 'tags'] });
    expect(await t.app.addressBook.list(userId)).toEqual(before);

    await t.app.addressBook.import(userId, fixture('outlook-contacts.csv'));
    // The phone on file stays; the empty zip, person and website are filled; the name is kept.
    expect(view(await byEmail('ana@ruizdrywall.test'))).toMatchObject({ name: 'Ruiz Drywall', person: 'Ana Ruiz', phone: '612-000-0000', zip: '55401', website: 'http://ruizdrywall.test', trades: ['09'] });
    // Importing the same file again changes nothing and doubles nobody (e-mail-less rows included).
    const again = await t.app.addressBook.import(userId, fixture('outlook-contacts.csv'));
    expect(again).toMatchObject({ created: 0, merged: 4 });
    expect(again.rows.every((p) => p.fills.length === 0)).toBe(true);
    expect(await t.app.addressBook.list(userId)).toHaveLength(4);
  });

  it.skipIf(skip)('exports CSV and .xlsx that import back into the same contacts', async () => {
    await t.app.addressBook.import(userId, fixture('outlook-contacts.csv'));
    await t.app.addressBook.import(userId, await subListWorkbook());
    await t.app.addressBook.import(userId, fixture('subs-3.0.vcf'));
    const original = (await t.app.addressBook.list(userId)).map(view);
    for (const [i, file] of [await t.app.addressBook.exportCsv(userId), await t.app.addressBook.exportXlsx(userId)].entries()) {
      const other = (await t.app.repos.users.create(`copy${i}@gc.test`, 'password123')).userId;
      const r = await t.app.addressBook.import(other, file);
      expect(r.skipped).toEqual([]);
      expect((await t.app.addressBook.list(other)).map(view)).toEqual(original);
    }
  });

  it.skipIf(skip)('refuses files it cannot read with a message that says what to do', async () => {
    const cases: [Buffer, RegExp][] = [
      [Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(600)]), /old-style Excel \.xls.*Save As/],
      [Buffer.from('%PDF-1.7\n%âãÏÓ\n'), /This is a PDF, not a contacts list/],
      [Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]), /workbook could not be opened/],
      // A zip that is not a workbook (a Word document).
      [await new JSZip().file('word/document.xml', '<w:document/>').generateAsync({ type: 'nodebuffer' }), /workbook could not be opened/],
      [Buffer.from('BEGIN:VCARD\r\nVERSION:9.9\r\nFN:X\r\nEND:VCARD\r\n'), /vCard file could not be read/],
    ];
    for (const [bytes, message] of cases) {
      await expect(t.app.addressBook.import(userId, bytes)).rejects.toMatchObject({ code: 'IMPORT_INVALID', userMessage: expect.stringMatching(message) });
    }
    expect(await t.app.addressBook.list(userId)).toEqual([]);
  });

  it.skipIf(skip)('a job processed afterwards matches the imported contacts by trade and distance', async () => {
    await t.app.addressBook.import(userId, fixture('outlook-contacts.csv'));
    await t.app.addressBook.import(userId, fixture('google-contacts.csv'));
    await t.app.addressBook.import(userId, await subListWorkbook());
    // Project in Anoka (55303): Minneapolis 55401 ≈ 18 mi, Saint Paul 55101 ≈ 22 mi.
    const { map } = await readyJob(t.app, userId, ['09', '23', '26', '28'], { zipCode: '55303' });
    const trade = (d: string) => map.trades.find((x) => x.division === d)!;
    const names = (d: string) => trade(d).candidates.map((c) => c.name);
    expect(names('09')).toEqual(['Old Friend Drywall', 'Wall Works', 'Ruiz Drywall Inc.']);
    expect(trade('09').candidates.filter((c) => c.selected).map((c) => c.name)).toEqual(['Wall Works', 'Ruiz Drywall Inc.']);
    expect(names('23')).toEqual(['Fay Nguyen', 'Ortiz Sheet Metal LLC']);
    expect(names('26')).toEqual(['Bolt Electric', 'Bolt Electric', 'Park Electric']);
    expect(trade('26').candidates.filter((c) => c.selected).map((c) => c.email)).toEqual([expect.stringMatching(/@boltelectric\.test$/), 'eli@parkelectric.test']);
    expect(names('28')).toEqual(['North Loop Fire Protection']);
  });
});

describe.each(appBackends())('big address books on $backend', ({ backend, skip }) => {
  it.skipIf(skip)('a big workbook is read as a stream: the event loop keeps turning while its rows are read, merged cells and zip zeros after thousands of rows still count, progress on writing', async () => {
    const t = await openTestApp(backend);
    try {
      const userId = (await t.app.repos.users.create('big@gc.test', 'password123')).userId;
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Subs');
      ws.addRow(['Company', 'Contact', 'E-mail', 'Zip', 'Electrical', 'Plumbing']);
      const n = 1500;
      for (let i = 0; i < n; i++) ws.addRow([`Sub ${i} Inc`, `Person ${i}`, `p${i}@sub${i}.test`, 55401, i % 2 ? 'X' : '', i % 2 ? '' : 'X']);
      // The last company is merged down over a second person; its zip keeps a leading zero by format.
      ws.addRow(['', 'Second Person', 'second@sub1499.test', 2134, '', 'X']);
      ws.mergeCells(`A${n + 1}:A${n + 2}`);
      ws.getCell(`D${n + 2}`).numFmt = '00000';
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());

      let turns = 0;
      let turnsWhileReading = -1;
      let spinning = true;
      const spin = () => {
        turns += 1;
        if (spinning) setImmediate(spin);
      };
      setImmediate(spin);
      const progress: number[] = [];
      const r = await t.app.addressBook
        .import(userId, bytes, {
          onProgress: (p) => {
            if (p.done === 0) turnsWhileReading = turns;
            progress.push(p.done);
          },
        })
        .finally(() => (spinning = false));
      expect(r).toMatchObject({ format: 'xlsx', sheet: 'Subs', created: n + 1, skipped: [] });
      // Reading and planning the workbook gave the event loop back (a /health request would have been answered).
      expect(turnsWhileReading).toBeGreaterThan(0);
      expect(progress[0]).toBe(0);
      expect(progress.at(-1)).toBe(n + 1);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      const second = (await t.app.addressBook.list(userId)).find((c) => c.email === 'second@sub1499.test');
      expect(second).toMatchObject({ name: 'Sub 1499 Inc', zipCode: '02134' });
    } finally {
      await t.cleanup();
    }
  });

  it.skipIf(skip)('holds a workbook to bounds: a cell and a merged range far out are ignored, not a 16,384-column sheet; too many rows is refused with what to do', async () => {
    const t = await openTestApp(backend);
    try {
      const userId = (await t.app.repos.users.create('far@gc.test', 'password123')).userId;
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Subs');
      ws.addRow(['Company', 'E-mail', 'Trades', 'Zip']);
      ws.addRow(['Amp Co', 'amp@amp.test', 'Electrical', '55401']);
      ws.addRow(['Top Roof', 'top@roof.test', 'Roofing', '55401']);
      // Excel's last cell, and a merge from the rows to it: a few bytes of XML each (the merge is
      // widened in the file, as exceljs would build every cell of it in memory).
      ws.getCell('XFD1048576').value = 'far away';
      ws.mergeCells('H2:I3');
      const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
      const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
      expect(sheetXml).toContain('<mergeCell ref="H2:I3"/>');
      zip.file('xl/worksheets/sheet1.xml', sheetXml.replace('<mergeCell ref="H2:I3"/>', '<mergeCell ref="E2:XFD1048575"/>'));
      const far = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
      const r = await t.app.addressBook.import(userId, far);
      expect(r).toMatchObject({ format: 'xlsx', created: 2, skipped: [] });

      const long = new ExcelJS.Workbook();
      const sheet = long.addWorksheet('Everyone');
      sheet.addRow(['Company', 'E-mail']);
      for (let i = 0; i < 60; i++) sheet.addRow([`Sub ${i}`, `s${i}@sub.test`]);
      const bytes = Buffer.from(await long.xlsx.writeBuffer());
      await expect(readWorkbook(bytes, [], nativeProfile, undefined, { ...WORKBOOK_LIMITS, maxRows: 50 })).rejects.toMatchObject({
        code: 'IMPORT_INVALID',
        userMessage: expect.stringMatching(/Sheet "Everyone" has more than 50 rows.*save it as CSV/),
      });
    } finally {
      await t.cleanup();
    }
  });

  it.skipIf(skip)('imports in batches with progress, giving the event loop back, and stops at the per-user limit', async () => {
    const t = await openTestApp(backend, { CONTACTS_MAX_PER_USER: '1500' });
    try {
      const userId = (await t.app.repos.users.create('big@gc.test', 'password123')).userId;
      const rows = Array.from({ length: 1200 }, (_, i) => `Sub ${i},est${i}@sub${i}.test,${i % 2 ? 'Electrical' : 'Plumbing'},55401`);
      const csv = `name,email,trades,zip\n${rows.join('\n')}\n`;
      const progress: number[] = [];
      let ticks = 0;
      const timer = setInterval(() => (ticks += 1), 0);
      let ticksAtEnd = 0;
      const r = await t.app.addressBook.import(userId, csv, { onProgress: (p) => progress.push(p.done) }).finally(() => {
        ticksAtEnd = ticks;
        clearInterval(timer);
      });
      expect(r.created).toBe(1200);
      expect(progress[0]).toBe(0);
      expect(progress.at(-1)).toBe(1200);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      // Timers ran while the import was going on: it did not hold the event loop from start to end.
      expect(ticksAtEnd).toBeGreaterThan(0);
      // 1,200 + 400 > 1,500: refused before anything is written.
      const more = `name,email\n${Array.from({ length: 400 }, (_, i) => `More ${i},m${i}@more.test`).join('\n')}\n`;
      await expect(t.app.addressBook.import(userId, more)).rejects.toMatchObject({ code: 'CONTACTS_LIMIT', userMessage: expect.stringMatching(/1200 contacts.*add 400.*limit of 1500/) });
      expect(await t.app.repos.contacts.countForUser(userId)).toBe(1200);
      // A dry run still shows the numbers, limit included.
      expect(await t.app.addressBook.import(userId, more, { dryRun: true })).toMatchObject({ created: 400, contacts: { before: 1200, after: 1600, max: 1500 } });
      // Pages walk the whole book in name order, each contact once.
      const seen = new Set<string>();
      let after: { name: string; contactId: string } | undefined;
      for (;;) {
        const page = await t.app.addressBook.page(userId, 500, after);
        expect(page.total).toBe(1200);
        for (const c of page.contacts) seen.add(c.contactId);
        if (page.contacts.length < 500) break;
        const last = page.contacts[page.contacts.length - 1]!;
        after = { name: last.name, contactId: last.contactId };
      }
      expect(seen.size).toBe(1200);
    } finally {
      await t.cleanup();
    }
  });
});
