import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import { logger as rootLogger } from '../log.js';
import { instantOf } from '../project/time.js';
import type { Repositories } from '../../db/repositories/index.js';
import type { OutreachConfig } from './deps.js';
import { fromSqlTime } from './deps.js';
import { parseMailFrom } from './mail-address.js';
import type { Logger } from '../log.js';

/** Reminders before the subs' due time, unless the job says otherwise: three days and one day. */
export const DEFAULT_REMINDER_DAYS = [3, 1] as const;
const MAX_REMINDERS = 5;
const MAX_DAYS = 60;

/** The stored job setting (JSON array, NULL = default, '[]' = off) as days, largest first. */
export function reminderDaysOf(stored: string | null | undefined): number[] {
  if (stored === null || stored === undefined) return [...DEFAULT_REMINDER_DAYS];
  try {
    const v: unknown = JSON.parse(stored);
    if (Array.isArray(v)) return normalizeDays(v.filter((x): x is number => typeof x === 'number'));
  } catch (_e) {
    // written by us as JSON; anything else reads as the default rather than failing a page
  }
  return [...DEFAULT_REMINDER_DAYS];
}

const normalizeDays = (days: number[]) => [...new Set(days.filter((d) => Number.isInteger(d) && d >= 1 && d <= MAX_DAYS))].sort((a, b) => b - a).slice(0, MAX_REMINDERS);

/**
 * What a person writes for the reminder setting: "3,1", "3 and 1", "2 days", "off", "none",
 * "default". Returns the value to store (null = default, '[]' = off).
 */
export function parseReminderSetting(text: string): string | null {
  const t = text.trim().toLowerCase();
  if (/^(?:default|standard)$/.test(t)) return null;
  if (/^(?:off|none|no|never|0)$/.test(t)) return '[]';
  const parts = t.replace(/\bdays?\b|\bbefore\b|\band\b/g, ' ').split(/[\s,;/]+/).filter(Boolean);
  const days = parts.map(Number);
  if (parts.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > MAX_DAYS) || parts.length > MAX_REMINDERS) {
    throw new AppError('VALIDATION', `Bad reminder setting ${text}`, {
      userMessage: `Reminders are whole days before the bids are due, up to ${MAX_REMINDERS} of them between 1 and ${MAX_DAYS} (e.g. "3,1"), or "off". Got "${text.slice(0, 60)}".`,
    });
  }
  return JSON.stringify(normalizeDays(days));
}

export interface ReminderTime {
  /** email_logs.occasion: "3d". */
  occasion: string;
  days: number;
  at: Date;
}

/** When each reminder of a job goes: `days` before the due instant. */
export function reminderTimes(due: Date, days: number[]): ReminderTime[] {
  return days.map((d) => ({ occasion: `${d}d`, days: d, at: new Date(due.getTime() - d * 86_400_000) }));
}

/**
 * The reminder an invitation should get now, if any: the latest reminder point that has passed,
 * before the due time, and after the invitation went out (an invitation sent two days before the
 * due date gets no "3 days" reminder). Earlier points missed (the service was down) are not sent
 * late: the latest one says the same thing with the right count of days.
 */
export function reminderDueNow(times: ReminderTime[], sentAt: Date | null, due: Date, now: Date): ReminderTime | undefined {
  if (now.getTime() >= due.getTime()) return undefined;
  const passed = times.filter((t) => t.at.getTime() <= now.getTime() && (!sentAt || sentAt.getTime() < t.at.getTime()));
  return passed.sort((a, b) => b.at.getTime() - a.at.getTime())[0];
}

/** The reminders an invitation will still get after `now` (for "who will be reminded when"). */
export function remindersAhead(times: ReminderTime[], sentAt: Date | null, due: Date, now: Date): ReminderTime[] {
  return times.filter((t) => t.at.getTime() > now.getTime() && t.at.getTime() < due.getTime() && (!sentAt || sentAt.getTime() < t.at.getTime()));
}

export interface ReminderDeps {
  config: Pick<OutreachConfig, 'REDBUTTON_MAIL_FROM'>;
  repos: Pick<Repositories, 'coverage'>;
  logger?: Logger;
}

/**
 * One scheduler tick: queue every reminder that is due. Each is one email_logs row (kind
 * 'reminder', occasion '3d', parent = the invitation); the unique (job, contact, kind, occasion)
 * index makes a second tick, a second process or a restart queue nothing twice, and the sender
 * sends each row exactly once through the same claim as invitations. Cheap when nothing is due:
 * one indexed query over sent invitations.
 */
export async function queueDueReminders(deps: ReminderDeps, now: Date = new Date()): Promise<{ queued: number; jobs: string[] }> {
  const log = deps.logger ?? rootLogger;
  const candidates = await deps.repos.coverage.reminderCandidates(new Date(now.getTime() - 2 * 86_400_000).toISOString().slice(0, 10));
  if (candidates.length === 0) return { queued: 0, jobs: [] };
  const from = parseMailFrom(deps.config.REDBUTTON_MAIL_FROM);
  let queued = 0;
  const jobs = new Set<string>();
  for (const c of candidates) {
    if (!c.timeZone) continue;
    const due = instantOf({ date: c.dueDate, time: c.dueTime }, c.timeZone);
    const next = reminderDueNow(reminderTimes(due, reminderDaysOf(c.reminderDays)), fromSqlTime(c.sentAt), due, now);
    if (!next) continue;
    const ok = await deps.repos.coverage.queueReminder({
      emailId: randomUUID(),
      jobId: c.jobId,
      contactId: c.contactId,
      parentEmailId: c.emailId,
      occasion: next.occasion,
      toEmail: c.toEmail,
      trades: c.trades,
      mapVersion: c.mapVersion,
      messageId: `<${randomUUID()}@${from.domain}>`,
    });
    if (!ok) continue;
    queued += 1;
    jobs.add(c.jobId);
    log.info({ jobId: c.jobId, invitation: c.emailId, occasion: next.occasion }, 'reminder queued');
  }
  return { queued, jobs: [...jobs] };
}
