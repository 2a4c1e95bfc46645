/**
 * Project facts from page text: name (a "PROJECT:" label or the cover's largest type), location and
 * US zip (a 5-digit zip next to a state abbreviation, preferring the project site over the
 * architect's or the bid-delivery address), and the bid due date.
 */
import zipcodes from 'zipcodes';
import type { PageText, PdfDocumentText } from '../pdf/types.js';
import type { ProjectFacts } from './types.js';

const STATES = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI'.split(' '),
);
const STATE_NAMES: Record<string, string> = {
  alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO', connecticut: 'CT', delaware: 'DE',
  florida: 'FL', georgia: 'GA', hawaii: 'HI', idaho: 'ID', illinois: 'IL', indiana: 'IN', iowa: 'IA', kansas: 'KS', kentucky: 'KY',
  louisiana: 'LA', maine: 'ME', maryland: 'MD', massachusetts: 'MA', michigan: 'MI', minnesota: 'MN', mississippi: 'MS',
  missouri: 'MO', montana: 'MT', nebraska: 'NE', nevada: 'NV', 'new hampshire': 'NH', 'new jersey': 'NJ', 'new mexico': 'NM',
  'new york': 'NY', 'north carolina': 'NC', 'north dakota': 'ND', ohio: 'OH', oklahoma: 'OK', oregon: 'OR', pennsylvania: 'PA',
  'rhode island': 'RI', 'south carolina': 'SC', 'south dakota': 'SD', tennessee: 'TN', texas: 'TX', utah: 'UT', vermont: 'VT',
  virginia: 'VA', washington: 'WA', 'west virginia': 'WV', wisconsin: 'WI', wyoming: 'WY',
};
const STATE_NAME_RE = Object.keys(STATE_NAMES).sort((a, b) => b.length - a.length).join('|');
const ZIP_RE = new RegExp(String.raw`(?:^|[\s,])([A-Za-z][A-Za-z .'-]{1,40}?)?,?\s*\b([A-Z]{2}|${STATE_NAME_RE})\.?,?\s+(\d{5})(?:-\d{4})?\b`, 'gi');

const SITE_WORDS = /\b(?:project|site|location|located|job|premises|facility|campus|inspection)\b/i;
const NOT_SITE_WORDS = /\b(?:architects?|engineers?|engineering|consult\w*|design|studio|inc|llc|ltd|p\.?c|suite|ste|p\.?\s?o\.?\s+box|mail\w*|deliver\w*|bids?|proposals?|office\s+of|attention|attn|submit\w*|phone|tel|fax|e-?mail)\b/i;
const PHONE = /\(\d{3}\)\s*\d{3}[-.\s]\d{4}|\b\d{3}[-.]\d{3}[-.]\d{4}\b/;

interface ZipCandidate {
  zip: string;
  state: string;
  city?: string;
  score: number;
  page: number;
}

function zipCandidates(page: PageText): ZipCandidate[] {
  const out: ZipCandidate[] = [];
  const lines = page.lines;
  lines.forEach((line, i) => {
    ZIP_RE.lastIndex = 0;
    for (let m = ZIP_RE.exec(line); m; m = ZIP_RE.exec(line)) {
      const rawState = m[2]!;
      const state = rawState.length === 2 ? rawState.toUpperCase() : STATE_NAMES[rawState.toLowerCase()];
      if (!state || !STATES.has(state)) continue;
      if (rawState.length === 2 && rawState !== rawState.toUpperCase()) continue; // "in 12345" is not Indiana
      const zip = m[3]!;
      const known = zipcodes.lookup(zip);
      if (known && known.state !== state) continue;
      const near = [lines[i - 2], lines[i - 1], line, lines[i + 1]].filter((l): l is string => l !== undefined).join(' ');
      const before = [lines[i - 1], line].filter((l): l is string => l !== undefined).join(' ');
      let score = -page.page * 0.05;
      if (SITE_WORDS.test(before)) score += 2;
      if (NOT_SITE_WORDS.test(line)) score -= 2;
      else if (NOT_SITE_WORDS.test(near)) score -= 1;
      if (PHONE.test(near)) score -= 1.5;
      out.push({ zip, state, city: known?.city ?? m[1]?.trim().split(/,\s*/).pop(), score, page: page.page });
    }
  });
  return out;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_RE = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const DATE_RE = new RegExp(
  String.raw`\b(?:${MONTH_RE}\.?\s+\d{1,2}(?:st|nd|rd|th)?[,.]?\s+\d{4}|\d{1,2}\s+${MONTH_RE}\.?,?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})\b`,
  'gi',
);

/** "April 15, 2025", "15 April 2025", "4/15/2025", "2025-04-15" → "2025-04-15"; undefined when not a real date. */
export function parseDate(text: string): string | undefined {
  const t = text.trim().toLowerCase().replace(/(\d)(st|nd|rd|th)\b/, '$1');
  let y: number | undefined;
  let mo: number | undefined;
  let d: number | undefined;
  let m = /^([a-z]+)\.?\s+(\d{1,2})[,.]?\s+(\d{4})$/.exec(t);
  if (m) [mo, d, y] = [MONTHS.indexOf(m[1]!.slice(0, 3)) + 1, Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$/.exec(t))) [d, mo, y] = [Number(m[1]), MONTHS.indexOf(m[2]!.slice(0, 3)) + 1, Number(m[3])];
  else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4})$/.exec(t))) [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3]!.length === 2 ? `20${m[3]}` : m[3])];
  else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!y || !mo || !d || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1) return undefined;
  return date.toISOString().slice(0, 10);
}

const BID_DUE = /\b(?:bids?|proposals?|quotes?|quotations?|submissions?|responses?|offers?|tenders?)\b[^.]{0,30}?\b(?:due|received|opened|opening|accepted|close|closing|deadline)\b|\bbid\s+opening\b|\bclosing\s+date\b|\bdeadline\s+for\s+(?:submission|proposals?|bids?)\b|\bdue\s+date\b/i;

function bidDueDate(doc: PdfDocumentText): string | undefined {
  let best: { date: string; score: number } | undefined;
  for (const page of doc.pages) {
    const lines = page.lines;
    for (let i = 0; i < lines.length; i++) {
      const window = [lines[i], lines[i + 1]].filter((l): l is string => l !== undefined).join(' ');
      const cue = BID_DUE.exec(window);
      if (!cue) continue;
      const after = window.slice(cue.index);
      const dates = [...after.matchAll(DATE_RE)].map((m) => ({ text: m[0], at: m.index }));
      if (dates.length === 0) continue;
      // "change bid due date from April 10 to April 15": the new date wins.
      const fromTo = /\bfrom\b/i.test(after.slice(0, dates[0]!.at)) && dates.length > 1 ? dates[1]! : dates[0]!;
      if (fromTo.at > 120) continue;
      const iso = parseDate(fromTo.text);
      if (!iso) continue;
      let score = 3 - page.page * 0.05 - fromTo.at / 100;
      if (/\bdue\b/i.test(cue[0])) score += 1;
      if (/\bopening\b/i.test(cue[0])) score -= 0.5;
      if (!best || score > best.score) best = { date: iso, score };
    }
  }
  return best?.date;
}

const GENERIC_TITLE = /^(?:construction\s+documents?|bid\s+documents?|issued\s+for\s+(?:bid|construction|bidding)|addendum.*|invitation\s+(?:for|to)\s+bids?|request\s+for\s+proposals?|table\s+of\s+contents|project\s+manual|specifications?|drawings?|title\s+sheet|cover\s+sheet|section\s+[\d ]+|document\s+[\d ]+|\d+%.*|not\s+for\s+construction|state\s+of\s+\w+|department\s+of\s+.*|general\s+notes?)$/i;

function projectName(doc: PdfDocumentText): string | undefined {
  for (const page of doc.pages.slice(0, 3)) {
    for (let i = 0; i < page.lines.length; i++) {
      const line = page.lines[i]!;
      const m = /^\s*(?:project(?:\s+name|\s+title)?|name\s+of\s+project|for)\s*[:\-–]\s*(.{3,100})$/i.exec(line);
      if (m) {
        const v = m[1]!.trim().replace(/\s{2,}.*$/, '');
        if (/[a-z]{3,}/i.test(v) && !/^[_\s.]+$/.test(v)) return tidy(v);
      }
    }
  }
  const first = doc.pages.find((p) => p.hasTextLayer && p.items.length > 0);
  if (first) {
    const name = coverTitle(first);
    if (name) return name;
  }
  const title = doc.info.title?.trim();
  if (title && !/^(?:microsoft|untitled|document\d*|\S+\.(?:dwg|pdf|docx?))/i.test(title) && /[a-z]{3,}/i.test(title)) return tidy(title);
  return undefined;
}

/** Owners and agencies ("UNIVERSITY OF …", "… SERVICES DIVISION") head covers too; they are not the project. */
const ORGANIZATION = /^(?:(?:the\s+)?(?:university|college|state|commonwealth|department|dept|town|city|county|village|district|office|board|government|province)\s+of\b)|\b(?:division|branch|department|ministry|authority|agency)$/i;
const PROJECT_WORDS = /\b(?:repairs?|renovations?|restoration|replacement|improvements?|addition|expansion|building|facility|center|centre|hall|lab|laboratory|theat(?:re|er)|library|school|station|park|road|street|bridge|campus|phase|remodel|upgrades?|construction|tenant|fit-?out|housing|apartments|clinic|hospital)\b/i;
const NOT_NAME_PART = /^\d+\s+[A-Za-z]|["()#:]|\b(?:date|bids?|due|addendum|document|section|sheet|project\s+no|issued|revision)\b/i;

/** The cover's title: large type, project words preferred over owner names, a short last line joined. */
function coverTitle(page: PageText): string | undefined {
  const rows = new Map<number, { text: string[]; size: number; y: number }>();
  for (const it of page.items) {
    if (!it.str.trim()) continue;
    const key = Math.round(it.y / Math.max(2, it.fontSize * 0.6));
    const row = rows.get(key) ?? { text: [], size: 0, y: it.y };
    row.text.push(it.str.trim());
    row.size = Math.max(row.size, it.fontSize);
    rows.set(key, row);
  }
  const ordered = [...rows.values()]
    .map((r) => ({ text: r.text.join(' ').replace(/\s+/g, ' ').trim(), size: r.size, y: r.y }))
    .sort((a, b) => a.y - b.y);
  const max = Math.max(0, ...ordered.map((r) => r.size));
  const usable = (r: { text: string }) => r.text.length >= 4 && r.text.length <= 100 && /[a-z]{3,}/i.test(r.text) && !GENERIC_TITLE.test(r.text);
  let best = -1;
  let bestScore = -Infinity;
  ordered.forEach((r, i) => {
    if (r.size < max * 0.5 || !usable(r)) return;
    let score = r.size / max;
    if (PROJECT_WORDS.test(r.text)) score += 0.5;
    if (ORGANIZATION.test(r.text)) score -= 0.6;
    if (NOT_NAME_PART.test(r.text) || /\d{3,}/.test(r.text)) score -= 0.3;
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  if (best < 0) return undefined;
  // A title set on two lines in the same type ("LILY HALL TEACHING LAB" / "RENOVATION").
  const same = (a: { size: number }, b: { size: number }) => Math.abs(a.size - b.size) <= a.size * 0.05;
  const joinable = (r: { text: string; size: number; y: number } | undefined, to: { size: number; y: number }): r is { text: string; size: number; y: number } =>
    r !== undefined && same(r, to) && Math.abs(r.y - to.y) < to.size * 2.2 && usable(r) && !ORGANIZATION.test(r.text) && !NOT_NAME_PART.test(r.text);
  const chosen = ordered[best]!;
  const parts = [chosen.text];
  const prev = ordered[best - 1];
  const next = ordered[best + 1];
  if (joinable(prev, chosen) && (chosen.text.length <= 25 || prev.text.length <= 25)) parts.unshift(prev.text);
  else if (joinable(next, chosen) && (chosen.text.length <= 25 || next.text.length <= 25)) parts.push(next.text);
  return tidy(parts.join(' '));
}

const tidy = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 120);

export function extractProjectFacts(doc: PdfDocumentText): ProjectFacts {
  const fact = <T>(value: T, page: number) => ({ value, page, source: 'text' as const });
  const facts: ProjectFacts = {
    name: null, owner: null, streetAddress: null, city: null, stateOrProvince: null, country: null,
    zipOrPostcode: null, projectNumber: null, architectOrEngineer: null, bidDue: null, preBidMeeting: null,
  };
  const name = projectName(doc);
  if (name) facts.name = fact(name, 1);
  const zips = doc.pages.slice(0, 20).flatMap(zipCandidates).sort((a, b) => b.score - a.score);
  const zip = zips[0];
  if (zip) {
    facts.zipOrPostcode = fact(zip.zip, zip.page);
    facts.stateOrProvince = fact(zip.state, zip.page);
    facts.country = fact('US', zip.page);
    if (zip.city) facts.city = fact(titleCase(zip.city), zip.page);
  }
  const due = bidDueDate(doc);
  if (due) facts.bidDue = fact({ date: due, time: null, timeZone: null, text: due }, 1);
  return facts;
}

const titleCase = (s: string) => s.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());
