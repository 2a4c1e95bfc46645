import { createRequire } from 'node:module';
import type { MapEdit } from '../../core/contacts/map-edits.js';

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

export function parseReplyCommands(visibleText: string): ReplyCommands {
  const out: ReplyCommands = { approve: false, show: false, edits: [], unknown: [] };
  for (const raw of visibleText.split('\n')) {
    if (QUOTE_START.test(raw.trim())) break;
    const line = raw
      .replace(/^[\s*•\-–]+/, '')
      .replace(/[.!]+$/, '')
      .trim();
    if (!line) continue;
    const l = line.toLowerCase();
    let m: RegExpExecArray | null;
    if ((m = /^(?:approve|approved|send|send it|send invitations|send the invitations|yes,? send(?: it)?)(?:\s+(?:v|version\s*)(\d+))?$/i.exec(l))) {
      out.approve = true;
      if (m[1]) out.approveVersion = Number(m[1]);
    } else if (/^(?:map|show|show map|show the map|status)$/.test(l)) {
      out.show = true;
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
