import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mustache from 'mustache';
import { AppError } from '../errors.js';
import type { ContactsMap } from '../contacts/map-document.js';

/** templates/ at the repository root (next to migrations/). */
export const DEFAULT_TEMPLATES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'templates');

export interface InvitationTemplates {
  subject: string;
  text: string;
  html: string;
}

/**
 * Read templates/invitation.txt (first line "Subject: …", a blank line, the body) and
 * templates/invitation.html. Mustache syntax, documented in templates/README.md.
 */
export function loadInvitationTemplates(dir: string = DEFAULT_TEMPLATES_DIR): InvitationTemplates {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch (e) {
      throw new AppError('MAIL_CONFIG', `Cannot read template ${join(dir, name)}`, {
        cause: e,
        userMessage: `The invitation template ${name} is missing from ${dir}. Restore it (see templates/README.md).`,
      });
    }
  };
  const txt = read('invitation.txt').replace(/\r\n/g, '\n');
  const m = /^Subject:[ \t]*(.*)\n\n?/i.exec(txt);
  if (!m) {
    throw new AppError('MAIL_CONFIG', 'invitation.txt has no Subject line', {
      userMessage: `templates/invitation.txt must start with a line "Subject: …" (the e-mail subject), then a blank line, then the body.`,
    });
  }
  const templates = { subject: m[1]!, text: txt.slice(m[0].length), html: read('invitation.html') };
  for (const [name, t] of Object.entries(templates)) {
    try {
      Mustache.parse(t);
    } catch (e) {
      throw new AppError('MAIL_CONFIG', `Template ${name} does not parse: ${(e as Error).message}`, {
        cause: e,
        userMessage: `The invitation template (${name === 'html' ? 'invitation.html' : 'invitation.txt'}) has a syntax error: ${(e as Error).message}. See templates/README.md.`,
      });
    }
  }
  return templates;
}

export interface InvitationInput {
  map: Pick<ContactsMap, 'project' | 'trades'>;
  /** Two-digit divisions this contact is invited for. */
  divisions: string[];
  contactName: string;
  estimatorEmail: string;
  plans: { kind: 'link'; url: string; expiresAt: Date } | { kind: 'attached'; fileName: string } | { kind: 'on_request' };
  bidUrl?: string;
  nobidUrl?: string;
  unsubscribeUrl?: string;
}

export interface RenderedInvitation {
  subject: string;
  text: string;
  html: string;
}

/** The values a template can use (templates/README.md lists them). */
export function invitationView(input: InvitationInput): Record<string, unknown> {
  const trades = input.divisions.map((d) => {
    const t = input.map.trades.find((x) => x.division === d);
    return { division: d, name: t?.name ?? `Division ${d}`, evidence: t?.evidence_summary || 'the plan set' };
  });
  const names = trades.map((t) => t.name);
  const tradeNames = names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const p = input.map.project;
  return {
    project_name: p.name,
    project_location: p.location ?? '',
    bid_due: formatDue(p.bid_due_date),
    contact_name: input.contactName,
    trades,
    trade_names: tradeNames,
    trade_list: trades.map((t) => `${t.division} ${t.name}`).join(', '),
    plans_url: input.plans.kind === 'link' ? input.plans.url : '',
    plans_expire_date: input.plans.kind === 'link' ? formatDay(input.plans.expiresAt) : '',
    plans_attached: input.plans.kind === 'attached',
    plans_file_name: input.plans.kind === 'attached' ? input.plans.fileName : '',
    plans_on_request: input.plans.kind === 'on_request',
    bid_url: input.bidUrl ?? '',
    nobid_url: input.nobidUrl ?? '',
    unsubscribe_url: input.unsubscribeUrl ?? '',
    estimator_email: input.estimatorEmail,
  };
}

export function renderInvitation(templates: InvitationTemplates, input: InvitationInput): RenderedInvitation {
  const view = invitationView(input);
  const asIs = { escape: (s: unknown) => String(s) };
  const subject = Mustache.render(templates.subject, view, {}, asIs).replace(/[\r\n\t]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  const text = Mustache.render(templates.text, view, {}, asIs).replace(/\n{3,}/g, '\n\n');
  const html = Mustache.render(templates.html, view, {}, { escape: escapeHtml });
  return { subject, text, html };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escape for HTML text and quoted attributes (Mustache's default also escapes "/" and "=", which mangles URLs). */
export const escapeHtml = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

const MONTHS_FMT = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
const formatDay = (d: Date) => MONTHS_FMT.format(d);

/** "2026-12-15" → "Tuesday, December 15, 2026"; "2026-12-15T14:00" keeps "at 14:00"; other text as written. */
export function formatDue(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value.trim());
  if (!m) return value.trim();
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime())) return value.trim();
  // The zone as the documents print it ("2025-04-15 14:00 PST"), after the time.
  const zone = m[4] ? value.trim().slice(m[0].length).trim().slice(0, 40) : '';
  return `${formatDay(d)}${m[4] ? ` at ${m[4]}:${m[5]}${zone ? ` ${zone}` : ''}` : ''}`;
}
