import type { App } from '../../src/app.js';
import type { Fact, ScopeDocument } from '../../src/core/scope/types.js';
import { emptyFacts } from '../../src/core/scope/scope-document.js';

/** A fact as the text extractor records it (page 1 unless given). */
export const fact = <T>(value: T, page = 1): Fact<T> => ({ value, page, source: 'text' });
import type { ContactsMap } from '../../src/core/contacts/map-document.js';
import { serializeRef, storageKeys } from '../../src/core/storage/index.js';
import { instantOf } from '../../src/core/project/time.js';

/** A scope document as the trade extractor would write it, with one sheet of evidence per trade. */
export function scopeDoc(divisions: string[], project: Partial<ScopeDocument['project']> = {}, confidence: Record<string, number> = {}): ScopeDocument {
  return {
    schema: 'redbutton.scope',
    version: 2,
    extractor: 'text',
    createdAt: new Date().toISOString(),
    source: { sha256: 'x', pages: 3 },
    project: {
      ...emptyFacts(),
      name: fact('Riverside Clinic'),
      city: fact('Anoka'),
      stateOrProvince: fact('MN'),
      bidDue: fact({ date: '2026-12-15', time: null, timeZone: null, text: 'December 15, 2026' }),
      ...project,
    },
    sheets: [],
    trades: divisions.map((d, i) => ({
      division: d,
      name: `Division ${d}`,
      confidence: confidence[d] ?? 0.9,
      evidence: [{ page: i + 1, sheet: `${d === '26' ? 'E' : 'P'}10${i + 1}`, section: `${d} 05 19`, snippet: 'evidence', source: 'sheet' as const }],
    })),
  };
}

export interface ReadyJobOptions {
  name?: string;
  zipCode?: string | null;
  /** Store these bytes as the job's PDF (for tests that download or attach the plans). */
  pdf?: Buffer;
  /** Detected confidence per division (default 0.9, at the line). */
  confidence?: Record<string, number>;
  /**
   * Give the job a bid due date 30 days ahead (2 PM Central) and the user a name and company, as
   * an estimator would before sending (default). `false` leaves both unset.
   */
  sendable?: boolean;
}

/** What an estimator sets before the red button: the subs' due date and who signs. */
export async function makeSendable(app: Pick<App, 'repos'>, userId: string, jobId: string): Promise<void> {
  // The day whose 2 PM Central is nearest to 30 days from now: within half a day, so the job reads
  // "bids due in 30 days" at any hour (a UTC date alone is 31 days away late in the UTC evening),
  // except for an hour around a daylight-saving change.
  const target = Date.now() + 30 * 86_400_000;
  const candidates = [-1, 0, 1].map((d) => new Date(target + d * 86_400_000).toISOString().slice(0, 10));
  const distance = (date: string) => Math.abs(instantOf({ date, time: '14:00' }, 'America/Chicago').getTime() - target);
  const due = candidates.reduce((best, c) => (distance(c) < distance(best) ? c : best));
  await app.repos.jobDetails.upsert(jobId, { dueDate: due, dueTime: '14:00', timeZone: 'America/Chicago', city: 'Anoka', stateOrProvince: 'MN', updatedVia: 'test' });
  if (!(await app.repos.profiles.get(userId)).company) {
    await app.repos.profiles.updateProfile(userId, { fullName: 'Pat Estimator', title: 'Senior Estimator', phone: '612-555-0100' });
    await app.repos.profiles.updateCompany(userId, { name: 'GC Builders', address: '100 Main St, Anoka, MN 55303', phone: '763-555-0199' });
  }
}

/**
 * A job of `userId` that went through the pipeline's states to CONTACT_MAP_READY with the given
 * detected trades — the map is built by the real map service, only the PDF reading is skipped.
 */
export async function readyJob(
  app: Pick<App, 'repos' | 'maps' | 'storage'>,
  userId: string,
  divisions: string[],
  opts: ReadyJobOptions = {},
): Promise<{ jobId: string; map: ContactsMap }> {
  const { jobs } = app.repos;
  const name = opts.name ?? 'Riverside Clinic';
  const job = await jobs.create({ userId, name, zipCode: opts.zipCode === undefined ? '55303' : opts.zipCode });
  let pdfRef: string | undefined;
  if (opts.pdf) pdfRef = serializeRef(await app.storage.put(storageKeys.jobPdf(userId, job.jobId, 'a'.repeat(64)), opts.pdf));
  await jobs.transition(job.jobId, 'NEW', 'PDF_SAVED', pdfRef ? { pdfRef, pdfFileName: 'riverside-clinic-plans.pdf' } : {});
  await jobs.transition(job.jobId, 'PDF_SAVED', 'IMAGES_EXTRACTED');
  const zip = opts.zipCode === null ? null : (opts.zipCode ?? '55303');
  const scope = scopeDoc(divisions, { name: fact(name), zipOrPostcode: zip ? fact(zip) : null }, opts.confidence);
  const scopeRef = serializeRef(await app.storage.put(storageKeys.jobScope(userId, job.jobId), JSON.stringify(scope)));
  await jobs.transition(job.jobId, 'IMAGES_EXTRACTED', 'LLM_SUBMITTED', { scopeRef });
  const { ref, map } = await app.maps.buildInitial((await jobs.getInternal(job.jobId))!, scope);
  await jobs.transition(job.jobId, 'LLM_SUBMITTED', 'CONTACT_MAP_READY', { contactsMapRef: ref });
  if (opts.sendable !== false) await makeSendable(app, userId, job.jobId);
  return { jobId: job.jobId, map };
}
