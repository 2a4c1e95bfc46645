/**
 * Reading stored scope documents. Version 2 carries project facts with their pages; version 1
 * (flat `name / location / zipCode / bidDueDate`) is upgraded on read so jobs stored before the
 * change keep working. Facts carried over from version 1 have page 0: the page was never recorded.
 */
import { AppError } from '../errors.js';
import type { Fact, FactDate, ProjectFacts, ScopeDocument } from './types.js';

export const SCOPE_VERSION = 2 as const;

/** Facts of a document that says nothing. */
export function emptyFacts(): ProjectFacts {
  return {
    name: null,
    owner: null,
    streetAddress: null,
    city: null,
    stateOrProvince: null,
    country: null,
    zipOrPostcode: null,
    projectNumber: null,
    architectOrEngineer: null,
    bidDue: null,
    preBidMeeting: null,
  };
}

interface ProjectFactsV1 {
  name?: unknown;
  location?: unknown;
  zipCode?: unknown;
  bidDueDate?: unknown;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const legacy = <T>(value: T): Fact<T> => ({ value, page: 0, source: 'text' });

/** Version 1's flat facts → version 2. "City, ST" splits into city and state; an ISO day becomes a FactDate. */
export function upgradeFactsV1(old: ProjectFactsV1 | undefined): ProjectFacts {
  const facts = emptyFacts();
  const name = str(old?.name);
  if (name) facts.name = legacy(name);
  const zip = str(old?.zipCode);
  if (zip) facts.zipOrPostcode = legacy(zip);
  const location = str(old?.location);
  if (location) {
    const parts = location.split(',').map((p) => p.trim()).filter(Boolean);
    if (parts.length >= 2) {
      facts.city = legacy(parts.slice(0, -1).join(', '));
      facts.stateOrProvince = legacy(parts[parts.length - 1]!);
    } else if (parts[0]) facts.stateOrProvince = legacy(parts[0]);
  }
  const due = str(old?.bidDueDate);
  if (due) {
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(due) ? due : null;
    facts.bidDue = legacy<FactDate>({ date: iso, time: null, timeZone: null, text: due });
  }
  return facts;
}

/** A stored scope document (parsed JSON) of any known version, as the current version. */
export function readScopeDocument(raw: unknown, where: string): ScopeDocument {
  const doc = raw as Partial<Omit<ScopeDocument, 'version' | 'project'>> & { version?: unknown; project?: unknown };
  if (!doc || typeof doc !== 'object' || doc.schema !== 'redbutton.scope') {
    throw new AppError('STORAGE_IO', `${where} is not a scope document`, { userMessage: 'The stored trade detection for this job is unreadable. Re-run the job.' });
  }
  if (doc.version === SCOPE_VERSION) return doc as ScopeDocument;
  if (doc.version === 1) return { ...(doc as ScopeDocument), version: SCOPE_VERSION, project: upgradeFactsV1(doc.project as ProjectFactsV1 | undefined) };
  throw new AppError('STORAGE_IO', `${where} has scope document version ${String(doc.version)}`, {
    userMessage: `The stored trade detection for this job was written by a newer or unknown version (${String(doc.version)}). Update Red Button or re-run the job.`,
  });
}
