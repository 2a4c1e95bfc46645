export * from './ref.js';
export type { BlobStorage } from './storage.js';
export { LocalStorage, localStorageRoot } from './local.js';
export { S3Storage, type S3StorageOptions } from './s3.js';
export { createBlobStorage } from './select.js';
