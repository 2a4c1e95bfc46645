import type { App } from '../../src/app.js';
import type { Fact, ScopeDocument } from '../../src/core/scope/types.js';
import { emptyFacts } from '../../src/core/scope/scope-document.js';

/** A fact as the text extractor records it (page 1 unless given). */
export const fact = <T>(value: T, page = 1): Fact<T> => ({ value, page, source: 'text' });
import type { ContactsMap } from '../../src/core/contacts/map-document.js';
import { serializeRef, storageKeys } from '../../src/core/storage/index.js';

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
  const job = jobs.create({ userId, name, zipCode: opts.zipCode === undefined ? '55303' : opts.zipCode });
  let pdfRef: string | undefined;
  if (opts.pdf) pdfRef = serializeRef(await app.storage.put(storageKeys.jobPdf(userId, job.jobId, 'a'.repeat(64)), opts.pdf));
  jobs.transition(job.jobId, 'NEW', 'PDF_SAVED', pdfRef ? { pdfRef, pdfFileName: 'riverside-clinic-plans.pdf' } : {});
  jobs.transition(job.jobId, 'PDF_SAVED', 'IMAGES_EXTRACTED');
  jobs.transition(job.jobId, 'IMAGES_EXTRACTED', 'LLM_SUBMITTED');
  const { ref, map } = await app.maps.buildInitial(jobs.getInternal(job.jobId)!, scopeDoc(divisions, { name: fact(name) }, opts.confidence));
  jobs.transition(job.jobId, 'LLM_SUBMITTED', 'CONTACT_MAP_READY', { contactsMapRef: ref });
  return { jobId: job.jobId, map };
}
