import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { makeTempDir } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { smallPdf } from '../email/setup.js';

/**
 * `redbutton process` with several files makes one job.
 *
 * SQLite only: the package intake (archives, Outlook items, plan links, the documents rows) runs on
 * both databases in package-intake.test.ts and job-documents.test.ts, and the addendum flow through
 * this channel (test/addenda) is the channel's run on Postgres; what this file adds is mostly the
 * transport, so a Postgres copy would cost CI time for little that is new.
 */
describe('redbutton process a.pdf b.zip …: one job', { timeout: 180_000 }, () => {
  const t = makeTempDir();
  const env = { REDBUTTON_DATA_DIR: t.dir, REDBUTTON_USER: 'est@gc.example' };
  afterAll(() => t.cleanup());
  beforeAll(async () => {
    expect((await runCli(['init'], env)).code).toBe(0);
    expect((await runCli(['user', 'add', 'est@gc.example', '--password-stdin'], env, 'a long password\n')).code).toBe(0);
  }, 180_000);

  it('several files on the command line are one bid package; what was skipped is said on stderr', async () => {
    writeFileSync(join(t.dir, 'E-101.pdf'), await smallPdf());
    const zip = new JSZip();
    zip.file('FP-1.pdf', await smallPdf('SECTION 21 13 13 - WET-PIPE SPRINKLER SYSTEMS'));
    zip.file('photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    writeFileSync(join(t.dir, 'fire.zip'), await zip.generateAsync({ type: 'nodebuffer' }));
    const run = await runCli(['process', join(t.dir, 'E-101.pdf'), join(t.dir, 'fire.zip'), '--zip', '47906', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Got 2 PDFs as one bid package[\s\S]*- E-101\.pdf[\s\S]*- fire\.zip\/FP-1\.pdf[\s\S]*fire\.zip\/photo\.jpg: not a PDF/);
    const map = JSON.parse(run.stdout) as { trades: { division: string }[] };
    expect(map.trades.map((tr) => tr.division)).toEqual(expect.arrayContaining(['21', '26']));
    const jobs = JSON.parse((await runCli(['jobs', 'list', '--json'], env)).stdout) as { jobs: unknown[] };
    expect(jobs.jobs).toHaveLength(1);
  });
});
