import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { BackendKind, TestBackend } from '../../helpers/backends.js';

/**
 * The database of one `describe.each(backends())` block: opened before its tests (unless the
 * backend is skipped here), closed after them, and `reset` before each test. The object returned
 * stands for the open backend, so tests write `b.repos…` and `b.raw(…)` as with a TestBackend.
 */
export function useBackend(kind: BackendKind, reset?: (b: TestBackend) => Promise<unknown>): TestBackend {
  let opened: TestBackend | undefined;
  beforeAll(async () => {
    if (!kind.skip) opened = await kind.open();
  });
  afterAll(async () => {
    await opened?.close();
  });
  if (reset) {
    beforeEach(async () => {
      if (opened) await reset(opened);
    });
  }
  const current = (): TestBackend => {
    if (!opened) throw new Error(`the ${kind.name} backend is not open`);
    return opened;
  };
  return {
    name: kind.name,
    get repos() {
      return current().repos;
    },
    raw: (sql, params) => current().raw(sql, params),
    close: () => current().close(),
  };
}

/** What a skipped test's name says about why. */
export const skipNote = (kind: BackendKind): string => (kind.skip ? ` (skipped: ${kind.skip})` : '');

/** No users (and so nothing that belongs to one), then the estimators `u1`, `u2` … named. */
export async function onlyUsers(b: TestBackend, ...ids: string[]): Promise<void> {
  await b.raw('DELETE FROM users');
  for (const id of ids) await b.raw('INSERT INTO users (user_id, email, password_hash) VALUES (?, ?, ?)', [id, `${id}@gc.test`, 'x']);
}
