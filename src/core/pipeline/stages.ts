import type { JobRow } from '../records.js';
import { AppError } from '../errors.js';
import { parseRef, serializeRef, storageKeys, type BlobStorage } from '../storage/index.js';
import { readPdf, type PdfLimits } from '../pdf/index.js';
import type { PdfDocumentText } from '../pdf/types.js';
import type { ScopeDocument, ScopeExtractor } from '../scope/types.js';
import { readScopeDocument } from '../scope/scope-document.js';
import type { ContactsMapService } from '../contacts/map-service.js';
import type { ProjectDetailsService } from '../project/details.js';
import type { StageDefinition } from './stage.js';
import type { Repositories } from '../../db/repositories/index.js';
import { detectPackageTrades, readPackagePages, type PagesManifest } from './package-stages.js';

export interface StageDeps {
  storage: BlobStorage;
  extractor: ScopeExtractor;
  maps: ContactsMapService;
  /** Fills the job's details (name, address, zone, job walk) from the facts read. */
  details?: Pick<ProjectDetailsService, 'fillFromFacts'>;
  pdfLimits?: Partial<PdfLimits>;
  /** The job's documents (its bid package): each is read and detected on its own, then merged. */
  documents?: Repositories['documents'];
}

const pagesKey = (job: JobRow) => `users/${job.userId}/jobs/${job.jobId}/pages/pages.json`;

/**
 * The seed's stages: PDF_SAVED → IMAGES_EXTRACTED (read every page: text layer, sheets, sections)
 * → LLM_SUBMITTED (detect trades; the text extractor or a vision model) → CONTACT_MAP_READY (match
 * contacts, map version 1). Each reads its inputs from refs and writes a new artifact.
 */
export function createStages(deps: StageDeps): StageDefinition[] {
  return [
    {
      name: 'read_pages',
      from: 'PDF_SAVED',
      to: 'IMAGES_EXTRACTED',
      async run(job, ctx) {
        const pkg = deps.documents ? await readPackagePages({ ...deps, documents: deps.documents }, job, ctx) : null;
        if (pkg) {
          const manifestRef = await deps.storage.put(storageKeys.jobImagesDir(job.userId, job.jobId) + '/manifest.json', JSON.stringify(pkg.manifest));
          return { imagesRef: serializeRef(manifestRef), pageCount: pkg.pageCount };
        }
        // A job without document rows (none since migration 0019 backfilled them): its one PDF.
        const pdfPath = await deps.storage.localPath(parseRef(job.pdfRef));
        const doc = await readPdf(pdfPath, {
          limits: deps.pdfLimits,
          onProgress: (done, total) => ctx.progress?.({ jobId: job.jobId, stage: 'read_pages', done, total }),
        });
        const pagesRef = await deps.storage.put(pagesKey(job), JSON.stringify(doc));
        // images_ref points at a manifest: the page text now, rendered page images when a vision
        // model asks for them (the openai extractor renders only the pages it sends).
        const manifest = { pages_text: serializeRef(pagesRef), images: [] as string[] };
        const manifestRef = await deps.storage.put(storageKeys.jobImagesDir(job.userId, job.jobId) + '/manifest.json', JSON.stringify(manifest));
        return { imagesRef: serializeRef(manifestRef), pageCount: doc.info.pageCount };
      },
    },
    {
      name: 'detect_trades',
      from: 'IMAGES_EXTRACTED',
      to: 'LLM_SUBMITTED',
      async run(job, ctx) {
        const manifest = JSON.parse((await deps.storage.get(parseRef(job.imagesRef))).toString('utf8')) as PagesManifest;
        let scope: ScopeDocument;
        if (manifest.documents && deps.documents) scope = await detectPackageTrades({ ...deps, documents: deps.documents }, job, manifest, ctx);
        else {
          // A manifest written before job documents (one PDF, pages_text only).
          const doc = JSON.parse((await deps.storage.get(parseRef(manifest.pages_text))).toString('utf8')) as PdfDocumentText;
          const pdfPath = await deps.storage.localPath(parseRef(job.pdfRef));
          scope = await deps.extractor.extract(doc, { pdfPath, fileName: job.pdfFileName ?? undefined, signal: ctx.signal });
        }
        const ref = await deps.storage.put(storageKeys.jobScope(job.userId, job.jobId), JSON.stringify(scope, null, 2));
        // The name and zip from the documents, never the file name when they say what the project is.
        const filled = (await deps.details?.fillFromFacts(job, scope.project)) ?? {};
        return {
          scopeRef: serializeRef(ref),
          extractor: scope.extractor,
          usage: scope.usage ? JSON.stringify(scope.usage) : null,
          ...(filled.name ? { name: filled.name } : {}),
          zipCode: job.zipCode ?? filled.zipCode ?? null,
        };
      },
    },
    {
      name: 'build_map',
      from: 'LLM_SUBMITTED',
      to: 'CONTACT_MAP_READY',
      async run(job) {
        const scope = await loadScope(deps.storage, job);
        const { ref } = await deps.maps.buildInitial(job, scope);
        return { contactsMapRef: ref };
      },
    },
  ];
}

export async function loadScope(storage: BlobStorage, job: JobRow): Promise<ScopeDocument> {
  if (!job.scopeRef) throw new AppError('JOB_STATE', `Job ${job.jobId} has no scope document`, { userMessage: 'The trades for this job have not been detected yet.' });
  return readScopeDocument(JSON.parse((await storage.get(parseRef(job.scopeRef))).toString('utf8')), `scope of job ${job.jobId}`);
}

/** jobs.zip_code feeds distance matching, which knows US zips only; a postcode stays in the scope facts. */
