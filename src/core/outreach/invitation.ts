import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { AppError } from '../errors.js';
import type { ContactsMap, MapTrade } from '../contacts/map-document.js';
import { divisionByCode } from '../scope/taxonomy.js';
import type { ProjectDetails } from '../project/details.js';
import type { GcIdentity } from '../project/identity.js';
import { formatMoment, instantOf } from '../project/time.js';
import { TEMPLATES_DIR } from '../../paths.js';
import type { AddendumNoticeView } from '../addenda/notice.js';

/** templates/ at the package root (next to migrations/). */
export const DEFAULT_TEMPLATES_DIR = TEMPLATES_DIR;

export interface InvitationTemplates {
  subject: string;
  text: string;
  html: string;
  /** templates/partials/<name>.html by name: the pieces the HTML e-mails share ({{> name}}). */
  partials: Record<string, string>;
}

/**
 * Read templates/<name>.txt (first line "Subject: …", a blank line, the body) and
 * templates/<name>.html: 'invitation' (the first e-mail), 'reminder' (before the due date) or 'addendum'
 * (an addendum notice). Mustache syntax, documented in templates/README.md.
 */
export function loadInvitationTemplates(dir: string = DEFAULT_TEMPLATES_DIR, name: 'invitation' | 'reminder' | 'addendum' = 'invitation'): InvitationTemplates {
  const read = (file: string) => {
    try {
      return readFileSync(join(dir, file), 'utf8');
    } catch (e) {
      throw new AppError('MAIL_CONFIG', `Cannot read template ${join(dir, file)}`, {
        cause: e,
        userMessage: `The ${name} template ${file} is missing from ${dir}. Restore it (see templates/README.md).`,
      });
    }
  };
  const txt = read(`${name}.txt`).replace(/\r\n/g, '\n');
  const m = /^Subject:[ \t]*(.*)\n\n?/i.exec(txt);
  if (!m) {
    throw new AppError('MAIL_CONFIG', `${name}.txt has no Subject line`, {
      userMessage: `templates/${name}.txt must start with a line "Subject: …" (the e-mail subject), then a blank line, then the body.`,
    });
  }
  const templates = { subject: m[1]!, text: txt.slice(m[0].length), html: read(`${name}.html`) };
  for (const [part, t] of Object.entries(templates)) {
    try {
      Mustache.parse(t);
    } catch (e) {
      throw new AppError('MAIL_CONFIG', `Template ${name} ${part} does not parse: ${(e as Error).message}`, {
        cause: e,
        userMessage: `The ${name} template (${part === 'html' ? `${name}.html` : `${name}.txt`}) has a syntax error: ${(e as Error).message}. See templates/README.md.`,
      });
    }
  }
  return { ...templates, partials: loadPartials(dir, name, templates.html) };
}

/**
 * The partials a template uses, and the partials those use: from <dir>/partials/<name>.html, else the
 * built-in one (a folder of edited templates need not copy the pieces it leaves alone). Mustache
 * renders an unknown partial as nothing, so a missing one is refused here, by name.
 */
function loadPartials(dir: string, template: string, html: string): Record<string, string> {
  const partials: Record<string, string> = {};
  const pending = partialNames(Mustache.parse(html));
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next in partials) continue;
    // A name is a file name, never a path: {{> ../x}} must not read outside the templates.
    const file = /^[\w-]+$/.test(next) ? [join(dir, 'partials', `${next}.html`), join(DEFAULT_TEMPLATES_DIR, 'partials', `${next}.html`)].find((f) => existsSync(f)) : undefined;
    if (!file) {
      throw new AppError('MAIL_CONFIG', `Template ${template}.html uses the partial "${next}", which does not exist`, {
        userMessage: `${template}.html includes {{> ${next}}}, but there is no partials/${next}.html in ${dir} (the built-in ones: ${builtInPartials().join(', ')}). See templates/README.md.`,
      });
    }
    const text = readFileSync(file, 'utf8');
    try {
      pending.push(...partialNames(Mustache.parse(text)));
    } catch (e) {
      throw new AppError('MAIL_CONFIG', `Partial ${next} does not parse: ${(e as Error).message}`, {
        cause: e,
        userMessage: `The partial ${file} has a syntax error: ${(e as Error).message}. See templates/README.md.`,
      });
    }
    partials[next] = text;
  }
  return partials;
}

/** Mustache tokens are [type, value, start, end, children?]: '>' is a partial; sections nest. */
type MustacheToken = [string, string, number, number, MustacheToken[]?, ...unknown[]];
function partialNames(tokens: unknown[]): string[] {
  return (tokens as MustacheToken[]).flatMap((t) => (t[0] === '>' ? [t[1]] : t[4] ? partialNames(t[4]) : []));
}

const builtInPartials = () => readdirSync(join(DEFAULT_TEMPLATES_DIR, 'partials')).filter((f) => f.endsWith('.html')).map((f) => f.slice(0, -5));

export interface InvitationInput {
  map: Pick<ContactsMap, 'project' | 'trades'>;
  /** Two-digit divisions this contact is invited for. */
  divisions: string[];
  contactName: string;
  /** The job's project details (address, the subs' due date, job walk, RFI deadline, notes). */
  details: ProjectDetails;
  /** Who invites: the GC's company and the estimator who signs. */
  identity: GcIdentity;
  plans: { kind: 'link'; url: string; expiresAt: Date } | { kind: 'attached'; fileName: string } | { kind: 'on_request' };
  /** An addendum notice: which addendum, and the changes that concern this invitee (addendum templates). */
  addendum?: AddendumNoticeView;
  bidUrl?: string;
  nobidUrl?: string;
  unsubscribeUrl?: string;
  /** A reminder's "in 3 days" / "tomorrow" (reminder templates); the time it is rendered for. */
  now?: Date;
}

export interface RenderedInvitation {
  subject: string;
  text: string;
  html: string;
}

const EN_DASH = '\u2013';

/**
 * A trade in scope words: "Division 26 – Electrical", and where to look: the sheets ("see sheets
 * E-101, E-201"), else the trade's own specification sections. Sections of other divisions (the
 * bidding requirements in 00, general requirements in 01) say nothing about the trade's scope and
 * are left out.
 */
export function scopeWords(division: string, trade: Pick<MapTrade, 'name' | 'evidence'> | undefined): { label: string; refs: string } {
  const name = trade?.name ?? divisionByCode(division)?.name ?? `Division ${division}`;
  const evidence = trade?.evidence ?? [];
  const unique = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  const sheets = unique(evidence.map((e) => e.sheet));
  const sections = unique(evidence.map((e) => e.section)).filter((s) => s.replace(/\s+/g, '').startsWith(division));
  const list = (xs: string[], max: number) => (xs.length > max ? `${xs.slice(0, max).join(', ')} and ${xs.length - max} more` : xs.join(', '));
  const refs = sheets.length
    ? `see sheet${sheets.length === 1 ? '' : 's'} ${list(sheets, 8)}`
    : sections.length
      ? `see specification section${sections.length === 1 ? '' : 's'} ${list(sections, 6)}`
      : 'see the plan set';
  return { label: `Division ${division} ${EN_DASH} ${name}`, refs };
}

/** "Jane Doe at Acme Builders" — the From display name and signature line. */
export function senderName(identity: GcIdentity): string {
  const who = identity.estimator.name;
  const company = identity.company?.name;
  return who && company ? `${who} at ${company}` : (company ?? who ?? identity.estimator.email);
}

/** The values a template can use (templates/README.md lists them). */
export function invitationView(input: InvitationInput): Record<string, unknown> {
  const d = input.details;
  const trades = input.divisions.map((div) => {
    const t = input.map.trades.find((x) => x.division === div);
    const words = scopeWords(div, t);
    return { division: div, name: t?.name ?? words.label, label: words.label, refs: words.refs, note: d.scopeNotes[div] ?? '' };
  });
  const names = trades.map((t) => t.name);
  const tradeNames = names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const cityLine = [d.city, [d.stateOrProvince, d.zipCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const address = [d.streetAddress, cityLine].filter(Boolean).join(', ');
  const id = input.identity;
  const company = id.company?.name ?? '';
  const dueShort = d.bidDue ? shortMoment(d.bidDue, d.timeZone) : '';
  return {
    company_name: company,
    company_address: id.company?.address ?? '',
    company_phone: id.company?.phone ?? '',
    company_logo_url: id.company?.logoUrl ?? '',
    estimator_name: id.estimator.name ?? id.estimator.email,
    estimator_title: id.estimator.title ?? '',
    estimator_phone: id.estimator.phone ?? '',
    estimator_email: id.estimator.email,
    sender_name: senderName(id),
    project_name: d.name,
    project_address: address,
    project_location: cityLine || (input.map.project.location ?? ''),
    bid_due: d.bidDue ? formatMoment(d.bidDue, d.timeZone) : '',
    bid_due_short: dueShort,
    job_walk: d.jobWalk ? formatMoment(d.jobWalk, d.timeZone) : '',
    job_walk_note: d.jobWalk?.note ?? '',
    rfi_deadline: d.rfiDeadline ? formatMoment(d.rfiDeadline, d.timeZone) : '',
    message: d.message ?? '',
    addendum_number: input.addendum?.number ?? '',
    addendum_file_name: input.addendum?.fileName ?? '',
    addendum_changes: input.addendum?.changes.map((text) => ({ text })) ?? [],
    addendum_general_changes: input.addendum?.generalChanges.map((text) => ({ text })) ?? [],
    contact_name: input.contactName,
    trades,
    trade_names: tradeNames,
    trade_list: trades.map((t) => t.label).join(', '),
    plans_url: input.plans.kind === 'link' ? input.plans.url : '',
    plans_expire_date: input.plans.kind === 'link' ? formatDay(input.plans.expiresAt) : '',
    plans_attached: input.plans.kind === 'attached',
    plans_file_name: input.plans.kind === 'attached' ? input.plans.fileName : '',
    plans_on_request: input.plans.kind === 'on_request',
    bid_url: input.bidUrl ?? '',
    nobid_url: input.nobidUrl ?? '',
    unsubscribe_url: input.unsubscribeUrl ?? '',
    due_in: d.bidDue && d.timeZone ? dueIn(instantOf(d.bidDue, d.timeZone), input.now ?? new Date()) : '',
  };
}

/** "Dec 12, 2:00 PM CST" for subjects. */
function shortMoment(m: { date: string; time: string | null }, zone: string | null): string {
  const day = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(new Date(`${m.date}T12:00:00Z`));
  const full = formatMoment(m, zone);
  const at = full.indexOf(' at ');
  return at >= 0 ? `${day}, ${full.slice(at + 4)}` : day;
}

export function renderInvitation(templates: InvitationTemplates, input: InvitationInput): RenderedInvitation {
  const view = invitationView(input);
  const asIs = { escape: (s: unknown) => String(s) };
  const subject = Mustache.render(templates.subject, view, {}, asIs).replace(/[\r\n\t]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  const text = Mustache.render(templates.text, view, {}, asIs).replace(/\n{3,}/g, '\n\n');
  const html = Mustache.render(templates.html, view, templates.partials, { escape: escapeHtml });
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

/**
 * "in 3 days", "in a day", "in 5 hours": how far off a deadline is. Days are rounded, because a
 * reminder planned for three days out goes a minute or two after that point and still means "3 days".
 */
export function dueIn(due: Date, now: Date): string {
  const ms = due.getTime() - now.getTime();
  if (ms <= 0) return 'now';
  if (ms < 18 * 3_600_000) {
    const hours = Math.round(ms / 3_600_000);
    return hours <= 1 ? 'within the hour' : `in ${hours} hours`;
  }
  const days = Math.max(1, Math.round(ms / 86_400_000));
  return days === 1 ? 'in a day' : `in ${days} days`;
}
