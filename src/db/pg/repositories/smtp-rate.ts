import { lt, sql } from 'drizzle-orm';
import type { Promised } from '../../repositories/index.js';
import type { SmtpRateRepository } from '../../repositories/smtp-rate.js';
import { smtpRateSlots } from '../schema.js';
import { affected, type PgContext } from './context.js';

/**
 * The SMTP rate slots shared by every sending process, on Postgres (the SQLite class:
 * ../../repositories/smtp-rate.ts). One statement takes a slot: ON CONFLICT DO UPDATE locks the
 * second's row and checks `sent < cap` against its latest committed count, so two senders racing
 * for the last slot of a second never both get it (test/db/contract/smtp-rate.test.ts races them).
 */
export class PgSmtpRateRepository implements Promised<SmtpRateRepository> {
  constructor(private readonly ctx: PgContext) {}

  async take(second: number, cap: number): Promise<boolean> {
    const r = await this.ctx
      .q()
      .insert(smtpRateSlots)
      .values({ second, sent: 1 })
      .onConflictDoUpdate({ target: smtpRateSlots.second, set: { sent: sql`${smtpRateSlots.sent} + 1` }, setWhere: lt(smtpRateSlots.sent, cap) });
    return affected(r) === 1;
  }

  async forgetBefore(second: number): Promise<void> {
    await this.ctx.q().delete(smtpRateSlots).where(lt(smtpRateSlots.second, second));
  }
}
