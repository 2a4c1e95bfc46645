/**
 * Authentication-Results (RFC 8601), read only from the server we trust.
 *
 * Why hand-written: mailauth (the maintained Node library) *verifies* DKIM/SPF/DMARC and *writes*
 * Authentication-Results, but does not export a parser for the headers a receiving server
 * stamped (its ARC code parses them internally, not as public API), and its current major needs
 * Node 22. What we need is small: the authserv-id and each `method=result` with its `header.*`
 * properties — comments and quoted strings aside — so this is a compact parser of that grammar.
 *
 * Trust rule: only the topmost Authentication-Results header(s) count, and only when their
 * authserv-id is EMAIL_TRUSTED_AUTHSERV_ID. The trusted server prepends its header(s) when the
 * message arrives; anything below (added by earlier hops, or forged by the sender, even with
 * our authserv-id) is ignored. The run of trusted headers ends at the first header with another
 * authserv-id or at the first Received header after it (the previous hop).
 */

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

/** Parse one header value (without the field name). Undefined when it has no authserv-id. */
export function parseAuthenticationResults(value: string): AuthResultsHeader | undefined {
  const clean = stripComments(value.replace(/\r?\n[ \t]+/g, ' '));
  const [head, ...rest] = splitOutsideQuotes(clean, ';');
  const authservId = head?.trim().split(/\s+/)[0]?.toLowerCase();
  if (!authservId) return undefined;
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

/** Organizational-domain alignment, simplified: equal, or one a subdomain of the other. */
function aligned(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

/**
 * Did the trusted server say the From domain is authentic? dmarc=pass (with header.from, when
 * given, equal to the From domain) or, with no DMARC result, a dkim=pass whose header.d aligns
 * with the From domain. Any dmarc=fail in the trusted headers is a failure.
 */
export function trustedSenderVerdict(headers: HeaderLine[], trustedAuthservId: string, fromAddress: string): SenderVerdict {
  const trusted = trustedAuthservId.trim().toLowerCase();
  const fromDomain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase();
  const run: AuthResultsHeader[] = [];
  let started = false;
  for (const h of headers) {
    if (h.key === 'received' && started) break;
    if (h.key !== 'authentication-results') continue;
    const value = h.line.slice(h.line.indexOf(':') + 1);
    const parsed = parseAuthenticationResults(value);
    if (!parsed || parsed.authservId !== trusted) break; // the topmost is not ours: nothing counts
    started = true;
    run.push(parsed);
  }
  if (run.length === 0) return { pass: false, detail: `no Authentication-Results from ${trusted} at the top of the message` };
  const all = run.flatMap((r) => r.results);
  const dmarc = all.filter((r) => r.method === 'dmarc');
  if (dmarc.some((r) => r.result !== 'pass')) return { pass: false, detail: `dmarc=${dmarc.find((r) => r.result !== 'pass')!.result} from ${trusted}` };
  const dmarcPass = dmarc.find((r) => r.result === 'pass' && (!r.props['header.from'] || r.props['header.from'].toLowerCase() === fromDomain));
  if (dmarcPass) return { pass: true, detail: `dmarc=pass from ${trusted}` };
  if (dmarc.length > 0) return { pass: false, detail: `dmarc=pass from ${trusted} is for another domain than ${fromDomain}` };
  const dkim = all.find((r) => r.method === 'dkim' && r.result === 'pass' && r.props['header.d'] && aligned(r.props['header.d'], fromDomain));
  if (dkim) return { pass: true, detail: `dkim=pass (d=${dkim.props['header.d']}) from ${trusted}` };
  return { pass: false, detail: `no passing DMARC or aligned DKIM result from ${trusted}` };
}
