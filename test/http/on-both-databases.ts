import { describe } from 'vitest';
import { appBackends } from '../helpers/app.js';

export type Backend = 'sqlite' | 'postgres';

/**
 * `describe(name)` once per database the App runs on, with the backend handed to the body; the
 * Postgres copy is skipped (its title says why) only where Debian postgresql is not installed.
 * Shared by the channel suites (HTTP, e-mail, Slack), whose rigs take the backend.
 */
export function describeOnBothDatabases(name: string, body: (backend: Backend) => void): void {
  for (const { backend, skip } of appBackends()) {
    describe.skipIf(!!skip)(`${name} on ${backend}${skip ? ` (skipped: ${skip})` : ''}`, () => body(backend));
  }
}
