import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { reviewLinkRevocations } from '../schema/index.js';

/** Revocations of a job's review links (migrations/0015_account_security.sql). */
export class ReviewLinkRevocations {
  constructor(private readonly db: Db) {}

  /** Links of this job issued before the returned time (ms) are revoked; null when none were. */
  revokedBefore(jobId: string): number | null {
    return this.db.select().from(reviewLinkRevocations).where(eq(reviewLinkRevocations.jobId, jobId)).get()?.revokedBefore ?? null;
  }

  /** End every link of the job issued before `at` (ms). */
  revoke(jobId: string, at: number): void {
    this.db
      .insert(reviewLinkRevocations)
      .values({ jobId, revokedBefore: at })
      .onConflictDoUpdate({ target: reviewLinkRevocations.jobId, set: { revokedBefore: sql`max(${reviewLinkRevocations.revokedBefore}, excluded.revoked_before)` } })
      .run();
  }
}
