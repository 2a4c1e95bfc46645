import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, repoRoot } from '../helpers/app.js';
import { runCli, runSourceCli } from '../helpers/cli.js';

describe('redbutton CLI, as a newcomer uses it', { timeout: 180_000 }, () => {
  const t = makeTempDir();
  const env = { REDBUTTON_DATA_DIR: t.dir };
  afterAll(() => t.cleanup());

  beforeAll(async () => {
    const init = await runCli(['init'], env);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('Next: redbutton user add');
  }, 180_000);

  it('init → user add → contacts import → contacts list', async () => {
    const add = await runCli(['user', 'add', 'Estimator@GC.example', '--password-stdin'], env, 'a long password\n');
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('User estimator@gc.example created');

    const imp = await runCli(['contacts', 'import', join(repoRoot, 'samples', 'contacts.csv'), '--user', 'estimator@gc.example'], env);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/^Imported contacts CSV: \d+ contacts created, 0 merged into existing ones, 0 skipped\./);

    const list = await runCli(['contacts', 'list', '--user', 'estimator@gc.example', '--json'], env);
    // The same shape as GET /contacts: snake_case, trades as divisions, no internal fields.
    const rows = (JSON.parse(list.stdout) as { contacts: { name: string; trades: string[]; zip_code: string | null }[] }).contacts;
    expect(rows.length).toBeGreaterThan(30);
    expect(rows.find((r) => r.name === 'Bright Line Electric')?.trades).toEqual(['26']);
    expect(Object.keys(rows[0]!)).toContain('zip_code');
    expect(Object.keys(rows[0]!)).not.toContain('userId');

    const jobs = await runCli(['jobs', 'list', '--user', 'estimator@gc.example'], env);
    expect(jobs.stdout).toContain('No jobs yet');
  });

  it('contacts import --dry-run writes nothing; an Outlook export imports; export --format xlsx imports back', async () => {
    await runCli(['user', 'add', 'outlook@gc.example', '--password-stdin'], env, 'a long password\n');
    const outlook = join(repoRoot, 'test', 'fixtures', 'contacts', 'outlook-contacts.csv');
    const dry = await runCli(['contacts', 'import', outlook, '--user', 'outlook@gc.example', '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^Would import Outlook contacts export: 4 contacts would be created/);
    expect(dry.stdout).toContain('3 contacts tagged "Subs" — not a trade');
    expect(dry.stdout).toMatch(/1 row without an e-mail .*line 5 \(Cho Paving\)/);
    // Had the dry run written anything, these would be merges.
    const real = await runCli(['contacts', 'import', outlook, '--user', 'outlook@gc.example', '--json'], env);
    expect(JSON.parse(real.stdout)).toMatchObject({ written: true, format: 'outlook', created: 4, merged: 0 });
    const xlsx = join(t.dir, 'book.xlsx');
    const exp = await runCli(['contacts', 'export', '--user', 'outlook@gc.example', '-o', xlsx], env);
    expect(exp.code, exp.stderr).toBe(0);
    const back = await runCli(['contacts', 'import', xlsx, '--user', 'estimator@gc.example', '--dry-run', '--json'], env);
    expect(JSON.parse(back.stdout)).toMatchObject({ written: false, format: 'xlsx', created: 4, skipped: [] });
  });

  it('prints one clear line and exits non-zero on errors, without a stack trace', async () => {
    const unknown = await runCli(['contacts', 'list', '--user', 'nobody@gc.example'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('error: No Red Button user with e-mail nobody@gc.example. Create one with: redbutton user add nobody@gc.example');

    const bad = join(t.dir, 'bad.csv');
    writeFileSync(bad, 'name,email\nGood,good@x.example\nBad,not-an-email\n');
    await runCli(['user', 'add', 'second@gc.example', '--password-stdin'], env, 'another password');
    const imp = await runCli(['contacts', 'import', bad, '--user', 'second@gc.example'], env);
    expect(imp.code).toBe(1);
    expect(imp.stderr).toMatch(/^error: Nothing was imported: 1 row\(s\) need fixing — line 3: "not-an-email" is not a valid e-mail/);
    expect(imp.stderr).not.toMatch(/\n\s+at /);

    const usage = await runCli(['map', 'edit', 'some-job', '--user', 'second@gc.example', '--add', 'x@y.example'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--add, --select and --remove need --trade');

    const missing = await runCli(['jobs', 'show', 'no-such-job', '--user', 'second@gc.example'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('error: No job with id no-such-job.');
  });

  it('--version, a missing file in one line, profile and job edit with REDBUTTON_USER, bad zips refused', async () => {
    const version = await runCli(['--version'], env);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // The same program from src/ through tsx (REDBUTTON_FROM_SOURCE=1), as in development.
    const fromSource = await runSourceCli(['--version'], env);
    expect(fromSource).toEqual(version);

    await runCli(['user', 'add', 'third@gc.example', '--password-stdin'], env, 'a third password');
    const me = { ...env, REDBUTTON_USER: 'third@gc.example' };
    const missing = await runCli(['process', join(t.dir, 'no-such-plans.pdf')], me);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: No file .*no-such-plans\.pdf/)]);
    const badZip = await runCli(['process', join(repoRoot, 'package.json'), '--zip', '5530'], me);
    expect(badZip.code).toBe(1);
    expect(badZip.stderr.trim()).toBe('error: "5530" is not a zip or postal code. Use a US zip (55303 or 55303-1234) or a Canadian postal code (K1A 0B1).');

    const profile = await runCli(['profile', 'set', '--name', 'Terry Third', '--company', 'Third Builders', '--phone', '612-555-0100', '--json'], me);
    expect(profile.code, profile.stderr).toBe(0);
    expect(JSON.parse(profile.stdout)).toMatchObject({ full_name: 'Terry Third', email: 'third@gc.example', company: { name: 'Third Builders' }, send_blocker: null });
    const badLogo = await runCli(['profile', 'set', '--logo-url', 'ftp://x.example/logo.png'], me);
    expect(badLogo.code).toBe(1);
    expect(badLogo.stderr).toContain('https://');

    const edit = await runCli(['job', 'edit', 'abcd1234', '--due', 'Dec 12 2pm CT'], me);
    expect(edit.code).toBe(1);
    expect(edit.stderr.trim()).toBe('error: No job with id abcd1234.');
  });

  it('refuses a weak password and a bad configuration value with a message naming the fix', async () => {
    const weak = await runCli(['user', 'add', 'weak@gc.example', '--password-stdin'], env, 'short');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('at least 8 characters');
    const badPort = await runCli(['jobs', 'list', '--user', 'x@y.example'], { ...env, PORT: 'eighty' });
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toMatch(/Configuration error — PORT: .*\.env\.example/);
  });
});
