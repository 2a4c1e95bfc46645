import { createRequire } from 'node:module';
import type { MapEdit } from '../../core/contacts/map-edits.js';
import { describeMoment, type DetailsPatch, type ProjectDetails } from '../../core/project/details.js';

// email-reply-parser 1.9 (CommonJS, no types; 2.x needs Node 22): strips quoted text, "On … wrote:"
// headers and signatures from a reply's plain text.
const require = createRequire(import.meta.url);
const EmailReplyParser = require('email-reply-parser') as new () => { parseReply(text: string): string };

export interface ReplyCommands {
  approve: boolean;
  /** "approve v3" / "approve version 3". */
  approveVersion?: number;
  /** "map" / "show": send the current map again. */
  show: boolean;
  edits: MapEdit[];
  /** "due: Dec 12 2pm", "job walk: …", "zip: 55303" …: the project details to change. */
  details: DetailsPatch;
  /** "preview": send the invitation as a subcontractor will get it. */
  preview: boolean;
  /** "status" / "coverage": after sending, the bid coverage per trade. */
  status?: boolean;
  /** "invite more" / "invite these too": invite the proposed next best contacts of trades under target. */
  inviteMore?: boolean;
  /** Lines that were not understood (shown back to the user). */
  unknown: string[];
}

/** The text the person wrote, without the quoted message below it. */
export function visibleReplyText(text: string): string {
  const visible = new EmailReplyParser().parseReply(text.replace(/\r\n/g, '\n'));
  return visible.trim();
}

const EMAIL_RE = /^<?([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>?$/;

/**
 * One command per line:
 *   approve | send                       → approve the map version this e-mail answers
 *   approve v3                           → approve version 3
 *   remove <name or e-mail> from <trade> → deselect a contact
 *   add <e-mail> to <trade>              → put a contact on a trade (new e-mails join your contacts)
 *   select <name or e-mail> for <trade>  → select a listed candidate
 *   drop <trade> | remove trade <trade>  → remove a trade
 *   add trade <trade>                    → add a trade
 *   map | show                           → send the current map again
 * Trades by CSI division ("26", "Division 26") or name ("Electrical").
 */
/**
 * Where a quoted original starts in clients that quote without ">" (Outlook: a "From:/Sent:"
 * block or a line of underscores; "-----Original Message-----"; "On … wrote:").
 */
const QUOTE_START = /^(?:(?:from|sent|de|von|envoyé|gesendet)\s*:\s|-{2,}\s*(?:original message|forwarded message)|_{8,}\s*$|on\b.*\bwrote:\s*$|>)/i;

/** "label: value" lines that set a project detail, by the words people use for them. */
const DETAIL_LABELS: [RegExp, Exclude<keyof DetailsPatch, 'scope_notes'>][] = [
  [/^(?:bids?\s+)?due(?:\s+date)?|^bid\s+date|^deadline$/i, 'bid_due'],
  [/^(?:job\s*walk|walk|site\s+visit|pre-?bid(?:\s+meeting)?)$/i, 'job_walk'],
  [/^(?:job\s*walk|walk)\s+(?:note|location|where)$/i, 'job_walk_note'],
  [/^rfis?(?:\s+(?:deadline|due|by))?$|^questions?(?:\s+(?:due|by))?$/i, 'rfi_deadline'],
  [/^(?:project(?:\s+name)?|name)$/i, 'name'],
  [/^(?:address|street|street\s+address|site)$/i, 'street_address'],
  [/^city$/i, 'city'],
  [/^(?:state|province)$/i, 'state_or_province'],
  [/^(?:zip|zip\s*code|postal\s*code|postcode)$/i, 'zip_code'],
  [/^(?:time\s*zone|tz|zone)$/i, 'time_zone'],
  [/^(?:message|note|note\s+to\s+subs)$/i, 'message'],
  [/^(?:target|bid\s+target|bidders(?:\s+per\s+trade)?|bids\s+per\s+trade)$/i, 'bid_target'],
  [/^reminders?$/i, 'reminders'],
];

/** "due: Dec 12 2pm" → ['bid_due', 'Dec 12 2pm']; "scope 26: include site lighting" → scope note. */
function detailLine(line: string): { key: keyof DetailsPatch; value: string; trade?: string } | undefined {
  const m = /^([a-z][a-z -]{0,30}?|scope\s+[^:]{1,40}?)\s*:\s*(.*)$/i.exec(line);
  if (!m) return undefined;
  const label = m[1]!.trim();
  const value = m[2]!.trim();
  const scope = /^scope\s+(.+)$/i.exec(label);
  if (scope) return { key: 'scope_notes', value, trade: cleanTrade(scope[1]!) };
  const hit = DETAIL_LABELS.find(([re]) => re.test(label));
  return hit ? { key: hit[1], value } : undefined;
}

export function parseReplyCommands(visibleText: string): ReplyCommands {
  const out: ReplyCommands = { approve: false, show: false, edits: [], details: {}, preview: false, unknown: [] };
  for (const raw of visibleText.split('\n')) {
    if (QUOTE_START.test(raw.trim())) break;
    const line = raw
      .replace(/^[\s*•\-–]+/, '')
      .replace(/[.!]+$/, '')
      .trim();
    if (!line) continue;
    const l = line.toLowerCase();
    let m: RegExpExecArray | null;
    let detail: ReturnType<typeof detailLine>;
    if ((m = /^(?:approve|approved|send|send it|send invitations|send the invitations|yes,? send(?: it)?)(?:\s+(?:v|version\s*)(\d+))?$/i.exec(l))) {
      out.approve = true;
      if (m[1]) out.approveVersion = Number(m[1]);
    } else if (/^(?:map|show|show map|show the map|status|coverage)$/.test(l)) {
      out.show = true;
      if (l === 'status' || l === 'coverage') out.status = true;
    } else if (/^(?:invite (?:more|these too|them too|the next ones?)|invite these|yes,? invite (?:them|these)(?: too)?)$/.test(l)) {
      out.inviteMore = true;
    } else if (/^(?:preview|show (?:the )?(?:e-?mail|invitation)|preview (?:the )?(?:e-?mail|invitation))$/.test(l)) {
      out.preview = true;
    } else if ((m = /^add\s+trade\s+(.+)$/i.exec(line))) {
      out.edits.push({ op: 'add_trade', trade: cleanTrade(m[1]!) });
    } else if ((m = /^(?:drop|remove|delete)\s+trade\s+(.+)$/i.exec(line)) ?? (m = /^drop\s+(.+)$/i.exec(line))) {
      out.edits.push({ op: 'remove_trade', trade: cleanTrade(m[1]!) });
    } else if ((m = /^(?:remove|deselect|uninvite)\s+(.+?)\s+from\s+(.+)$/i.exec(line))) {
      out.edits.push({ op: 'deselect', contact: cleanContact(m[1]!), trade: cleanTrade(m[2]!) });
    } else if ((m = /^add\s+(.+?)\s+(?:to|for)\s+(.+)$/i.exec(line))) {
      const contact = cleanContact(m[1]!);
      const email = EMAIL_RE.exec(contact);
      out.edits.push(email ? { op: 'add_contact', contact: email[1]!, trade: cleanTrade(m[2]!) } : { op: 'select', contact, trade: cleanTrade(m[2]!) });
    } else if ((m = /^(?:select|invite)\s+(.+?)\s+(?:for|to|on)\s+(.+)$/i.exec(line))) {
      out.edits.push({ op: 'select', contact: cleanContact(m[1]!), trade: cleanTrade(m[2]!) });
    } else if ((detail = detailLine(line))) {
      const cleared = detail.value === '' || /^(?:none|clear|-)$/i.test(detail.value);
      if (detail.key === 'scope_notes') out.details.scope_notes = { ...out.details.scope_notes, [detail.trade!]: cleared ? null : detail.value };
      else if (detail.key === 'name') out.details.name = detail.value;
      else if (detail.key === 'bid_target') out.details.bid_target = cleared ? null : Number(detail.value);
      else out.details[detail.key] = cleared ? null : detail.value;
    } else {
      out.unknown.push(line.slice(0, 200));
    }
  }
  return out;
}

const cleanContact = (s: string) => s.trim().replace(/^["']|["']$/g, '').replace(/^<|>$/g, '');
/**
 * "Division 26", "div. 26", "26 Electrical" → "26"; names pass through. Anything else after the
 * number is kept, so the trade does not resolve and the edit is refused rather than guessed.
 */
function cleanTrade(s: string): string {
  const t = s.trim().replace(/^["']|["']$/g, '');
  const m = /^(?:div(?:ision)?\.?\s*)?(\d{2})(?:\s*[-–:]?\s*[a-z][a-z ,&/-]*)?$/i.exec(t);
  return m ? m[1]! : t;
}

/** True when a reply asks for anything at all (a map edit, a detail, approval, the map or preview). */
export function hasReplyCommand(c: ReplyCommands): boolean {
  return c.approve || c.show || c.preview || Boolean(c.inviteMore) || c.edits.length > 0 || Object.keys(c.details).length > 0;
}

/** "bids due Friday, December 12, 2026 at 2:00 PM CST; zip 55303": what a details reply changed. */
export function describeDetailsChange(patch: DetailsPatch, d: ProjectDetails): string {
  const when = (m: { date: string; time: string | null } | null) => (m ? describeMoment(m, d.timeZone) : 'cleared');
  const parts: string[] = [];
  for (const key of Object.keys(patch) as (keyof DetailsPatch)[]) {
    if (key === 'bid_due') parts.push(`bids due ${when(d.bidDue)}`);
    else if (key === 'job_walk') parts.push(`job walk ${when(d.jobWalk)}`);
    else if (key === 'rfi_deadline') parts.push(`RFIs by ${when(d.rfiDeadline)}`);
    else if (key === 'scope_notes') parts.push(`scope notes for ${Object.keys(patch.scope_notes ?? {}).join(', ')}`);
    else parts.push(`${key.replace(/_/g, ' ')} ${String(patch[key] ?? 'cleared')}`);
  }
  return parts.join('; ');
}
