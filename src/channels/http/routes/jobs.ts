import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { refuseControlCharacters, stripControlCharacters } from '../../../core/text-input.js';
import { mapEditsSchema } from '../../../core/contacts/map-edits.js';
import { approveJob } from '../../../core/outreach/approve.js';
import { userOf, type HttpContext } from '../context.js';
import { HttpError } from '../errors.js';
import { coverageView, inviteMoreView, emailLogView, historyView, identityView, jobSummaryView, jobView, previewView, projectDetailsView } from '../views.js';
import { parsePostcode } from '../../../core/contacts/geo.js';
import type { PackageReport } from '../../../core/documents/index.js';
import { detailsPatchSchema } from '../../../core/project/details.js';
import { identityOf, identityPatchSchema, updateIdentity } from '../../../core/project/identity.js';
import { previewInvitations } from '../../../core/outreach/preview.js';
import { reviewLink } from '../../../core/auth/review-link.js';
import { bidCoverage, inviteMore } from '../../../core/outreach/index.js';

const jobParams = z.object({ id: z.string().min(1).max(100) });
const uploadFields = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  zip_code: z.string().trim().max(12).optional(),
  /** "true": make a new job even if this PDF was sent before. */
  new_job: z.enum(['true', 'false']).optional(),
});

/** `ETag: "v3"` on a map; `If-Match: "v3"` (or W/"v3") names the version an edit was made on. */
export const mapEtag = (version: number) => `"v${version}"`;

export function versionFromIfMatch(req: FastifyRequest, required: boolean): number | undefined {
  const h = req.headers['if-match'];
  if (h === undefined || h === '') {
    if (!required) return undefined;
    throw new HttpError(
      'PRECONDITION_REQUIRED',
      'Send If-Match with the map version you edited (the ETag of GET /jobs/{id}/contacts-map, e.g. If-Match: "v3"), so two people cannot overwrite each other.',
    );
  }
  const m = /^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(h);
  if (!m) throw new AppError('VALIDATION', `Bad If-Match ${h}`, { userMessage: `If-Match must be a map ETag like "v3" (got ${h}).` });
  return Number(m[1]);
}

/** Files one upload may carry (every `file` field of one request is one bid package). */
const MAX_UPLOAD_FILES = 50;

/** What the package was made of, in the API's snake_case. */
function packageView(report: PackageReport) {
  return {
    documents: report.taken.map((t) => ({ name: t.name, bytes: t.bytes, pages: t.pages })),
    skipped: report.skipped,
    sign_in_links: report.loginLinks,
  };
}

export function registerJobRoutes(api: FastifyInstance, ctx: HttpContext): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;

  r.post(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Upload a bid package (multipart: one or more file fields — PDFs, ZIPs, Outlook items — name, zip_code): one job, run in the background',
        consumes: ['multipart/form-data'],
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      if (!req.isMultipart()) {
        throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Upload the plan set as multipart/form-data with a "file" field (and optional "name" and "zip_code").');
      }
      const maxBytes = app.config.PDF_MAX_BYTES;
      const tmp = await mkdtemp(join(tmpdir(), 'rb-upload-'));
      try {
        const fields: Record<string, string> = {};
        // Every `file` field of one request is one bid package (one job).
        const uploads: { path: string; fileName: string; truncated: boolean; type: string }[] = [];
        const parts = req.parts({ limits: { fileSize: maxBytes, files: MAX_UPLOAD_FILES, fields: 10, fieldSize: 10_000, parts: MAX_UPLOAD_FILES + 10 } });
        for await (const part of parts) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file') {
              part.file.resume();
              throw new AppError('VALIDATION', `Unexpected file field ${part.fieldname}`, { userMessage: `Send the PDF in a field named "file" (got "${part.fieldname}").` });
            }
            const path = join(tmp, `upload-${uploads.length}`);
            await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
            uploads.push({ path, fileName: (stripControlCharacters(part.filename ?? '') || 'plans.pdf').slice(0, 255), truncated: part.file.truncated, type: part.mimetype });
          } else if (typeof part.value === 'string') {
            fields[part.fieldname] = refuseControlCharacters(part.value, part.fieldname);
          }
        }
        if (uploads.length === 0) throw new AppError('VALIDATION', 'No file part', { userMessage: 'Attach the plan set PDF in a field named "file".' });
        const cut = uploads.find((u) => u.truncated);
        if (cut) {
          throw new AppError('PDF_TOO_LARGE', `Upload over ${maxBytes} bytes`, {
            userMessage: `${cut.fileName} is larger than the ${(maxBytes / 1e6).toFixed(0)} MB limit. Split the set (e.g. by discipline) and upload the parts.`,
          });
        }
        const f = uploadFields.parse({ name: fields.name || undefined, zip_code: fields.zip_code || undefined, new_job: fields.new_job || undefined });
        const result = await app.packages.submit({
          userId: user.userId,
          name: f.name,
          files: uploads.map((u) => ({ name: u.fileName, path: u.path, contentType: u.type, receivedVia: 'upload' as const })),
          zipCode: f.zip_code ? parsePostcode(f.zip_code).code : null,
          allowDuplicate: f.new_job === 'true',
          origin: 'http',
          originContext: { requestId: req.id },
        });
        if (!result.job) {
          const e = result.error!;
          throw new AppError(e.code, e.message, { userMessage: e.userMessage, details: { ...e.details, ...packageView(result.report) } });
        }
        const job = result.job;
        req.log.info({ jobId: job.jobId, documents: result.report.taken.length }, 'plan set uploaded');
        ctx.background.start(job.jobId);
        return reply
          .code(202)
          .header('location', `/jobs/${job.jobId}`)
          .send({ job_id: job.jobId, status: job.status, href: `/jobs/${job.jobId}`, ...packageView(result.report) });
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    },
  );

  r.get(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Your jobs, newest first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
      },
    },
    async (req) => ({ jobs: (await app.repos.jobs.listForUser(userOf(req).userId, req.query.limit)).map(jobSummaryView) }),
  );

  r.get('/jobs/:id', { schema: { tags: ['jobs'], summary: 'A job: status, failure reason, artifacts', params: jobParams } }, async (req) => {
    const user = userOf(req);
    const job = await app.repos.jobs.getForUser(user.userId, req.params.id);
    const map = job.contactsMapRef ? await app.maps.current(user.userId, job.jobId) : null;
    return {
      ...jobView(job, map),
      details: projectDetailsView(await app.details.get(user.userId, job.jobId)),
      documents: (await app.documents.list(user.userId, job.jobId)).map((d) => ({ document_id: d.documentId, name: d.fileName, package: d.packageNumber, kind: d.kind, received_via: d.receivedVia, pages: d.pageCount, bytes: d.sizeBytes, read_status: d.readStatus, note: d.note })),
      review_url: job.contactsMapRef ? reviewLink(app, job.jobId, user.userId) : null,
    };
  });

  r.patch(
    '/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: "Edit the job's project details: name, address, zip, bid_due (\"Dec 12 2pm CT\"), job_walk, rfi_deadline, message, scope_notes",
        params: jobParams,
        body: detailsPatchSchema,
      },
    },
    async (req) => {
      const user = userOf(req);
      const details = await app.details.edit(user.userId, req.params.id, req.body, 'http');
      return { job_id: details.jobId, details: projectDetailsView(details) };
    },
  );

  r.get(
    '/jobs/:id/preview',
    { schema: { tags: ['outreach'], summary: 'The e-mail one recipient per trade will receive (subject, From, text, HTML), and what blocks sending', params: jobParams } },
    async (req) => previewView(await previewInvitations(app, userOf(req).userId, req.params.id)),
  );

  r.get('/profile', { schema: { tags: ['profile'], summary: 'Who signs your invitations: your name, title, phone and company' } }, async (req) =>
    identityView(await identityOf(app.repos, userOf(req).userId)),
  );

  r.put(
    '/profile',
    { schema: { tags: ['profile'], summary: 'Set your name, title, phone and company (name, address, phone, logo_url)', body: identityPatchSchema } },
    async (req) => identityView(await updateIdentity(app.repos, userOf(req).userId, req.body)),
  );

  r.get(
    '/jobs/:id/contacts-map',
    {
      schema: {
        tags: ['contacts map'],
        summary: 'The current contacts map (or ?version=N); ETag "v<version>"',
        params: jobParams,
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }).strict(),
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const map = req.query.version === undefined ? await app.maps.current(user.userId, req.params.id) : await app.maps.version(user.userId, req.params.id, req.query.version);
      return reply.header('etag', mapEtag(map.version)).header('cache-control', 'private, no-cache').send(map);
    },
  );

  r.patch(
    '/jobs/:id/contacts-map',
    {
      schema: {
        tags: ['contacts map'],
        summary: 'Edit the map (If-Match: "v<version>" required); answers the new version',
        params: jobParams,
        body: z.object({ edits: mapEditsSchema }).strict(),
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const expectedVersion = versionFromIfMatch(req, true);
      const map = await app.maps.edit(user.userId, req.params.id, req.body.edits, { expectedVersion, via: 'http' });
      return reply.header('etag', mapEtag(map.version)).send(map);
    },
  );

  r.get(
    '/jobs/:id/contacts-map/history',
    { schema: { tags: ['contacts map'], summary: 'Every version of the map, oldest first', params: jobParams } },
    async (req) => ({ versions: (await app.maps.history(userOf(req).userId, req.params.id)).map(historyView) }),
  );

  r.post(
    '/jobs/:id/contacts-map/rollback',
    {
      schema: {
        tags: ['contacts map'],
        summary: 'Make a new version with an earlier version\'s content (If-Match required)',
        params: jobParams,
        body: z.object({ version: z.number().int().min(1) }).strict(),
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const expectedVersion = versionFromIfMatch(req, true);
      const map = await app.maps.rollback(user.userId, req.params.id, req.body.version, { expectedVersion, via: 'http' });
      return reply.header('etag', mapEtag(map.version)).send(map);
    },
  );

  r.post(
    '/jobs/:id/approve',
    {
      schema: {
        tags: ['outreach'],
        summary: 'The red button: queue the invitations of the map version you reviewed (body.version or If-Match)',
        params: jobParams,
        body: z.object({ version: z.number().int().min(1).optional() }).strict().nullish(),
      },
    },
    async (req, reply) => {
      const user = userOf(req);
      const version = req.body?.version ?? versionFromIfMatch(req, false);
      if (version === undefined) {
        throw new HttpError('PRECONDITION_REQUIRED', 'Say which map version you approve: {"version": N} or If-Match: "vN" (the ETag of the map you reviewed).');
      }
      const s = await approveJob(app, user.userId, req.params.id, { version, via: 'http' });
      ctx.onApproved(s.jobId);
      return reply.code(202).send({
        job_id: s.jobId,
        map_version: s.mapVersion,
        queued: s.queued,
        companies: s.companies,
        trades: s.trades,
        invitations: s.invitations.map((i) => ({ email_id: i.emailId, contact_id: i.contactId, name: i.name, email: i.email, trades: i.divisions })),
        skipped: s.skipped,
      });
    },
  );

  r.get('/jobs/:id/emails', { schema: { tags: ['outreach'], summary: 'The invitations of a job (email_logs)', params: jobParams } }, async (req) => {
    const job = await app.repos.jobs.getForUser(userOf(req).userId, req.params.id);
    const rows = await app.repos.jobOutreach.listForJob(job.jobId);
    return { emails: rows.map(emailLogView) };
  });

  r.get('/jobs/:id/coverage', { schema: { tags: ['outreach'], summary: 'Bid coverage per trade: invited, opened, bidding, not bidding, no answer, bounced or failed; trades under target with the next best contacts; reminders ahead', params: jobParams } }, async (req) =>
    coverageView(await bidCoverage(app, userOf(req).userId, req.params.id)),
  );

  r.post(
    '/jobs/:id/coverage/invite',
    {
      schema: {
        tags: ['outreach'],
        summary: '"Invite these too": queue invitations to the proposed next best contacts of trades under target (contact_ids: the ones you confirm; default all proposed). Already-invited contacts are never sent again.',
        params: jobParams,
        body: z.object({ contact_ids: z.array(z.string().min(1).max(100)).max(200).optional() }).optional(),
      },
    },
    async (req, reply) => {
      const res = await inviteMore(app, userOf(req).userId, req.params.id, { contactIds: req.body?.contact_ids, via: 'http' });
      if (res.queued.length) {
        ctx.onApproved(res.jobId);
        const job = await app.repos.jobs.getInternal(res.jobId);
        if (job) await app.events.emit(job);
      }
      return reply.code(res.queued.length ? 202 : 200).send(inviteMoreView(res));
    },
  );

  r.get('/jobs/:id/review-link', { schema: { tags: ['jobs'], summary: 'A signed link to the review page of this job', params: jobParams } }, async (req) => {
    const user = userOf(req);
    const job = await app.repos.jobs.getForUser(user.userId, req.params.id);
    return { url: reviewLink(app, job.jobId, user.userId) };
  });
}
