import { CONFIDENT_AT, isPossibleTrade } from './confidence.js';
import type { FactDate, ProjectFacts, ScopeDocument } from './types.js';

/** "2025-04-15 14:00 PT" (what is known of it), else the words as printed. */
export function factDateLine(d: FactDate): string {
  if (!d.date) return d.text;
  return [d.date, d.time, d.time ? d.timeZone : null].filter(Boolean).join(' ');
}

/** "Springfield, IL" / "Red Deer, Alberta": the project's place as far as the documents say. */
export function placeLine(p: ProjectFacts): string {
  // The country only where no state or province places it ("Little Snoring, United Kingdom").
  return [p.city?.value, p.stateOrProvince?.value ?? p.country?.value].filter(Boolean).join(', ');
}

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
  const at = (f: { page: number } | null) => (f && f.page > 0 ? ` (p.${f.page})` : '');
  if (p.name) out.push(`Project:  ${p.name.value}${at(p.name)}`);
  const where = [p.streetAddress?.value, [placeLine(p), p.zipOrPostcode?.value].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  if (where) out.push(`Location: ${where}`);
  if (p.owner) out.push(`Owner:    ${p.owner.value}${at(p.owner)}`);
  if (p.projectNumber) out.push(`Number:   ${p.projectNumber.value}${at(p.projectNumber)}`);
  if (p.architectOrEngineer) out.push(`Design:   ${p.architectOrEngineer.value.join('; ')}${at(p.architectOrEngineer)}`);
  if (p.bidDue) out.push(`Bids due: ${factDateLine(p.bidDue.value)}${at(p.bidDue)}`);
  if (p.preBidMeeting) out.push(`Pre-bid:  ${factDateLine(p.preBidMeeting.value)}${at(p.preBidMeeting)}`);
  if (doc.usage) out.push(`Model:    ${doc.usage.model} · ${doc.usage.pagesSent} pages · ${doc.usage.inputTokens} in / ${doc.usage.outputTokens} out tokens`);
  out.push('');
  if (doc.trades.length === 0) {
    out.push('No trades detected. Check that the PDF has a text layer, or add trades by hand.');
    return out.join('\n');
  }
  const nameWidth = Math.min(48, Math.max(...doc.trades.map((t) => t.name.length + 2)));
  out.push(`${'DIV'.padEnd(4)}${'TRADE'.padEnd(nameWidth + 2)}CONF  EVIDENCE`);
  for (const t of doc.trades) {
    // A "possible" trade (below the confidence line) carries a "?" after its name.
    const full = isPossibleTrade(t.confidence) ? `${t.name} ?` : t.name;
    const name = full.length > nameWidth ? `${full.slice(0, nameWidth - 3)}…${isPossibleTrade(t.confidence) ? ' ?' : ''}` : full;
    const conf = `${Math.round(t.confidence * 100)}%`.padStart(4);
    const ev = t.evidence.slice(0, per);
    const head = `${t.division.padEnd(4)}${name.padEnd(nameWidth + 2)}${conf}  `;
    if (ev.length === 0) {
      out.push(`${head}(no evidence)`);
      continue;
    }
    ev.forEach((e, i) => {
      const where = [`p.${e.page}`, e.sheet, e.section ? `§${e.section}` : undefined, e.source, e.origin === 'ocr' ? '(OCR)' : undefined].filter(Boolean).join(' ');
      const line = `[${where}] ${e.snippet}`;
      out.push(i === 0 ? `${head}${line}` : `${' '.repeat(head.length)}${line}`);
    });
    if (t.evidence.length > per) out.push(`${' '.repeat(head.length)}(+${t.evidence.length - per} more)`);
  }
  if (doc.trades.some((t) => isPossibleTrade(t.confidence))) out.push('', `? = possible (below ${Math.round(CONFIDENT_AT * 100)}%): check the evidence; not pre-selected in the contacts map.`);
  return out.join('\n');
}
