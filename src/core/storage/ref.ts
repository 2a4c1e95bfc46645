import { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * A StorageRef says where an artifact lives and how to fetch it; it is what `*_ref` columns hold,
 * serialized as JSON (the seed's design). `location` is a key relative to the backend's root
 * (`users/<uid>/jobs/<jobId>/pdf/<sha256>.pdf`), never a path chosen from user input.
 */
export const STORAGE_MODES = ['LOCAL', 'S3'] as const;
export type StorageMode = (typeof STORAGE_MODES)[number];

export interface StorageRef {
  mode: StorageMode;
  location: string;
}

const refSchema = z.object({ mode: z.enum(STORAGE_MODES), location: z.string().min(1).max(1024) }).strict();

export function serializeRef(ref: StorageRef): string {
  return JSON.stringify({ mode: ref.mode, location: ref.location });
}

export function parseRef(text: string | null | undefined): StorageRef {
  if (!text) throw new AppError('STORAGE_IO', 'Empty storage reference', { userMessage: 'The file for this job is missing.' });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AppError('STORAGE_MODE', `Storage reference is not JSON: ${text.slice(0, 80)}`, { cause: e });
  }
  const parsed = refSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('STORAGE_MODE', `Invalid storage reference: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  }
  return parsed.data;
}

/**
 * Validate a storage key: a relative POSIX path of safe segments. Rejects `..`, absolute paths,
 * backslashes, NUL, and percent-encoded separators or dots (which some layer might decode later).
 */
export function assertSafeKey(key: string): void {
  const bad = (why: string) =>
    new AppError('STORAGE_ESCAPE', `Storage location rejected (${why}): ${JSON.stringify(key.slice(0, 200))}`, {
      userMessage: 'That file reference points outside the storage area and was refused.',
    });
  if (key.length === 0 || key.length > 1024) throw bad('length');
  if (key.includes('\0')) throw bad('NUL byte');
  if (key.includes('\\')) throw bad('backslash');
  if (/%(2e|2f|5c|00)/i.test(key)) throw bad('encoded separator');
  if (key.startsWith('/') || /^[a-z]:/i.test(key)) throw bad('absolute path');
  for (const seg of key.split('/')) {
    if (seg === '' || seg === '.' || seg === '..') throw bad('path segment');
    if (!/^[\w.@+-]+$/.test(seg)) throw bad('character');
  }
}

/** Server-chosen keys: the only way the app names stored files. */
export const storageKeys = {
  /** Everything stored for one user (deleted with the account). */
  userRoot: (userId: string) => `users/${userId}`,
  jobPdf: (userId: string, jobId: string, sha256: string) => `users/${userId}/jobs/${jobId}/pdf/${sha256}.pdf`,
  jobScope: (userId: string, jobId: string) => `users/${userId}/jobs/${jobId}/scope/scope.json`,
  /** One document of a package: its page text and its own scope (the job's scope merges them). */
  jobDocumentPages: (userId: string, jobId: string, documentId: string) => `users/${userId}/jobs/${jobId}/pages/${documentId}.json`,
  jobDocumentScope: (userId: string, jobId: string, documentId: string) => `users/${userId}/jobs/${jobId}/scope/${documentId}.json`,
  jobPageImage: (userId: string, jobId: string, page: number, ext: 'png' | 'jpg') =>
    `users/${userId}/jobs/${jobId}/images/page-${String(page).padStart(4, '0')}.${ext}`,
  jobImagesDir: (userId: string, jobId: string) => `users/${userId}/jobs/${jobId}/images`,
  /**
   * One map version's file. The nonce makes each write its own file: two edits racing for the same
   * version never write over each other, and the history row names exactly the file its conditional
   * update committed. (Not content-addressed: two identical racing edits would share one file, and
   * the loser removing "its" file would remove the winner's.)
   */
  jobMapVersion: (userId: string, jobId: string, version: number, nonce: string) =>
    `users/${userId}/jobs/${jobId}/contacts-map/v${String(version).padStart(4, '0')}-${nonce}.json`,
};
