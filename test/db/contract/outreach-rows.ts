import type { TestBackend } from '../../helpers/backends.js';

/**
 * Rows the outreach repositories' contract tests arrange with plain SQL (the same statements on
 * both databases): an estimator, jobs, subcontractor contacts and email_logs rows in a given state.
 * Times are given as SQLite's text `YYYY-MM-DD HH:MM:SS` (UTC), which both store.
 */
export async function seedUser(b: TestBackend, userId = 'u1'): Promise<void> {
  await b.raw(`INSERT INTO users (user_id, email, password_hash) VALUES (?, ?, 'x')`, [userId, `${userId}@gc.test`]);
}

export async function seedJob(b: TestBackend, jobId: string, userId = 'u1', details?: { dueDate: string; reminderDays?: string | null }): Promise<void> {
  await b.raw(`INSERT INTO jobs (job_id, user_id, name) VALUES (?, ?, ?)`, [jobId, userId, `Project ${jobId}`]);
  if (details) {
    await b.raw(`INSERT INTO job_details (job_id, due_date, due_time, time_zone, reminder_days) VALUES (?, ?, '14:00', 'America/Chicago', ?)`, [
      jobId,
      details.dueDate,
      details.reminderDays ?? null,
    ]);
  }
}

export interface ContactSeed {
  id: string;
  name: string;
  userId?: string;
  email?: string;
  contactPerson?: string;
  unsubscribedAt?: string;
  emailBadAt?: string;
  deliveryWarning?: string;
}

export async function seedContact(b: TestBackend, c: ContactSeed): Promise<void> {
  await b.raw(
    `INSERT INTO contacts (contact_id, user_id, name, email, contact_person, unsubscribed_at, email_bad_at, delivery_warning) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [c.id, c.userId ?? 'u1', c.name, c.email ?? `${c.id}@subs.test`, c.contactPerson ?? null, c.unsubscribedAt ?? null, c.emailBadAt ?? null, c.deliveryWarning ?? null],
  );
}

/** email_logs columns a test may set (snake_case, as in the table). */
export interface EmailSeed {
  email_id: string;
  job_id: string;
  contact_id: string;
  status?: string;
  kind?: string;
  occasion?: string;
  to_email?: string | null;
  message_id?: string;
  created_at?: string;
  sent_at?: string;
  next_attempt_at?: string;
  bid_response?: string;
  responded_at?: string;
  answer_notified_at?: string;
  parent_email_id?: string;
  trades?: string;
  attempts?: number;
}

export async function seedEmail(b: TestBackend, e: EmailSeed): Promise<void> {
  const row: Record<string, unknown> = { status: 'SENT', message_id: `<${e.email_id}@gc.test>`, to_email: `${e.contact_id}@subs.test`, ...e };
  const cols = Object.keys(row);
  await b.raw(`INSERT INTO email_logs (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, Object.values(row));
}

/** A count from `SELECT count(*) AS n …` (Postgres returns bigint as text). */
export async function countOf(b: TestBackend, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await b.raw<{ n: number | string }>(sql, params);
  return Number(row?.n ?? 0);
}
