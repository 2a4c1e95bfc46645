import { simpleParser, type ParsedMail } from 'mailparser';
import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '../errors.js';
import { logger as rootLogger } from '../log.js';
import { emailLogs, type EmailLogRow } from '../../db/schema/index.js';
import { sqlTime, type OutreachDeps } from './deps.js';
import { findVerpTokens, verifyVerpToken } from './links.js';

/** One per-recipient block of a delivery-status report (RFC 3464 §2.3). */
export interface DsnRecipient {
  finalRecipient: string | null;
  originalRecipient: string | null;
  /** failed | delayed | delivered | relayed | expanded */
  action: string;
  /** Enhanced status code (RFC 3463), e.g. "5.1.1". */
  status: string | null;
  diagnosticCode: string | null;
  remoteMta: string | null;
}

export interface ParsedDsn {
  reportingMta: string | null;
  recipients: DsnRecipient[];
  /** Message-ID of the message that bounced (from the returned headers, or X-Original-Message-ID). */
  originalMessageId: string | null;
  /** Every `bounces+<token>@` found in the DSN's own headers and report (unverified). */
  verpTokens: string[];
  subject: string | null;
}

const ADDR = (v: string | undefined): string | null => {
  if (!v) return null;
  const s = v.replace(/^[^;]*;\s*/, '').trim().replace(/^<|>$/g, '');
  return s ? s.toLowerCase() : null;
};

/** Header blocks of a delivery-status body, unfolded, field names lower-cased. */
export function parseDeliveryStatusFields(body: string): Map<string, string>[] {
  const blocks: Map<string, string>[] = [];
  for (const chunk of body.replace(/\r\n/g, '\n').split(/\n[ \t]*\n/)) {
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const line of chunk.split('\n')) {
      if (/^[ \t]/.test(line) && last) {
        fields.set(last, `${fields.get(last)} ${line.trim()}`);
        continue;
      }
      const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (!m) continue;
      last = m[1]!.toLowerCase();
      fields.set(last, m[2]!.trim());
    }
    if (fields.size > 0) blocks.push(fields);
  }
  return blocks;
}

const messageIdIn = (headerText: string): string | null => {
  const m = /^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^>\s]+>)/im.exec(headerText);
  return m ? m[1]! : null;
};

/**
 * Parse a delivery status notification. Returns null for a message that is not one (an
 * auto-reply, a human reply): the mailbox reader sends those elsewhere.
 */
export async function parseDsn(raw: Buffer | string): Promise<ParsedDsn | null> {
  const mail: ParsedMail = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  const ct = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const statusPart = mail.attachments.find((a) => a.contentType === 'message/delivery-status' || a.contentType === 'message/global-delivery-status');
  if (!statusPart && !(ct?.value === 'multipart/report' && ct.params?.['report-type'] === 'delivery-status')) return null;
  if (!statusPart) return null;

  const blocks = parseDeliveryStatusFields(statusPart.content.toString('utf8'));
  const perMessage = blocks.find((b) => b.has('reporting-mta') || b.has('arrival-date')) ?? new Map<string, string>();
  const recipients: DsnRecipient[] = blocks
    .filter((b) => b.has('action') && (b.has('final-recipient') || b.has('original-recipient')))
    .map((b) => ({
      finalRecipient: ADDR(b.get('final-recipient')),
      originalRecipient: ADDR(b.get('original-recipient')),
      action: (b.get('action') ?? '').toLowerCase().split(/\s/)[0] ?? '',
      status: /\d\.\d{1,3}\.\d{1,3}/.exec(b.get('status') ?? '')?.[0] ?? null,
      diagnosticCode: b.get('diagnostic-code')?.replace(/\s+/g, ' ').trim() ?? null,
      remoteMta: b.get('remote-mta') ?? null,
    }));

  // The returned message (message/rfc822) or its headers (text/rfc822-headers).
  let originalMessageId: string | null = null;
  for (const a of mail.attachments) {
    if (a.contentType === 'message/rfc822' || a.contentType === 'text/rfc822-headers' || a.contentType === 'message/global-headers' || a.contentType === 'message/global') {
      const text = a.content.toString('utf8');
      const headerEnd = text.search(/\r?\n\r?\n/);
      originalMessageId = messageIdIn(headerEnd >= 0 ? text.slice(0, headerEnd) : text);
      if (originalMessageId) break;
    }
  }
  originalMessageId ??= /(<[^>\s]+>)/.exec(perMessage.get('x-original-message-id') ?? '')?.[1] ?? null;

  // VERP: the DSN goes to our envelope sender; the receiving MTA records it in To/Delivered-To/
  // X-Original-To/Envelope-to, and Postfix repeats it as X-Postfix-Sender in the report.
  const headerText = mail.headerLines.map((h) => h.line).join('\n');
  const verpTokens = [...new Set([...findVerpTokens(headerText), ...findVerpTokens(statusPart.content.toString('utf8'))])];
  return {
    reportingMta: perMessage.get('reporting-mta')?.replace(/^[^;]*;\s*/, '') ?? null,
    recipients,
    originalMessageId,
    verpTokens,
    subject: mail.subject ?? null,
  };
}

export type BounceKind = 'hard' | 'soft' | 'delayed' | 'other';

export interface BounceResult {
  /** The DSN named one of our invitations. */
  matched: boolean;
  /** Why nothing matched, or what happened. */
  note: string;
  kind?: BounceKind;
  emailId?: string;
  jobId?: string;
  contactId?: string;
  status?: string | null;
  reason?: string;
  /** The row moved to BOUNCED by this DSN (false for a repeat or a delay warning). */
  bounced: boolean;
  /** The contact's address was marked bad (hard bounce). */
  contactMarkedBad: boolean;
}

/** "5.1.1 — smtp; 550 5.1.1 <x>: Recipient address rejected: User unknown" */
export function bounceReason(r: DsnRecipient): string {
  return [r.status, r.diagnosticCode].filter(Boolean).join(' — ').slice(0, 500) || `${r.action} (no status given)`;
}

export function bounceKind(r: DsnRecipient): BounceKind {
  if (r.action === 'delayed') return 'delayed';
  if (r.action !== 'failed') return 'other';
  // A permanent failure proves the address bad; a "failed" 4.x.x (gave up retrying) does not.
  if (r.status?.startsWith('5.')) return 'hard';
  if (r.status?.startsWith('4.')) return 'soft';
  return /\b5\d\d\b/.test(r.diagnosticCode ?? '') ? 'hard' : 'soft';
}

/**
 * Match a DSN to its email_logs row — by the signed VERP token first (it cannot be forged),
 * else by the original Message-ID in the returned headers — and record it: a failed delivery
 * moves the row to BOUNCED with the reason; a hard (5.x.x) bounce also marks the contact's
 * address bad so later jobs skip it; a "delayed" warning changes nothing. Safe to call twice.
 */
export async function handleBounce(deps: Pick<OutreachDeps, 'handle' | 'repos' | 'secret' | 'logger'>, rawMessage: Buffer): Promise<BounceResult> {
  const log = deps.logger ?? rootLogger;
  let dsn: ParsedDsn | null;
  try {
    dsn = await parseDsn(rawMessage);
  } catch (e) {
    throw new AppError('VALIDATION', 'Unreadable bounce message', { cause: e, userMessage: 'The bounce message could not be read as e-mail.' });
  }
  if (!dsn) return { matched: false, note: 'not a delivery status notification', bounced: false, contactMarkedBad: false };
  const { db } = deps.handle;

  let row: EmailLogRow | undefined;
  for (const token of dsn.verpTokens) {
    const emailId = verifyVerpToken(deps.secret, token);
    if (!emailId) {
      log.warn({ token }, 'DSN carries a bounce address with a bad signature; ignored');
      continue;
    }
    row = db.select().from(emailLogs).where(eq(emailLogs.emailId, emailId)).get();
    if (row) break;
  }
  if (!row && dsn.originalMessageId) {
    row = db.select().from(emailLogs).where(eq(emailLogs.messageId, dsn.originalMessageId)).get();
  }
  if (!row) {
    log.info({ messageId: dsn.originalMessageId, reportingMta: dsn.reportingMta }, 'DSN does not match any invitation');
    return { matched: false, note: 'no invitation matches this delivery status notification', bounced: false, contactMarkedBad: false };
  }

  const jlog = log.child({ jobId: row.jobId, emailId: row.emailId });
  const to = row.toEmail?.toLowerCase();
  const rcpt =
    dsn.recipients.find((r) => r.finalRecipient === to || r.originalRecipient === to) ??
    dsn.recipients.find((r) => r.action === 'failed') ??
    dsn.recipients[0];
  const base = { matched: true, emailId: row.emailId, jobId: row.jobId, contactId: row.contactId };
  if (!rcpt) return { ...base, note: 'DSN lists no recipients', bounced: false, contactMarkedBad: false };
  const kind = bounceKind(rcpt);
  const reason = bounceReason(rcpt);
  if (kind === 'delayed' || kind === 'other') {
    jlog.info({ action: rcpt.action, status: rcpt.status }, 'delivery status notice (no bounce)');
    return { ...base, kind, status: rcpt.status, reason, note: kind === 'delayed' ? 'delivery delayed; the receiving side is still trying' : `action ${rcpt.action}`, bounced: false, contactMarkedBad: false };
  }

  const now = sqlTime(new Date());
  const res = deps.handle.sqlite
    .transaction(() => {
      const r = db
        .update(emailLogs)
        .set({ status: 'BOUNCED', bouncedAt: now, bounceReason: reason, updatedAt: now })
        // A DSN proves the message left: SENT, or a row we were unsure about.
        .where(and(eq(emailLogs.emailId, row.emailId), inArray(emailLogs.status, ['SENT', 'UNCERTAIN', 'SENDING'])))
        .run();
      if (kind === 'hard') deps.repos.contacts.markEmailBad(row.contactId, reason);
      return r.changes === 1;
    })
    .immediate();
  jlog.warn({ kind, status: rcpt.status, reason, bounced: res }, 'invitation bounced');
  return {
    ...base,
    kind,
    status: rcpt.status,
    reason,
    note: res ? `bounced (${kind})` : `already ${row.status === 'BOUNCED' ? 'recorded as bounced' : row.status.toLowerCase()}`,
    bounced: res,
    contactMarkedBad: kind === 'hard',
  };
}
