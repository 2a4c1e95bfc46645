import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { FastifyInstance } from 'fastify';
import { openTestApp, type AnyTestApp } from '../helpers/app.js';
import type { App } from '../../src/app.js';
import { buildHttpServer, type HttpServerOptions } from '../../src/channels/http/server.js';
import { ApiTokens } from '../../src/core/auth/api-tokens.js';
import type { ScopeExtractor, ScopeDocument } from '../../src/core/scope/types.js';
import type { PdfDocumentText } from '../../src/core/pdf/types.js';
import { emptyFacts } from '../../src/core/scope/scope-document.js';
import { fact, makeSendable } from '../helpers/jobs.js';

/**
 * A deterministic extractor for HTTP tests: the page text is read for real (core/pdf), and the
 * trades are the ones whose sheet prefix appears in it, so these tests do not depend on the
 * text extractor's tuning.
 */
export const fixedExtractor: ScopeExtractor = {
  name: 'text',
  async extract(doc: PdfDocumentText): Promise<ScopeDocument> {
    const text = JSON.stringify(doc);
    const trades: ScopeDocument['trades'] = [];
    if (text.includes('E101')) trades.push({ division: '26', name: 'Electrical', confidence: 0.9, evidence: [{ page: 2, sheet: 'E101', snippet: 'E101 POWER PLAN <b>& panels</b>', source: 'sheet' }] });
    if (text.includes('P101')) trades.push({ division: '22', name: 'Plumbing', confidence: 0.93, evidence: [{ page: 3, sheet: 'P101', snippet: 'P101 PLUMBING PLAN', source: 'sheet' }] });
    return {
      schema: 'redbutton.scope',
      version: 2,
      extractor: 'test-fixed',
      createdAt: new Date().toISOString(),
      source: { sha256: 'x', pages: 3 },
      project: { ...emptyFacts(), name: fact('Test Clinic'), zipOrPostcode: fact('94103') },
      sheets: [],
      trades,
    };
  },
};

/** A small three-sheet plan set (cover, E101, P101) written with pdfkit. */
export async function writePlanSet(dir: string, name = 'plans.pdf'): Promise<string> {
  const path = join(dir, name);
  const doc = new PDFDocument({ size: [792, 612], autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  const sheet = (number: string, title: string) => {
    doc.addPage({ margin: 10 });
    doc.fontSize(18).text(title, 40, 40);
    doc.fontSize(10).text('PROJECT: TEST CLINIC, 100 MAIN ST, SAN FRANCISCO CA 94103', 40, 80);
    doc.fontSize(24).text(number, 680, 540);
  };
  sheet('G001', 'COVER SHEET - SHEET INDEX: G001 COVER, E101 POWER PLAN, P101 PLUMBING PLAN');
  sheet('E101', 'POWER PLAN - ELECTRICAL PANELS AND RECEPTACLES');
  sheet('P101', 'PLUMBING PLAN - DOMESTIC WATER AND SANITARY');
  doc.end();
  await done;
  writeFileSync(path, Buffer.concat(chunks));
  return path;
}

export const CONTACTS_CSV = `name,email,trades,zip_code
Acme Electric,bids@acme-electric.test,Electrical,94107
Bolt Electrical,estimating@bolt-electric.test,26,94110
Pipe Pros,bid@pipepros.test,Plumbing,94103
No Mail Plumbing,,Plumbing,94103
`;

export interface HttpTestEnv extends AnyTestApp {
  server: FastifyInstance;
  tokens: ApiTokens;
  alice: { userId: string; email: string; token: string };
  bob: { userId: string; email: string; token: string };
  close(): Promise<void>;
}

/** The HTTP server over a real App on `backend` (SQLite unless a suite asks for Postgres), with two users holding API tokens. */
export async function startHttpTest(
  env: Record<string, string | undefined> = {},
  serverOptions: HttpServerOptions | ((app: App) => HttpServerOptions) = {},
  backend: 'sqlite' | 'postgres' = 'sqlite',
): Promise<HttpTestEnv> {
  const t = await openTestApp(backend, { PUBLIC_URL: 'http://127.0.0.1:1', REDBUTTON_MAIL_FROM: 'Alice GC Bids <bids@gc.test>', ...env }, { extractor: fixedExtractor });
  const server = await buildHttpServer(t.app, typeof serverOptions === 'function' ? serverOptions(t.app) : serverOptions);
  const tokens = new ApiTokens(t.app.repos);
  const mk = async (email: string) => {
    const u = await t.app.repos.users.create(email, 'correct horse battery');
    return { userId: u.userId, email: u.email, token: (await tokens.create(u.userId)).token };
  };
  const alice = await mk('alice@gc.test');
  const bob = await mk('bob@other-gc.test');
  return {
    ...t,
    server,
    tokens,
    alice,
    bob,
    close: async () => {
      await server.close();
      await t.cleanup();
    },
  };
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A multipart body by hand (light-my-request has no form helper). */
export function multipartBody(parts: { name: string; value: string | Buffer; filename?: string; type?: string }[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----rbtest${Math.random().toString(16).slice(2)}`;
  const bufs: Buffer[] = [];
  for (const p of parts) {
    bufs.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n${p.filename ? `Content-Type: ${p.type ?? 'application/pdf'}\r\n` : ''}\r\n`));
    bufs.push(typeof p.value === 'string' ? Buffer.from(p.value) : p.value);
    bufs.push(Buffer.from('\r\n'));
  }
  bufs.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(bufs), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Upload through the API and wait for the background pipeline to finish. */
export async function uploadAndProcess(
  env: HttpTestEnv,
  pdf: Buffer,
  fields: Record<string, string> = { name: 'Test Clinic', zip_code: '94103' },
  token = env.alice.token,
  opts: { sendable?: boolean } = {},
): Promise<string> {
  const { payload, headers } = multipartBody([...Object.entries(fields).map(([name, value]) => ({ name, value })), { name: 'file', value: pdf, filename: 'plans.pdf' }]);
  const res = await env.server.inject({ method: 'POST', url: '/jobs', payload, headers: { ...headers, ...auth(token) } });
  if (res.statusCode !== 202) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  await env.server.redbutton.background.idle();
  const jobId = (res.json() as { job_id: string }).job_id;
  // What an estimator sets before sending (due date, name, company), unless the test sets it itself.
  if (opts.sendable !== false) {
    const owner = token === env.alice.token ? env.alice.userId : ((await env.app.repos.jobs.getInternal(jobId))?.userId ?? '');
    if ((await env.app.repos.jobs.getInternal(jobId))?.contactsMapRef) await makeSendable(env.app, owner, jobId);
  }
  return jobId;
}
