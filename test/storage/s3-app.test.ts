import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createBlobStorage, LocalStorage, parseRef, S3Storage } from '../../src/core/storage/index.js';
import { writeDemoPlanSet } from '../../src/demo/plan-set.js';
import { openApp, type App } from '../../src/app.js';
import { appBackends, makeTempDir, openTestApp, type AnyTestApp } from '../helpers/app.js';
import { startS3, type S3TestServer } from '../helpers/s3.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The whole app on S3 storage, on both databases. Postgres + S3 is the multi-worker shape: there the
 * plan set is submitted by one App and read by a second with its own data dir (another host, its cache
 * empty) on the same database and bucket; on SQLite, one App whose cache is emptied in between.
 */
describe.each(appBackends())('S3_BUCKET selects S3 storage for the whole app on $backend', ({ backend, skip }) => {
  let s3: S3TestServer;
  let t: AnyTestApp;
  let secondHost: { dir: string; cleanup: () => void } | undefined;
  const s3Env = () => ({ S3_BUCKET: s3.bucket, S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: 'true', S3_PREFIX: 'gc-one' });
  beforeAll(async () => {
    if (skip) return;
    s3 = await startS3('rb-app');
    // The SDK's usual credential variables, as a deployment sets them.
    process.env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey;
    t = await openTestApp(backend, s3Env());
  });
  afterAll(async () => {
    await t?.cleanup();
    secondHost?.cleanup();
    await s3?.close();
  });

  /** The App that runs the job: on Postgres another one on the same database and bucket, with its own (empty) data dir. */
  async function runnerApp(): Promise<{ app: App; close: () => Promise<void> }> {
    if (backend === 'sqlite') {
      rmSync(join(t.dir, 's3-cache'), { recursive: true, force: true });
      return { app: t.app, close: async () => undefined };
    }
    secondHost = makeTempDir('rb-second-host-');
    const app = await openApp(loadConfig({ ...process.env, OPENAI_API_KEY: undefined, SMTP_URL: undefined, IMAP_HOST: undefined, ...t.env, ...s3Env(), REDBUTTON_DATA_DIR: secondHost.dir }));
    return { app, close: async () => app.close() };
  }

  it.skipIf(!!skip)('stores the plan set in the bucket and reads it back through the cache on a host that never saw it', async () => {
    expect(t.app.storage).toBeInstanceOf(S3Storage);
    const userId = (await t.app.repos.users.create('est@gc.test', 'password123')).userId;
    const planSet = join(t.dir, 'plans.pdf');
    await writeDemoPlanSet(planSet);
    const job = await t.app.intake.submitPdf({ userId, sourcePath: planSet, fileName: 'plans.pdf', zipCode: '55303', origin: 'cli' });
    const pdfRef = parseRef(job.pdfRef);
    expect(pdfRef.mode).toBe('S3');
    // Like a second worker on another machine: nothing cached locally.
    const runner = await runnerApp();
    try {
      const done = await runner.app.runner.runJob(job.jobId);
      expect(done).toMatchObject({ status: 'CONTACT_MAP_READY', pageCount: 11 });
      expect(parseRef(done!.scopeRef).mode).toBe('S3');
      if (secondHost) expect(readdirSync(join(secondHost.dir, 's3-cache')).length).toBeGreaterThan(0); // it read through its own cache
    } finally {
      await runner.close();
    }
    // The submitting App sees the result and the same bytes.
    expect((await t.app.maps.current(userId, job.jobId)).trades.map((x) => x.division)).toContain('26');
    expect(sha(await t.app.storage.get(pdfRef))).toBe(sha(readFileSync(planSet)));
  });
});

describe('storage settings', () => {
  const base = { REDBUTTON_DATA_DIR: '/tmp/rb-storage-config' };
  it('stays LOCAL in the data dir without S3_BUCKET', () => {
    expect(createBlobStorage(loadConfig(base))).toBeInstanceOf(LocalStorage);
  });
  it('refuses a bad bucket name, endpoint or prefix, naming the variable', () => {
    expect(() => loadConfig({ ...base, S3_BUCKET: 'Bad_Bucket' })).toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ ...base, S3_BUCKET: 'plans', S3_ENDPOINT: 'not a url' })).toThrow(/S3_ENDPOINT/);
    expect(() => loadConfig({ ...base, S3_BUCKET: 'plans', S3_PREFIX: 'a/../b' })).toThrow(/S3_PREFIX/);
    expect(() => loadConfig({ ...base, S3_BUCKET: 'plans', S3_FORCE_PATH_STYLE: 'maybe' })).toThrow(/S3_FORCE_PATH_STYLE/);
  });
});
