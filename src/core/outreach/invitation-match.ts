import { simpleParser } from 'mailparser';
import { eq, inArray } from 'drizzle-orm';
import { emailLogs, type EmailLogRow } from '../../db/schema/index.js';
import type { OutreachDeps } from './deps.js';
import { findInvitationTokens, findVerpTokens, INVITATION_HEADER, verifyVerpToken } from './links.js';

/** How a returned message was tied to its invitation. */
export type MatchedBy = 'verp' | 'header' | 'reply-address' | 'message-id';

export interface InvitationMatch {
  row: EmailLogRow;
  by: MatchedBy;
}

/** Parts that carry the returned original message or its headers. */
const RETURNED_TYPES = new Set(['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers', 'message/delivery-status', 'message/global-delivery-status']);
const MAX_SCAN = 2_000_000;

/**
 * The text a returned message exposes: its raw form plus its returned parts decoded (a server
 * may base64 the original). Bounded: only the first MAX_SCAN characters of each are searched.
 */
export async function returnedText(raw: Buffer): Promise<string> {
  const parts = [raw.subarray(0, MAX_SCAN).toString('latin1')];
  try {
    const mail = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
    for (const a of mail.attachments) {
      if (RETURNED_TYPES.has(a.contentType.toLowerCase())) parts.push(a.content.subarray(0, MAX_SCAN).toString('utf8'));
    }
  } catch (_e) {
    // Malformed MIME: the raw text is still searched.
  }
  return parts.join('\n');
}

const headerValues = (text: string, name: string): string[] => {
  const re = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t]+.*)*)`, 'gim');
  const out: string[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1]!.replace(/\r?\n[ \t]+/g, ' '));
  return out;
};

/** Every Message-ID named in headers anywhere in the text (returned originals, In-Reply-To, References). */
export function messageIdsIn(text: string): string[] {
  const ids = new Set<string>();
  for (const name of ['Message-ID', 'X-Original-Message-ID', 'Original-Message-ID', 'In-Reply-To', 'References']) {
    for (const v of headerValues(text, name)) for (const m of v.matchAll(/<([^<>\s]{3,250})>/g)) ids.add(`<${m[1]!}>`);
  }
  return [...ids];
}

/**
 * The invitation a returned message (bounce, auto-reply, complaint, answer) is about. Signed
 * tokens first — they cannot be forged: the VERP address (the bounce was sent to it), our signed
 * header inside the returned original, a reply to the invitation's own address — then the
 * invitation's Message-ID in the returned content, for servers that rewrite the envelope sender
 * (Microsoft 365, Gmail) and return only the original. A Message-ID is seen only by the
 * recipient's side, so the worst a forger who knows one can do is report on their own invitation.
 */
export function findInvitation(deps: Pick<OutreachDeps, 'handle' | 'secret'>, text: string, extraMessageIds: string[] = []): InvitationMatch | undefined {
  const { db } = deps.handle;
  const byToken = (tokens: string[], by: MatchedBy): InvitationMatch | undefined => {
    for (const token of tokens) {
      const emailId = verifyVerpToken(deps.secret, token);
      if (!emailId) continue;
      const row = db.select().from(emailLogs).where(eq(emailLogs.emailId, emailId)).get();
      if (row) return { row, by };
    }
    return undefined;
  };
  const verp = byToken(findVerpTokens(text), 'verp');
  if (verp) return verp;
  const header = byToken(headerValues(text, INVITATION_HEADER).flatMap(findInvitationTokens), 'header');
  if (header) return header;
  const reply = byToken(findInvitationTokens(text), 'reply-address');
  if (reply) return reply;
  const ids = [...new Set([...messageIdsIn(text), ...extraMessageIds.filter(Boolean).map((id) => (id.startsWith('<') ? id : `<${id}>`))])].slice(0, 500);
  if (ids.length === 0) return undefined;
  const row = db.select().from(emailLogs).where(inArray(emailLogs.messageId, ids)).get();
  return row ? { row, by: 'message-id' } : undefined;
}
