import { eq, sql } from 'drizzle-orm';
import type { Promised, ReviewLinkRevocations } from '../../repositories/index.js';
import { reviewLinkRevocations } from '../schema.js';
import type { PgContext } from './context.js';

/** Revocations of a job's review links on Postgres (the SQLite class: ../../repositories/review-links.ts). */
export class PgReviewLinkRevocations implements Promised<ReviewLinkRevocations> {
  constructor(private readonly ctx: PgContext) {}

  async revokedBefore(jobId: string): Promise<number | null> {
    const [row] = await this.ctx.q().select().from(reviewLinkRevocations).where(eq(reviewLinkRevocations.jobId, jobId));
    return row?.revokedBefore ?? null;
  }

  async revoke(jobId: string, at: number): Promise<void> {
    await this.ctx
      .q()
      .insert(reviewLinkRevocations)
      .values({ jobId, revokedBefore: at })
      .onConflictDoUpdate({ target: reviewLinkRevocations.jobId, set: { revokedBefore: sql`greatest(${reviewLinkRevocations.revokedBefore}, excluded.revoked_before)` } });
  }
}
