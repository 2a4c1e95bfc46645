/**
 * Trade detection: a PDF's page text → a ScopeDocument (trades with evidence, project facts).
 * The text extractor is the default (offline, deterministic); with OPENAI_API_KEY set, the openai
 * extractor adds a vision model's reading of a bounded number of pages on top of the text result.
 */
import type { Config } from '../../config.js';
import type { PdfDocumentText } from '../pdf/types.js';
import { markOcrOrigin } from './ocr-origin.js';
import { extractScopeFromText, TEXT_EXTRACTOR_NAME } from './text-extractor.js';
import type { ExtractContext, ScopeDocument, ScopeExtractor } from './types.js';

export type { DetectedTrade, Evidence, ExtractContext, Fact, FactDate, ProjectFacts, ScopeDocument, ScopeExtractor } from './types.js';
export { emptyFacts, readScopeDocument, SCOPE_VERSION } from './scope-document.js';
export { DIVISIONS, divisionByCode, resolveTrade, resolveTrades, type Division } from './taxonomy.js';
export { extractScopeFromText } from './text-extractor.js';
export { formatTradesTable } from './format.js';

/** The offline extractor. */
export class TextScopeExtractor implements ScopeExtractor {
  readonly name = TEXT_EXTRACTOR_NAME;
  async extract(doc: PdfDocumentText, ctx: ExtractContext): Promise<ScopeDocument> {
    ctx.signal?.throwIfAborted();
    return markOcrOrigin(extractScopeFromText(doc, ctx.fileName ? { fileName: ctx.fileName } : {}), doc);
  }
}

/** openai when OPENAI_API_KEY is set, else text. */
export function createExtractor(
  config: Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'REDBUTTON_VISION_MODEL' | 'REDBUTTON_VISION_MAX_PAGES'>,
): ScopeExtractor {
  const apiKey = config.OPENAI_API_KEY;
  if (!apiKey) return new TextScopeExtractor();
  // The OpenAI SDK loads only when a model is configured (it is most of the CLI's start-up time).
  let loaded: Promise<ScopeExtractor> | undefined;
  return {
    name: 'openai',
    async extract(doc, ctx) {
      loaded ??= import('./openai-extractor.js').then(
        ({ OpenAIScopeExtractor }) =>
          new OpenAIScopeExtractor({ apiKey, baseURL: config.OPENAI_BASE_URL, model: config.REDBUTTON_VISION_MODEL, maxPages: config.REDBUTTON_VISION_MAX_PAGES }),
      );
      return markOcrOrigin(await (await loaded).extract(doc, ctx), doc);
    },
  };
}

/** Run an extractor over a read document. */
export function extractScope(
  doc: PdfDocumentText,
  opts: { extractor?: ScopeExtractor; pdfPath?: string; fileName?: string; signal?: AbortSignal } = {},
): Promise<ScopeDocument> {
  const extractor = opts.extractor ?? new TextScopeExtractor();
  const ctx: ExtractContext = { pdfPath: opts.pdfPath ?? '' };
  if (opts.fileName) ctx.fileName = opts.fileName;
  if (opts.signal) ctx.signal = opts.signal;
  return extractor.extract(doc, ctx);
}
