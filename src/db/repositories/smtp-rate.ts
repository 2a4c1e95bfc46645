import { lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { smtpRateSlots } from '../schema/index.js';

/**
 * smtp_rate_slots: the SMTP rate of every sending process together. One conditional upsert takes a
 * slot of a second, so two processes never both take the last one (like email_reply_budget).
 */
export class SmtpRateRepository {
  constructor(private readonly db: Db) {}

  /** Take one of `cap` slots of `second` (epoch seconds); false when that second is full. */
  async take(second: number, cap: number): Promise<boolean> {
    const r = this.db
      .insert(smtpRateSlots)
      .values({ second, sent: 1 })
      .onConflictDoUpdate({ target: smtpRateSlots.second, set: { sent: sql`${smtpRateSlots.sent} + 1` }, setWhere: lt(smtpRateSlots.sent, cap) })
      .run();
    return r.changes === 1;
  }

  /** Drop the seconds before `second` (they can never be taken again). */
  async forgetBefore(second: number): Promise<void> {
    this.db.delete(smtpRateSlots).where(lt(smtpRateSlots.second, second)).run();
  }
}
