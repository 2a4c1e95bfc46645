import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/client.js';
import { makeTempDir } from '../helpers/app.js';

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('creates the seed tables on a fresh database and records each migration once', () => {
    const t = makeTempDir();
    cleanup = t.cleanup;
    const { sqlite, close } = openDatabase(join(t.dir, 'db.sqlite'));
    const first = migrate(sqlite);
    expect(first.applied[0]).toBe('0001_init_jobs.sql');
    expect(first.applied).toContain('0004_email_logs.sql');
    expect(tables(sqlite)).toEqual(expect.arrayContaining(['users', 'jobs', 'contacts', 'email_logs', 'contacts_map_history', 'schema_migrations']));
    const cols = (sqlite.prepare('PRAGMA table_info(jobs)').all() as { name: string }[]).map((c) => c.name);
    expect(cols).toEqual(expect.arrayContaining(['contacts_map_ref', 'jsons_mode', 'pdf_ref', 'images_ref', 'prompt_ref', 'failure_reason', 'origin']));

    const again = migrate(sqlite);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(first.applied);
    const count = sqlite.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number };
    expect(count.n).toBe(first.applied.length);
    close();
  });

  it('keeps rows written under the seed schema when later migrations rebuild the tables', () => {
    const t = makeTempDir();
    cleanup = t.cleanup;
    const partial = join(t.dir, 'partial');
    mkdirSync(partial);
    for (const f of readdirSync(MIGRATIONS_DIR).filter((f) => f < '0006')) cpSync(join(MIGRATIONS_DIR, f), join(partial, f));
    const { sqlite, close } = openDatabase(join(t.dir, 'db.sqlite'));
    migrate(sqlite, partial);
    sqlite.prepare("INSERT INTO users (user_id, email, password_hash) VALUES ('u1', 'a@b.test', 'x')").run();
    sqlite.prepare("INSERT INTO jobs (job_id, user_id, name, status, contacts_map_ref) VALUES ('j1', 'u1', 'Old job', 'PDF_SAVED', 'r')").run();
    sqlite.prepare("INSERT INTO contacts (contact_id, user_id, name, email) VALUES ('c1', 'u1', 'Volt', 'v@volt.test')").run();

    migrate(sqlite);
    expect(sqlite.prepare('SELECT name, status, contacts_map_ref FROM jobs').get()).toEqual({ name: 'Old job', status: 'PDF_SAVED', contacts_map_ref: 'r' });
    // Real foreign keys now: a job for a user that does not exist is refused.
    expect(() => sqlite.prepare("INSERT INTO jobs (job_id, user_id, name) VALUES ('j2', 'nobody', 'x')").run()).toThrow(/FOREIGN KEY/);
    close();
  });

  it('refuses a migration file that was edited after it ran', () => {
    const t = makeTempDir();
    cleanup = t.cleanup;
    const dir = join(t.dir, 'migrations');
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const { sqlite, close } = openDatabase(join(t.dir, 'db.sqlite'));
    migrate(sqlite, dir);
    appendFileSync(join(dir, '0003_contacts.sql'), '\n-- edited\n');
    expect(() => migrate(sqlite, dir)).toThrow(/0003_contacts.sql/);
    close();
  });
});
