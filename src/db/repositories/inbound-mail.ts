import { newWorkOwner, ownerIsGone, retireOwner, reviveOwner } from '../../core/domain/work-owner.js';
import type Database from 'better-sqlite3';

/**
 * What the mailbox reader remembers (migrations/0008_email_channel.sql): the claim on each
 * message (by Message-ID), every (mailbox, uidvalidity, uid) it was seen under, the replies sent
 * per job and the notes sent to strangers. Raw SQL for the INSERT … ON CONFLICT DO NOTHING claims.
 */

export type ClaimResult =
  | { state: 'claimed'; takeover: boolean }
  /** Already handled (this UID, or the same Message-ID under another UID / UIDVALIDITY). */
  | { state: 'done'; duplicate: boolean }
  /** Another live poller is handling it right now. */
  | { state: 'busy' };

export interface InboundOutcome {
  kind: string;
  outcome: string;
  userId?: string | null;
  jobId?: string | null;
}

const now = () => new Date();
const sqlTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

export class InboundStore {
  constructor(
    private readonly sqlite: Database.Database,
    readonly owner: string,
    private readonly leaseSeconds = 10 * 60,
  ) {}

  static newOwner(): string {
    return newWorkOwner();
  }

  register(): void {
    reviveOwner(this.owner);
  }

  unregister(): void {
    retireOwner(this.owner); // a claim by a stopped reader here can be taken over at once
  }

  /** The UID was already handled (and need not be fetched again). */
  uidDone(mailbox: string, uidvalidity: number, uid: number): boolean {
    const row = this.sqlite
      .prepare(
        `SELECT i.status FROM email_inbound_uids u JOIN email_inbound i ON i.message_key = u.message_key
         WHERE u.mailbox = ? AND u.uidvalidity = ? AND u.uid = ?`,
      )
      .get(mailbox, uidvalidity, uid) as { status: string } | undefined;
    return row?.status === 'DONE';
  }

  claim(mailbox: string, uidvalidity: number, uid: number, messageKey: string, meta: { from?: string | null; subject?: string | null }): ClaimResult {
    return this.sqlite
      .transaction((): ClaimResult => {
        const until = sqlTime(new Date(now().getTime() + this.leaseSeconds * 1000));
        const inserted = this.sqlite
          .prepare(
            `INSERT INTO email_inbound (message_key, status, from_address, subject, claimed_by, claim_until)
             VALUES (?, 'CLAIMED', ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          )
          .run(messageKey, meta.from ?? null, meta.subject?.slice(0, 300) ?? null, this.owner, until).changes;
        this.sqlite
          .prepare(`INSERT INTO email_inbound_uids (mailbox, uidvalidity, uid, message_key) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`)
          .run(mailbox, uidvalidity, uid, messageKey);
        if (inserted === 1) return { state: 'claimed', takeover: false };
        const row = this.sqlite.prepare(`SELECT status, claimed_by, claim_until FROM email_inbound WHERE message_key = ?`).get(messageKey) as
          | { status: string; claimed_by: string | null; claim_until: string | null }
          | undefined;
        if (!row) return { state: 'busy' };
        if (row.status === 'DONE') {
          const firstUid = this.sqlite
            .prepare(`SELECT mailbox, uidvalidity, uid FROM email_inbound_uids WHERE message_key = ? ORDER BY id LIMIT 1`)
            .get(messageKey) as { mailbox: string; uidvalidity: number; uid: number } | undefined;
          const duplicate = !firstUid || firstUid.mailbox !== mailbox || firstUid.uidvalidity !== uidvalidity || firstUid.uid !== uid;
          return { state: 'done', duplicate };
        }
        if (row.claimed_by === this.owner) {
          // Ours already: the same UID again (re-entry) — or another copy we are handling right now.
          const first = this.sqlite.prepare(`SELECT uid, uidvalidity, mailbox FROM email_inbound_uids WHERE message_key = ? ORDER BY id LIMIT 1`).get(messageKey) as
            | { mailbox: string; uidvalidity: number; uid: number }
            | undefined;
          const same = first && first.mailbox === mailbox && first.uidvalidity === uidvalidity && first.uid === uid;
          return same ? { state: 'claimed', takeover: false } : { state: 'busy' };
        }
        const expired = !row.claim_until || row.claim_until < sqlTime(now());
        if (!expired && !ownerIsGone(row.claimed_by)) return { state: 'busy' };
        const taken = this.sqlite
          .prepare(`UPDATE email_inbound SET claimed_by = ?, claim_until = ? WHERE message_key = ? AND status = 'CLAIMED' AND claimed_by IS ?`)
          .run(this.owner, until, messageKey, row.claimed_by).changes;
        return taken === 1 ? { state: 'claimed', takeover: true } : { state: 'busy' };
      })
      .immediate();
  }

  finish(messageKey: string, o: InboundOutcome): void {
    this.sqlite
      .prepare(
        `UPDATE email_inbound SET status = 'DONE', kind = ?, outcome = ?, user_id = COALESCE(?, user_id), job_id = COALESCE(?, job_id),
           done_at = CURRENT_TIMESTAMP, claim_until = NULL WHERE message_key = ?`,
      )
      .run(o.kind, o.outcome.slice(0, 1000), o.userId ?? null, o.jobId ?? null, messageKey);
  }

  /**
   * Extend our claims on messages we are still handling (the reader's heartbeat), so a claim taken
   * at the start of a long poll does not run out while we work and let another reader handle the
   * message twice. Returns the keys no longer ours (finished, released, or taken over).
   */
  renew(messageKeys: readonly string[]): string[] {
    const until = sqlTime(new Date(now().getTime() + this.leaseSeconds * 1000));
    const stmt = this.sqlite.prepare(`UPDATE email_inbound SET claim_until = ? WHERE message_key = ? AND status = 'CLAIMED' AND claimed_by = ?`);
    return this.sqlite.transaction(() => messageKeys.filter((k) => stmt.run(until, k, this.owner).changes !== 1))();
  }

  /** Give up our claim on a message we did not act on (it is handled again later). */
  release(messageKey: string): void {
    this.sqlite.prepare(`UPDATE email_inbound SET claimed_by = NULL, claim_until = NULL WHERE message_key = ? AND status = 'CLAIMED' AND claimed_by = ?`).run(messageKey, this.owner);
  }

  markMoved(mailbox: string, uidvalidity: number, uids: number[]): void {
    const stmt = this.sqlite.prepare(`UPDATE email_inbound_uids SET moved_at = CURRENT_TIMESTAMP WHERE mailbox = ? AND uidvalidity = ? AND uid = ?`);
    this.sqlite.transaction(() => uids.forEach((u) => stmt.run(mailbox, uidvalidity, u)))();
  }

  get(messageKey: string): { status: string; kind: string | null; outcome: string | null; job_id: string | null } | undefined {
    return this.sqlite.prepare(`SELECT status, kind, outcome, job_id FROM email_inbound WHERE message_key = ?`).get(messageKey) as
      | { status: string; kind: string | null; outcome: string | null; job_id: string | null }
      | undefined;
  }

  /** Jobs already created from this message (a poller that died after creating them). */
  jobsFromMessage(messageKey: string): string[] {
    return (
      this.sqlite
        .prepare(`SELECT job_id FROM jobs WHERE origin = 'email' AND json_extract(origin_context, '$.messageKey') = ? ORDER BY created_at, job_id`)
        .all(messageKey) as { job_id: string }[]
    ).map((r) => r.job_id);
  }

  /** Claim the right to send one notice in a job's thread; false when it was already sent. */
  claimNotice(jobId: string, notice: string): boolean {
    return this.sqlite.prepare(`INSERT INTO email_notices (job_id, notice) VALUES (?, ?) ON CONFLICT DO NOTHING`).run(jobId, notice).changes === 1;
  }

  releaseNotice(jobId: string, notice: string): void {
    this.sqlite.prepare(`DELETE FROM email_notices WHERE job_id = ? AND notice = ? AND message_id IS NULL`).run(jobId, notice);
  }

  recordNotice(jobId: string, notice: string, messageId: string): void {
    this.sqlite
      .prepare(`INSERT INTO email_notices (job_id, notice, message_id) VALUES (?, ?, ?) ON CONFLICT (job_id, notice) DO UPDATE SET message_id = excluded.message_id`)
      .run(jobId, notice, messageId);
  }

  hasNotice(jobId: string, notice: string): boolean {
    // `notice` may end in % to match a family ("map:%" = any map version).
    return this.sqlite.prepare(`SELECT 1 FROM email_notices WHERE job_id = ? AND notice LIKE ?`).get(jobId, notice) !== undefined;
  }

  /** The map version shown in the first of these messages that we sent for the job. */
  versionShownIn(jobId: string, messageIds: string[]): number | undefined {
    for (const id of messageIds) {
      const row = this.sqlite.prepare(`SELECT notice FROM email_notices WHERE job_id = ? AND message_id = ?`).get(jobId, id) as { notice: string } | undefined;
      const m = row ? /^(?:map|show):v(\d+)/.exec(row.notice) : null;
      if (m) return Number(m[1]);
    }
    return undefined;
  }

  /** E-mail jobs that reached their answer state (map ready, or failed) in the last two days. */
  recentJobsAwaitingAnswer(): string[] {
    return (
      this.sqlite
        .prepare(
          `SELECT job_id FROM jobs WHERE origin = 'email' AND status IN ('CONTACT_MAP_READY', 'FAILED')
           AND updated_at >= datetime('now', '-2 days') ORDER BY updated_at LIMIT 200`,
        )
        .all() as { job_id: string }[]
    ).map((r) => r.job_id);
  }

  /** At most one note per address per UTC day. */
  claimSenderNote(address: string): boolean {
    const day = now().toISOString().slice(0, 10);
    return this.sqlite.prepare(`INSERT INTO email_sender_notes (address, day) VALUES (?, ?) ON CONFLICT DO NOTHING`).run(address.toLowerCase(), day).changes === 1;
  }
}
