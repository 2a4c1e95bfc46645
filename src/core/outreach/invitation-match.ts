import type { EmailLogRow } from '../records.js';
import { sqlTime, type OutreachDeps } from './deps.js';
import { findInvitationTokens, findVerpTokens, INVITATION_HEADER, verifyVerpToken } from './links.js';

/** How a returned message was tied to its invitation. */
export type MatchedBy = 'verp' | 'header' | 'reply-address' | 'message-id' | 'recipient' | 'unsubscribe-token';

/** How far back a bounce that names only the failed address may reach for its invitation. */
export const RECIPIENT_MATCH_DAYS = 30;

export interface InvitationMatch {
  row: EmailLogRow;
  by: MatchedBy;
}

/** Parts that carry the returned original message or its headers. */
const RETURNED_TYPES = new Set(['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers', 'message/delivery-status', 'message/global-delivery-status']);
const MAX_SCAN = 2_000_000;

export interface ReturnedContent {
  /** The raw message plus its returned parts decoded (a server may base64 the original). */
  text: string;
  /** The outer header block. */
  headers: string;
  /** The bodies of its message/delivery-status parts (RFC 3464), if any. */
  deliveryStatus: string[];
}

/** What a returned message exposes, bounded: only the first MAX_SCAN characters of each part. */
export async function returnedContent(raw: Buffer): Promise<ReturnedContent> {
  const rawText = raw.subarray(0, MAX_SCAN).toString('latin1');
  const split = rawText.search(/\r?\n\r?\n/);
  const parts = [rawText];
  const deliveryStatus: string[] = [];
  try {
    // mailparser is loaded with the first returned message, not at every start.
    const { simpleParser } = await import('mailparser');
    const mail = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
    for (const a of mail.attachments) {
      const type = a.contentType.toLowerCase();
      if (!RETURNED_TYPES.has(type)) continue;
      const body = a.content.subarray(0, MAX_SCAN).toString('utf8');
      parts.push(body);
      if (type.endsWith('delivery-status')) deliveryStatus.push(body);
    }
  } catch (_e) {
    // Malformed MIME: the raw text is still searched.
  }
  return { text: parts.join('\n'), headers: split < 0 ? rawText : rawText.slice(0, split), deliveryStatus };
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
 * Last, the failed address itself (see below).
 */
export async function findInvitation(deps: Pick<OutreachDeps, 'repos' | 'secret'>, text: string, extraMessageIds: string[] = [], recipients: string[] = []): Promise<InvitationMatch | undefined> {
  const found = await findSentMessage(deps, text, extraMessageIds, recipients);
  return found ? { ...found, row: await invitationOf(deps, found.row) } : undefined;
}

/**
 * A reminder (or another follow-up) stands for its invitation: a bounce, an answer or a
 * complaint about it lands on the invitation, which is what coverage and the report show.
 */
export async function invitationOf(deps: Pick<OutreachDeps, 'repos'>, row: EmailLogRow): Promise<EmailLogRow> {
  if (row.kind === 'invitation' || !row.parentEmailId) return row;
  return (await deps.repos.coverage.emailById(row.parentEmailId)) ?? row;
}

async function findSentMessage(deps: Pick<OutreachDeps, 'repos' | 'secret'>, text: string, extraMessageIds: string[], recipients: string[]): Promise<InvitationMatch | undefined> {
  const byToken = async (tokens: string[], by: MatchedBy): Promise<InvitationMatch | undefined> => {
    for (const token of tokens) {
      const emailId = verifyVerpToken(deps.secret, token);
      if (!emailId) continue;
      const row = await deps.repos.coverage.emailById(emailId);
      if (row) return { row, by };
    }
    return undefined;
  };
  const verpTokens = findVerpTokens(text);
  const verp = await byToken(verpTokens, 'verp');
  if (verp) return verp;
  const headerTokens = headerValues(text, INVITATION_HEADER).flatMap(findInvitationTokens);
  const header = await byToken(headerTokens, 'header');
  if (header) return header;
  const reply = await byToken(findInvitationTokens(text), 'reply-address');
  if (reply) return reply;
  // Our bounce address or header with a signature that does not verify: forged. Nothing weaker counts then.
  if (verpTokens.length > 0 || headerTokens.length > 0) return undefined;
  const ids = [...new Set([...messageIdsIn(text), ...extraMessageIds.filter(Boolean).map((id) => (id.startsWith('<') ? id : `<${id}>`))])].slice(0, 500);
  const row = await deps.repos.emailLogs.findByMessageIds(ids);
  if (row) return { row, by: 'message-id' };
  // Some servers return neither the original nor its headers: only the failed address is left.
  // The latest invitation that went to it recently is the one; the caller treats this weaker
  // tie with care (it never marks an address bad on it).
  const addrs = [...new Set(recipients.filter((r) => r.includes('@')).map((r) => r.toLowerCase()))].slice(0, 50);
  if (addrs.length === 0) return undefined;
  const since = sqlTime(new Date(Date.now() - RECIPIENT_MATCH_DAYS * 86_400_000));
  const recent = await deps.repos.emailLogs.latestSentTo(addrs, since);
  return recent ? { row: recent, by: 'recipient' } : undefined;
}
