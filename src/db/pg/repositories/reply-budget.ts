import { eq, lt, sql } from 'drizzle-orm';
import type { Promised, ReplyBudgetRepository } from '../../repositories/index.js';
import { emailReplyBudget } from '../schema.js';
import { affected, type PgContext } from './context.js';

/**
 * The hourly budget of replies to non-users on Postgres (the SQLite class: ../../repositories/reply-budget.ts).
 * The conditional upsert is safe across processes as it stands: ON CONFLICT DO UPDATE locks the
 * hour's row and evaluates `replies < cap` on its latest committed count, so two pollers taking
 * the last slot at once get one true and one false.
 */
export class PgReplyBudgetRepository implements Promised<ReplyBudgetRepository> {
  constructor(private readonly ctx: PgContext) {}

  async claim(hour: string, cap: number): Promise<boolean> {
    if (cap <= 0) return false;
    const r = await this.ctx
      .q()
      .insert(emailReplyBudget)
      .values({ hour, replies: 1 })
      .onConflictDoUpdate({ target: emailReplyBudget.hour, set: { replies: sql`${emailReplyBudget.replies} + 1` }, setWhere: lt(emailReplyBudget.replies, cap) });
    return affected(r) === 1;
  }

  async used(hour: string): Promise<number> {
    const [row] = await this.ctx.q().select({ n: emailReplyBudget.replies }).from(emailReplyBudget).where(eq(emailReplyBudget.hour, hour));
    return row?.n ?? 0;
  }
}
