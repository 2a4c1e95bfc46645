import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../core/errors.js';

/**
 * The per-job reply key in the Reply-To plus-address: `plans+<key>@host`. The key is the job id
 * (32 lower-case hex, dashes dropped) followed by 16 base32 characters of HMAC-SHA256 over
 * `email-reply:<id>` with the app secret, so nobody without the secret can make a key for a job,
 * and a key for one job says nothing about another. Only lower-case letters and digits: mail
 * systems may change the case of local parts, so keys are compared case-insensitively.
 * "plans+" + 48 characters stays under the 64-character local-part limit.
 */
const PURPOSE = 'email-reply';
const SIG_CHARS = 16;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const KEY_RE = /^([0-9a-f]{32})([a-z2-7]{16})$/;

function base32(buf: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function signature(secret: Buffer, hexId: string): string {
  return base32(createHmac('sha256', secret).update(`${PURPOSE}:${hexId}`).digest()).slice(0, SIG_CHARS);
}

const hexOf = (jobId: string) => jobId.replace(/-/g, '').toLowerCase();
const uuidOf = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

export function replyKey(secret: Buffer, jobId: string): string {
  const hex = hexOf(jobId);
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new AppError('INTERNAL', `job id ${jobId} is not a UUID`);
  return `${hex}${signature(secret, hex)}`;
}

/** The job a key names, or undefined when it is malformed or its signature is wrong. */
export function jobIdFromReplyKey(secret: Buffer, key: string): string | undefined {
  const m = KEY_RE.exec(key.trim().toLowerCase());
  if (!m) return undefined;
  const expected = Buffer.from(signature(secret, m[1]!));
  const given = Buffer.from(m[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return uuidOf(m[1]!);
}

/** Split `local@domain`, lower-cased. */
export function splitAddress(address: string): { local: string; domain: string } | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  return { local: address.slice(0, at).toLowerCase(), domain: address.slice(at + 1).toLowerCase() };
}

/** `plans@host` + key → `plans+<key>@host` (any plus-part already in the inbound address is replaced). */
export function replyAddress(inbound: string, key: string): string {
  const parts = splitAddress(inbound);
  if (!parts) throw new AppError('MAIL_CONFIG', `REDBUTTON_INBOUND_ADDRESS ${inbound} is not an address`, { userMessage: `REDBUTTON_INBOUND_ADDRESS "${inbound}" is not an e-mail address.` });
  return `${parts.local.split('+')[0]}+${key}@${parts.domain}`;
}

/**
 * The job named by a valid reply key in any of these addresses (To, Cc, Delivered-To …). Only
 * addresses at the inbound mailbox (same local base and domain) count when it is configured.
 */
export function findReplyKey(secret: Buffer, inbound: string | undefined, addresses: string[]): { jobId: string; key: string } | undefined {
  const base = inbound ? splitAddress(inbound) : undefined;
  for (const a of addresses) {
    const parts = splitAddress(a.trim());
    if (!parts) continue;
    const plus = parts.local.indexOf('+');
    if (plus < 0) continue;
    if (base && (parts.domain !== base.domain || parts.local.slice(0, plus) !== base.local.split('+')[0])) continue;
    const key = parts.local.slice(plus + 1);
    const jobId = jobIdFromReplyKey(secret, key);
    if (jobId) return { jobId, key };
  }
  return undefined;
}
