import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp, openApp } from '../../src/app.js';
import { openPostgres } from '../../src/db/pg/client.js';
import { makeTempDir } from '../helpers/app.js';

const SECRET = 'a-shared-signing-secret-of-32-characters-or-more';
const env = (extra: Record<string, string>) => ({ REDBUTTON_DATA_DIR: '/tmp/rb-config-test', REDBUTTON_SECRET: SECRET, ...extra });

describe('DATABASE_URL selects the database', () => {
  it('stays SQLite in the data dir when unset, and for a file URL', () => {
    const c = loadConfig(env({}));
    expect(c.postgresUrl).toBeUndefined();
    expect(c.databasePath).toBe('/tmp/rb-config-test/redbutton.sqlite');
    expect(loadConfig(env({ DATABASE_URL: 'file:/srv/rb.sqlite' })).databasePath).toBe('/srv/rb.sqlite');
  });

  it('takes a postgres:// or postgresql:// URL as Postgres', () => {
    const url = 'postgres://rb:s3cret@db.internal:5432/redbutton?sslmode=require';
    expect(loadConfig(env({ DATABASE_URL: url })).postgresUrl).toBe(url);
    expect(loadConfig(env({ DATABASE_URL: 'postgresql://rb@db/redbutton' })).postgresUrl).toBe('postgresql://rb@db/redbutton');
  });

  it('refuses a Postgres URL without a database name or host, naming the variable and never the password', () => {
    for (const [url, why] of [
      ['postgres://rb:s3cret@db.internal:5432/', /no database name/],
      ['postgres://rb:s3cret@:5432/x', /(no host|not a valid URL)/],
      ['postgres://rb:s3cret@db.internal:99999/x', /not a valid URL/],
    ] as const) {
      let error: unknown;
      try {
        loadConfig(env({ DATABASE_URL: url }));
      } catch (e) {
        error = e;
      }
      expect(error, url).toMatchObject({ code: 'CONFIG_INVALID', userMessage: expect.stringMatching(/DATABASE_URL/) });
      expect((error as Error).message).toMatch(why);
      expect(JSON.stringify(error) + String((error as Error).message) + (error as { userMessage: string }).userMessage).not.toContain('s3cret');
    }
  });

  it('refuses another kind of database by its scheme only, without echoing the URL', () => {
    expect(() => loadConfig(env({ DATABASE_URL: 'mysql://rb:s3cret@db/x' }))).toThrow(/^Unsupported DATABASE_URL scheme mysql:$/);
  });

  it('requires REDBUTTON_SECRET with a Postgres URL, naming the variable (every process must sign alike)', () => {
    const url = 'postgres://rb:s3cret@db.internal:5432/redbutton';
    let error: unknown;
    try {
      loadConfig({ REDBUTTON_DATA_DIR: '/tmp/rb-config-test', DATABASE_URL: url });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', userMessage: expect.stringMatching(/REDBUTTON_SECRET is required when DATABASE_URL is a Postgres database/) });
    expect(String((error as { userMessage: string }).userMessage)).not.toContain('s3cret');
    // SQLite alone still generates its secret into the data dir.
    expect(loadConfig({ REDBUTTON_DATA_DIR: '/tmp/rb-config-test' }).REDBUTTON_SECRET).toBeUndefined();
  });

  it('does not let a Postgres URL silently run the application on SQLite: the synchronous createApp points at openApp', () => {
    const t = makeTempDir();
    try {
      const config = loadConfig({ REDBUTTON_DATA_DIR: t.dir, DATABASE_URL: 'postgres://rb:pw@127.0.0.1:1/redbutton', REDBUTTON_SECRET: SECRET });
      expect(() => createApp(config)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(/openApp/), userMessage: expect.stringMatching(/DATABASE_URL.*Postgres/) }));
    } finally {
      t.cleanup();
    }
  });

  it('opens the App on an unreachable Postgres with a typed error naming DATABASE_URL, not the password', async () => {
    const t = makeTempDir();
    try {
      const config = loadConfig({ REDBUTTON_DATA_DIR: t.dir, DATABASE_URL: 'postgres://rb:s3cret@127.0.0.1:1/redbutton', REDBUTTON_SECRET: SECRET });
      const err = await openApp(config).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'DB_UNAVAILABLE', userMessage: expect.stringMatching(/\(DATABASE_URL\)/) });
      expect((err as { userMessage: string }).userMessage).not.toContain('s3cret');
    } finally {
      t.cleanup();
    }
  });

  it('reports an unreachable Postgres with a typed error naming the host and DATABASE_URL, not the password', async () => {
    // Port 1 on loopback: nothing listens there.
    const err = await openPostgres('postgres://rb:s3cret@127.0.0.1:1/redbutton').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DB_UNAVAILABLE', userMessage: expect.stringMatching(/127\.0\.0\.1:1\/redbutton \(DATABASE_URL\)/) });
    expect((err as { userMessage: string }).userMessage).not.toContain('s3cret');
  });
});
