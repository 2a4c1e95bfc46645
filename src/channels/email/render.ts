import type { ContactsMap } from '../../core/contacts/map-document.js';
import { POSSIBLE_NOTE } from '../../core/contacts/map-document.js';
import { plural, selectionPhrase, summarizeMap } from '../../core/contacts/map-summary.js';

/** A reply's body in both forms: plain text for every client, HTML for the table. */
export interface Body {
  text: string;
  html: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = {
  table: 'border-collapse:collapse;font-family:Arial,Helvetica,sans-serif;font-size:14px',
  th: 'border:1px solid #ccc;padding:6px 8px;background:#f3f3f3;text-align:left;vertical-align:top',
  td: 'border:1px solid #ccc;padding:6px 8px;vertical-align:top',
};

export function paragraphs(lines: string[]): Body {
  return {
    text: lines.join('\n\n'),
    html: `<div style="font-family:Arial,Helvetica,sans-serif;font-size:14px">${lines.map((l) => `<p>${esc(l).replace(/\n/g, '<br>')}</p>`).join('')}</div>`,
  };
}

export function howToAnswer(example?: { trade: string; contact?: string }): string[] {
  const trade = example?.trade ?? '26';
  const rows: [string, string][] = [
    ['approve', 'send the invitations for this version'],
    [`remove ${example?.contact ?? '<name or e-mail>'} from ${trade}`, 'do not invite them for that trade'],
    [`add <e-mail> to ${trade}`, 'invite someone (new addresses join your contacts)'],
    [`drop ${trade}`, 'remove the trade from the map'],
    ['add trade 23', 'add a trade (division number or name)'],
    ['due: Dec 12 2pm CT', "the subcontractors' bid due date, time and zone"],
    ['job walk: Dec 3 10am', 'also "rfi: …", "zip: …", "address: …", "message: …", "scope 26: …"'],
    ['preview', 'send the map again with the invitation as subcontractors get it'],
    ['map', 'send the current map again'],
  ];
  // Commands are shown in quotes, so a mail client that quotes this e-mail without ">" markers
  // does not hand them back to us as commands.
  const width = Math.max(...rows.map(([c]) => c.length)) + 5;
  return [
    'How to answer: reply to this e-mail with one command per line, above the quoted text:',
    ...rows.map(([c, d]) => `  ${`"${c}"`.padEnd(width)}${d}`),
    'Trades can be a CSI division number (26) or a name (Electrical). Each change makes a new version, and I reply with it.',
  ];
}

export interface MapMailInput {
  map: ContactsMap;
  reviewUrl?: string;
  /** Lines above the map ("Saved version 3: removed …"). */
  preface?: string[];
  pageCount?: number | null;
  fileName?: string | null;
  /** The invitation one subcontractor will get (formatPreview), shown below the map. */
  preview?: string;
}

/** The contacts map: per trade who is invited and why, the gaps, the evidence, how to answer. */
export function renderMapMail(input: MapMailInput): Body {
  const { map } = input;
  const summary = summarizeMap(map);
  const gaps = summary.gaps;
  const intro = [
    ...(input.preface ?? []),
    `Contacts map version ${map.version} for "${map.project.name}"${input.fileName ? ` (${input.fileName}${input.pageCount ? `, ${input.pageCount} pages` : ''})` : ''}${map.project.zip_code ? `, zip ${map.project.zip_code}` : ''}.`,
    map.trades.length
      ? `${plural(map.trades.length, 'trade')} found; ${selectionPhrase(summary)} selected.`
      : 'No trades were detected in these plans. Add trades by replying "add trade <division or name>".',
  ];
  if (map.project.bid_due_date) intro.push(`Bids due: ${map.project.bid_due_date}`);

  // Plain text
  const t: string[] = [...intro, ''];
  for (const tr of map.trades) {
    t.push(`${tr.division} ${tr.name}${tr.source === 'added' ? ' (added by you)' : ''}${tr.possible ? ` (${POSSIBLE_NOTE})` : ''}`);
    t.push(`   Evidence: ${tr.evidence_summary}`);
    const sel = tr.candidates.filter((c) => c.selected);
    const others = tr.candidates.filter((c) => !c.selected);
    if (sel.length === 0 && !tr.possible) t.push('   GAP: nobody selected — add someone with "add <e-mail> to ' + tr.division + '"');
    for (const c of sel) t.push(`   [x] ${c.name}${c.email ? ` <${c.email}>` : ''} — ${c.reason}`);
    for (const c of others) t.push(`   [ ] ${c.name}${c.email ? ` <${c.email}>` : ''} — ${c.reason}`);
    if (tr.beyond_radius) t.push(`   (+${tr.beyond_radius} more beyond ${map.settings.radius_miles} miles)`);
    t.push('');
  }
  if (gaps.length) t.push(`Gaps (nobody selected): ${gaps.map((g) => `${g.division} ${g.name}`).join('; ')}`, '');
  if (input.reviewUrl) t.push(`Review and edit on the web: ${input.reviewUrl}`, '');
  const sample = map.trades.find((tr) => tr.candidates.some((c) => c.selected)) ?? map.trades[0];
  const example = sample ? { trade: sample.division, contact: sample.candidates.find((c) => c.selected)?.name } : undefined;
  // The invitation as a subcontractor gets it, each line marked so a reply quoting it is not read as commands.
  const previewLines = input.preview ? ['', 'The invitation, as one subcontractor will receive it:', ...input.preview.split('\n').map((l) => `| ${l}`)] : [];
  t.push(...howToAnswer(example), ...previewLines);

  // HTML
  const rows = map.trades
    .map((tr) => {
      const sel = tr.candidates.filter((c) => c.selected);
      const others = tr.candidates.filter((c) => !c.selected);
      const who = [
        ...sel.map((c) => `<div>&#10004; <b>${esc(c.name)}</b>${c.email ? ` &lt;${esc(c.email)}&gt;` : ''}</div>`),
        ...others.map((c) => `<div style="color:#777">&#9675; ${esc(c.name)}${c.email ? ` &lt;${esc(c.email)}&gt;` : ''}${c.status !== 'ok' ? ` (${esc(c.status.replace('_', ' '))})` : ''}</div>`),
      ].join('');
      const why = sel.map((c) => `<div>${esc(c.reason)}</div>`).join('');
      const gap = sel.length === 0 && !tr.possible ? `<div style="color:#b00"><b>Gap:</b> nobody selected</div>` : '';
      const more = tr.beyond_radius ? `<div style="color:#777">+${tr.beyond_radius} beyond ${map.settings.radius_miles} mi</div>` : '';
      return `<tr><td style="${STYLE.td}"><b>${esc(tr.division)}</b></td><td style="${STYLE.td}">${esc(tr.name)}${tr.source === 'added' ? '<br><i>added by you</i>' : ''}${tr.possible ? `<br><i>${esc(POSSIBLE_NOTE)}</i>` : ''}</td><td style="${STYLE.td}">${gap}${who}${more}</td><td style="${STYLE.td}">${why}</td><td style="${STYLE.td}">${esc(tr.evidence_summary)}</td></tr>`;
    })
    .join('');
  const table = map.trades.length
    ? `<table style="${STYLE.table}"><thead><tr><th style="${STYLE.th}">Div</th><th style="${STYLE.th}">Trade</th><th style="${STYLE.th}">Invited (&#10004;) / other candidates</th><th style="${STYLE.th}">Why</th><th style="${STYLE.th}">Evidence (sheets, sections)</th></tr></thead><tbody>${rows}</tbody></table>`
    : '';
  const gapHtml = gaps.length ? `<p style="color:#b00"><b>Gaps (nobody selected):</b> ${esc(gaps.map((g) => `${g.division} ${g.name}`).join('; '))}</p>` : '';
  const link = input.reviewUrl ? `<p><a href="${esc(input.reviewUrl)}">Review and edit this map on the web</a></p>` : '';
  const help = `<pre style="font-family:Menlo,Consolas,monospace;font-size:13px;background:#f7f7f7;padding:8px;white-space:pre-wrap">${esc(howToAnswer(example).join('\n'))}</pre>`;
  const preview = input.preview
    ? `<h3 style="margin-bottom:4px">The invitation, as one subcontractor will receive it</h3><pre style="font-family:Menlo,Consolas,monospace;font-size:13px;border-left:3px solid #c62828;padding:8px;white-space:pre-wrap">${esc(input.preview)}</pre>`
    : '';
  const html = `<div style="font-family:Arial,Helvetica,sans-serif;font-size:14px">${intro.map((l) => `<p>${esc(l)}</p>`).join('')}${table}${gapHtml}${link}${help}${preview}</div>`;
  return { text: t.join('\n'), html };
}
