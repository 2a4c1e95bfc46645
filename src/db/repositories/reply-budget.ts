import { lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { emailReplyBudget } from '../schema/index.js';

/** The UTC hour a reply counts against ("2026-12-01T14"). */
export const budgetHour = (at: Date) => at.toISOString().slice(0, 13);

/**
 * email_reply_budget: how many replies went to non-users in each hour. One conditional upsert
 * takes a slot, so two pollers never both take the last one.
 */
export class ReplyBudgetRepository {
  constructor(private readonly db: Db) {}

  /** Take one slot of `hour` if fewer than `cap` are taken; false when the hour is full. */
  claim(hour: string, cap: number): boolean {
    if (cap <= 0) return false;
    const r = this.db
      .insert(emailReplyBudget)
      .values({ hour, replies: 1 })
      .onConflictDoUpdate({ target: emailReplyBudget.hour, set: { replies: sql`${emailReplyBudget.replies} + 1` }, setWhere: lt(emailReplyBudget.replies, cap) })
      .run();
    return r.changes === 1;
  }

  used(hour: string): number {
    return this.db.select({ n: emailReplyBudget.replies }).from(emailReplyBudget).where(sql`${emailReplyBudget.hour} = ${hour}`).get()?.n ?? 0;
  }
}
