import { describe } from 'vitest';
import { appBackends } from './app.js';

export type Backend = 'sqlite' | 'postgres';
type SuiteBody = (backend: Backend) => void;

function onBoth(name: string, body: SuiteBody, skipAll: boolean): void {
  for (const { backend, skip } of appBackends()) {
    describe.skipIf(skipAll || !!skip)(`${name} on ${backend}${skip ? ` (skipped: ${skip})` : ''}`, () => body(backend));
  }
}

/**
 * `describe(name)` once per database the App runs on, with the backend handed to the body; the
 * Postgres copy is skipped (its title says why) only where Debian postgresql is not installed.
 * `.skipIf(cond)` skips both, like vitest's (a rig's server missing off CI). Shared by the channel
 * suites (HTTP, e-mail, Slack), whose rigs take the backend.
 */
export const describeOnBothDatabases = Object.assign((name: string, body: SuiteBody) => onBoth(name, body, false), {
  skipIf: (cond: boolean) => (name: string, body: SuiteBody) => onBoth(name, body, cond),
});
