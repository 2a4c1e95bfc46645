import { join } from 'node:path';
import type { Config } from '../../config.js';
import { LocalStorage, localStorageRoot } from './local.js';
import { S3Storage } from './s3.js';
import type { BlobStorage } from './storage.js';

/** S3 when S3_BUCKET is set, else LOCAL files in the data dir (the default: nothing to install). */
export function createBlobStorage(config: Config): BlobStorage {
  if (!config.S3_BUCKET) return new LocalStorage(localStorageRoot(config.dataDir));
  return new S3Storage({
    bucket: config.S3_BUCKET,
    prefix: config.S3_PREFIX,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    cacheDir: join(config.dataDir, 's3-cache'),
    cacheMaxBytes: config.S3_CACHE_MAX_MB * 1024 * 1024,
  });
}
