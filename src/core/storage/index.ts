export * from './ref.js';
export type { BlobStorage } from './storage.js';
export { LocalStorage, localStorageRoot } from './local.js';
