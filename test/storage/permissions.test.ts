import { statSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { makeTempDir } from '../helpers/app.js';

const modeOf = (p: string) => statSync(p).mode & 0o777;

describe('files at rest are owner-only', () => {
  const tmp = makeTempDir();
  const previous = process.umask(0o022); // the usual umask, which would give 0644 / 0755
  afterAll(() => {
    process.umask(previous);
    tmp.cleanup();
  });

  it('creates the data dir and storage/ 0700, the SQLite files and stored files 0600', async () => {
    const dataDir = join(tmp.dir, 'data');
    const app = createApp(loadConfig({ REDBUTTON_DATA_DIR: dataDir }));
    try {
      app.handle.sqlite.prepare('CREATE TABLE IF NOT EXISTS perm_probe (x)').run(); // the WAL gets written
      const written = await app.storage.put('jobs/abc/plans.pdf', Buffer.from('%PDF-1.4 test'));
      const source = join(tmp.dir, 'loose.pdf');
      writeFileSync(source, '%PDF-1.4 copied', { mode: 0o644 });
      const copied = await app.storage.putFile('jobs/abc/copy.pdf', source);

      expect(modeOf(dataDir)).toBe(0o700);
      const sqliteFiles = readdirSync(dataDir).filter((f) => f.startsWith('redbutton.sqlite'));
      expect(sqliteFiles).toEqual(expect.arrayContaining(['redbutton.sqlite', 'redbutton.sqlite-wal', 'redbutton.sqlite-shm']));
      for (const f of sqliteFiles) expect([f, modeOf(join(dataDir, f))]).toEqual([f, 0o600]);
      expect(modeOf(join(dataDir, 'storage'))).toBe(0o700);
      expect(modeOf(join(dataDir, 'storage', 'jobs'))).toBe(0o700);
      expect(modeOf(join(dataDir, 'storage', 'jobs', 'abc'))).toBe(0o700);
      expect(modeOf(await app.storage.localPath(written))).toBe(0o600);
      expect(modeOf(await app.storage.localPath(copied))).toBe(0o600);
    } finally {
      app.close();
    }
  });
});
