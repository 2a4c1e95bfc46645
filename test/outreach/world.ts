import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import type { DbHandle } from '../../src/db/client.js';
import type { Repositories } from '../../src/db/repositories/index.js';
import type { AddressBook } from '../../src/core/contacts/address-book.js';
import type { ContactsMapService } from '../../src/core/contacts/map-service.js';
import type { ProjectDetailsService } from '../../src/core/project/details.js';
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
  details: ProjectDetailsService;
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

// Jobs that reached the contacts map, shared with the contacts-map tests.
export { scopeDoc, readyJob } from '../helpers/jobs.js';

/** An estimator with the standard address book. */
export async function estimator(w: World, email = 'estimator@gc-builders.test'): Promise<string> {
  const user = await w.repos.users.create(email, 'password123');
  await w.addressBook.importCsv(user.userId, CONTACTS_CSV);
  return user.userId;
}
