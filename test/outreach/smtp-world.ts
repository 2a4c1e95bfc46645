import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { OutreachSender } from '../../src/core/outreach/index.js';
import { estimator, openWorld, tempDir, type World } from './world.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.js';

export interface SmtpWorld {
  smtp: TestSmtpServer;
  w: World;
  userId: string;
  dir: string;
}

/**
 * The setup the SMTP tests share: one real SMTP server per file; per test a fresh data dir, world
 * and estimator (handed to `bind`), a clean server (no mail, no injected errors), and every sender
 * in `senders` closed afterwards.
 */
export function useSmtpWorld(env: (smtp: TestSmtpServer) => Record<string, string>, bind: (s: SmtpWorld) => void, senders: OutreachSender[]): void {
  let smtp: TestSmtpServer;
  let w: World | undefined;
  let cleanup = () => {};
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });
  beforeEach(async () => {
    smtp.received.length = 0;
    smtp.onRcpt = undefined;
    smtp.onData = undefined;
    const t = tempDir();
    cleanup = t.cleanup;
    w = openWorld(t.dir, env(smtp));
    bind({ smtp, w, userId: await estimator(w), dir: t.dir });
  });
  afterEach(async () => {
    for (const s of senders.splice(0)) await s.close();
    w?.close();
    cleanup();
  });
}
