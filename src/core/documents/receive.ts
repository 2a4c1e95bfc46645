import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobRow } from '../records.js';
import { AppError, isAppError } from '../errors.js';
import { logger as rootLogger, type Logger } from '../log.js';
import type { JobIntake, SubmitPackage } from '../pipeline/intake.js';
import { DEFAULT_LINK_LIMITS, MAX_LINKS_PER_MESSAGE, fetchPlanLink, findPlanLinks, type LinkFetchLimits } from './plan-links.js';
import { DEFAULT_UNPACK_LIMITS, PackageUnpacker, mb, sniff, type ReceivedFile, type SkippedItem, type UnpackLimits } from './unpack.js';

/** Everything that arrived together: one e-mail, one Slack message, one upload, one command. */
export interface ReceivedPackage extends Omit<SubmitPackage, 'documents'> {
  files: ReceivedFile[];
  /** The message's own text: plan links in it are fetched (or answered, for sign-in plan rooms). */
  text?: string;
}

/** What the sender is told once per package: what was taken and what was not, and why. */
export interface PackageReport {
  taken: { name: string; bytes: number; pages: number | null }[];
  skipped: SkippedItem[];
  /** Links to plan rooms that need a sign-in: named, never fetched. */
  loginLinks: { url: string; service: string }[];
  /** Links fetched (their files are among `taken` or `skipped`). */
  fetchedLinks: { url: string; service: string }[];
}

export interface ReceivedResult {
  /** The job made of the package, or none when nothing in it was a usable PDF. */
  job: JobRow | null;
  report: PackageReport;
  /** Why no job was made (no PDF, or the intake refused the package, e.g. the same package again). */
  error?: AppError;
}

export interface PackageIntakeOptions {
  unpack: UnpackLimits;
  links: Omit<LinkFetchLimits, 'maxBytes'> & { maxBytes?: number };
  logger?: Logger;
}

/** Limits from the configuration (PDF_MAX_BYTES, PLAN_LINK_ALLOWED_HOSTS) and the defaults. */
export function packageLimits(config: { PDF_MAX_BYTES: number; PLAN_LINK_ALLOWED_HOSTS: string[] }): PackageIntakeOptions {
  return {
    unpack: { ...DEFAULT_UNPACK_LIMITS, maxPdfBytes: config.PDF_MAX_BYTES },
    links: { ...DEFAULT_LINK_LIMITS, allowedHosts: config.PLAN_LINK_ALLOWED_HOSTS },
  };
}

/**
 * One bid package, however it arrives: the files (PDFs, ZIP archives, Outlook winmail.dat and
 * .msg, whatever their declared type) and the plan links of one message become ONE job of all the
 * PDFs found, with a report of what was taken and what was skipped and why. Nothing is lost
 * silently: every file, entry and link not taken is in `report.skipped` or `report.loginLinks`.
 */
export class PackageIntake {
  private readonly log: Logger;

  constructor(
    private readonly intake: JobIntake,
    private readonly opts: PackageIntakeOptions,
  ) {
    this.log = opts.logger ?? rootLogger;
  }

  async submit(input: ReceivedPackage): Promise<ReceivedResult> {
    const work = await mkdtemp(join(tmpdir(), 'rb-package-'));
    try {
      const report: PackageReport = { taken: [], skipped: [], loginLinks: [], fetchedLinks: [] };
      const files = [...input.files];
      const links = findPlanLinks(input.text ?? '');
      await this.fetchLinks(links, work, files, report);
      const unpacker = new PackageUnpacker(join(work, 'unpacked'), this.opts.unpack, this.log);
      const unpacked = await unpacker.unpack(files);
      // Links inside attached Outlook messages count too (once; not recursively into their files).
      const more = unpacked.texts.flatMap((t) => findPlanLinks(t)).filter((l) => !links.some((k) => k.url === l.url));
      if (more.length) {
        const extra: ReceivedFile[] = [];
        await this.fetchLinks(more, work, extra, report);
        const inner = await new PackageUnpacker(join(work, 'unpacked-links'), this.opts.unpack, this.log).unpack(extra);
        unpacked.documents.push(...inner.documents);
        unpacked.skipped.push(...inner.skipped);
      }
      report.skipped.unshift(...unpacked.skipped);
      const { maxDocuments } = this.opts.unpack;
      const documents = unpacked.documents.slice(0, maxDocuments);
      for (const d of unpacked.documents.slice(maxDocuments)) report.skipped.push({ name: d.name, reason: `a package holds at most ${maxDocuments} PDFs; send the rest as another package.` });
      for (const d of documents) {
        const bytes = (await stat(d.path)).size;
        report.taken.push({ name: d.name, bytes, pages: bytes <= 50_000_000 ? quickPageCount(await readFile(d.path)) ?? null : null });
      }
      if (documents.length === 0) return { job: null, report, error: noPdfError(report) };
      const { files: _files, text: _text, ...rest } = input;
      try {
        const job = await this.intake.submitPackage({ ...rest, documents });
        this.log.info({ jobId: job.jobId, documents: documents.length, skipped: report.skipped.length, links: report.fetchedLinks.length }, 'package received');
        return { job, report };
      } catch (e) {
        if (!isAppError(e)) throw e;
        return { job: null, report, error: e };
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private async fetchLinks(links: ReturnType<typeof findPlanLinks>, work: string, files: ReceivedFile[], report: PackageReport): Promise<void> {
    let fetched = 0;
    for (const link of links) {
      if (link.kind === 'login') {
        report.loginLinks.push({ url: link.url, service: link.service });
        continue;
      }
      if (fetched >= MAX_LINKS_PER_MESSAGE) {
        report.skipped.push({ name: link.url, reason: `I fetch at most ${MAX_LINKS_PER_MESSAGE} links per message; attach the rest or send them in another message.` });
        continue;
      }
      fetched += 1;
      try {
        const got = await fetchPlanLink(link.url, join(work, `link-${fetched}.bin`), { maxBytes: this.opts.links.maxBytes ?? this.opts.unpack.maxUnpackedBytes, ...this.opts.links });
        report.fetchedLinks.push({ url: link.url, service: link.service });
        const kind = await sniff(got.path);
        if (kind === 'other') {
          const page = /html/i.test(got.contentType ?? '');
          report.skipped.push({ name: link.url, reason: page ? `opened a web page, not a file: the ${link.service === 'a web address' ? 'site' : link.service} share may need a sign-in or a confirmation. Share it with "anyone with the link", or attach the files.` : 'is not a PDF or ZIP file: skipped.' });
          continue;
        }
        files.push({ name: got.name, path: got.path, contentType: got.contentType ?? undefined, receivedVia: 'link', note: link.url });
        this.log.info({ host: new URL(got.finalUrl).host, bytes: got.bytes }, 'plan link fetched');
      } catch (e) {
        if (!isAppError(e)) throw e;
        this.log.info({ code: e.code, host: safeHost(link.url) }, 'plan link not fetched');
        report.skipped.push({ name: link.url, reason: e.userMessage });
      }
    }
  }
}

const safeHost = (u: string) => {
  try {
    return new URL(u).host;
  } catch {
    return undefined;
  }
};

function noPdfError(report: PackageReport): AppError {
  const plainNotPdf = report.loginLinks.length === 0 && report.skipped.length > 0 && report.skipped.every((s) => s.reason.startsWith('not a PDF'));
  if (plainNotPdf) {
    // Files that are simply something else: the single-file answer the channels always gave.
    const names = report.skipped.map((s) => s.name).join(', ');
    return new AppError('PDF_NOT_PDF', `no PDF among ${names}`, { userMessage: `${names} ${report.skipped.length === 1 ? 'is' : 'are'} not a PDF. Send the plans as PDF files (a ZIP of them works too).` });
  }
  if (report.skipped.length === 0 && report.loginLinks.length === 0) {
    return new AppError('PACKAGE_EMPTY', 'nothing in the package', { userMessage: 'No PDF arrived: attach the plan set or spec book as PDF files (a ZIP of them works too), or share a link to them.' });
  }
  return new AppError('PACKAGE_EMPTY', 'no usable PDF in the package', { userMessage: 'None of what arrived was a PDF I could use (see the list). Attach the PDFs, or share them with a file-share link.' });
}

/**
 * What to tell the sender, once per package, as plain text lines (channels escape and lay them out):
 * the documents taken with their sizes and pages, then what was skipped and why, then sign-in links.
 */
export function packageReportLines(report: PackageReport, opts: { maxListed?: number } = {}): string[] {
  const max = opts.maxListed ?? 20;
  const lines: string[] = [];
  if (report.taken.length) {
    const total = report.taken.reduce((n, t) => n + t.bytes, 0);
    const pages = report.taken.every((t) => t.pages !== null) ? report.taken.reduce((n, t) => n + t.pages!, 0) : null;
    lines.push(`Got ${report.taken.length} PDF${report.taken.length === 1 ? '' : 's'} as one bid package (${mb(total)}${pages ? `, reading ${pages} page${pages === 1 ? '' : 's'}` : ''}):`);
    for (const t of report.taken.slice(0, max)) lines.push(`- ${t.name}${t.pages ? ` (${t.pages} page${t.pages === 1 ? '' : 's'})` : ''}`);
    if (report.taken.length > max) lines.push(`- … and ${report.taken.length - max} more`);
  }
  if (report.skipped.length) {
    lines.push(`Not taken (${report.skipped.length}):`);
    for (const s of report.skipped.slice(0, max)) lines.push(`- ${s.name}: ${s.reason}`);
    if (report.skipped.length > max) lines.push(`- … and ${report.skipped.length - max} more`);
  }
  for (const l of report.loginLinks) {
    lines.push(`${l.url} is a ${l.service} project page, which needs a sign-in, so I could not fetch the files from it. Download the set there and attach it to a message (a ZIP is fine), or share it with a public file-share link (Dropbox, Box, Google Drive, OneDrive — "anyone with the link").`);
  }
  return lines;
}

/**
 * The page count from the page tree's /Count, when the root /Pages dictionary is stored
 * uncompressed (most plan sets); undefined otherwise. Only for the "got it" note — the pipeline
 * reads the real count.
 */
export function quickPageCount(pdf: Buffer): number | undefined {
  const text = pdf.toString('latin1');
  // With object streams the real page tree may be compressed (an older one left in plain text
  // would give a wrong number): say nothing rather than something wrong.
  if (text.includes('/ObjStm')) return undefined;
  let best: number | undefined;
  const re = /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const n = Number(m[1] ?? m[2]);
    if (Number.isInteger(n) && n > 0 && n < 100_000) best = Math.max(best ?? 0, n);
  }
  return best;
}
