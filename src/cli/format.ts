import Table from 'cli-table3';
import type { ContactRow, JobRow, MapHistoryRow } from '../core/records.js';
import type { ContactsMap } from '../core/contacts/map-document.js';
import { selectionPhrase, summarizeMap } from '../core/contacts/map-summary.js';
import type { MapDiff } from '../core/contacts/map-diff.js';
import { describeTrades } from '../core/contacts/trades.js';
import { describeMoment, sendBlocker, type ProjectDetails } from '../core/project/details.js';
import type { GcIdentity } from '../core/project/identity.js';

const table = (head: string[], colWidths?: number[]) =>
  new Table({ head, wordWrap: true, ...(colWidths ? { colWidths } : {}), style: { head: [], border: [] } });

export function formatContacts(rows: ContactRow[]): string {
  if (rows.length === 0) return 'No contacts yet. Import some with: redbutton contacts import <file.csv> --user <email>';
  // Every table fits an 80-column terminal: widths + one border column each + one.
  const t = table(['Name', 'E-mail', 'Trades', 'Zip', 'Status'], [20, 22, 14, 8, 10]);
  for (const c of rows) {
    t.push([c.name, c.email ?? '—', describeTrades(c.trades), c.zipCode ?? '', c.unsubscribedAt ? 'unsubscribed' : c.emailBadAt ? 'bad e-mail' : '']);
  }
  return `${t.toString()}\n${rows.length} contact(s)`;
}

export function formatJobs(rows: JobRow[], life: (j: JobRow) => string | undefined = () => undefined): string {
  if (rows.length === 0) return 'No jobs yet. Start one with: redbutton process <plans.pdf> --user <email>';
  const t = table(['Job', 'Name', 'Where it is', 'Created'], [10, 24, 28, 12]);
  // The short id is enough: every command takes a unique prefix of a job id.
  for (const j of rows) t.push([j.jobId.slice(0, 8), j.name, (life(j) ?? j.status) + (j.failureReason ? `\n${j.failureReason}` : ''), (j.createdAt ?? '').slice(0, 10)]);
  return t.toString();
}

export function formatJob(j: JobRow): string {
  const lines = [
    `Job ${j.jobId}`,
    `  name:     ${j.name}`,
    `  status:   ${j.status}`,
    `  origin:   ${j.origin}`,
    `  file:     ${j.pdfFileName ?? '—'}${j.pageCount ? ` (${j.pageCount} pages)` : ''}`,
    `  zip:      ${j.zipCode ?? '—'}`,
    `  created:  ${j.createdAt}`,
  ];
  if (j.failureReason) lines.push(`  failed:   ${j.failureReason} (at ${j.failedStage})`);
  return lines.join('\n');
}

/** The contacts map as an estimator reads it: per trade, who is invited and why, then the gaps. */
export function formatMap(map: ContactsMap): string {
  const out: string[] = [];
  out.push(`Contacts map v${map.version} — ${map.project.name}${map.project.zip_code ? ` (zip ${map.project.zip_code})` : ''}`);
  // The owner's date from the documents; the subs' own due date is a job detail (`job show`).
  if (map.project.bid_due_date) out.push(`Owner's bid date (documents): ${map.project.bid_due_date}`);
  const t = table(['Div', 'Trade', 'Invited (✔) / candidates', 'Evidence'], [5, 16, 36, 18]);
  for (const tr of map.trades) {
    const who = tr.candidates.length
      ? tr.candidates.map((c) => `${c.selected ? '✔' : '·'} ${c.name}${c.email ? `\n  ${c.email}` : ''}\n  ${c.reason}`).join('\n')
      : '— nobody in your contacts (gap)';
    const more = tr.beyond_radius ? `\n  (+${tr.beyond_radius} beyond ${map.settings.radius_miles} mi)` : '';
    t.push([tr.division, tr.name + (tr.source === 'added' ? '\n(added)' : '') + (tr.possible ? '\n(possible)' : ''), who + more, tr.evidence_summary]);
  }
  out.push(map.trades.length ? t.toString() : 'No trades detected.');
  const summary = summarizeMap(map);
  const gaps = summary.gaps;
  out.push(`${selectionPhrase(summary)} selected across ${map.trades.length - gaps.length} of ${map.trades.length} trades.`);
  if (map.trades.some((tr) => tr.possible)) out.push('(possible): detected below the confidence line — nobody is pre-selected; tick contacts if the job has this work.');
  if (gaps.length) out.push(`Gaps (nobody selected): ${gaps.map((g) => `${g.division} ${g.name}`).join('; ')} — add a contact with: redbutton map edit <job> --trade <div> --add <email>`);
  return out.join('\n');
}

export function formatHistory(rows: MapHistoryRow[]): string {
  const t = table(['Version', 'When', 'Via', 'Change'], [9, 21, 8, 37]);
  for (const r of rows) t.push([`v${r.version}`, r.createdAt ?? '', r.via ?? '', r.summary]);
  return t.toString();
}

export function formatDiff(d: MapDiff): string {
  const lines = [`Changes from v${d.from} to v${d.to}:`];
  if (d.tradesAdded.length) lines.push(`  trades added:   ${d.tradesAdded.join(', ')}`);
  if (d.tradesRemoved.length) lines.push(`  trades removed: ${d.tradesRemoved.join(', ')}`);
  for (const s of d.selected) {
    for (const a of s.added) lines.push(`  + ${s.division}: ${a}`);
    for (const r of s.removed) lines.push(`  - ${s.division}: ${r}`);
  }
  if (lines.length === 1) lines.push('  (no differences)');
  return lines.join('\n');
}

/** A job's project details: what the invitation will say, with the documents' hints. */
export function formatDetails(d: ProjectDetails): string {
  const when = (m: { date: string; time: string | null } | null) => (m ? describeMoment(m, d.timeZone) : '—');
  const lines = [
    `Project details (what the invitation says)`,
    `  name:       ${d.name}`,
    `  address:    ${[d.streetAddress, d.city, [d.stateOrProvince, d.zipCode].filter(Boolean).join(' ')].filter(Boolean).join(', ') || '—'}`,
    `  time zone:  ${d.timeZone ?? '—'}`,
    `  bids due:   ${when(d.bidDue)}`,
    `  job walk:   ${when(d.jobWalk)}${d.jobWalk?.note ? ` (${d.jobWalk.note})` : ''}`,
    `  RFIs by:    ${when(d.rfiDeadline)}`,
    `  message:    ${d.message ?? '—'}`,
  ];
  for (const [div, note] of Object.entries(d.scopeNotes)) lines.push(`  scope ${div}:   ${note}`);
  if (d.hints.ownerBidDate) lines.push(`  (documents: owner's bid date ${d.hints.ownerBidDate})`);
  if (d.hints.documentLocation) lines.push(`  (documents: location ${d.hints.documentLocation})`);
  for (const w of d.warnings) lines.push(`Warning: ${w}`);
  const blocker = sendBlocker(d);
  if (blocker) lines.push(`Cannot send yet: ${blocker}`);
  return lines.join('\n');
}

export function formatIdentity(id: GcIdentity): string {
  const c = id.company;
  return [
    `You:      ${id.estimator.name ?? '—'}${id.estimator.title ? `, ${id.estimator.title}` : ''} <${id.estimator.email}>${id.estimator.phone ? ` · ${id.estimator.phone}` : ''}`,
    `Company:  ${c ? `${c.name}${c.address ? ` · ${c.address}` : ''}${c.phone ? ` · ${c.phone}` : ''}` : '—'}`,
    ...(c?.logoUrl ? [`Logo:     ${c.logoUrl}`] : []),
  ].join('\n');
}
