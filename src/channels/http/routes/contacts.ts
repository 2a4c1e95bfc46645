import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { refuseControlCharacters, stripControlCharacters } from '../../../core/text-input.js';
import { decodeTrades } from '../../../core/contacts/trades.js';
import type { ImportResult } from '../../../core/contacts/address-book.js';
import { describePlan } from '../../../core/contacts/import/plan.js';
import type { ContactCursor } from '../../../core/records.js';
import { userOf, type HttpContext } from '../context.js';
import { HttpError } from '../errors.js';
import { contactView } from '../views.js';

const contactParams = z.object({ id: z.string().min(1).max(100) });
const tradesField = z.union([z.string().max(2000), z.array(z.string().max(200)).max(50)]);
// Checked by the address book (US zip or Canadian postal code), so every channel refuses the same zips.
const zip = z.string().max(20);
const nullable = <T extends z.ZodType>(s: T) => s.nullable().optional();

const createBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(320).optional(),
    phone: z.string().max(50).optional(),
    trades: tradesField.optional(),
    zip_code: zip.optional(),
    website: z.string().max(500).optional(),
  })
  .strict()
  .refine((b) => b.name || b.email, { message: 'a contact needs a name or an e-mail' });

const patchBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    email: nullable(z.email().max(320)),
    phone: nullable(z.string().max(50)),
    trades: nullable(tradesField),
    zip_code: nullable(zip),
    website: nullable(z.string().max(500)),
    contact_person: nullable(z.string().max(200)),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });

const tradesText = (t: string | string[]) => (Array.isArray(t) ? t.join(';') : t);

export function registerContactRoutes(api: FastifyInstance, ctx: HttpContext): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;

  r.get(
    '/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Your address book, by name, a page at a time (follow next_cursor)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), cursor: z.string().max(1000).optional() }).strict(),
      },
    },
    async (req) => {
      const { contacts, total } = await app.addressBook.page(userOf(req).userId, req.query.limit, req.query.cursor ? decodeCursor(req.query.cursor) : undefined);
      const last = contacts.length === req.query.limit ? contacts[contacts.length - 1] : undefined;
      return { contacts: contacts.map(contactView), total, next_cursor: last ? encodeCursor({ name: last.name, contactId: last.contactId }) : null };
    },
  );

  r.post('/contacts', { schema: { tags: ['contacts'], summary: 'Add a contact (an existing e-mail is merged)', body: createBody } }, async (req, reply) => {
    const user = userOf(req);
    const b = req.body;
    const existed = b.email ? await app.repos.contacts.findByEmail(user.userId, b.email) : undefined;
    const c = await app.addressBook.add(user.userId, {
      name: b.name,
      email: b.email,
      phone: b.phone,
      trades: b.trades === undefined ? undefined : tradesText(b.trades),
      zipCode: b.zip_code,
      website: b.website,
    });
    return reply
      .code(existed ? 200 : 201)
      .header('location', `/contacts/${c.contactId}`)
      .send(contactView(c));
  });

  r.get(
    '/contacts/export',
    { schema: { tags: ['contacts'], summary: 'Your address book as CSV, or .xlsx with ?format=xlsx (either imports back the same)', querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict() } },
    async (req, reply) => {
      const userId = userOf(req).userId;
      if (req.query.format === 'xlsx') {
        return reply.type(XLSX_TYPE).header('content-disposition', 'attachment; filename="contacts.xlsx"').send(await app.addressBook.exportXlsx(userId));
      }
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="contacts.csv"').send(await app.addressBook.exportCsv(userId));
    },
  );

  r.post(
    '/contacts/import',
    {
      schema: {
        tags: ['contacts'],
        summary:
          'Import contacts from .xlsx, .csv (ours, Outlook, Google, Procore, BuildingConnected) or .vcf, as a raw body or multipart "file"; ?dry_run=true previews without writing, ?skip_invalid=true imports the good rows',
        consumes: [...CONTACT_FILE_TYPES, 'multipart/form-data'],
        querystring: z.object({ skip_invalid: flag, dry_run: flag, sheet: z.string().max(200).optional() }).strict(),
      },
    },
    async (req) => {
      const user = userOf(req);
      let bytes: Buffer;
      let fileName: string | undefined;
      let sheet = req.query.sheet;
      if (req.isMultipart()) {
        const file = await req.file({ limits: { fileSize: CSV_MAX_BYTES, files: 1 }, throwFileSizeLimit: true });
        if (!file) throw new AppError('VALIDATION', 'No contacts file', { userMessage: 'Attach the contacts file in a field named "file".' });
        bytes = await file.toBuffer();
        fileName = stripControlCharacters(file.filename);
        const field = file.fields.sheet;
        if (!sheet && field && !Array.isArray(field) && field.type === 'field') sheet = refuseControlCharacters(String(field.value), 'sheet');
      } else if (Buffer.isBuffer(req.body)) {
        bytes = req.body;
      } else {
        throw new HttpError('UNSUPPORTED_MEDIA_TYPE', `Send the contacts file as the body (${CONTACT_FILE_TYPES.join(', ')}) or a multipart upload with a "file" field.`);
      }
      const dryRun = isOn(req.query.dry_run);
      const res = await app.addressBook.import(user.userId, bytes, {
        dryRun,
        skipInvalid: isOn(req.query.skip_invalid),
        sheet,
        fileName,
        onProgress: (p) => req.log.info(p, 'contacts import progress'),
      });
      req.log.info({ format: res.format, dryRun, created: res.created, merged: res.merged, skipped: res.skipped.length }, dryRun ? 'contacts import previewed' : 'contacts imported');
      return importView(res);
    },
  );

  r.get('/contacts/:id', { schema: { tags: ['contacts'], summary: 'One contact', params: contactParams } }, async (req) =>
    contactView(await app.repos.contacts.getForUser(userOf(req).userId, req.params.id)),
  );

  r.patch('/contacts/:id', { schema: { tags: ['contacts'], summary: 'Change a contact', params: contactParams, body: patchBody } }, async (req) => {
    const b = req.body;
    const c = await app.addressBook.update(userOf(req).userId, req.params.id, {
      name: b.name,
      email: b.email,
      phone: b.phone,
      trades: b.trades == null ? b.trades : tradesText(b.trades),
      zipCode: b.zip_code,
      website: b.website,
      contactPerson: b.contact_person,
    });
    return contactView(c);
  });

  r.delete('/contacts/:id', { schema: { tags: ['contacts'], summary: 'Delete a contact', params: contactParams } }, async (req, reply) => {
    const user = userOf(req);
    await app.repos.contacts.getForUser(user.userId, req.params.id);
    await app.repos.contacts.delete(user.userId, req.params.id);
    return reply.code(204).send();
  });
}

export const CSV_MAX_BYTES = 10 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Raw-body types POST /contacts/import takes (the content decides the format, not the type). */
export const CONTACT_FILE_TYPES = ['text/csv', 'text/plain', 'text/vcard', 'text/x-vcard', 'text/directory', XLSX_TYPE, 'application/octet-stream'];

const flag = z.enum(['true', 'false', '1', '0']).optional();
const isOn = (v: string | undefined) => v === 'true' || v === '1';

/** The cursor is the last (name, id) of a page, opaque to clients. */
const encodeCursor = (c: ContactCursor) => Buffer.from(JSON.stringify([c.name, c.contactId])).toString('base64url');
function decodeCursor(s: string): ContactCursor {
  try {
    const [name, contactId] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof contactId === 'string') return { name, contactId };
  } catch (_e) {
    // fall through to the error below
  }
  throw new AppError('VALIDATION', 'bad cursor', { userMessage: 'That cursor is not one this server gave out; start again without it.' });
}

/** Lists are capped so a 100,000-row preview stays a small response; the counts are exact. */
const LIST_MAX = 200;
function importView(r: ImportResult) {
  const lineOf = (ref: string) => /^line (\d+)$/.exec(ref)?.[1];
  return {
    written: r.written,
    format: r.format,
    format_label: r.formatLabel,
    sheet: r.sheet ?? null,
    sheets: r.sheets ?? null,
    created: r.created,
    merged: r.merged,
    skipped: r.skipped.slice(0, LIST_MAX).map((s) => ({ ...(lineOf(s.ref) ? { line: Number(lineOf(s.ref)) } : {}), ref: s.ref, reason: s.reason })),
    skipped_count: r.skipped.length,
    rows: r.rows.slice(0, LIST_MAX).map((p) => ({ ref: p.ref, action: p.action, name: p.contact.name, contact_person: p.contact.contactPerson ?? null, email: p.contact.email ?? null, trades: decodeTrades(p.contact.trades), tags: p.contact.tags ?? null, fills: p.fills })),
    without_email: r.withoutEmail.slice(0, LIST_MAX),
    without_email_count: r.withoutEmail.length,
    unmapped_tags: r.unmappedTags,
    ignored_columns: r.ignoredColumns,
    notes: r.notes,
    contacts: r.contacts,
    summary: describePlan(r, { written: r.written }),
  };
}
