import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { JobRow } from '../../core/records.js';
import { findPlanLinks } from '../../core/documents/index.js';
import type { HeaderLine } from './auth-results.js';
import { hasReplyCommand, parseReplyCommands, visibleReplyText, type ReplyCommands } from './commands.js';
import { contactsAttachments } from './contacts-import.js';
import { splitAddress } from './reply-key.js';
import { PARSE_OPTIONS, type MailFile, type MailPackage } from './mail-package.js';
import { stripControlCharacters } from '../../core/text-input.js';

/**
 * Classification: what kind of message one inbound e-mail is, from the message alone (and, for a
 * user's message, the job its reply key names). Nothing here acts or writes; the router
 * (handler.ts) calls core for each kind.
 */

/** One inbound message, parsed once, with what classification and routing read of it. */
export interface InboundMessage {
  parsed: ParsedMail;
  /** The first From address, lower-cased. */
  from: string | undefined;
  headers: HeaderLine[];
  subject: string;
  /** The text the person wrote, without the quoted message below it. */
  visibleText: string;
  /** Where it was sent: To, Cc and the delivery headers a server adds. */
  recipients: string[];
  /** Message-IDs of References (oldest first). */
  references: string[];
}

export async function readInbound(raw: Buffer): Promise<InboundMessage> {
  const parsed = await simpleParser(raw, PARSE_OPTIONS);
  // What the sender typed (subject, body) loses its control characters before anything reads it
  // (src/core/text-input.ts): stripped, as a mail has nobody waiting for a refusal. Attachment names
  // are made printable by mail-package.ts.
  if (parsed.subject) parsed.subject = stripControlCharacters(parsed.subject);
  if (parsed.text) parsed.text = stripControlCharacters(parsed.text);
  const headers: HeaderLine[] = parsed.headerLines.map((h) => ({ key: h.key.toLowerCase(), line: h.line }));
  return {
    parsed,
    from: firstAddress(parsed.from),
    headers,
    subject: parsed.subject ?? '',
    visibleText: visibleReplyText(parsed.text ?? ''),
    recipients: recipientAddresses(parsed, headers),
    references: refsOf(parsed),
  };
}

/** Our own addresses: the sending mailbox and the inbound address (with any +tag). */
export interface OwnAddresses {
  sender: string;
  inbound?: string;
}

/**
 * What a message is by its envelope and headers, in order of precedence: our own mail coming back
 * (a loop), a delivery report, automatic mail (never answered), mail without a sender, or a person.
 * The router gives the bounce analyzer the message between a loop and the rest: it reads bounces of
 * any format, this only recognises the standard shapes it could not read.
 */
export type Envelope =
  | { kind: 'loop' }
  | { kind: 'bounce' }
  | { kind: 'automatic'; reason: string }
  | { kind: 'no_from' }
  | { kind: 'person'; from: string };

export function classifyEnvelope(msg: InboundMessage, own: OwnAddresses): Envelope {
  if (msg.from && isOurOwn(msg.from, own)) return { kind: 'loop' };
  if (isBounce(msg.parsed, msg.headers)) return { kind: 'bounce' };
  const reason = automaticReason(msg.parsed, msg.headers);
  if (reason) return { kind: 'automatic', reason };
  if (!msg.from) return { kind: 'no_from' };
  return { kind: 'person', from: msg.from };
}

/**
 * What a (verified) user's message asks for. A reply to a job's address edits, approves or asks
 * about that job — or, carrying plans and no command, adds them as an addendum; otherwise a
 * contacts file, new plans, a command without a job key, or nothing usable.
 */
export type Request =
  | { kind: 'deleted_job' }
  | { kind: 'foreign_job'; job: JobRow }
  | { kind: 'reply'; job: JobRow; commands: ReplyCommands }
  | { kind: 'addendum'; job: JobRow; files: MailFile[] }
  | { kind: 'contacts'; files: ParsedMail['attachments'] }
  | { kind: 'plans' }
  | { kind: 'command_without_key' }
  | { kind: 'no_plans' };

export interface RequestFacts {
  userId: string;
  /** The job the reply key names: undefined when there is no key, null when that job is gone. */
  keyed: JobRow | null | undefined;
  /** Every attachment of the message and of messages forwarded in it, and their text. */
  incoming: MailPackage;
}

export function classifyRequest(msg: InboundMessage, facts: RequestFacts): Request {
  const { keyed, incoming } = facts;
  // Plans in the message: a PDF, archive or Outlook item by its bytes, or a link to a file share / plan room.
  const hasPlans = incoming.files.some((f) => f.candidate) || findPlanLinks(incoming.text).length > 0;
  const commands = parseReplyCommands(msg.visibleText);
  const asksNewJob = /\bnew\s+job\b/i.test(`${msg.subject}\n${msg.visibleText}`);
  if (keyed === null) return { kind: 'deleted_job' };
  if (keyed) {
    if (keyed.userId !== facts.userId) return { kind: 'foreign_job', job: keyed };
    if (hasReplyCommand(commands) || !hasPlans) return { kind: 'reply', job: keyed, commands };
    // Plans replied into a job's thread are an addendum to that job (unless the reply asks for a new job).
    const files = incoming.files.filter((f) => f.candidate);
    if (files.length > 0 && !asksNewJob) return { kind: 'addendum', job: keyed, files };
  }
  const contactFiles = contactsAttachments(msg.parsed, msg.subject);
  if (contactFiles.length > 0) return { kind: 'contacts', files: contactFiles };
  if (hasPlans) return { kind: 'plans' };
  if (commands.approve || commands.edits.length > 0 || Object.keys(commands.details).length > 0) return { kind: 'command_without_key' };
  return { kind: 'no_plans' };
}

function isOurOwn(from: string, own: OwnAddresses): boolean {
  const parts = own.inbound ? splitAddress(own.inbound) : undefined;
  const f = splitAddress(from);
  if (parts && f && f.domain === parts.domain && f.local.split('+')[0] === parts.local.split('+')[0]) return true;
  return from.toLowerCase() === own.sender.toLowerCase();
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): string | undefined {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  for (const o of list) for (const v of o.value) if (v.address) return v.address.trim().toLowerCase();
  return undefined;
}

function allAddresses(a: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  return list.flatMap((o) => o.value.flatMap((v) => [v.address, ...(v.group ?? []).map((g) => g.address)])).filter((x): x is string => Boolean(x));
}

function recipientAddresses(parsed: ParsedMail, headers: HeaderLine[]): string[] {
  const fromHeaders = headers
    .filter((h) => h.key === 'delivered-to' || h.key === 'x-original-to' || h.key === 'envelope-to' || h.key === 'x-delivered-to')
    .map((h) => h.line.slice(h.line.indexOf(':') + 1).trim().replace(/^<|>$/g, ''));
  return [...allAddresses(parsed.to), ...allAddresses(parsed.cc), ...fromHeaders];
}

function refsOf(parsed: ParsedMail): string[] {
  const r = parsed.references;
  return Array.isArray(r) ? r : r ? [r] : [];
}

function header(parsed: ParsedMail, name: string): string {
  const v = parsed.headers.get(name);
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'string') return (v as { value: string }).value;
  return String(v as unknown);
}

/** A delivery status notification (RFC 3464) or a classic bounce from the mailer daemon. */
function isBounce(parsed: ParsedMail, headers: HeaderLine[]): boolean {
  const ct = headers.find((h) => h.key === 'content-type')?.line.toLowerCase() ?? '';
  if (ct.includes('multipart/report') && ct.includes('delivery-status')) return true;
  const from = firstAddress(parsed.from) ?? '';
  const returnPath = header(parsed, 'return-path');
  return /^(mailer-daemon|postmaster)@/i.test(from) && (returnPath === '' || returnPath.includes('<>') || /delivery|undeliver|failure|returned/i.test(parsed.subject ?? ''));
}

const AUTO_SUBJECT = /^(?:auto(?:matic)?\s*(?:reply|response)|out of (?:the )?office|abwesenheit|r[ée]ponse automatique|respuesta autom[áa]tica|autoreply|auto:)/i;

/** Why this message is automatic (never answered), or undefined. RFC 3834 and common practice. */
function automaticReason(parsed: ParsedMail, headers: HeaderLine[]): string | undefined {
  const auto = header(parsed, 'auto-submitted').trim().toLowerCase();
  if (auto && auto !== 'no') return `Auto-Submitted: ${auto}`;
  if (headers.some((h) => h.key === 'x-autoreply' || h.key === 'x-autorespond' || h.key === 'x-autoresponse')) return 'X-Autoreply';
  const precedence = header(parsed, 'precedence').trim().toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  if (headers.some((h) => h.key === 'list-id' || h.key === 'list-unsubscribe')) return 'mailing list';
  const ars = header(parsed, 'x-auto-response-suppress').toLowerCase();
  if (/\ball\b/.test(ars) && /\boof\b|auto/i.test(parsed.subject ?? '')) return 'X-Auto-Response-Suppress';
  const returnPath = header(parsed, 'return-path').trim();
  if (returnPath === '<>') return 'null sender';
  if (AUTO_SUBJECT.test((parsed.subject ?? '').trim())) return 'auto-reply subject';
  return undefined;
}
