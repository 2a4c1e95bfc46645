import type { StorageMode, StorageRef } from './ref.js';

/**
 * Where artifacts live. Core code depends on this interface only; LOCAL is the default and an S3
 * backend is a second implementation of the same five methods (keys stay the same).
 */
export interface BlobStorage {
  readonly mode: StorageMode;
  /** Write bytes under a server-chosen key (atomically: readers never see half a file). */
  put(key: string, data: Buffer | string): Promise<StorageRef>;
  /** Copy a local file in (large PDFs without holding them in memory). */
  putFile(key: string, sourcePath: string): Promise<StorageRef>;
  get(ref: StorageRef): Promise<Buffer>;
  /** A filesystem path to read the artifact from (S3 would download to a temp file). */
  localPath(ref: StorageRef): Promise<string>;
  exists(ref: StorageRef): Promise<boolean>;
  delete(ref: StorageRef): Promise<void>;
  /** Delete every artifact under a key prefix (a deleted account's files); nothing there is fine. */
  deletePrefix(prefix: string): Promise<void>;
}
