import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import type { DbHandle } from '../../src/db/client.js';
import type { Repositories } from '../../src/db/repositories/index.js';
import { storageKeys, serializeRef } from '../../src/core/storage/index.js';
import type { AddressBook } from '../../src/core/contacts/address-book.js';
import type { ContactsMapService } from '../../src/core/contacts/map-service.js';
import type { ContactsMap } from '../../src/core/contacts/map-document.js';
import type { ScopeDocument } from '../../src/core/scope/types.js';
import type { OutreachDeps } from '../../src/core/outreach/index.js';

/**
 * The parts of the app outreach needs, over a real SQLite file and LOCAL storage in a data dir;
 * a child process opens the very same world from the data dir alone.
 */
export interface World extends OutreachDeps {
  config: Config;
  handle: DbHandle;
  repos: Repositories;
  maps: ContactsMapService;
  addressBook: AddressBook;
  dataDir: string;
  close(): void;
}

export function openWorld(dataDir: string, env: Record<string, string | undefined> = {}): World {
  const config = loadConfig({ LOG_LEVEL: 'silent', REDBUTTON_SECRET: 'test-secret-test-secret-test-secret-0123', ...env, REDBUTTON_DATA_DIR: dataDir });
  return { ...createApp(config), dataDir };
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rb-outreach-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Project in Anoka, MN (55303); every contact within the default radius.
export const CONTACTS_CSV = `name,email,trades,zip
Acme Electric,bids@acme-electric.test,Electrical,55303
Volt Bros Electric,est@voltbros.test,Electrical,55101
Drip Plumbing,drip@drip-plumbing.test,Plumbing,55401
Both Trades Mechanical,office@bothtrades.test,Electrical;Plumbing,55303
Gone Away Plumbing,nobody@goneaway.test,Plumbing,55401
`;

export function scopeDoc(divisions: string[], project: Partial<ScopeDocument['project']> = {}): ScopeDocument {
  return {
    schema: 'redbutton.scope',
    version: 1,
    extractor: 'text',
    createdAt: new Date().toISOString(),
    source: { sha256: 'x', pages: 3 },
    project: { name: 'Riverside Clinic', location: 'Anoka, MN', bidDueDate: '2026-12-15', ...project },
    sheets: [],
    trades: divisions.map((d, i) => ({
      division: d,
      name: `Division ${d}`,
      confidence: 0.9,
      evidence: [{ page: i + 1, sheet: `${d === '26' ? 'E' : 'P'}10${i + 1}`, section: `${d} 05 19`, snippet: 'evidence', source: 'sheet' as const }],
    })),
  } as ScopeDocument;
}

/** A job of `userId` that reached CONTACT_MAP_READY with the given trades, optionally with a PDF. */
export async function readyJob(
  w: World,
  userId: string,
  divisions: string[],
  opts: { name?: string; pdf?: Buffer } = {},
): Promise<{ jobId: string; map: ContactsMap }> {
  const { jobs } = w.repos;
  const job = jobs.create({ userId, name: opts.name ?? 'Riverside Clinic', zipCode: '55303' });
  let pdfRef: string | undefined;
  if (opts.pdf) pdfRef = serializeRef(await w.storage.put(storageKeys.jobPdf(userId, job.jobId, 'a'.repeat(64)), opts.pdf));
  jobs.transition(job.jobId, 'NEW', 'PDF_SAVED', pdfRef ? { pdfRef, pdfFileName: 'riverside-clinic-plans.pdf' } : {});
  jobs.transition(job.jobId, 'PDF_SAVED', 'IMAGES_EXTRACTED');
  jobs.transition(job.jobId, 'IMAGES_EXTRACTED', 'LLM_SUBMITTED');
  const { ref, map } = await w.maps.buildInitial(jobs.getInternal(job.jobId)!, scopeDoc(divisions, { name: opts.name ?? 'Riverside Clinic' }));
  jobs.transition(job.jobId, 'LLM_SUBMITTED', 'CONTACT_MAP_READY', { contactsMapRef: ref });
  return { jobId: job.jobId, map };
}

/** An estimator with the standard address book. */
export async function estimator(w: World, email = 'estimator@gc-builders.test'): Promise<string> {
  const user = await w.repos.users.create(email, 'password123');
  w.addressBook.importCsv(user.userId, CONTACTS_CSV);
  return user.userId;
}
