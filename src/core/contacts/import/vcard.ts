import vCard from 'vcf';
import { decode as decodeQuotedPrintable } from 'libqp';
import { AppError } from '../../errors.js';
import type { SourceRecord, SourceTable } from './source.js';

/**
 * vCard files (.vcf, versions 2.1, 3.0 and 4.0 — what Outlook, Apple Contacts, Google and phones
 * export), parsed with the `vcf` package: ORG, FN/N, EMAIL, TEL, ADR's postal code, CATEGORIES, URL.
 */
export function readVcards(text: string): SourceTable {
  let cards: vCard[];
  try {
    cards = vCard.parse(joinQuotedPrintableLines(text.replace(/\r?\n/g, '\r\n')));
  } catch (e) {
    throw new AppError('IMPORT_INVALID', `vCard could not be parsed: ${(e as Error).message}`, {
      cause: e,
      userMessage: `The vCard file could not be read (${(e as Error).message}). Export the contacts again as vCard (.vcf) and import that file.`,
    });
  }
  const records = cards.map((card, i) => recordOf(card, `card ${i + 1}`));
  return { format: 'vcard', records, ignoredColumns: [], notes: [] };
}

type JProp = [name: string, params: Record<string, string | string[]>, type: string, ...values: unknown[]];

function recordOf(card: vCard, ref: string): SourceRecord {
  const props = (card.toJSON()[1] as unknown as JProp[]).map((p) => ({ name: p[0], params: p[1], values: p.slice(3).map((v) => decodeValue(v, p[1])) }));
  const all = (name: string) => props.filter((p) => p.name === name);
  const text = (name: string) => all(name).map((p) => first(p.values)).filter(Boolean);
  const n = all('n')[0]?.values[0];
  const nameParts = Array.isArray(n) ? [n[1], n[2], n[0]].map((s) => unescapeText(String(s ?? ''))).filter(Boolean) : [];
  const org = text('org')[0];
  const adr = all('adr').map((p) => p.values[0]).find((v): v is string[] => Array.isArray(v) && Boolean(v[5]));
  return {
    ref: `${ref}${text('fn')[0] ? ` (${unescapeText(text('fn')[0]!)})` : ''}`,
    company: org ? unescapeText(splitUnescaped(org, ';')[0] ?? '') || undefined : undefined,
    person: text('fn').map(unescapeText)[0] ?? (nameParts.join(' ') || undefined),
    emails: text('email').map(unescapeText),
    phones: text('tel').map((t) => unescapeText(t).replace(/^tel:/i, '')),
    tags: all('categories').flatMap((p) => p.values.flatMap((v) => splitUnescaped(String(v), ',').map(unescapeText))),
    zip: adr ? unescapeText(String(adr[5])) : undefined,
    website: text('url').map(unescapeText)[0],
  };
}

const first = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '')).trim();

/** vCard 2.1 (Outlook) may send values QUOTED-PRINTABLE, in a CHARSET. */
function decodeValue(v: unknown, params: Record<string, string | string[]>): unknown {
  const enc = [params.encoding, params.type].flat().filter(Boolean).map((s) => String(s).toLowerCase());
  if (!enc.includes('quoted-printable')) return v;
  const charset = typeof params.charset === 'string' ? params.charset : 'utf-8';
  const decode = (s: unknown) => {
    try {
      return new TextDecoder(charset).decode(decodeQuotedPrintable(String(s ?? '')));
    } catch (_e) {
      return new TextDecoder('utf-8').decode(decodeQuotedPrintable(String(s ?? '')));
    }
  };
  return Array.isArray(v) ? v.map(decode) : decode(v);
}

/**
 * A quoted-printable value continues on the next line after a trailing "=" (a soft line break,
 * vCard 2.1 §2.1.3), which a line-based vCard parser would read as a new property: join them first.
 */
function joinQuotedPrintableLines(text: string): string {
  const lines = text.split('\r\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (/^[^:]*quoted-printable[^:]*:/i.test(line)) {
      while (line.endsWith('=') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!;
    }
    out.push(line);
  }
  return out.join('\r\n');
}

function splitUnescaped(s: string, sep: ',' | ';'): string[] {
  return s.split(sep === ',' ? /(?<!\\),/ : /(?<!\\);/).map((p) => p.trim()).filter(Boolean);
}

function unescapeText(s: string): string {
  return s.replace(/\\([\\,;nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? ' ' : c)).trim();
}
