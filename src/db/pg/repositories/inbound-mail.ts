import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import type { ClaimResult, InboundOutcome, InboundStore, Promised } from '../../repositories/index.js';
import { ownerIsGone, retireOwner, reviveOwner } from '../../../core/domain/work-owner.js';
import { emailInbound, emailInboundUids, emailNotices, emailSenderNotes, jobs } from '../schema.js';
import { claimRow, INBOUND_LEASES } from '../lease.js';
import { affected, type PgContext } from './context.js';
import { queryableOf } from './queryable.js';

type FirstUid = { mailbox: string; uidvalidity: number; uid: number };

/**
 * One mailbox reader's claims and notices on Postgres (the SQLite class:
 * ../../repositories/inbound-mail.ts). Readers in several processes on several hosts claim the
 * same messages: the first INSERT of a Message-ID wins; everyone else locks the row (`FOR UPDATE`)
 * and learns it is done, busy, or free to take over. A claim is a lease (INBOUND_LEASES): it is
 * taken over once its time has run out — by the database's clock, whatever host the holder was
 * on — or at once when its holder is a reader of this very process that has stopped. Unlike
 * SQLite's store there is no same-host pid check: on a cluster a host name says too little.
 */
export class PgInboundStore implements Promised<InboundStore> {
  constructor(
    private readonly ctx: PgContext,
    readonly owner: string,
    private readonly leaseSeconds = 10 * 60,
  ) {}

  async register(): Promise<void> {
    reviveOwner(this.owner);
  }

  async unregister(): Promise<void> {
    retireOwner(this.owner); // a claim by a stopped reader here can be taken over at once
  }

  async uidDone(mailbox: string, uidvalidity: number, uid: number): Promise<boolean> {
    const [row] = await this.ctx
      .q()
      .select({ status: emailInbound.status })
      .from(emailInboundUids)
      .innerJoin(emailInbound, eq(emailInbound.messageKey, emailInboundUids.messageKey))
      .where(and(eq(emailInboundUids.mailbox, mailbox), eq(emailInboundUids.uidvalidity, uidvalidity), eq(emailInboundUids.uid, uid)));
    return row?.status === 'DONE';
  }

  claim(mailbox: string, uidvalidity: number, uid: number, messageKey: string, meta: { from?: string | null; subject?: string | null }): Promise<ClaimResult> {
    return this.ctx.transaction(async (): Promise<ClaimResult> => {
      const q = this.ctx.q();
      // A second reader's INSERT of the same key waits for the first one's transaction, then does nothing.
      const inserted = await q
        .insert(emailInbound)
        .values({ messageKey, status: 'CLAIMED', fromAddress: meta.from ?? null, subject: meta.subject?.slice(0, 300) ?? null, claimedBy: this.owner, claimUntil: this.leaseEnd() })
        .onConflictDoNothing();
      await q.insert(emailInboundUids).values({ mailbox, uidvalidity, uid, messageKey }).onConflictDoNothing();
      if (affected(inserted) === 1) return { state: 'claimed', takeover: false };
      // Lock the claim: until we commit, no other reader can finish, release or take it over.
      const [row] = await q.select({ status: emailInbound.status, claimedBy: emailInbound.claimedBy }).from(emailInbound).where(eq(emailInbound.messageKey, messageKey)).for('update');
      if (!row) return { state: 'busy' };
      const first = await this.firstUid(messageKey);
      const sameUid = !!first && first.mailbox === mailbox && first.uidvalidity === uidvalidity && first.uid === uid;
      if (row.status === 'DONE') return { state: 'done', duplicate: !sameUid };
      // Ours already: the same UID again (re-entry) — or another copy we are handling right now.
      if (row.claimedBy === this.owner) return sameUid ? { state: 'claimed', takeover: false } : { state: 'busy' };
      // Its holder is known gone (a stopped reader of this process, or a dead process of this host and pid namespace).
      if (row.claimedBy && ownerIsGone(row.claimedBy)) {
        await q.update(emailInbound).set({ claimedBy: this.owner, claimUntil: this.leaseEnd() }).where(eq(emailInbound.messageKey, messageKey));
        return { state: 'claimed', takeover: true };
      }
      // Free (released) or its lease has run out: the lease primitive decides, by the database's clock.
      const taken = await claimRow(queryableOf(this.ctx), INBOUND_LEASES, messageKey, this.owner, { leaseSeconds: this.leaseSeconds });
      return taken ? { state: 'claimed', takeover: true } : { state: 'busy' };
    });
  }

  async finish(messageKey: string, o: InboundOutcome): Promise<void> {
    await this.ctx
      .q()
      .update(emailInbound)
      .set({
        status: 'DONE',
        kind: o.kind,
        outcome: o.outcome.slice(0, 1000),
        userId: sql`COALESCE(${o.userId ?? null}, ${emailInbound.userId})`,
        jobId: sql`COALESCE(${o.jobId ?? null}, ${emailInbound.jobId})`,
        doneAt: sql`now()`,
        claimUntil: null,
      })
      .where(eq(emailInbound.messageKey, messageKey));
  }

  /** Extend our claims on messages still being handled (the reader's heartbeat); the keys no longer ours. */
  async renew(messageKeys: readonly string[]): Promise<string[]> {
    const lost: string[] = [];
    for (const k of messageKeys) {
      const r = await this.ctx
        .q()
        .update(emailInbound)
        .set({ claimUntil: this.leaseEnd() })
        .where(and(eq(emailInbound.messageKey, k), eq(emailInbound.status, 'CLAIMED'), eq(emailInbound.claimedBy, this.owner)));
      if (affected(r) !== 1) lost.push(k);
    }
    return lost;
  }

  async release(messageKey: string): Promise<void> {
    await this.ctx
      .q()
      .update(emailInbound)
      .set({ claimedBy: null, claimUntil: null })
      .where(and(eq(emailInbound.messageKey, messageKey), eq(emailInbound.status, 'CLAIMED'), eq(emailInbound.claimedBy, this.owner)));
  }

  async markMoved(mailbox: string, uidvalidity: number, uids: number[]): Promise<void> {
    if (!uids.length) return;
    await this.ctx
      .q()
      .update(emailInboundUids)
      .set({ movedAt: sql`now()` })
      .where(and(eq(emailInboundUids.mailbox, mailbox), eq(emailInboundUids.uidvalidity, uidvalidity), inArray(emailInboundUids.uid, uids)));
  }

  async get(messageKey: string): Promise<{ status: string; kind: string | null; outcome: string | null; job_id: string | null } | undefined> {
    const [row] = await this.ctx
      .q()
      .select({ status: emailInbound.status, kind: emailInbound.kind, outcome: emailInbound.outcome, job_id: emailInbound.jobId })
      .from(emailInbound)
      .where(eq(emailInbound.messageKey, messageKey));
    return row;
  }

  async jobsFromMessage(messageKey: string): Promise<string[]> {
    const rows = await this.ctx
      .q()
      .select({ jobId: jobs.jobId })
      .from(jobs)
      .where(and(eq(jobs.origin, 'email'), sql`${jobs.originContext}->>'messageKey' = ${messageKey}`))
      .orderBy(asc(jobs.createdAt), asc(jobs.jobId));
    return rows.map((r) => r.jobId);
  }

  async claimNotice(jobId: string, notice: string): Promise<boolean> {
    return affected(await this.ctx.q().insert(emailNotices).values({ jobId, notice }).onConflictDoNothing()) === 1;
  }

  async releaseNotice(jobId: string, notice: string): Promise<void> {
    await this.ctx
      .q()
      .delete(emailNotices)
      .where(and(eq(emailNotices.jobId, jobId), eq(emailNotices.notice, notice), sql`${emailNotices.messageId} IS NULL`));
  }

  async recordNotice(jobId: string, notice: string, messageId: string): Promise<void> {
    await this.ctx
      .q()
      .insert(emailNotices)
      .values({ jobId, notice, messageId })
      .onConflictDoUpdate({ target: [emailNotices.jobId, emailNotices.notice], set: { messageId: sql`excluded.message_id` } });
  }

  async hasNotice(jobId: string, notice: string): Promise<boolean> {
    // `notice` may end in % to match a family ("map:%" = any map version).
    const rows = await this.ctx
      .q()
      .select({ one: sql`1` })
      .from(emailNotices)
      .where(and(eq(emailNotices.jobId, jobId), like(emailNotices.notice, notice)))
      .limit(1);
    return rows.length > 0;
  }

  async versionShownIn(jobId: string, messageIds: string[]): Promise<number | undefined> {
    for (const id of messageIds) {
      const [row] = await this.ctx
        .q()
        .select({ notice: emailNotices.notice })
        .from(emailNotices)
        .where(and(eq(emailNotices.jobId, jobId), eq(emailNotices.messageId, id)));
      const m = row ? /^(?:map|show):v(\d+)/.exec(row.notice) : null;
      if (m) return Number(m[1]);
    }
    return undefined;
  }

  async recentJobsAwaitingAnswer(): Promise<string[]> {
    const rows = await this.ctx
      .q()
      .select({ jobId: jobs.jobId })
      .from(jobs)
      .where(and(eq(jobs.origin, 'email'), inArray(jobs.status, ['CONTACT_MAP_READY', 'FAILED']), sql`${jobs.updatedAt} >= now() - interval '2 days'`))
      .orderBy(asc(jobs.updatedAt))
      .limit(200);
    return rows.map((r) => r.jobId);
  }

  async claimSenderNote(address: string): Promise<boolean> {
    const day = new Date().toISOString().slice(0, 10);
    return affected(await this.ctx.q().insert(emailSenderNotes).values({ address: address.toLowerCase(), day }).onConflictDoNothing()) === 1;
  }

  /** Where the first UID this message was seen under (insertion order: the identity id). */
  private async firstUid(messageKey: string): Promise<FirstUid | undefined> {
    const [row] = await this.ctx
      .q()
      .select({ mailbox: emailInboundUids.mailbox, uidvalidity: emailInboundUids.uidvalidity, uid: emailInboundUids.uid })
      .from(emailInboundUids)
      .where(eq(emailInboundUids.messageKey, messageKey))
      .orderBy(asc(emailInboundUids.id))
      .limit(1);
    return row;
  }

  /** The end of a lease taken now, by the database's clock. */
  private leaseEnd() {
    return sql`now() + make_interval(secs => ${this.leaseSeconds})`;
  }
}
