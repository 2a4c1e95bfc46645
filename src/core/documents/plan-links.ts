import { lookup as dnsLookup } from 'node:dns/promises';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Parser } from 'htmlparser2';
import ipaddr from 'ipaddr.js';
import { AppError } from '../errors.js';

/** A link found in a message, and what kind of place it points at. */
export interface PlanLink {
  url: string;
  /** 'share': a public file share or a direct file URL (fetched); 'login': a plan room that needs a sign-in. */
  kind: 'share' | 'login';
  /** "Dropbox", "Google Drive", "BuildingConnected", "a web address" … */
  service: string;
}

export interface LinkFetchLimits {
  maxBytes: number;
  /** Whole download, redirects included. */
  timeoutMs: number;
  maxRedirects: number;
  /** Hosts that may resolve to private addresses (PLAN_LINK_ALLOWED_HOSTS). */
  allowedHosts: string[];
}

export const DEFAULT_LINK_LIMITS = { timeoutMs: 120_000, maxRedirects: 5 };
/** Links fetched from one message; more are listed as skipped. */
export const MAX_LINKS_PER_MESSAGE = 10;

/**
 * Sites whose project files are behind a sign-in: a link to one is answered, never fetched. Named
 * as services (like the address-book formats), matched on the registrable host.
 */
const LOGIN_ROOMS: { host: RegExp; service: string }[] = [
  { host: /(^|\.)buildingconnected\.com$/, service: 'BuildingConnected' },
  { host: /(^|\.)procore\.com$/, service: 'Procore' },
  { host: /(^|\.)planhub\.com$/, service: 'PlanHub' },
  { host: /(^|\.)isqft\.com$|(^|\.)constructconnect\.com$/, service: 'ConstructConnect' },
  { host: /(^|\.)smartbidnet\.com$/, service: 'SmartBid' },
  { host: /(^|\.)pipelinesuite\.com$/, service: 'Pipeline Suite' },
  { host: /(^|\.)bluebeam\.com$/, service: 'Bluebeam Studio' },
  { host: /(^|\.)autodesk\.com$/, service: 'Autodesk Construction Cloud' },
];

// An IPv6 literal host keeps its brackets; elsewhere a closing bracket ends the link.
const URL_RE = /\bhttps?:\/\/(?:\[[0-9a-f:.]+\])?[^\s<>"'`)\]}]*/gi;

/**
 * The plan links in a message's text: file shares (Dropbox, Box, Google Drive, OneDrive /
 * SharePoint), direct links to a .pdf or .zip, and sign-in plan rooms. Any other web address (a
 * signature's website, a map) is not a plan link and is left alone.
 */
export function findPlanLinks(text: string): PlanLink[] {
  const out = new Map<string, PlanLink>();
  for (const m of text.matchAll(URL_RE)) {
    const raw = m[0].replace(/[.,;:!?]+$/, '');
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    const host = url.hostname.toLowerCase();
    const room = LOGIN_ROOMS.find((r) => r.host.test(host));
    const service = room?.service ?? shareService(url);
    const direct = /\.(pdf|zip)$/i.test(url.pathname);
    if (!room && !service && !direct) continue;
    out.set(url.href, { url: url.href, kind: room ? 'login' : 'share', service: room?.service ?? service ?? 'a web address' });
  }
  return [...out.values()];
}

function shareService(url: URL): string | undefined {
  const h = url.hostname.toLowerCase();
  if (/(^|\.)dropbox\.com$/.test(h)) return 'Dropbox';
  if (/(^|\.)box\.com$/.test(h)) return 'Box';
  if (h === 'drive.google.com' || h === 'docs.google.com') return 'Google Drive';
  if (h === '1drv.ms' || /(^|\.)onedrive\.live\.com$/.test(h)) return 'OneDrive';
  if (/\.sharepoint\.com$/.test(h)) return 'SharePoint';
  return undefined;
}

/** The address that downloads the file itself rather than the share's web page. */
export function directDownloadUrl(link: string): string {
  const url = new URL(link);
  const h = url.hostname.toLowerCase();
  if (/(^|\.)dropbox\.com$/.test(h)) {
    url.searchParams.set('dl', '1');
    return url.href;
  }
  if (/(^|\.)box\.com$/.test(h)) {
    const id = /^\/s\/([A-Za-z0-9]+)/.exec(url.pathname)?.[1];
    return id ? `${url.origin}/shared/static/${id}` : url.href;
  }
  if (h === 'drive.google.com' || h === 'docs.google.com') {
    const id = /\/d\/([\w-]{10,})/.exec(url.pathname)?.[1] ?? url.searchParams.get('id');
    return id ? `https://drive.google.com/uc?export=download&id=${encodeURIComponent(id)}` : url.href;
  }
  if (h === '1drv.ms' || /(^|\.)onedrive\.live\.com$/.test(h)) {
    // OneDrive's documented share API: u! + base64url of the sharing URL.
    return `https://api.onedrive.com/v1.0/shares/u!${Buffer.from(link).toString('base64url')}/root/content`;
  }
  if (/\.sharepoint\.com$/.test(h)) {
    url.searchParams.set('download', '1');
    return url.href;
  }
  return url.href;
}

const bareHost = (host: string) => host.replace(/^\[|\]$/g, '').toLowerCase();

/** Why an address may not be fetched from, or null for a public unicast address. */
export function nonPublicReason(address: string): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address);
  } catch {
    return 'not an IP address';
  }
  // ::ffff:10.0.0.1 is 10.0.0.1: judge the IPv4 address inside.
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  // Everything but plain public unicast: loopback, private, link-local (cloud metadata at
  // 169.254.169.254), carrier-grade NAT, unique-local, multicast, reserved, NAT64, 6to4, Teredo …
  return range === 'unicast' ? null : range;
}

/**
 * A `lookup` for http(s).request that resolves the name, refuses it if any address is not public
 * (unless the host is allowed), and hands the socket the very address it checked — there is no
 * second resolution a rebinding DNS server could answer differently.
 */
function guardedLookup(host: string, allowed: boolean): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (err: NodeJS.ErrnoException | null, address: string | { address: string; family: number }[], family?: number) => void) => {
    dnsLookup(hostname, { all: true, verbatim: true })
      .then((addrs) => {
        if (addrs.length === 0) throw new Error(`${host} has no address`);
        if (!allowed) {
          const bad = addrs.find((a) => nonPublicReason(a.address));
          if (bad) throw refusedAddress(host, bad.address);
        }
        const first = addrs[0]!;
        if (options.all) callback(null, [first]);
        else callback(null, first.address, first.family);
      })
      .catch((e: NodeJS.ErrnoException) => callback(e, '', 4));
  }) as unknown as LookupFunction;
}

function refusedAddress(host: string, address: string): AppError {
  return new AppError('PLAN_LINK_REFUSED', `${host} resolves to ${address} (${nonPublicReason(address)})`, {
    userMessage: `points at a private or internal address (${host} → ${address}), which I do not fetch from. Share the files with a public file-share link, or attach them.`,
    details: { host, address },
  });
}

export interface FetchedFile {
  path: string;
  /** The file name the server gave (Content-Disposition) or the last path segment. */
  name: string;
  contentType: string | null;
  bytes: number;
  finalUrl: string;
}

/**
 * Download one plan link to `dest`: the share's direct-download address, redirects followed up to
 * a limit (each one checked again), at most `maxBytes`, within `timeoutMs`. Only public addresses
 * unless the host is in `allowedHosts`, checked after DNS resolution on every hop.
 */
export async function fetchPlanLink(link: string, dest: string, limits: LinkFetchLimits): Promise<FetchedFile> {
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  let url = new URL(directDownloadUrl(link));
  let confirmed = false;
  for (let hop = 0; ; hop++) {
    const res = await request(url, limits, deadline);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= limits.maxRedirects) throw new AppError('PLAN_LINK_FAILED', `too many redirects from ${link}`, { userMessage: `redirected more than ${limits.maxRedirects} times without reaching a file. Attach the files instead.` });
      url = new URL(res.headers.location, url);
      continue;
    }
    if (status === 401 || status === 403) {
      res.resume();
      throw new AppError('PLAN_LINK_REFUSED', `${url.host} answered ${status}`, { userMessage: `needs a sign-in or permission (the server answered ${status}). Share it with "anyone with the link", or download the files and attach them.` });
    }
    if (status !== 200) {
      res.resume();
      throw new AppError('PLAN_LINK_FAILED', `${url.host} answered ${status}`, { userMessage: `could not be downloaded (the server answered ${status}). Check the link, or attach the files.` });
    }
    const declared = Number(res.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      res.destroy();
      throw tooBig(limits.maxBytes);
    }
    if (!confirmed && /^text\/html\b/i.test(res.headers['content-type'] ?? '')) {
      // A share too large for its virus scan (Google Drive over ~100 MB) answers with a page whose
      // "Download anyway" form leads to the file. Followed once, as one more checked hop.
      const page = await readCapped(res, MAX_CONFIRM_PAGE_BYTES, deadline, limits);
      const next = confirmationFormUrl(page.toString('utf8'), url);
      if (next) {
        if (hop >= limits.maxRedirects) throw new AppError('PLAN_LINK_FAILED', `too many redirects from ${link}`, { userMessage: `redirected more than ${limits.maxRedirects} times without reaching a file. Attach the files instead.` });
        confirmed = true;
        url = next;
        continue;
      }
      await writeFile(dest, page, { mode: 0o600 });
      return { path: dest, name: fileNameOf(res.headers['content-disposition'], url), contentType: res.headers['content-type'] ?? null, bytes: page.length, finalUrl: url.href };
    }
    let bytes = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > limits.maxBytes) done(tooBig(limits.maxBytes));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(res, cap, createWriteStream(dest, { mode: 0o600 }), { signal: deadline });
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw timedOutOr(e, limits);
    }
    return { path: dest, name: fileNameOf(res.headers['content-disposition'], url), contentType: res.headers['content-type'] ?? null, bytes, finalUrl: url.href };
  }
}

/** A confirmation page is a few KB; more is not one. */
const MAX_CONFIRM_PAGE_BYTES = 512 * 1024;

async function readCapped(res: http.IncomingMessage, max: number, signal: AbortSignal, limits: LinkFetchLimits): Promise<Buffer> {
  const parts: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of res.iterator({ destroyOnReturn: true })) {
      if (signal.aborted) throw signal.reason;
      bytes += (chunk as Buffer).length;
      parts.push(chunk as Buffer);
      if (bytes > max) break;
    }
  } catch (e) {
    throw timedOutOr(e, limits);
  }
  return Buffer.concat(parts).subarray(0, max);
}

/**
 * The address a file share's "download anyway" page sends the browser to: its GET form with id
 * `download-form`, or any GET form carrying a hidden `confirm` field, with the form's hidden fields
 * as the query. Null when the page has no such form. Parsed with htmlparser2 (tolerant of the
 * unclosed tags such pages have), not with patterns.
 */
export function confirmationFormUrl(html: string, base: URL): URL | null {
  interface Form { id: string; action: string; method: string; fields: [string, string][] }
  const forms: Form[] = [];
  let open: Form | undefined;
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'form') forms.push((open = { id: attrs.id ?? '', action: attrs.action ?? '', method: (attrs.method ?? 'get').toLowerCase(), fields: [] }));
      else if (name === 'input' && open && (attrs.type ?? '').toLowerCase() === 'hidden' && attrs.name) open.fields.push([attrs.name, attrs.value ?? '']);
    },
    onclosetag(name) {
      if (name === 'form') open = undefined;
    },
  }, { decodeEntities: true });
  parser.end(html);
  const form = forms.find((f) => f.method === 'get' && (f.id === 'download-form' || f.fields.some(([n]) => n === 'confirm')));
  if (!form) return null;
  let next: URL;
  try {
    next = new URL(form.action || base.href, base);
  } catch {
    return null;
  }
  next.search = '';
  for (const [n, v] of form.fields) next.searchParams.append(n, v);
  return next;
}

async function request(url: URL, limits: LinkFetchLimits, signal: AbortSignal): Promise<http.IncomingMessage> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('PLAN_LINK_REFUSED', `scheme ${url.protocol}`, { userMessage: `uses ${url.protocol}, which I do not fetch. Send an https link or attach the files.` });
  }
  const host = bareHost(url.hostname);
  const allowed = limits.allowedHosts.includes(host);
  if (!allowed) {
    // Said first, so the sender learns the real reason; the connection below checks again and
    // connects to the very address it checked.
    if (isIP(host)) {
      if (nonPublicReason(host)) throw refusedAddress(host, host);
    } else {
      const bad = (await dnsLookup(host, { all: true, verbatim: true }).catch(() => [])).find((a) => nonPublicReason(a.address));
      if (bad) throw refusedAddress(host, bad.address);
    }
    // Plain http only for hosts named in PLAN_LINK_ALLOWED_HOSTS (an intranet, a test server).
    if (url.protocol === 'http:') throw new AppError('PLAN_LINK_REFUSED', `plain http to ${host}`, { userMessage: 'is a plain http address; I fetch plans over https only. Send the https link or attach the files.' });
  }
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(url, { agent: false, lookup: guardedLookup(host, allowed), signal, headers: { 'user-agent': 'RedButton/plan-link', accept: 'application/pdf, application/zip, */*' } }, resolve);
    req.on('error', (e) => reject(e instanceof AppError ? e : timedOutOr(e, limits)));
  });
}

function timedOutOr(e: unknown, limits: LinkFetchLimits): AppError {
  const err = e as NodeJS.ErrnoException;
  if (err?.name === 'AbortError' || err?.name === 'TimeoutError' || err?.code === 'ABORT_ERR') {
    return new AppError('PLAN_LINK_FAILED', 'download timed out', { userMessage: `took longer than ${Math.round(limits.timeoutMs / 1000)} s to download. Attach the files, or send a smaller set.` });
  }
  // The guarded lookup's refusal arrives wrapped by the socket layer.
  if (err instanceof AppError) return err;
  return new AppError('PLAN_LINK_FAILED', `download failed: ${err?.message ?? String(e)}`, { userMessage: `could not be downloaded (${(err?.code ?? err?.message ?? 'network error').slice(0, 80)}). Check the link, or attach the files.` });
}

const tooBig = (max: number) => new AppError('PLAN_LINK_FAILED', `download over ${max} bytes`, { userMessage: `is larger than ${(max / 1e6).toFixed(0)} MB, the most I download from a link. Split the set and share the parts.` });

function fileNameOf(disposition: string | undefined, url: URL): string {
  const star = disposition ? /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1] : undefined;
  const plain = disposition ? /filename\s*=\s*"?([^";]+)"?/.exec(disposition)?.[1] : undefined;
  let name = star ? safeDecode(star) : plain;
  if (!name) name = safeDecode(url.pathname.split('/').filter(Boolean).pop() ?? '') || url.hostname;
  return [...name].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch)).join('').slice(0, 200);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
