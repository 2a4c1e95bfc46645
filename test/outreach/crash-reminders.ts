/**
 * A scheduler tick and a sender in their own process that dies (SIGKILL) while reminders go out:
 * at CRASH_AT of the CRASH_ON-th reminder. Run by reminders-crash.test.ts:
 *   (bundled by crash-child.ts; or node --import tsx test/outreach/crash-reminders.ts)   with env RB_DATA_DIR, SMTP_URL, CRASH_AT, CRASH_ON, TICK_AT (and DATABASE_URL for Postgres)
 */
import { OutreachSender, queueDueReminders, type SenderHooks } from '../../src/core/outreach/index.js';
import { joinWorld } from './world.js';

const at = process.env.CRASH_AT as keyof SenderHooks;
const on = Number(process.env.CRASH_ON ?? '1');
const now = new Date(process.env.TICK_AT!);
const w = await joinWorld(
  { ...process.env, REDBUTTON_DATA_DIR: process.env.RB_DATA_DIR },
  { SMTP_URL: process.env.SMTP_URL, REDBUTTON_MAIL_FROM: 'bids@gc-builders.test', PUBLIC_URL: 'https://rb.gc-builders.test' },
);
await queueDueReminders(w, now);
let seen = 0;
const maybeDie = () => {
  seen += 1;
  if (seen === on) process.kill(process.pid, 'SIGKILL');
};
const sender = new OutreachSender(w, { concurrency: 1, clock: () => now, hooks: { [at]: maybeDie } });
await sender.drainOnce();
await sender.close();
await w.close();
