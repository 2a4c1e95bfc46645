import { isAppError } from '../errors.js';
import { selectedInvitations } from '../contacts/map-document.js';
import { sendBlocker } from '../project/details.js';
import { identityBlocker } from '../project/identity.js';
import type { OutreachDeps } from './deps.js';
import { composeInvitation } from './compose.js';
import { loadInvitationTemplates } from './invitation.js';
import { parseMailFrom, requireSmtpUrl, type MailFrom } from './mail-address.js';

export interface InvitationPreview {
  division: string;
  tradeName: string;
  to: { name: string; email: string };
  /** `"Jane Doe at Acme Builders" <bids@acme.com>` */
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Every division this recipient is invited for (one e-mail covers them all). */
  divisions: string[];
}

export interface PreviewResult {
  jobId: string;
  mapVersion: number;
  /** One per trade that has somebody selected: the exact e-mail its first recipient gets. */
  previews: InvitationPreview[];
  /** Trades with nobody selected (no e-mail to show). */
  tradesWithoutRecipient: string[];
  /** What stops the red button now (due date, profile, mail settings); empty when it can be pressed. */
  blockers: string[];
  warnings: string[];
}

/**
 * The e-mail one recipient per trade will receive, rendered by the same code the sender uses, so
 * the estimator sees subject, From and body before pressing the red button. Nothing is queued
 * and no link in it answers for a real invitation (they name a stand-in invitation id).
 */
export async function previewInvitations(deps: OutreachDeps, userId: string, jobId: string, opts: { templatesDir?: string; now?: Date } = {}): Promise<PreviewResult> {
  const job = await deps.repos.jobs.getForUser(userId, jobId);
  const map = await deps.maps.current(userId, job.jobId);
  const details = await deps.details.get(userId, job.jobId);
  const now = opts.now ?? new Date();
  const blockers: string[] = [];
  const due = sendBlocker(details, now);
  if (due) blockers.push(due);
  const warnings = [...details.warnings];
  let from: MailFrom = { header: '', address: 'not-configured@invalid', domain: 'invalid' };
  try {
    from = parseMailFrom(deps.config.REDBUTTON_MAIL_FROM); // approval refuses without it
  } catch (e) {
    if (!isAppError(e)) throw e;
    blockers.push(e.userMessage);
  }
  try {
    requireSmtpUrl(deps.config.SMTP_URL); // approval queues anyway; the service sends once it is set
  } catch (e) {
    if (!isAppError(e)) throw e;
    warnings.push(e.userMessage);
  }
  const templates = loadInvitationTemplates(opts.templatesDir);
  const invitations = selectedInvitations(map);
  const previews: InvitationPreview[] = [];
  const tradesWithoutRecipient: string[] = [];
  let identityChecked = false;
  for (const trade of map.trades) {
    const inv = invitations.find((i) => i.divisions.includes(trade.division));
    const contact = inv ? await deps.repos.contacts.findForUser(userId, inv.contact_id) : undefined;
    if (!inv || !contact?.email) {
      tradesWithoutRecipient.push(`${trade.division} ${trade.name}`);
      continue;
    }
    const divisions = [...new Set(inv.divisions)].sort();
    const composed = await composeInvitation(deps, templates, from, { job, contact, divisions, map, details, emailId: '00000000-0000-4000-8000-000000000000', now });
    if (!identityChecked) {
      identityChecked = true;
      const unsigned = identityBlocker(composed.identity);
      if (unsigned) blockers.push(unsigned);
    }
    previews.push({
      division: trade.division,
      tradeName: trade.name,
      to: { name: contact.name, email: contact.email },
      from: `"${composed.from.name.replace(/["\\]/g, '')}" <${composed.from.address}>`,
      subject: composed.subject,
      text: composed.text,
      html: composed.html,
      divisions,
    });
  }
  return { jobId: job.jobId, mapVersion: map.version, previews, tradesWithoutRecipient, blockers, warnings };
}

/** The preview as plain text (CLI, e-mail reply, Slack thread). */
export function formatPreview(p: PreviewResult, opts: { maxPreviews?: number } = {}): string {
  const out: string[] = [];
  if (p.blockers.length) out.push('Cannot send yet:', ...p.blockers.map((b) => `  - ${b}`), '');
  for (const w of p.warnings) out.push(`Warning: ${w}`);
  if (p.warnings.length) out.push('');
  const shown = p.previews.slice(0, opts.maxPreviews ?? p.previews.length);
  for (const v of shown) {
    out.push(`==== ${v.division} ${v.tradeName}: the e-mail to ${v.to.name} <${v.to.email}> ====`);
    out.push(`From:    ${v.from}`, `To:      ${v.to.name} <${v.to.email}>`, `Subject: ${v.subject}`, '', v.text.trimEnd(), '');
  }
  if (shown.length < p.previews.length) out.push(`(${p.previews.length - shown.length} more trade(s) not shown)`);
  if (p.tradesWithoutRecipient.length) out.push(`Nobody selected for: ${p.tradesWithoutRecipient.join('; ')}`);
  if (!p.previews.length) out.push('Nobody is selected in the contacts map, so there is no e-mail to show.');
  return out.join('\n');
}
