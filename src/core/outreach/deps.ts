import type { Config } from '../../config.js';
import type { Repositories } from '../../db/repositories/index.js';
import type { BlobStorage } from '../storage/index.js';
import type { ContactsMap } from '../contacts/map-document.js';
import type { Logger } from '../log.js';
import type { ProjectDetails } from '../project/details.js';
import type { Addenda } from '../addenda/addenda.js';

/** The configuration outreach reads (see src/config.ts). */
export type OutreachConfig = Pick<
  Config,
  'SMTP_URL' | 'REDBUTTON_MAIL_FROM' | 'SMTP_RATE_PER_SECOND' | 'PLANS_ATTACH_MAX_BYTES' | 'DOWNLOAD_LINK_DAYS' | 'PUBLIC_URL' | 'REDBUTTON_INBOUND_ADDRESS'
> &
  Partial<Pick<Config, 'OUTREACH_POLL_SECONDS'>>;

/** What the contacts-map service gives outreach (ContactsMapService satisfies it). */
export interface MapReader {
  current(userId: string, jobId: string): Promise<ContactsMap>;
  version(userId: string, jobId: string, version: number): Promise<ContactsMap>;
}

/** The parts of the app outreach works with; `createApp()`'s App satisfies it. */
export interface OutreachDeps {
  config: OutreachConfig;
  repos: Repositories;
  storage: BlobStorage;
  maps: MapReader;
  /** The job's project details (ProjectDetailsService satisfies it). */
  details: { get(userId: string, jobId: string): Promise<ProjectDetails> };
  secret: Buffer;
  /** A job's addenda: the red button approves a waiting addendum once the invitations are out (the App's Addenda). */
  addenda?: Pick<Addenda, 'hasPending' | 'approve'>;
  logger?: Logger;
  /**
   * Waits up to `ms` for word that another process queued invitations (LISTEN on Postgres: the
   * App's); without it an idle sender polls, and is poked by the outreach of its own process.
   */
  waitForQueuedInvitations?(ms: number): Promise<void>;
}

/** SQLite's CURRENT_TIMESTAMP format (UTC, seconds), so stored times compare as text. */
export function sqlTime(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** A stored TIMESTAMP ("2026-11-23 22:50:50") as a Date. */
export function fromSqlTime(s: string | null | undefined): Date | null {
  if (!s) return null;
  const d = new Date(`${s.replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

export const decodeDivisions = (stored: string | null | undefined): string[] => {
  if (!stored) return [];
  try {
    const v: unknown = JSON.parse(stored);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch (_e) {
    // Older rows may hold "26,27" rather than JSON.
    return stored.split(',').map((s) => s.trim()).filter(Boolean);
  }
};
