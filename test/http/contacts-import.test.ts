import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/app.js';
import { describeOnBothDatabases } from '../helpers/on-both-databases.js';
import { auth, multipartBody, startHttpTest, type HttpTestEnv } from './helpers.js';

describeOnBothDatabases('contacts import over HTTP', (backend) => {
  let env: HttpTestEnv;
  beforeAll(async () => {
    env = await startHttpTest({}, {}, backend);
  });
  afterAll(async () => env?.close());

  const fixture = (name: string) => readFileSync(join(repoRoot, 'test', 'fixtures', 'contacts', name));
  const get = (url: string, token: string) => env.server.inject({ method: 'GET', url, headers: auth(token) });
  type Page = { contacts: { name: string; email: string | null; trades: string[]; tags: string | null }[]; total: number; next_cursor: string | null };

  async function workbook(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Bid log').addRow(['Job', 'Due']);
    const ws = wb.addWorksheet('Subs');
    ws.addRow(['Subcontractor list']);
    ws.addRow(['Company', 'E-mail', 'Zip', 'Electrical', 'Roofing']);
    ws.addRow(['Amp Co', 'amp@amp.test', '55401', 'X', '']);
    ws.addRow(['Top Roof', 'top@roof.test', '55303', '', 'X']);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  describe('contacts over HTTP', () => {
    it('previews a workbook upload (dry_run) without writing, then imports it; exports .xlsx that imports back the same', async () => {
      const user = env.bob;
      const workbookBytes = await workbook();
      const mp = () => multipartBody([{ name: 'sheet', value: 'Subs' }, { name: 'file', value: workbookBytes, filename: 'subs.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }]);
      const first = mp();
      const preview = await env.server.inject({ method: 'POST', url: '/contacts/import?dry_run=true', payload: first.payload, headers: { ...first.headers, ...auth(user.token) } });
      expect(preview.statusCode).toBe(200);
      expect(preview.json()).toMatchObject({ written: false, format: 'xlsx', sheet: 'Subs', created: 2, rows: [{ action: 'create', name: 'Amp Co', trades: ['26'] }, { action: 'create', name: 'Top Roof', trades: ['07'] }] });
      expect(((await get('/contacts', user.token)).json() as Page).total).toBe(0);

      const body = mp();
      const done = await env.server.inject({ method: 'POST', url: '/contacts/import', payload: body.payload, headers: { ...body.headers, ...auth(user.token) } });
      expect(done.json()).toMatchObject({ written: true, created: 2 });
      expect((done.json() as { summary: string[] }).summary[0]).toMatch(/^Imported Excel workbook \(sheet "Subs"\): 2 contacts created/);

      const xlsx = await env.server.inject({ method: 'GET', url: '/contacts/export?format=xlsx', headers: auth(user.token) });
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const again = await env.server.inject({ method: 'POST', url: '/contacts/import', payload: xlsx.rawPayload, headers: { ...auth(env.alice.token), 'content-type': 'application/octet-stream' } });
      expect(again.json()).toMatchObject({ created: 2, skipped: [] });
      const strip = (p: Page) => p.contacts.map(({ name, email, trades, tags }) => ({ name, email, trades, tags }));
      expect(strip((await get('/contacts', env.alice.token)).json() as Page)).toEqual(strip((await get('/contacts', user.token)).json() as Page));
    });

    it('takes a raw vCard body and a UTF-16 Outlook export, recognising each from its content', async () => {
      const token = env.alice.token;
      const vcf = await env.server.inject({ method: 'POST', url: '/contacts/import', payload: fixture('subs-3.0.vcf'), headers: { ...auth(token), 'content-type': 'text/vcard' } });
      expect(vcf.json()).toMatchObject({ format: 'vcard', created: 2, unmapped_tags: [{ tag: 'Bonded', contacts: 1 }, { tag: 'Subs', contacts: 1 }] });
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixture('outlook-contacts.csv').toString('utf8'), 'utf16le')]);
      const outlook = await env.server.inject({ method: 'POST', url: '/contacts/import?skip_invalid=true', payload: utf16, headers: { ...auth(token), 'content-type': 'text/csv' } });
      expect(outlook.json()).toMatchObject({ format: 'outlook', created: 4, without_email: [{ ref: 'line 5', name: 'Cho Paving' }] });
      const refused = await env.server.inject({ method: 'POST', url: '/contacts/import', payload: Buffer.from('%PDF-1.7\n'), headers: { ...auth(token), 'content-type': 'application/octet-stream' } });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ error: { code: 'IMPORT_INVALID', message: expect.stringMatching(/PDF, not a contacts list/) } });
    });

    it('pages GET /contacts with a cursor: every contact once, in name order', async () => {
      const token = env.alice.token;
      const total = ((await get('/contacts', token)).json() as Page).total;
      expect(total).toBeGreaterThan(5);
      const names: string[] = [];
      let url = '/contacts?limit=3';
      for (let i = 0; i < 10; i++) {
        const page = (await get(url, token)).json() as Page;
        expect(page.contacts.length).toBeLessThanOrEqual(3);
        names.push(...page.contacts.map((c) => c.name));
        if (!page.next_cursor) break;
        url = `/contacts?limit=3&cursor=${page.next_cursor}`;
      }
      expect(names).toHaveLength(total);
      expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect((await get('/contacts?cursor=bm9wZQ', token)).statusCode).toBe(400);
      expect((await get('/contacts?limit=5000', token)).statusCode).toBe(400);
      // Bob's book is his own: his pages never show Alice's contacts.
      expect(((await get('/contacts?limit=1000', env.bob.token)).json() as Page).contacts.every((c) => !c.email?.includes('mossmech'))).toBe(true);
    });
  });
});
