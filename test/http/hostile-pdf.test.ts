import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFlateContentBomb } from '../fixtures/pdf-bombs.js';
import { auth, multipartBody, startHttpTest, type HttpTestEnv } from './helpers.js';

let env: HttpTestEnv;
let bomb: Buffer;

// SQLite only: what is tested is the PDF reader's limits on a decompression bomb, not the database;
// the upload-to-FAILED path over HTTP runs on both databases in api.test.ts ('a plan set that cannot be read').
beforeAll(async () => {
  // Small caps keep the test quick; the defaults (768 MB, 20 s) are the same code paths. Default
  // engines: pdftotext reads the page (slowly: it is all blanks) or runs out of time; if it finds
  // the page empty, pdf.js probes what the page draws and inflates the bomb.
  env = await startHttpTest({ PDF_MEMORY_MB: '256', PDF_PAGE_TIMEOUT_MS: '5000' });
  bomb = readFileSync(await makeFlateContentBomb(join(env.dir, 'bomb.pdf'), 512));
});
afterAll(async () => env?.close());

describe('a decompression bomb uploaded to the service', () => {
  it('fails its job with a clear reason while /health keeps answering', async () => {
    expect(bomb.length).toBeLessThan(64 * 1024); // a small file …
    const { payload, headers } = multipartBody([{ name: 'name', value: 'Bomb' }, { name: 'zip_code', value: '94103' }, { name: 'file', value: bomb, filename: 'plans.pdf' }]);
    const res = await env.server.inject({ method: 'POST', url: '/jobs', payload, headers: { ...headers, ...auth(env.alice.token) } });
    expect(res.statusCode).toBe(202);
    const id = (res.json() as { job_id: string }).job_id;

    // … that is parsed in a worker process: the service answers while the job is still being read.
    let answeredDuring = 0;
    while (env.server.redbutton.background.size > 0) {
      const health = await env.server.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      if (env.server.redbutton.background.size > 0) answeredDuring++;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(answeredDuring).toBeGreaterThan(0);

    const job = (await env.server.inject({ method: 'GET', url: `/jobs/${id}`, headers: auth(env.alice.token) })).json() as { status: string; failure_reason: string };
    expect(job.status).toBe('FAILED');
    expect(job.failure_reason).toMatch(/expands to more data than allowed when opened \(over 256 MB|Reading the PDF took too long \(page 1\)/);
    expect((await env.server.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
