/**
 * Authentication-Results (RFC 8601), read only from the server we trust.
 *
 * Why hand-written: mailauth (the maintained Node library) *verifies* DKIM/SPF/DMARC and *writes*
 * Authentication-Results, but does not export a parser for the headers a receiving server
 * stamped (its ARC code parses them internally, not as public API), and its current major needs
 * Node 22. What we need is small: the authserv-id and each `method=result` with its `header.*`
 * properties — comments and quoted strings aside — so this is a compact parser of that grammar.
 *
 * Trust rule (RFC 8601 §5, §7.1): only what the trusted server added on top of the message counts.
 * Everything the sender wrote — including an Authentication-Results header carrying our
 * authserv-id — lies below the Received line our server added when the message came in. So:
 * - the boundary is the topmost Received line whose `by` host is EMAIL_TRUSTED_AUTHSERV_ID
 *   (a server names itself there; no such line → nothing is trusted); `*.suffix` matches any host
 *   under it, for Microsoft 365, whose header has no authserv-id at all;
 * - the verdict is the single topmost Authentication-Results (or ARC-Authentication-Results,
 *   which Gmail seals above its Received line) with our authserv-id *above* that boundary.
 * A header directly under our Received line, or directly under the real one, never counts: the
 * first is the sender's by position, and of two stacked headers only the top one is ours.
 */

import { getDomain } from 'tldts';

export interface AuthResultEntry {
  method: string;
  result: string;
  reason?: string;
  /** `header.from`, `header.d`, `smtp.mailfrom` … lower-cased keys. */
  props: Record<string, string>;
}

export interface AuthResultsHeader {
  authservId: string;
  results: AuthResultEntry[];
}

/** Remove RFC 5322 comments (nested parentheses), respecting quoted strings and escapes. */
function stripComments(s: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      if (depth === 0) out += c + s[i + 1];
      i++;
      continue;
    }
    if (quoted) {
      out += c;
      if (c === '"') quoted = false;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) {
      if (c === '"') quoted = true;
      out += c;
    }
  }
  return out;
}

/** Split on `sep` outside quoted strings. */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === sep && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

const unquote = (v: string) => (v.startsWith('"') && v.endsWith('"') && v.length >= 2 ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v);

/** Parse one header value (without the field name). authservId is '' when the header has none (Microsoft 365). */
export function parseAuthenticationResults(value: string): AuthResultsHeader | undefined {
  const clean = stripComments(value.replace(/\r?\n[ \t]+/g, ' '));
  const parts = splitOutsideQuotes(clean, ';');
  // Microsoft 365 writes no authserv-id: the value starts with the first `method=result`.
  const idless = /^\s*[a-z0-9_-]+(?:\/\d+)?=/i.test(parts[0] ?? '');
  const [head, ...rest] = idless ? ['', ...parts] : parts;
  const authservId = head?.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!authservId && !idless) return undefined;
  const results: AuthResultEntry[] = [];
  for (const part of rest) {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    const first = tokens.shift();
    if (!first) continue;
    const m = /^([a-z0-9_-]+)(?:\/\d+)?=([a-z0-9_-]+)$/i.exec(first);
    if (!m) continue; // "none" (no results) or something unknown
    const entry: AuthResultEntry = { method: m[1]!.toLowerCase(), result: m[2]!.toLowerCase(), props: {} };
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const eq = t.indexOf('=');
      if (eq <= 0) continue;
      const key = t.slice(0, eq).toLowerCase();
      let val = t.slice(eq + 1);
      // A quoted value may have contained spaces: glue the tokens back until the closing quote.
      while (val.startsWith('"') && !(val.length > 1 && val.endsWith('"')) && i + 1 < tokens.length) val += ` ${tokens[++i]!}`;
      if (key === 'reason') entry.reason = unquote(val);
      else entry.props[key] = unquote(val);
    }
    results.push(entry);
  }
  return { authservId, results };
}

export interface HeaderLine {
  /** Lower-case field name. */
  key: string;
  /** The whole line as received ("Name: value", possibly folded). */
  line: string;
}

export interface SenderVerdict {
  pass: boolean;
  /** What decided it, for logs and the refusal message. */
  detail: string;
}

const valueOf = (h: HeaderLine) => h.line.slice(h.line.indexOf(':') + 1);

/** The host a Received line says received the message (`by <host>`), lower-case. */
export function receivedBy(value: string): string | undefined {
  const m = /(?:^|\s)by\s+([^\s;]+)/i.exec(stripComments(value.replace(/\r?\n[ \t]+/g, ' ')));
  return m?.[1]?.replace(/\.$/, '').toLowerCase();
}

/**
 * The organizational domain (the registrable domain under the Public Suffix List, private
 * section included, so two github.io sites are not one organization). Undefined for a bare
 * suffix such as `test` or `co.uk`, which never aligns with anything.
 */
export function organizationalDomain(domain: string): string | undefined {
  return getDomain(domain.trim().replace(/\.$/, '').toLowerCase(), { allowPrivateDomains: true }) ?? undefined;
}

/** DMARC relaxed alignment (RFC 7489 §3.1): both domains have the same organizational domain. */
export function alignedDomains(a: string, b: string): boolean {
  const x = organizationalDomain(a);
  return x !== undefined && x === organizationalDomain(b);
}

const domainOf = (addressOrDomain: string) => addressOrDomain.slice(addressOrDomain.lastIndexOf('@') + 1).trim().toLowerCase();

/**
 * The one Authentication-Results header the trusted server added, or why there is none
 * (see the trust rule at the top of this file).
 */
export function trustedAuthResults(headers: HeaderLine[], trustedAuthservId: string): AuthResultsHeader | { missing: string } {
  const trusted = trustedAuthservId.trim().toLowerCase();
  // "*.protection.outlook.com": a provider whose entry hosts vary and whose header carries no
  // authserv-id (Microsoft 365) — its Received line names a host under the suffix.
  const suffix = trusted.startsWith('*.') ? trusted.slice(1) : undefined;
  const ours = (host: string | undefined) => (suffix ? Boolean(host?.endsWith(suffix)) : host === trusted);
  const boundary = headers.findIndex((h) => h.key === 'received' && ours(receivedBy(valueOf(h))));
  if (boundary < 0) return { missing: `no Received line by ${trusted} (the trusted server) in the message` };
  for (const h of headers.slice(0, boundary)) {
    if (h.key !== 'authentication-results' && h.key !== 'arc-authentication-results') continue;
    // ARC-Authentication-Results starts with its instance tag: "i=1; authserv-id; …".
    const value = h.key === 'arc-authentication-results' ? valueOf(h).replace(/^\s*i\s*=\s*\d+\s*;/i, '') : valueOf(h);
    const parsed = parseAuthenticationResults(value);
    if (parsed && (suffix ? parsed.authservId === '' || ours(parsed.authservId) : parsed.authservId === trusted)) return parsed;
  }
  return { missing: `no Authentication-Results from ${trusted} above its Received line` };
}

/**
 * Did the trusted server say the From address is authentic? Its verdict must be dmarc=pass for
 * exactly the From domain (`header.from`), or — when the domain publishes no DMARC policy
 * (dmarc=none, or no dmarc result) — a dkim=pass (`header.d`) or spf=pass (`smtp.mailfrom`)
 * whose organizational domain is the From address's. Any other DMARC result is a failure.
 */
export function trustedSenderVerdict(headers: HeaderLine[], trustedAuthservId: string, fromAddress: string): SenderVerdict {
  const trusted = trustedAuthservId.trim().toLowerCase();
  const fromDomain = domainOf(fromAddress);
  const found = trustedAuthResults(headers, trusted);
  if ('missing' in found) return { pass: false, detail: found.missing };
  const all = found.results;
  const dmarc = all.find((r) => r.method === 'dmarc');
  if (dmarc?.result === 'pass') {
    const headerFrom = dmarc.props['header.from']?.toLowerCase();
    if (headerFrom === fromDomain) return { pass: true, detail: `dmarc=pass from ${trusted}` };
    return { pass: false, detail: headerFrom ? `dmarc=pass from ${trusted} is for ${headerFrom}, not ${fromDomain}` : `dmarc=pass from ${trusted} names no header.from` };
  }
  if (dmarc && dmarc.result !== 'none') return { pass: false, detail: `dmarc=${dmarc.result} from ${trusted}` };
  const dkim = all.find((r) => r.method === 'dkim' && r.result === 'pass' && r.props['header.d'] && alignedDomains(r.props['header.d'], fromDomain));
  if (dkim) return { pass: true, detail: `dkim=pass (d=${dkim.props['header.d']}) from ${trusted}` };
  const spf = all.find((r) => r.method === 'spf' && r.result === 'pass' && r.props['smtp.mailfrom'] && alignedDomains(domainOf(r.props['smtp.mailfrom']), fromDomain));
  if (spf) return { pass: true, detail: `spf=pass (mailfrom ${domainOf(spf.props['smtp.mailfrom']!)}) from ${trusted}` };
  return { pass: false, detail: `no passing DMARC, or DKIM/SPF aligned with ${fromDomain}, from ${trusted}` };
}
