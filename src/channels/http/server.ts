import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { App } from '../../app.js';
import { logger as rootLogger, type Logger } from '../../core/log.js';
import type { SignInThrottle } from '../../core/auth/sign-in-throttle.js';
import { BackgroundJobs } from './background.js';
import type { HttpContext } from './context.js';
import { HttpError, sendError } from './errors.js';
import { ApiTokens } from '../../core/auth/api-tokens.js';
import { refuseControlCharactersIn } from '../../core/text-input.js';
import { registerAuthRoutes, registerLoginRoute } from './routes/auth.js';
import { registerJobRoutes } from './routes/jobs.js';
import { registerDocumentRoutes } from './routes/documents.js';
import { CONTACT_FILE_TYPES, CSV_MAX_BYTES, registerContactRoutes } from './routes/contacts.js';
import { registerPublicLinkRoutes } from './routes/public-links.js';
import { registerReviewRoutes } from './routes/review.js';

/*
 * Validation: zod through fastify-type-provider-zod (v7, for zod 4.2+). The core already
 * defines its inputs with zod (map edits, config); reusing those schemas for request bodies means
 * one definition, typed handlers, and the same schemas turned into the OpenAPI document
 * (jsonSchemaTransform → @fastify/swagger) — JSON-schema by hand would duplicate them.
 */

export interface HttpServerOptions {
  logger?: Logger;
  /** Cap on JSON / form / CSV bodies (uploads have their own cap: PDF_MAX_BYTES). */
  bodyLimit?: number;
  /** Called after the red button queued a job's invitations (serve pokes the outreach sender). */
  onApproved?: (jobId: string) => void;
  /** The sign-in brake (tests pass one with their own clock). */
  signInThrottle?: SignInThrottle;
  /** Routes other channels add to this server (Slack's /slack/events), registered before it is ready. */
  plugins?: ((server: FastifyInstance) => Promise<void>)[];
}

declare module 'fastify' {
  interface FastifyInstance {
    redbutton: { background: BackgroundJobs; tokens: ApiTokens };
  }
}

const SECRET_PATHS = /^\/(review|plans|unsubscribe|respond)\/[^/?#]+/;
/**
 * Signed-link tokens are credentials, and query strings carry search terms and, from careless
 * clients, secrets: logs show the route and the query's parameter names, never a token or a value.
 */
export const redactUrl = (url: string) => {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(SECRET_PATHS, '/$1/<token>');
  if (q < 0) return path;
  const names = [...new URLSearchParams(url.slice(q + 1)).keys()].map((k) => k.replace(/[^\w.-]/g, '_').slice(0, 40));
  return `${path}?${[...new Set(names)].slice(0, 20).map((k) => `${k}=<redacted>`).join('&')}`;
};

/** A caller's X-Request-Id is kept for correlation only when it is short and plain (it goes in every log line). */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

export async function buildHttpServer(app: App, opts: HttpServerOptions = {}): Promise<FastifyInstance> {
  const log = (opts.logger ?? rootLogger).child({ channel: 'http' });
  const server = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // Our own onResponse line instead of Fastify's: it redacts signed-link tokens from URLs.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'reqId' }),
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    requestIdHeader: false,
    genReqId: (req) => requestIdOf(req.headers['x-request-id']),
    // Whose X-Forwarded-For to believe (TRUST_PROXY; default: a reverse proxy on this machine), so
    // req.ip — what sign-in throttling counts — is the real client and cannot be forged by it.
    trustProxy: app.config.TRUST_PROXY,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1100 },
  });
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);

  const tokens = new ApiTokens(app.repos);
  const background = new BackgroundJobs(app, log);
  const ctx: HttpContext = { app, tokens, background, onApproved: opts.onApproved ?? (() => undefined) };
  server.decorate('redbutton', { background, tokens });

  server.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  server.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, url: redactUrl(req.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime), userId: req.user?.userId }, 'request');
  });
  server.addHook('onClose', async () => {
    await background.close();
  });
  // Typed text (JSON, form fields, query, path) with a control character is refused before any
  // route reads it: one rule for the whole API (src/core/text-input.ts). Multipart fields are read
  // by their routes, which apply the same rule.
  server.addHook('preValidation', async (req) => {
    refuseControlCharactersIn(req.params, 'path');
    refuseControlCharactersIn(req.query, 'query');
    refuseControlCharactersIn(req.body, 'body');
  });

  server.setErrorHandler((err, req, reply) => sendError(err, req, reply));
  server.setNotFoundHandler((req, reply) => sendError(new HttpError('NOT_FOUND', `No route ${req.method} ${redactUrl(req.url.split('?')[0]!)}.`), req, reply));

  await server.register(formbody, { bodyLimit: opts.bodyLimit ?? 1024 * 1024 });
  // Oversized files are cut off and reported by the route (PDF_TOO_LARGE with the limit in words).
  await server.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: app.config.PDF_MAX_BYTES, files: 1, fields: 10, fieldSize: 10_000, parts: 20 } });
  // Contacts files as a raw body: bytes, so UTF-16 CSV and .xlsx arrive intact (the importer decodes).
  server.addContentTypeParser(CONTACT_FILE_TYPES, { parseAs: 'buffer', bodyLimit: CSV_MAX_BYTES }, (_req, body, done) => done(null, body));

  await server.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Red Button API', version: '0.1.0', description: 'Plan sets in, trades and subcontractors mapped, bid invitations out. Authenticate with `Authorization: Bearer <token>` (POST /auth/login).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) => ('openapiObject' in doc ? (describeUploads(doc.openapiObject as unknown as OpenApiDoc) as typeof doc.openapiObject) : doc.swaggerObject),
  });

  server.get('/health', { schema: { tags: ['meta'], summary: 'Liveness and database check', security: [] } }, async () => {
    await app.ping();
    return { status: 'ok', background_jobs: background.size };
  });
  server.get('/openapi.json', { schema: { hide: true } }, async () => server.swagger());

  registerLoginRoute(server, ctx, opts.signInThrottle);
  registerPublicLinkRoutes(server, ctx);
  registerReviewRoutes(server, ctx);

  // Everything else needs a bearer token; the user it names scopes every query.
  await server.register(async (api) => {
    // Private data, bearer tokens and signed review links: no shared or browser cache keeps a copy.
    api.addHook('onSend', async (_req, reply) => {
      void reply.header('cache-control', 'no-store');
    });
    api.addHook('onRequest', async (req) => {
      const { user, tokenId } = await tokens.authenticate(req.headers.authorization);
      req.user = user;
      req.tokenId = tokenId;
      req.log = req.log.child({ userId: user.userId });
    });
    registerAuthRoutes(api, ctx);
    registerJobRoutes(api, ctx);
    registerDocumentRoutes(api, ctx);
    registerContactRoutes(api, ctx);
  });

  for (const plugin of opts.plugins ?? []) await plugin(server);

  await server.ready();
  return server;
}

type OpenApiDoc = { paths?: Record<string, Record<string, { requestBody?: unknown } | undefined> | undefined> };

/**
 * Multipart bodies are read by their routes (streamed to disk under a size cap), not validated by a
 * body schema, so the generated document does not know their fields: describe them here.
 */
function describeUploads<T extends OpenApiDoc>(doc: T): T {
  const upload = (fields: Record<string, unknown>, required: string[]) => ({
    required: true,
    content: { 'multipart/form-data': { schema: { type: 'object', required, properties: fields } } },
  });
  const jobs = doc.paths?.['/jobs']?.post;
  if (jobs) {
    jobs.requestBody = upload(
      {
        file: { type: 'string', format: 'binary', description: 'the plan set or spec book (PDF)' },
        name: { type: 'string', description: 'project name (default: the file name)' },
        zip_code: { type: 'string', description: "the project's US zip code, for distances to subcontractors" },
      },
      ['file'],
    );
  }
  const contacts = doc.paths?.['/contacts/import']?.post;
  if (contacts) {
    const file = upload(
      {
        file: { type: 'string', format: 'binary', description: 'contacts file: .xlsx, .csv (ours, Outlook, Google, Procore, BuildingConnected) or .vcf — recognised from its content' },
        sheet: { type: 'string', description: 'the workbook sheet to read (default: the one that looks like a sub list)' },
      },
      ['file'],
    );
    const raw = Object.fromEntries(CONTACT_FILE_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]));
    contacts.requestBody = { required: true, content: { ...raw, ...file.content } };
  }
  return doc;
}
