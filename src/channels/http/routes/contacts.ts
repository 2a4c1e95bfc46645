import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { encodeTrades, parseTradeTags } from '../../../core/contacts/trades.js';
import type { ContactInput } from '../../../db/repositories/index.js';
import { userOf, type HttpContext } from '../context.js';
import { HttpError } from '../errors.js';
import { contactView } from '../views.js';

const contactParams = z.object({ id: z.string().min(1).max(100) });
const tradesField = z.union([z.string().max(2000), z.array(z.string().max(200)).max(50)]);
const zip = z
  .string()
  .trim()
  .regex(/^\d{5}(-\d{4})?$/, 'must be a US zip code like 94103');
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

function normalizeTrades(t: string | string[]): string {
  const { divisions, unknown } = parseTradeTags(tradesText(t));
  if (unknown.length > 0) {
    throw new AppError('UNKNOWN_TRADE', `Unknown trade ${unknown.join(', ')}`, {
      userMessage: `Unknown trade ${unknown.map((u) => `"${u}"`).join(', ')}: use a trade name like "Electrical" or a CSI division like "26".`,
    });
  }
  return encodeTrades(divisions.map((d) => d.code));
}

/** SQLite constraint failures in contact writes, in words. */
function constraintError(e: unknown, what: 'update' | 'delete'): unknown {
  // drizzle wraps the driver's error (DrizzleQueryError → cause: SqliteError)
  let code: string | undefined;
  for (let cur: unknown = e; cur && !code; cur = (cur as { cause?: unknown }).cause) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string' && c.startsWith('SQLITE_')) code = c;
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return new AppError('CONFLICT', 'Duplicate contact e-mail', { cause: e, userMessage: 'Another of your contacts already has that e-mail address.' });
  }
  const fk = code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || (code?.startsWith('SQLITE_CONSTRAINT') && /FOREIGN KEY/i.test(String((e as Error).message)));
  if (fk && what === 'delete') {
    return new AppError('CONFLICT', 'Contact has invitations', {
      cause: e,
      userMessage: 'This contact has bid invitations on record, so it cannot be deleted. Edit it instead (or it stays unsubscribed if it asked to be).',
    });
  }
  return e;
}

export function registerContactRoutes(api: FastifyInstance, ctx: HttpContext): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;

  r.get('/contacts', { schema: { tags: ['contacts'], summary: 'Your address book, by name' } }, async (req) => ({
    contacts: app.addressBook.list(userOf(req).userId).map(contactView),
  }));

  r.post('/contacts', { schema: { tags: ['contacts'], summary: 'Add a contact (an existing e-mail is merged)', body: createBody } }, async (req, reply) => {
    const user = userOf(req);
    const b = req.body;
    const existed = b.email ? app.repos.contacts.findByEmail(user.userId, b.email) : undefined;
    const c = app.addressBook.add(user.userId, {
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

  r.get('/contacts/export', { schema: { tags: ['contacts'], summary: 'Your address book as CSV' } }, async (req, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="contacts.csv"')
      .send(app.addressBook.exportCsv(userOf(req).userId)),
  );

  r.post(
    '/contacts/import',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Import contacts from CSV (text/csv body, or multipart "file"); ?skip_invalid=true imports the good rows',
        consumes: ['text/csv', 'multipart/form-data'],
        querystring: z.object({ skip_invalid: z.enum(['true', 'false', '1', '0']).optional() }).strict(),
      },
    },
    async (req) => {
      const user = userOf(req);
      let csv: string | Buffer;
      if (req.isMultipart()) {
        const file = await req.file({ limits: { fileSize: CSV_MAX_BYTES, files: 1 }, throwFileSizeLimit: true });
        if (!file) throw new AppError('VALIDATION', 'No CSV file', { userMessage: 'Attach the CSV in a field named "file".' });
        csv = await file.toBuffer();
      } else if (typeof req.body === 'string') {
        csv = req.body;
      } else {
        throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Send the contacts as a text/csv body or a multipart upload with a "file" field.');
      }
      const skipInvalid = req.query.skip_invalid === 'true' || req.query.skip_invalid === '1';
      const res = app.addressBook.importCsv(user.userId, csv, { skipInvalid });
      req.log.info({ created: res.created, merged: res.merged, skipped: res.skipped.length }, 'contacts imported');
      return { created: res.created, merged: res.merged, skipped: res.skipped, ignored_columns: res.ignoredColumns };
    },
  );

  r.get('/contacts/:id', { schema: { tags: ['contacts'], summary: 'One contact', params: contactParams } }, async (req) =>
    contactView(app.repos.contacts.getForUser(userOf(req).userId, req.params.id)),
  );

  r.patch('/contacts/:id', { schema: { tags: ['contacts'], summary: 'Change a contact', params: contactParams, body: patchBody } }, async (req) => {
    const user = userOf(req);
    app.repos.contacts.getForUser(user.userId, req.params.id);
    const b = req.body;
    const patch: Partial<ContactInput> = {};
    if (b.name !== undefined) patch.name = b.name;
    if (b.email !== undefined) patch.email = b.email;
    if (b.phone !== undefined) patch.phone = b.phone;
    if (b.trades !== undefined) patch.trades = b.trades === null ? null : normalizeTrades(b.trades) || null;
    if (b.zip_code !== undefined) patch.zipCode = b.zip_code === null ? null : b.zip_code.slice(0, 5);
    if (b.website !== undefined) patch.website = b.website;
    if (b.contact_person !== undefined) patch.contactPerson = b.contact_person;
    try {
      return contactView(app.repos.contacts.update(user.userId, req.params.id, patch));
    } catch (e) {
      throw constraintError(e, 'update');
    }
  });

  r.delete('/contacts/:id', { schema: { tags: ['contacts'], summary: 'Delete a contact', params: contactParams } }, async (req, reply) => {
    const user = userOf(req);
    app.repos.contacts.getForUser(user.userId, req.params.id);
    try {
      app.repos.contacts.delete(user.userId, req.params.id);
    } catch (e) {
      throw constraintError(e, 'delete');
    }
    return reply.code(204).send();
  });
}

export const CSV_MAX_BYTES = 10 * 1024 * 1024;
