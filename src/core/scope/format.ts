import type { ScopeDocument } from './types.js';

/**
 * A scope document for a terminal: project facts, then each trade with its confidence and up to
 * three pieces of evidence (page, sheet/section, snippet). Plain text, no colour codes, so it can
 * be piped.
 */
export function formatTradesTable(doc: ScopeDocument, opts: { evidencePerTrade?: number } = {}): string {
  const per = opts.evidencePerTrade ?? 3;
  const out: string[] = [];
  const p = doc.project;
  const file = doc.source.fileName ? `${doc.source.fileName} · ` : '';
  out.push(`${file}${doc.source.pages} page${doc.source.pages === 1 ? '' : 's'} · extractor: ${doc.extractor}`);
  if (p.name) out.push(`Project:  ${p.name.value}`);
  const where = [p.city?.value, [p.stateOrProvince?.value, p.zipOrPostcode?.value].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  if (where) out.push(`Location: ${where}`);
  if (p.bidDue) out.push(`Bids due: ${p.bidDue.value.date ?? p.bidDue.value.text}`);
  if (doc.usage) out.push(`Model:    ${doc.usage.model} · ${doc.usage.pagesSent} pages · ${doc.usage.inputTokens} in / ${doc.usage.outputTokens} out tokens`);
  out.push('');
  if (doc.trades.length === 0) {
    out.push('No trades detected. Check that the PDF has a text layer, or add trades by hand.');
    return out.join('\n');
  }
  const nameWidth = Math.min(48, Math.max(...doc.trades.map((t) => t.name.length)));
  out.push(`${'DIV'.padEnd(4)}${'TRADE'.padEnd(nameWidth + 2)}CONF  EVIDENCE`);
  for (const t of doc.trades) {
    const name = t.name.length > nameWidth ? `${t.name.slice(0, nameWidth - 1)}…` : t.name;
    const conf = `${Math.round(t.confidence * 100)}%`.padStart(4);
    const ev = t.evidence.slice(0, per);
    const head = `${t.division.padEnd(4)}${name.padEnd(nameWidth + 2)}${conf}  `;
    if (ev.length === 0) {
      out.push(`${head}(no evidence)`);
      continue;
    }
    ev.forEach((e, i) => {
      const where = [`p.${e.page}`, e.sheet, e.section ? `§${e.section}` : undefined, e.source].filter(Boolean).join(' ');
      const line = `[${where}] ${e.snippet}`;
      out.push(i === 0 ? `${head}${line}` : `${' '.repeat(head.length)}${line}`);
    });
    if (t.evidence.length > per) out.push(`${' '.repeat(head.length)}(+${t.evidence.length - per} more)`);
  }
  return out.join('\n');
}
