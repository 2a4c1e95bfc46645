import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes, copyFile, chmod } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type * as S3Sdk from '@aws-sdk/client-s3';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { Upload as S3Upload } from '@aws-sdk/lib-storage';
import type { getSignedUrl as presign } from '@aws-sdk/s3-request-presigner';
import { AppError } from '../errors.js';
import { logger } from '../log.js';
import { assertSafeKey, type StorageRef } from './ref.js';
import type { BlobStorage } from './storage.js';

/** The AWS SDK, loaded on first use: importing it costs about a second, which LOCAL users never pay. */
interface Sdk {
  s3: typeof S3Sdk;
  Upload: typeof S3Upload;
  getSignedUrl: typeof presign;
  client: S3Client;
}

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
/** Parts of a streamed upload: memory held per upload is about partSize × queueSize, whatever the file's size. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

export interface S3StorageOptions {
  bucket: string;
  /** Keys live under this prefix in the bucket ("" = the bucket's root); a ref never leaves it. */
  prefix?: string;
  region: string;
  /** An S3-compatible server (MinIO, Ceph, R2 …); AWS when unset. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Credentials: by default the SDK's chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE, instance roles …). */
  credentials?: S3ClientConfig['credentials'];
  /** Local read-through cache, so the PDF readers get a file path. */
  cacheDir: string;
  cacheMaxBytes: number;
  /** Upload part size (S3's minimum is 5 MiB); default 8 MiB. */
  partSizeBytes?: number;
  /** A cached file used this recently is never evicted (a PDF reader may be about to open it); default 60 s. */
  cacheInUseMs?: number;
}

/**
 * S3 storage (AWS or any S3-compatible server) behind the same interface as LOCAL, with the same
 * server-chosen keys. Plan sets are streamed both ways — uploaded in parts from the file, downloaded
 * to the cache through a stream — so a PDF is never held whole in memory; `get` (whole bytes) is
 * for the small JSON artifacts. Checksums are computed and validated only where S3 requires them,
 * which S3-compatible servers that do not speak the newer checksum headers need.
 */
export class S3Storage implements BlobStorage {
  readonly mode = 'S3' as const;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly cacheDir: string;
  private readonly cacheMaxBytes: number;
  private readonly partSize: number;
  private readonly inUseMs: number;
  private readonly downloads = new Map<string, Promise<string>>();
  private sdkLoaded: Promise<Sdk> | undefined;
  private readonly clientConfig: S3ClientConfig;

  constructor(options: S3StorageOptions) {
    if (options.prefix) assertSafeKey(options.prefix);
    this.bucket = options.bucket;
    this.prefix = options.prefix ? `${options.prefix}/` : '';
    this.cacheDir = options.cacheDir;
    this.cacheMaxBytes = options.cacheMaxBytes;
    this.partSize = Math.max(5 * 1024 * 1024, options.partSizeBytes ?? PART_SIZE);
    this.inUseMs = options.cacheInUseMs ?? 60_000;
    mkdirSync(this.cacheDir, { recursive: true, mode: DIR_MODE });
    this.clientConfig = {
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
  }

  private sdk(): Promise<Sdk> {
    this.sdkLoaded ??= (async () => {
      const [s3, lib, presigner] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage'), import('@aws-sdk/s3-request-presigner')]);
      return { s3, Upload: lib.Upload, getSignedUrl: presigner.getSignedUrl, client: new s3.S3Client(this.clientConfig) };
    })();
    return this.sdkLoaded;
  }

  /** Run one S3 request with the SDK; its failures become typed errors (a missing object says so). */
  private async call<T>(key: string, request: (sdk: Sdk) => Promise<T>): Promise<T> {
    const sdk = await this.sdk();
    try {
      return await request(sdk);
    } catch (e) {
      throw s3Error(key, e);
    }
  }

  async put(key: string, data: Buffer | string): Promise<StorageRef> {
    const body = typeof data === 'string' ? Buffer.from(data) : data;
    await this.call(key, ({ s3, client }) => client.send(new s3.PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: body, ContentLength: body.length })));
    await rm(this.cachePath(key), { force: true }); // a stale cached copy must not be served
    return { mode: 'S3', location: key };
  }

  async putFile(key: string, sourcePath: string): Promise<StorageRef> {
    const objectKey = this.objectKey(key);
    await this.call(key, async ({ Upload, client }) => {
      const upload = new Upload({
        client,
        params: { Bucket: this.bucket, Key: objectKey, Body: createReadStream(sourcePath), ContentType: key.endsWith('.pdf') ? 'application/pdf' : undefined },
        partSize: this.partSize,
        queueSize: QUEUE_SIZE,
        leavePartsOnError: false,
      });
      await upload.done();
    });
    // The next reader on this host (the pipeline's next stage) finds it in the cache.
    await this.fillCache(key, (tmp) => copyFile(sourcePath, tmp)).catch((e: unknown) =>
      logger.warn({ key, err: e instanceof Error ? e.message : String(e) }, 'could not cache an uploaded file'),
    );
    return { mode: 'S3', location: key };
  }

  async get(ref: StorageRef): Promise<Buffer> {
    const body = await this.openStream(ref);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** The object as a stream (a plan download passed through without touching the disk). */
  async openStream(ref: StorageRef): Promise<Readable> {
    const key = this.keyOf(ref);
    const out = await this.call(key, ({ s3, client }) => client.send(new s3.GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) })));
    return out.Body as Readable;
  }

  /** A time-limited URL anyone can GET the object with (for a bucket the recipients can reach). */
  async presignedUrl(ref: StorageRef, seconds: number): Promise<string> {
    const key = this.keyOf(ref);
    return this.call(key, ({ s3, client, getSignedUrl }) =>
      getSignedUrl(client, new s3.GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }), { expiresIn: seconds }),
    );
  }

  /** A path in the local cache: downloaded on first use (streamed), then reused until evicted. */
  async localPath(ref: StorageRef): Promise<string> {
    const key = this.keyOf(ref);
    const path = this.cachePath(key);
    try {
      const now = new Date();
      await utimes(path, now, now); // last use, for eviction
      return path;
    } catch {
      // not cached yet
    }
    let pending = this.downloads.get(key);
    if (!pending) {
      pending = this.fillCache(key, async (tmp) => pipeline(await this.openStream(ref), createWriteStream(tmp, { mode: FILE_MODE }))).finally(() =>
        this.downloads.delete(key),
      );
      this.downloads.set(key, pending);
    }
    return pending;
  }

  async exists(ref: StorageRef): Promise<boolean> {
    const key = this.keyOf(ref);
    try {
      await this.call(key, ({ s3, client }) => client.send(new s3.HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) })));
      return true;
    } catch (e) {
      if (e instanceof AppError && e.details?.missing === true) return false;
      throw e;
    }
  }

  async delete(ref: StorageRef): Promise<void> {
    const key = this.keyOf(ref);
    await this.call(key, ({ s3, client }) => client.send(new s3.DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) })));
    await rm(this.cachePath(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertSafeKey(prefix);
    const listPrefix = `${this.objectKey(prefix)}/`;
    let token: string | undefined;
    do {
      const page = await this.call(prefix, ({ s3, client }) =>
        client.send(new s3.ListObjectsV2Command({ Bucket: this.bucket, Prefix: listPrefix, ContinuationToken: token, MaxKeys: 1000 })),
      );
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (keys.length) await this.call(prefix, ({ s3, client }) => client.send(new s3.DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } })));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    await rm(join(this.cacheDir, prefix), { recursive: true, force: true });
  }

  private keyOf(ref: StorageRef): string {
    if (ref.mode !== 'S3') {
      throw new AppError('STORAGE_MODE', `This server stores files in S3; cannot read a ${ref.mode} reference`, {
        userMessage: `This file is stored in ${ref.mode}, which this server is not configured for.`,
      });
    }
    assertSafeKey(ref.location);
    return ref.location;
  }

  /** The bucket key of a validated storage key: always under the prefix. */
  private objectKey(key: string): string {
    assertSafeKey(key);
    return `${this.prefix}${key}`;
  }

  private cachePath(key: string): string {
    assertSafeKey(key);
    return join(this.cacheDir, key);
  }

  /** Write a cache entry through a temp file (readers never see half a file), then trim the cache. */
  private async fillCache(key: string, write: (tmp: string) => Promise<unknown>): Promise<string> {
    const path = this.cachePath(key);
    await mkdir(dirname(path), { recursive: true, mode: DIR_MODE });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await write(tmp);
      await chmod(tmp, FILE_MODE);
      await rename(tmp, path);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    await this.evict(path);
    return path;
  }

  /** Remove least recently used files until the cache fits, never `keep` or a file in use. */
  private async evict(keep: string): Promise<void> {
    const files: { path: string; size: number; used: number }[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const p = join(dir, entry.name);
        if (entry.isDirectory()) await walk(p);
        else if (!entry.name.endsWith('.tmp')) {
          const s = await stat(p).catch(() => undefined);
          if (s) files.push({ path: p, size: s.size, used: s.mtimeMs });
        }
      }
    };
    await walk(this.cacheDir);
    let total = files.reduce((n, f) => n + f.size, 0);
    const now = Date.now();
    for (const f of files.sort((a, b) => a.used - b.used)) {
      if (total <= this.cacheMaxBytes) break;
      if (f.path === keep || now - f.used < this.inUseMs) continue;
      await rm(f.path, { force: true });
      total -= f.size;
      logger.debug({ file: relative(this.cacheDir, f.path) }, 's3 cache: evicted');
    }
  }

}

function s3Error(key: string, e: unknown): AppError {
  if (e instanceof AppError) return e;
  const status = (e as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  const name = e instanceof Error ? e.name : '';
  if (name === 'NoSuchKey' || name === 'NotFound' || (status === 404 && name !== 'NoSuchBucket')) {
    return new AppError('STORAGE_IO', `Stored file missing: ${key}`, {
      cause: e,
      details: { missing: true },
      userMessage: 'A stored file for this job is missing; process the PDF again.',
    });
  }
  return new AppError('STORAGE_IO', `S3 request for ${key} failed: ${name}${status ? ` (HTTP ${status})` : ''}: ${e instanceof Error ? e.message : String(e)}`, {
    cause: e,
    userMessage: 'The file store (S3) did not answer as expected; try again, and check S3_BUCKET, S3_ENDPOINT and the AWS credentials if it keeps failing.',
  });
}
