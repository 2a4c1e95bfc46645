import { createHash } from 'node:crypto';

/**
 * Advisory-lock keys. Postgres advisory locks are named by two 32-bit integers: the first is Red
 * Button's namespace (so another application on the same database cannot collide with us), the
 * second is derived from a readable name — the first four bytes of its SHA-256, stable across
 * processes and versions.
 */
export const LOCK_NAMESPACE = 0x52_42_00_01; // "RB" + 1

export function lockKey(name: string): [number, number] {
  return [LOCK_NAMESPACE, createHash('sha256').update(name).digest().readInt32BE(0)];
}

/** Held while migrations run: every process that starts at once waits here instead of racing. */
export const MIGRATION_LOCK = 'migrate';

/**
 * Namespace of the per-job Slack message locks: `pg_advisory_xact_lock(SLACK_MESSAGES_LOCK_NAMESPACE,
 * hashtext(jobId))` (a hash collision only makes two jobs' publishes take turns).
 */
export const SLACK_MESSAGES_LOCK_NAMESPACE = 0x52_42_00_02; // "RB" + 2
