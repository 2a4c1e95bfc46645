import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type yauzl from 'yauzl';
import { AppError, userMessageOf } from '../errors.js';
import type { Logger } from '../log.js';
import type { IncomingDocument } from './job-documents.js';
import { decodeTnef } from './tnef.js';
import { readOutlookMessage } from './outlook-msg.js';

/** A file as it arrived (an attachment, an upload, a downloaded link), saved on local disk. */
export interface ReceivedFile {
  name: string;
  path: string;
  /** The declared type: only informative, the bytes decide. */
  contentType?: string;
  /** How it arrived, for the document row. */
  receivedVia: 'attachment' | 'upload' | 'file' | 'link';
  note?: string | null;
}

/** Something in the package that was not taken, and why (told to the sender once per package). */
export interface SkippedItem {
  name: string;
  reason: string;
}

export interface UnpackLimits {
  /** Bytes of one PDF (PDF_MAX_BYTES). */
  maxPdfBytes: number;
  /** Bytes unpacked from archives and Outlook wrappers in one package, all together. */
  maxUnpackedBytes: number;
  /** Entries one archive may list (folders included). */
  maxArchiveEntries: number;
  /** Uncompressed / compressed size of one entry above which an archive is refused as a bomb. */
  maxCompressionRatio: number;
  /** Archives or Outlook items inside one another (a ZIP in a ZIP = depth 2). */
  maxNestingDepth: number;
  /** Folder levels inside one archive. */
  maxFolderDepth: number;
  /** PDFs one package may hold. */
  maxDocuments: number;
}

export const DEFAULT_UNPACK_LIMITS: Omit<UnpackLimits, 'maxPdfBytes'> = {
  maxUnpackedBytes: 2_000_000_000,
  maxArchiveEntries: 5000,
  // PDFs are mostly compressed streams already: a real plan set zips at 1.0–3×. 100× is a bomb.
  maxCompressionRatio: 100,
  maxNestingDepth: 3,
  maxFolderDepth: 12,
  maxDocuments: 50,
};

export interface UnpackedPackage {
  documents: IncomingDocument[];
  skipped: SkippedItem[];
  /** Text of Outlook messages found inside (their links count as the message's links). */
  texts: string[];
}

export type FileKind = 'pdf' | 'zip' | 'tnef' | 'cfb' | 'other';

/** What a file is, from its first bytes (never from its name or declared type). */
export function kindOfBytes(b: Uint8Array): FileKind {
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, 1024));
  // Containers first, by their magic number at offset 0: an archive or winmail.dat that holds a
  // PDF uncompressed has "%PDF-" in its first kilobyte too.
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) return 'zip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x223e9f78) return 'tnef';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from('d0cf11e0a1b11ae1', 'hex'))) return 'cfb';
  // The PDF spec allows junk before the header; readers accept %PDF- within the first 1 KiB.
  if (head.includes('%PDF-')) return 'pdf';
  return 'other';
}

export async function sniff(path: string): Promise<FileKind> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(1024);
    const { bytesRead } = await fh.read(head, 0, 1024, 0);
    return kindOfBytes(head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/**
 * Turns what arrived together into the PDFs of one package: PDFs as they are, ZIP archives (with
 * folders and archives inside) unpacked, Outlook `winmail.dat` (TNEF) and attached `.msg` items
 * opened — each recognised by its bytes. Everything that is not taken is listed with the reason.
 * A refused archive (bomb, path outside it, too many entries) gives nothing at all, so a package
 * is never half of an archive.
 */
export class PackageUnpacker {
  private used = 0;
  private n = 0;
  private readonly out: UnpackedPackage = { documents: [], skipped: [], texts: [] };

  constructor(
    private readonly workDir: string,
    private readonly limits: UnpackLimits,
    private readonly log?: Logger,
  ) {}

  async unpack(files: ReceivedFile[]): Promise<UnpackedPackage> {
    await mkdir(this.workDir, { recursive: true });
    for (const f of files) await this.take(f, f.name, 1, f.receivedVia === 'link' ? 'link' : f.receivedVia, f.note ?? null, f.contentType);
    return this.out;
  }

  private async take(f: { path: string }, name: string, depth: number, via: IncomingDocument['receivedVia'], note: string | null, contentType?: string): Promise<void> {
    const kind = await sniff(f.path);
    const size = (await stat(f.path)).size;
    if (kind === 'pdf') {
      if (size > this.limits.maxPdfBytes) return this.skip(name, `${mb(size)}; the limit for one PDF is ${mb(this.limits.maxPdfBytes)}. Split the set and send the parts.`);
      if (this.out.documents.length >= this.limits.maxDocuments) return this.skip(name, `a package holds at most ${this.limits.maxDocuments} PDFs; send the rest as another package.`);
      this.out.documents.push({ path: f.path, name, receivedVia: via, note });
      return;
    }
    if (kind === 'other' || size === 0) return this.skip(name, size === 0 ? 'empty file' : `not a PDF${contentType && !/octet-stream/i.test(contentType) ? ` (${contentType.split(';')[0]})` : ''}`);
    if (depth > this.limits.maxNestingDepth) return this.skip(name, `packed more than ${this.limits.maxNestingDepth} levels deep (archives inside archives); unpack it and send the PDFs.`);
    const before = { docs: this.out.documents.length, skipped: this.out.skipped.length, texts: this.out.texts.length, used: this.used };
    try {
      if (kind === 'zip') await this.unzip(f.path, name, depth, note);
      else if (kind === 'tnef') await this.untnef(f.path, name, depth);
      else await this.unmsg(f.path, name, depth);
    } catch (e) {
      // A refused container gives nothing: drop what it had yielded, keep one clear note.
      this.out.documents.length = before.docs;
      this.out.skipped.length = before.skipped;
      this.out.texts.length = before.texts;
      this.used = before.used;
      if (!(e instanceof AppError)) this.log?.warn({ err: e, name }, 'container could not be opened');
      this.skip(name, e instanceof AppError ? e.userMessage : `could not be opened (${userMessageOf(e)}).`);
    }
  }

  private skip(name: string, reason: string): void {
    this.out.skipped.push({ name, reason });
  }

  private next(ext: string): string {
    this.n += 1;
    return join(this.workDir, `${this.n}${ext}`);
  }

  /** Count unpacked bytes against the package budget; refuses the container once it is spent. */
  private spend(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limits.maxUnpackedBytes) {
      throw new AppError('ARCHIVE_REFUSED', `unpacked bytes over ${this.limits.maxUnpackedBytes}`, {
        userMessage: `refused: it unpacks to more than ${mb(this.limits.maxUnpackedBytes)} in all. Send the PDFs themselves, or a link to them.`,
      });
    }
  }

  private async unzip(path: string, name: string, depth: number, note: string | null): Promise<void> {
    const refuse = (why: string, userMessage: string) => new AppError('ARCHIVE_REFUSED', `${name}: ${why}`, { userMessage });
    let zip: yauzl.ZipFile;
    try {
      const unzipper = (await import('yauzl')).default; // loaded on first archive, not at start-up
      zip = await unzipper.openPromise(path, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, autoClose: false });
    } catch (e) {
      throw refuse(String(e), 'is not a readable ZIP archive (damaged or cut short). Send it again, or the PDFs themselves.');
    }
    try {
      if (zip.entryCount > this.limits.maxArchiveEntries) throw refuse(`entries ${zip.entryCount}`, `refused: it lists ${zip.entryCount} entries; the limit is ${this.limits.maxArchiveEntries}. Send the PDFs in smaller archives.`);
      for (;;) {
        let entry: yauzl.Entry | null;
        try {
          entry = await nextEntry(zip);
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          if (/invalid relative path|absolute path|invalid characters/.test(msg)) {
            throw refuse(msg, `refused: an entry points outside the archive (${JSON.stringify(msg.replace(/^.*?: /, '').slice(0, 120))}). Nothing was taken from it; send the PDFs themselves.`);
          }
          throw refuse(msg, `could not be read (${msg.slice(0, 120)}). Send it again, or the PDFs themselves.`);
        }
        if (!entry) break;
        const inner = `${name}/${entry.fileName}`;
        if (entry.fileName.endsWith('/')) continue;
        const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
        if (mode === 0o120000) {
          this.skip(inner, 'a symbolic link, not a file: skipped.');
          continue;
        }
        if (posix.normalize(entry.fileName).split('/').length - 1 > this.limits.maxFolderDepth) {
          this.skip(inner, `in folders more than ${this.limits.maxFolderDepth} levels deep: skipped.`);
          continue;
        }
        if (entry.isEncrypted()) {
          this.skip(inner, 'is encrypted (password-protected), so it could not be read. Send it without a password.');
          continue;
        }
        const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : entry.uncompressedSize > 0 ? Infinity : 1;
        if (ratio > this.limits.maxCompressionRatio && entry.uncompressedSize > 1_000_000) {
          throw refuse(`ratio ${Math.round(ratio)}`, `refused: ${entry.fileName} would unpack ${Math.round(ratio)} times its packed size (a "zip bomb"). Nothing was taken from it.`);
        }
        // An archive inside may be bigger than one PDF; anything else over the PDF limit is not unpacked.
        if (entry.uncompressedSize > this.limits.maxPdfBytes && !/\.zip$/i.test(entry.fileName)) {
          this.skip(inner, `${mb(entry.uncompressedSize)}; the limit for one file is ${mb(this.limits.maxPdfBytes)}.`);
          continue;
        }
        this.spend(entry.uncompressedSize);
        const out = this.next('.bin');
        await this.extract(zip, entry, out, name);
        await this.take({ path: out }, inner, depth + 1, 'archive', note ?? name);
      }
    } finally {
      zip.close();
    }
  }

  private async extract(zip: yauzl.ZipFile, entry: yauzl.Entry, out: string, name: string): Promise<void> {
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))));
    // yauzl checks the bytes against the declared size (validateEntrySizes); this guards the budget
    // while they flow, so a lying header cannot fill the disk before the check fires.
    let seen = 0;
    const cap = entry.uncompressedSize;
    const guard = new Transform({
      transform(chunk: Buffer, _enc, done) {
        seen += chunk.length;
        if (seen > cap) done(new AppError('ARCHIVE_REFUSED', `${name}: entry longer than declared`, { userMessage: `refused: ${entry.fileName} is longer than the archive declares (a damaged or hostile archive).` }));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(stream, guard, createWriteStream(out, { mode: 0o600 }));
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('ARCHIVE_REFUSED', `${name}: ${String(e)}`, { userMessage: `could not be unpacked (${entry.fileName}: ${(e as Error).message.slice(0, 100)}). Send it again, or the PDFs themselves.` });
    }
  }

  private async untnef(path: string, name: string, depth: number): Promise<void> {
    const dir = this.next('.tnef');
    const files = await decodeTnef(path, dir, Math.min(this.limits.maxUnpackedBytes - this.used, this.limits.maxPdfBytes * this.limits.maxDocuments));
    for (const f of files) {
      this.spend((await stat(f.path)).size);
      await this.take(f, `${name}/${f.name}`, depth + 1, 'outlook', name);
    }
  }

  private async unmsg(path: string, name: string, depth: number): Promise<void> {
    const msg = await readOutlookMessage(await readFile(path), name);
    if (msg.body) this.out.texts.push(msg.body);
    for (const a of msg.attachments) {
      this.spend(a.content.length);
      const out = this.next('.bin');
      await writeFile(out, a.content, { mode: 0o600 });
      await this.take({ path: out }, `${name}/${a.name}`, depth + 1, 'outlook', name);
    }
  }
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: yauzl.Entry) => done(() => resolve(e));
    const onEnd = () => done(() => resolve(null));
    const onError = (err: Error) => done(() => reject(err));
    const done = (f: () => void) => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
      f();
    };
    zip.once('entry', onEntry);
    zip.once('end', onEnd);
    zip.once('error', onError);
    zip.readEntry();
  });
}

/** Files a decoder wrote into a directory, recursively (names relative to it). */
export async function listFiles(dir: string, prefix = ''): Promise<{ name: string; path: string }[]> {
  const out: { name: string; path: string }[] = [];
  for (const d of await readdir(dir, { withFileTypes: true })) {
    if (d.isDirectory()) out.push(...(await listFiles(join(dir, d.name), `${prefix}${d.name}/`)));
    else if (d.isFile()) out.push({ name: `${prefix}${d.name}`, path: join(dir, d.name) });
  }
  return out;
}

export const mb = (bytes: number): string => (bytes < 100_000 ? `${Math.max(1, Math.round(bytes / 1000))} KB` : `${(bytes / 1e6).toFixed(1)} MB`);
