/**
 * A sender in its own process that dies (SIGKILL: no cleanup, no finally) at a chosen point of
 * sending its first invitation. Run by crash.test.ts:
 *   node --import tsx test/outreach/crash-sender.ts   with env RB_DATA_DIR, SMTP_URL, CRASH_AT
 * CRASH_AT = afterClaim | beforeSubmit | afterSend
 */
import { OutreachSender, type SenderHooks } from '../../src/core/outreach/index.js';
import { openWorld } from './world.js';

const at = process.env.CRASH_AT as keyof SenderHooks | undefined;
const w = openWorld(process.env.RB_DATA_DIR!, {
  SMTP_URL: process.env.SMTP_URL,
  REDBUTTON_MAIL_FROM: 'bids@gc-builders.test',
  PUBLIC_URL: 'https://rb.gc-builders.test',
});
const die = () => {
  process.kill(process.pid, 'SIGKILL');
};
const sender = new OutreachSender(w, { concurrency: 1, hooks: at ? { [at]: die } : {} });
await sender.drainOnce();
await sender.close();
w.close();
