import type { DetectedTrade, Evidence, Fact, PackageDocumentRef, ProjectFacts, ScopeDocument } from './types.js';

/** One document's own scope, read on its own (its pages, sheets, sections). */
export interface DocumentScope {
  documentId: string;
  fileName: string;
  scope: ScopeDocument;
}

/** Evidence kept per trade once several documents speak for it (each document's strongest first). */
const MAX_PACKAGE_EVIDENCE = 12;

/**
 * A bid package's scope: the trades, sheets and project facts of its documents merged into one
 * scope document, so the package gets one contacts map. A trade is as confident as its most
 * confident document; its evidence, sheets and facts name the document their page belongs to
 * (pages are numbered per document). A fact is taken from the first document in the package that
 * states it. A package of one document is that document's scope, unchanged.
 */
export function mergePackageScopes(parts: DocumentScope[]): ScopeDocument {
  if (parts.length === 0) throw new Error('mergePackageScopes needs at least one document');
  if (parts.length === 1) return parts[0]!.scope;
  const first = parts[0]!.scope;
  const byDivision = new Map<string, { trade: DetectedTrade; evidence: Evidence[][] }>();
  for (const { fileName, scope } of parts) {
    for (const t of scope.trades) {
      const evidence = t.evidence.map((e) => ({ ...e, document: fileName }));
      const seen = byDivision.get(t.division);
      if (!seen) byDivision.set(t.division, { trade: { ...t }, evidence: [evidence] });
      else if (t.confidence > seen.trade.confidence) {
        // The most confident document's evidence leads.
        seen.trade = { ...t, name: seen.trade.name };
        seen.evidence.unshift(evidence);
      } else seen.evidence.push(evidence);
    }
  }
  const trades = [...byDivision.values()]
    .map(({ trade, evidence }) => ({ ...trade, evidence: interleave(evidence).slice(0, MAX_PACKAGE_EVIDENCE) }))
    .sort((a, b) => a.division.localeCompare(b.division));
  const documents: PackageDocumentRef[] = parts.map((p) => ({ documentId: p.documentId, fileName: p.fileName, sha256: p.scope.source.sha256, pages: p.scope.source.pages }));
  const usages = parts.map((p) => p.scope.usage).filter((u): u is NonNullable<ScopeDocument['usage']> => !!u);
  return {
    ...first,
    source: { sha256: first.source.sha256, pages: documents.reduce((n, d) => n + d.pages, 0), fileName: parts[0]!.fileName, documents },
    project: mergeFacts(parts),
    sheets: parts.flatMap((p) => p.scope.sheets.map((s) => ({ ...s, document: p.fileName }))),
    trades,
    ...(usages.length
      ? { usage: { model: usages[0]!.model, inputTokens: sum(usages, 'inputTokens'), outputTokens: sum(usages, 'outputTokens'), pagesSent: sum(usages, 'pagesSent') } }
      : {}),
  };
}

function mergeFacts(parts: DocumentScope[]): ProjectFacts {
  const out = { ...parts[0]!.scope.project };
  for (const key of Object.keys(out) as (keyof ProjectFacts)[]) {
    const from = parts.find((p) => p.scope.project[key] !== null);
    const fact = from?.scope.project[key] as Fact<unknown> | null | undefined;
    (out as Record<string, unknown>)[key] = fact ? { ...fact, document: from!.fileName } : null;
  }
  return out;
}

/** Each document's first piece of evidence, then each one's second, …: every document is heard. */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}

const sum = <T>(xs: T[], k: keyof T) => xs.reduce((n, x) => n + Number(x[k]), 0);
