/**
 * A sender in its own process that dies (SIGKILL: no cleanup, no finally) at a chosen point of
 * sending its first invitation. Run by crash.test.ts:
 *   (bundled by crash-child.ts; or node --import tsx test/outreach/crash-sender.ts)   with env RB_DATA_DIR, SMTP_URL, CRASH_AT (and DATABASE_URL for Postgres)
 * CRASH_AT = afterClaim | beforeSubmit | afterSend
 */
import { OutreachSender, type SenderHooks } from '../../src/core/outreach/index.js';
import { joinWorld } from './world.js';

const at = process.env.CRASH_AT as keyof SenderHooks | undefined;
// With DATABASE_URL (postgres://…, and its REDBUTTON_SECRET) the sender works on that database, as a worker would.
const w = await joinWorld(
  { ...process.env, REDBUTTON_DATA_DIR: process.env.RB_DATA_DIR },
  { SMTP_URL: process.env.SMTP_URL, REDBUTTON_MAIL_FROM: 'bids@gc-builders.test', PUBLIC_URL: 'https://rb.gc-builders.test' },
);
const die = () => {
  process.kill(process.pid, 'SIGKILL');
};
const sender = new OutreachSender(w, { concurrency: 1, hooks: at ? { [at]: die } : {} });
await sender.drainOnce();
await sender.close();
await w.close();
