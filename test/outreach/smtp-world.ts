import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { OutreachSender } from '../../src/core/outreach/index.js';
import { estimator, openWorldOn, type AnyWorld } from './world.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.js';

export interface SmtpWorld {
  smtp: TestSmtpServer;
  w: AnyWorld;
  userId: string;
  dir: string;
}

/**
 * The setup the SMTP tests share: one real SMTP server per file; per test a fresh data dir, world
 * on `backend` and estimator (handed to `bind`), a clean server (no mail, no injected errors), and
 * every sender in `senders` closed afterwards. A `skip` reason (Postgres not installed) opens nothing.
 */
export function useSmtpWorld(
  env: (smtp: TestSmtpServer) => Record<string, string>,
  bind: (s: SmtpWorld) => void,
  senders: OutreachSender[],
  { backend = 'sqlite', skip }: { backend?: 'sqlite' | 'postgres'; skip?: string } = {},
): void {
  let smtp: TestSmtpServer;
  let w: AnyWorld | undefined;
  beforeAll(async () => {
    if (!skip) smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  beforeEach(async () => {
    if (skip) return;
    smtp.received.length = 0;
    smtp.onRcpt = undefined;
    smtp.onData = undefined;
    w = await openWorldOn(backend, env(smtp));
    bind({ smtp, w, userId: await estimator(w), dir: w.dataDir });
  });
  afterEach(async () => {
    for (const s of senders.splice(0)) await s.close();
    await w?.close();
    w = undefined;
  });
}
