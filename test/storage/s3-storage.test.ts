import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { S3Storage, type S3StorageOptions } from '../../src/core/storage/index.js';
import { corpusDir, makeTempDir } from '../helpers/app.js';
import { startS3, type S3TestServer } from '../helpers/s3.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('S3 storage against a real S3-compatible server', () => {
  let s3: S3TestServer;
  const temp = makeTempDir('rb-s3-test-');
  let n = 0;
  const storage = (extra: Partial<S3StorageOptions> = {}) =>
    new S3Storage({
      bucket: s3.bucket,
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: s3.credentials,
      cacheDir: join(temp.dir, `cache-${n++}`),
      cacheMaxBytes: 512 * 1024 * 1024,
      ...extra,
    });
  const listKeys = async (prefix = '') => {
    const client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: s3.credentials });
    const out = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
    return (out.Contents ?? []).map((o) => o.Key!).sort();
  };
  let bigPdf: string;
  beforeAll(async () => {
    s3 = await startS3();
    // A real PDF over one upload part (5 MiB): the corpus's largest files joined by qpdf.
    const largest = readdirSync(corpusDir)
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => join(corpusDir, f))
      .sort((a, b) => statSync(b).size - statSync(a).size)
      .slice(0, 4);
    bigPdf = join(temp.dir, 'joined.pdf');
    execFileSync('qpdf', ['--empty', '--pages', ...largest, '--', bigPdf]);
  });
  afterAll(async () => {
    await s3?.close();
    temp.cleanup();
  });

  it('round-trips a real PDF byte for byte: streamed multipart upload, streamed download into the cache', async () => {
    const original = readFileSync(bigPdf);
    expect(original.length).toBeGreaterThan(5 * 1024 * 1024);
    const writer = storage({ partSizeBytes: 5 * 1024 * 1024 });
    const ref = await writer.putFile('users/u1/jobs/j1/pdf/plans.pdf', bigPdf);
    expect(ref).toEqual({ mode: 'S3', location: 'users/u1/jobs/j1/pdf/plans.pdf' });
    // Another host: an empty cache, so the file comes from the bucket.
    const reader = storage();
    const path = await reader.localPath(ref);
    expect(sha(readFileSync(path))).toBe(sha(original));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const chunks: Buffer[] = [];
    for await (const c of await reader.openStream(ref)) chunks.push(c as Buffer);
    expect(sha(Buffer.concat(chunks))).toBe(sha(original));
    expect(await reader.exists(ref)).toBe(true);
  });

  it('serves the cached copy without the bucket, and never a stale one after a write', async () => {
    const a = storage();
    const ref = await a.put('users/u1/jobs/j2/scope/scope.json', '{"v":1}');
    const path = await a.localPath(ref);
    expect(readFileSync(path, 'utf8')).toBe('{"v":1}');
    await storage().delete(ref); // deleted by another process: this host still has it cached
    expect(readFileSync(await a.localPath(ref), 'utf8')).toBe('{"v":1}');
    await a.put('users/u1/jobs/j2/scope/scope.json', '{"v":2}');
    expect(readFileSync(await a.localPath(ref), 'utf8')).toBe('{"v":2}');
    expect((await a.get(ref)).toString()).toBe('{"v":2}');
  });

  it('keeps the cache within its size, evicting the least recently used files', async () => {
    const cacheDir = join(temp.dir, 'cache-bounded');
    const st = storage({ cacheDir, cacheMaxBytes: 250 * 1024, cacheInUseMs: 0 });
    const refs = [];
    for (let i = 0; i < 4; i++) refs.push(await storage().put(`users/u2/blob-${i}.bin`, Buffer.alloc(100 * 1024, i)));
    for (const ref of refs) await st.localPath(ref);
    const cached = readdirSync(join(cacheDir, 'users/u2'));
    expect(cached.sort()).toEqual(['blob-2.bin', 'blob-3.bin']);
    // An evicted file comes back from the bucket when asked for again.
    expect(readFileSync(await st.localPath(refs[0]!))[0]).toBe(0);
  });

  it('keeps every key under the configured prefix, and refuses a ref that would leave it', async () => {
    const st = storage({ prefix: 'tenant-a' });
    await st.put('users/u3/a.json', '{}');
    expect(await listKeys('tenant-a/')).toEqual(['tenant-a/users/u3/a.json']);
    for (const location of ['users/../../tenant-b/secret.json', '../tenant-b/x', '/abs/key', 'users/%2e%2e/x', 'users\\..\\x']) {
      await expect(st.localPath({ mode: 'S3', location })).rejects.toMatchObject({ code: 'STORAGE_ESCAPE' });
      await expect(st.get({ mode: 'S3', location })).rejects.toMatchObject({ code: 'STORAGE_ESCAPE' });
    }
    await expect(st.put('users/../x.json', '{}')).rejects.toMatchObject({ code: 'STORAGE_ESCAPE' });
    expect(() => storage({ prefix: '../other' })).toThrow(expect.objectContaining({ code: 'STORAGE_ESCAPE' }));
  });

  it('gives a clear typed error for a missing object, and refuses a LOCAL ref', async () => {
    const st = storage();
    const missing = { mode: 'S3' as const, location: 'users/u1/jobs/gone/pdf/x.pdf' };
    await expect(st.localPath(missing)).rejects.toMatchObject({ code: 'STORAGE_IO', details: { missing: true }, userMessage: expect.stringMatching(/missing/) });
    await expect(st.get(missing)).rejects.toMatchObject({ code: 'STORAGE_IO', message: expect.stringContaining('users/u1/jobs/gone/pdf/x.pdf') });
    expect(await st.exists(missing)).toBe(false);
    await expect(st.localPath({ mode: 'LOCAL', location: 'users/u1/a.pdf' })).rejects.toMatchObject({ code: 'STORAGE_MODE' });
  });

  it("deletes everything under a user's prefix (a deleted account), in the bucket and the cache", async () => {
    const st = storage();
    for (let i = 0; i < 5; i++) await st.put(`users/u9/jobs/j${i}/scope/scope.json`, `{"i":${i}}`);
    await st.put('users/u90/keep.json', '{}'); // shares the prefix as text, not as a folder
    await st.localPath({ mode: 'S3', location: 'users/u9/jobs/j0/scope/scope.json' });
    await st.deletePrefix('users/u9');
    expect(await listKeys('users/u9')).toEqual(['users/u90/keep.json']);
    expect(await st.exists({ mode: 'S3', location: 'users/u9/jobs/j0/scope/scope.json' })).toBe(false);
  });

  it('signs a time-limited download URL that works without credentials and only for that object', async () => {
    const st = storage();
    const ref = await st.put('users/u1/jobs/j3/pdf/p.pdf', Buffer.from('%PDF-1.4 small'));
    const url = await st.presignedUrl(ref, 300);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('%PDF-1.4 small');
    // SigV4 query signing with the lifetime asked for (this test server does not check query
    // signatures, so refusing a forged URL is S3's part and is not asserted here).
    const q = new URL(url);
    expect(q.pathname).toBe(`/${s3.bucket}/users/u1/jobs/j3/pdf/p.pdf`);
    expect(q.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(q.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports an unreachable server as a storage error that names the settings to check', async () => {
    const st = new S3Storage({
      bucket: 'rb-test',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:1',
      forcePathStyle: true,
      credentials: s3.credentials,
      cacheDir: join(temp.dir, 'cache-unreachable'),
      cacheMaxBytes: 1024 * 1024,
    });
    const file = join(temp.dir, 'small.pdf');
    writeFileSync(file, '%PDF-1.4');
    await expect(st.putFile('users/u1/x.pdf', file)).rejects.toMatchObject({ code: 'STORAGE_IO', userMessage: expect.stringMatching(/S3_ENDPOINT/) });
    expect(existsSync(join(temp.dir, 'cache-unreachable', 'users/u1/x.pdf'))).toBe(false);
    rmSync(file);
  });
});
