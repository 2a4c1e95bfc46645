import { and, asc, eq, sql } from 'drizzle-orm';
import type { EmailLogRow, JobOutreachRepository, Promised } from '../../repositories/index.js';
import { contacts, emailLogs, outreachApprovals } from '../schema.js';
import type { PgContext } from './context.js';

/** What channels show of a job's outreach, on Postgres (the SQLite class: ../../repositories/job-outreach.ts). */
export class PgJobOutreachRepository implements Promised<JobOutreachRepository> {
  constructor(private readonly ctx: PgContext) {}

  async listForJob(jobId: string): Promise<EmailLogRow[]> {
    // Addresses in byte order, as SQLite's BINARY collation sorts them.
    return this.ctx
      .q()
      .select()
      .from(emailLogs)
      .where(eq(emailLogs.jobId, jobId))
      .orderBy(asc(emailLogs.createdAt), sql`${emailLogs.toEmail} COLLATE "C"`);
  }

  async listWithContactNames(jobId: string): Promise<{ log: EmailLogRow; name: string }[]> {
    return this.ctx
      .q()
      .select({ log: emailLogs, name: contacts.name })
      .from(emailLogs)
      .innerJoin(contacts, eq(contacts.contactId, emailLogs.contactId))
      .where(and(eq(emailLogs.jobId, jobId), eq(emailLogs.kind, 'invitation')))
      .orderBy(asc(emailLogs.createdAt), sql`${emailLogs.toEmail} COLLATE "C"`);
  }

  async approvedVersion(jobId: string): Promise<number | undefined> {
    const [row] = await this.ctx.q().select({ v: outreachApprovals.mapVersion }).from(outreachApprovals).where(eq(outreachApprovals.jobId, jobId));
    return row?.v;
  }
}
