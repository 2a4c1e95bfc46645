import { chmod, mkdir, writeFile, rename, readFile, copyFile, realpath, rm, stat } from 'node:fs/promises';
import { mkdirSync, realpathSync } from 'node:fs';
import { join, resolve, sep, dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';
import { assertSafeKey, type StorageRef } from './ref.js';
import type { BlobStorage } from './storage.js';

/** Plans and maps are customers' documents: owner-only directories and files (whatever the umask). */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** LOCAL storage: files under `<dataDir>/storage`, addressed by validated relative keys. */
export class LocalStorage implements BlobStorage {
  readonly mode = 'LOCAL' as const;
  private readonly root: string;

  constructor(root: string) {
    mkdirSync(root, { recursive: true, mode: DIR_MODE });
    // Resolve symlinks in the root itself once, so containment checks compare real paths.
    this.root = realpathSync(resolve(root));
  }

  async put(key: string, data: Buffer | string): Promise<StorageRef> {
    const path = await this.pathForWrite(key);
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, data, { mode: FILE_MODE });
    await rename(tmp, path);
    return { mode: 'LOCAL', location: key };
  }

  async putFile(key: string, sourcePath: string): Promise<StorageRef> {
    const path = await this.pathForWrite(key);
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await copyFile(sourcePath, tmp); // copies the source's mode: set ours before it is visible
    await chmod(tmp, FILE_MODE);
    await rename(tmp, path);
    return { mode: 'LOCAL', location: key };
  }

  async get(ref: StorageRef): Promise<Buffer> {
    return readFile(await this.localPath(ref));
  }

  async localPath(ref: StorageRef): Promise<string> {
    const path = this.resolveRef(ref);
    let real: string;
    try {
      real = await realpath(path);
    } catch (e) {
      throw new AppError('STORAGE_IO', `Stored file missing: ${ref.location}`, {
        cause: e,
        userMessage: 'A stored file for this job is missing; process the PDF again.',
      });
    }
    // A symlink inside the root that points outside it is an escape too.
    this.assertInside(real, ref.location);
    return real;
  }

  async exists(ref: StorageRef): Promise<boolean> {
    try {
      await stat(await this.localPath(ref));
      return true;
    } catch (e) {
      if (e instanceof AppError && e.code === 'STORAGE_IO') return false;
      throw e;
    }
  }

  async delete(ref: StorageRef): Promise<void> {
    await rm(this.resolveRef(ref), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.resolveRef({ mode: 'LOCAL', location: prefix }), { recursive: true, force: true });
  }

  private resolveRef(ref: StorageRef): string {
    if (ref.mode !== 'LOCAL') {
      throw new AppError('STORAGE_MODE', `This server stores files LOCAL; cannot read a ${ref.mode} reference`, {
        userMessage: `This file is stored in ${ref.mode}, which this server is not configured for.`,
      });
    }
    assertSafeKey(ref.location);
    const path = resolve(this.root, ref.location);
    this.assertInside(path, ref.location);
    return path;
  }

  private async pathForWrite(key: string): Promise<string> {
    const path = this.resolveRef({ mode: 'LOCAL', location: key });
    await mkdir(dirname(path), { recursive: true, mode: DIR_MODE });
    // The directory may already exist as a symlink planted by someone: check its real path.
    this.assertInside(await realpath(dirname(path)), key);
    return path;
  }

  private assertInside(path: string, key: string): void {
    if (path !== this.root && !path.startsWith(this.root + sep)) {
      throw new AppError('STORAGE_ESCAPE', `Storage location escapes the root: ${key}`, {
        userMessage: 'That file reference points outside the storage area and was refused.',
      });
    }
  }
}

export const localStorageRoot = (dataDir: string) => join(dataDir, 'storage');
