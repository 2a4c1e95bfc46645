import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { contacts, emailLogs, outreachApprovals, type EmailLogRow } from '../schema/index.js';

/** What channels show of a job's outreach: its approval and its email_logs rows. */
export class JobOutreachRepository {
  constructor(private readonly db: Db) {}

  /** The job's messages, oldest first, then by address (callers check the job's owner first). */
  listForJob(jobId: string): EmailLogRow[] {
    return this.db.select().from(emailLogs).where(eq(emailLogs.jobId, jobId)).orderBy(asc(emailLogs.createdAt), asc(emailLogs.toEmail)).all();
  }

  /** The job's invitations (not their reminders or addendum notices) with the name of the contact each went to. */
  listWithContactNames(jobId: string): { log: EmailLogRow; name: string }[] {
    return this.db
      .select({ log: emailLogs, name: contacts.name })
      .from(emailLogs)
      .innerJoin(contacts, eq(contacts.contactId, emailLogs.contactId))
      .where(and(eq(emailLogs.jobId, jobId), eq(emailLogs.kind, 'invitation')))
      .all();
  }

  /** The map version approved for sending, or undefined before the red button. */
  approvedVersion(jobId: string): number | undefined {
    return this.db.select({ v: outreachApprovals.mapVersion }).from(outreachApprovals).where(eq(outreachApprovals.jobId, jobId)).get()?.v;
  }
}
