import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { stripControlCharacters } from '../../../core/text-input.js';
import { addendumJson, addendumPlanJson } from '../../../core/addenda/addenda.js';
import { userOf, type HttpContext } from '../context.js';
import { HttpError } from '../errors.js';

const jobParams = z.object({ id: z.string().min(1).max(100) });

/**
 * A job's documents after the first set: `POST /jobs/{id}/documents` adds an addendum (read at
 * once; the answer is what it changes and who would get a notice), `GET /jobs/{id}/addenda` lists
 * them, `GET /jobs/{id}/addenda/pending` previews the one waiting for the red button
 * (`POST /jobs/{id}/approve` approves it).
 */
export function registerDocumentRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const r = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;

  r.post(
    '/jobs/:id/documents',
    { schema: { tags: ['jobs'], summary: 'Add an addendum PDF to a job (multipart: file); returns what it changes and who gets a notice on approval', params: jobParams, consumes: ['multipart/form-data'] } },
    async (req, reply) => {
      const user = userOf(req);
      if (!req.isMultipart()) throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Upload the addendum as multipart/form-data with a "file" field.');
      const maxBytes = app.config.PDF_MAX_BYTES;
      const tmp = await mkdtemp(join(tmpdir(), 'rb-addendum-'));
      try {
        let upload: { path: string; fileName: string; truncated: boolean } | undefined;
        for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 1000 } })) {
          if (part.type !== 'file') continue;
          if (part.fieldname !== 'file') {
            part.file.resume();
            throw new AppError('VALIDATION', `Unexpected file field ${part.fieldname}`, { userMessage: `Send the PDF in a field named "file" (got "${part.fieldname}").` });
          }
          const path = join(tmp, 'addendum.pdf');
          await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
          upload = { path, fileName: stripControlCharacters(part.filename ?? '') || 'addendum.pdf', truncated: part.file.truncated };
        }
        if (!upload) throw new AppError('VALIDATION', 'No file part', { userMessage: 'Attach the addendum PDF in a field named "file".' });
        if (upload.truncated) throw new AppError('PDF_TOO_LARGE', `Upload over ${maxBytes} bytes`, { userMessage: `${upload.fileName} is larger than the ${(maxBytes / 1e6).toFixed(0)} MB limit.` });
        const added = await app.addenda.receive(user.userId, req.params.id, { path: upload.path, name: upload.fileName.slice(0, 255), receivedVia: 'upload' });
        req.log.info({ jobId: req.params.id, addendum: added.number }, 'addendum uploaded');
        return reply.code(201).send(addendumPlanJson(await app.addenda.preview(user.userId, req.params.id, added.addendumId)));
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    },
  );

  r.get('/jobs/:id/addenda', { schema: { tags: ['jobs'], summary: "A job's addenda: what each changed, the trades it added, its status", params: jobParams } }, async (req) => ({
    addenda: (await app.addenda.list(userOf(req).userId, req.params.id)).map(addendumJson),
  }));

  r.get('/jobs/:id/addenda/pending', { schema: { tags: ['jobs'], summary: 'Who gets what when the waiting addendum is approved (nothing is queued)', params: jobParams } }, async (req) =>
    addendumPlanJson(await app.addenda.preview(userOf(req).userId, req.params.id)),
  );
}
