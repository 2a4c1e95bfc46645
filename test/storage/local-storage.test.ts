import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalStorage, parseRef, serializeRef, storageKeys, type StorageRef } from '../../src/core/storage/index.js';
import { makeTempDir } from '../helpers/app.js';

describe('LOCAL storage', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  function setup() {
    const t = makeTempDir();
    cleanup = t.cleanup;
    const root = join(t.dir, 'storage');
    const outside = join(t.dir, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'top secret');
    return { storage: new LocalStorage(root), root, outside };
  }

  it('stores under server-chosen keys and reads back through a serialized ref', async () => {
    const { storage } = setup();
    const ref = await storage.put(storageKeys.jobScope('u1', 'j1'), '{"ok":true}');
    const roundTrip = parseRef(serializeRef(ref));
    expect(roundTrip).toEqual({ mode: 'LOCAL', location: 'users/u1/jobs/j1/scope/scope.json' });
    expect((await storage.get(roundTrip)).toString()).toBe('{"ok":true}');
  });

  const escapes: [string, string][] = [
    ['parent segments', '../outside/secret.txt'],
    ['nested parent segments', 'users/u1/../../../outside/secret.txt'],
    ['absolute path', '/etc/passwd'],
    ['windows drive', 'C:/Windows/win.ini'],
    ['encoded slash', '..%2Foutside%2Fsecret.txt'],
    ['encoded dots', '%2e%2e/outside/secret.txt'],
    ['backslash', '..\\outside\\secret.txt'],
    ['NUL byte', 'users/u1/a.pdf\0.txt'],
  ];
  for (const [what, location] of escapes) {
    it(`refuses a ref with ${what}`, async () => {
      const { storage } = setup();
      await expect(storage.get({ mode: 'LOCAL', location })).rejects.toMatchObject({ code: 'STORAGE_ESCAPE' });
      await expect(storage.put(location, 'x')).rejects.toMatchObject({ code: 'STORAGE_ESCAPE' });
    });
  }

  it('refuses a symlink inside the root that points outside it, for reads and writes', async () => {
    const { storage, root, outside } = setup();
    mkdirSync(join(root, 'users'), { recursive: true });
    symlinkSync(outside, join(root, 'users', 'evil'));
    await expect(storage.get({ mode: 'LOCAL', location: 'users/evil/secret.txt' })).rejects.toMatchObject({ code: 'STORAGE_ESCAPE' });
    await expect(storage.put('users/evil/planted.txt', 'x')).rejects.toMatchObject({ code: 'STORAGE_ESCAPE' });
  });

  it('refuses a ref for a backend this server is not configured for, and malformed refs', async () => {
    const { storage } = setup();
    await expect(storage.get({ mode: 'S3', location: 'users/u1/a.pdf' } as StorageRef)).rejects.toMatchObject({ code: 'STORAGE_MODE' });
    expect(() => parseRef('{"mode":"FTP","location":"x"}')).toThrow(/Invalid storage reference/);
    expect(() => parseRef('not json')).toThrow(/not JSON/);
  });

  it('reports a missing file as missing, not as an escape', async () => {
    const { storage } = setup();
    const ref = { mode: 'LOCAL' as const, location: 'users/u1/nothing.json' };
    expect(await storage.exists(ref)).toBe(false);
    await expect(storage.get(ref)).rejects.toMatchObject({ code: 'STORAGE_IO' });
  });
});
