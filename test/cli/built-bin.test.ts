import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, repoRoot } from '../helpers/app.js';
import { bundleIsCurrent, ensureBundle, runCli as runBuiltCli } from '../helpers/cli.js';
import { writeDemoPlanSet } from '../../src/demo/plan-set.js';

// The bundle `npm ci` builds (or the test run rebuilds, when src/ changed since), run through
// bin/redbutton.js from a plan set to a bounce, so each file the program finds at run time —
// migrations/, the PDF worker, templates/, lib/bounce-analyzer.pl, package.json — is proven to be
// found from dist/ too.
describe('the built CLI (dist/, as installed)', { timeout: 240_000 }, () => {
  const t = makeTempDir('rb-built-');
  const env = { REDBUTTON_DATA_DIR: t.dir, REDBUTTON_MAIL_FROM: 'GC Builders Bids <bids@gc.test>' };
  const user = ['--user', 'estimator@gc.test'];
  afterAll(() => t.cleanup());

  beforeAll(async () => {
    await ensureBundle();
    expect(bundleIsCurrent()).toBe(true);
    await writeDemoPlanSet(join(t.dir, 'plans.pdf'));
  }, 240_000);

  it('keeps its compiled code in a V8 cache beside the bundle; a cache this V8 rejects is replaced, and the command still runs', async () => {
    const cache = join(repoRoot, 'dist', 'redbutton.cjs.v8cache');
    expect(existsSync(cache)).toBe(true); // warmed by the build
    // Bytes no V8 accepts stand in for a cache left by another Node version.
    writeFileSync(cache, Buffer.alloc(4096, 1));
    const version = await runBuiltCli(['--version'], env);
    expect(version.code, version.stderr).toBe(0);
    expect(readFileSync(cache).equals(Buffer.alloc(4096, 1))).toBe(false);
    rmSync(cache);
    const help = await runBuiltCli(['--help'], env);
    expect(help.stdout).toContain('contacts');
    expect(existsSync(cache)).toBe(true);
  });

  it('init → user add → contacts import → process a plan set → preview the invitation → classify a bounce', async () => {
    const version = await runBuiltCli(['--version'], env);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);

    const init = await runBuiltCli(['init'], env);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain(`Data directory ready: ${t.dir}`);

    const add = await runBuiltCli(['user', 'add', 'estimator@gc.test', '--password-stdin'], env, 'a long password\n');
    expect(add.code, add.stderr).toBe(0);
    const imp = await runBuiltCli(['contacts', 'import', join(repoRoot, 'samples', 'contacts.csv'), ...user], env);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/^Imported contacts CSV: \d+ contacts created/);

    // Pages are read by the PDF worker (a separate file run in a worker thread), trades detected, contacts matched.
    const run = await runBuiltCli(['process', join(t.dir, 'plans.pdf'), ...user, '--zip', '55303'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Job [0-9a-f-]{36}: 11 pages read, \d+ trades\./);
    expect(run.stdout).toContain('Contacts map v1 — RIVERSIDE COMMUNITY LIBRARY RENOVATION (zip 55303)');
    expect(run.stdout).toContain('Bright Line Electric');
    const jobId = /^Job ([0-9a-f-]{36})/.exec(run.stdout)![1]!;

    // exceljs loads on first use (a require the bundle makes lazily): an .xlsx export reads back in.
    const xlsx = join(t.dir, 'subs.xlsx');
    const exported = await runBuiltCli(['contacts', 'export', '--output', xlsx, ...user], env);
    expect(exported.code, exported.stderr).toBe(0);
    const reimport = await runBuiltCli(['contacts', 'import', xlsx, '--dry-run', ...user], env);
    expect(reimport.code, reimport.stderr).toBe(0);
    expect(reimport.stdout).toMatch(/^Would import .*: 0 contacts would be created, [1-9]\d* would be merged/);

    const jobs = await runBuiltCli(['jobs', 'list', ...user], env);
    expect(jobs.code, jobs.stderr).toBe(0);
    expect(jobs.stdout).toContain(jobId.slice(0, 8));

    // The preview renders the invitation from templates/.
    const preview = await runBuiltCli(['approve', jobId, ...user, '--preview'], env);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/==== 26 Electrical: the e-mail to Bright Line Electric/);
    expect(preview.stdout).toContain('Will you bid? Reply to this e-mail');

    // A returned message is classified by the Perl bridge in lib/.
    const bounce = await runBuiltCli(['outreach', 'bounce', join(repoRoot, 'test', 'fixtures', 'dsn', 'postfix-hard-bounce.eml'), '--json'], env);
    expect(bounce.code, bounce.stderr).toBe(0);
    expect(JSON.parse(bounce.stdout)).toMatchObject({ kind: 'bounce', verdict: 'hard', status: '5.1.1', matched: false });
  });
});
