import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  analyzeBounces,
  approveJob,
  handleReturnedMail,
  reasonGroup,
  verpAddress,
  type OutreachDeps,
  type ReasonGroup,
  type ReturnedKind,
} from '../../src/core/outreach/index.js';
import type { EmailLogRow } from '../../src/db/schema/index.js';
import { emailLogRows, estimator, openWorldOn, readyJob, type AnyWorld } from '../outreach/world.js';

/**
 * Runs a corpus of real returned mail (../shared/bounces: files + expected.json) through the real
 * path — the bounce analyzer, the classification, the correlation and the recording in the database —
 * against one real invitation row. Each sample is sent twice: as delivered to the invitation's
 * VERP address (the receiving server's X-Original-To / Delivered-To), and with the invitation's
 * Message-ID in place of the original's (what Microsoft 365 / Gmail return, VERP rewritten away).
 * Shared by test/outreach/bounce-corpus.test.ts and bench/bounces.ts.
 */

export interface ExpectedRecipient {
  status: string;
  reply_code: string;
  reason: string;
  hard_bounce: boolean;
}
export interface CorpusSample {
  file: string;
  family: string;
  recipients: ExpectedRecipient[];
}

export interface RecipientOutcome {
  expectedHard: boolean;
  expectedGroup: ReasonGroup;
  gotGroup: ReasonGroup | undefined;
  markedBad: boolean;
}

export interface SampleOutcome {
  file: string;
  family: string;
  expectedKind: ReturnedKind;
  /** What the VERP variant was recognized as. */
  kind: ReturnedKind | undefined;
  tiedByVerp: boolean;
  tiedByMessageId: boolean;
  /** Tied with VERP rewritten away: by Message-ID, else by the failed address. */
  tiedWithoutVerp: boolean;
  /** The sample returns the original's Message-ID (or answers it): a Message-ID tie is possible. */
  carriesOriginalId: boolean;
  /** The effect its kind calls for happened (complaint → unsubscribed, or flagged when only the address ties it; auto-reply → noted). */
  handled: boolean;
  unsubscribed: boolean;
  recipients: RecipientOutcome[];
}

export function loadCorpus(dir: string): CorpusSample[] {
  const data = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { samples: CorpusSample[] };
  return data.samples;
}

export function expectedKind(s: CorpusSample): ReturnedKind {
  const reasons = s.recipients.map((r) => r.reason);
  if (reasons.includes('feedback')) return 'complaint';
  if (reasons.includes('vacation')) return 'auto_reply';
  return 'bounce';
}

const eol = (raw: string) => (raw.includes('\r\n') ? '\r\n' : '\n');

/** As the receiving server stores a message delivered to `verp`. */
export function deliveredTo(raw: Buffer, verp: string): Buffer {
  const text = raw.toString('latin1');
  const nl = eol(text);
  const body = text.startsWith('From ') ? text.slice(text.indexOf('\n') + 1) : text;
  return Buffer.from(`X-Original-To: ${verp}${nl}Delivered-To: ${verp}${nl}${body}`, 'latin1');
}

/**
 * The sample with `messageId` in place of the Message-ID(s) of the message it returns or answers:
 * every Message-ID header after the outer header block, and the outer In-Reply-To / References.
 */
export function withOriginalMessageId(raw: Buffer, messageId: string): Buffer {
  const text = raw.toString('latin1');
  const split = text.search(/\r?\n\r?\n/);
  const head = split < 0 ? text : text.slice(0, split);
  const rest = split < 0 ? '' : text.slice(split);
  const inner = messageId.replace(/^<|>$/g, '');
  const newHead = head.replace(/^((?:In-Reply-To|References):[ \t]*)(.*(?:\r?\n[ \t]+.*)*)/gim, (_m, name: string) => `${name}<${inner}>`);
  const newRest = rest.replace(/^([ \t]*(?:Message-ID|X-Original-Message-ID|Original-Message-ID):[ \t]*(?:\r?\n[ \t]+)?)<?[^\s<>]+@[^\s<>]+>?/gim, (_m, name: string) => `${name}<${inner}>`);
  return Buffer.from(newHead + newRest, 'latin1');
}

type Raw = AnyWorld['raw'];

async function reset(raw: Raw, row: EmailLogRow, toEmail: string): Promise<void> {
  await raw(
    `UPDATE email_logs SET status = 'SENT', to_email = ?, bounce_type = NULL, bounced_at = NULL, bounce_reason = NULL,
       auto_reply_at = NULL, auto_reply_note = NULL, complained_at = NULL WHERE email_id = ?`,
    [toEmail, row.emailId],
  );
  await raw(`UPDATE contacts SET email_bad_at = NULL, email_bad_reason = NULL, unsubscribed_at = NULL, delivery_warning_at = NULL, delivery_warning = NULL WHERE contact_id = ?`, [row.contactId]);
}

const contactState = async (raw: Raw, contactId: string) => (await raw<{ bad: unknown; unsub: unknown }>('SELECT email_bad_at AS bad, unsubscribed_at AS unsub FROM contacts WHERE contact_id = ?', [contactId]))[0]!;
const autoReplyNoted = async (raw: Raw, emailId: string) => Boolean((await raw<{ at: unknown }>('SELECT auto_reply_at AS at FROM email_logs WHERE email_id = ?', [emailId]))[0]!.at);

export async function runCorpus(deps: Pick<OutreachDeps, 'repos' | 'secret' | 'logger'> & Pick<AnyWorld, 'raw'>, row: EmailLogRow, dir: string, domain: string): Promise<SampleOutcome[]> {
  const samples = loadCorpus(dir);
  const verp = verpAddress(deps.secret, row.emailId, domain);
  const raws = samples.flatMap((s) => {
    const raw = readFileSync(join(dir, s.file));
      return [deliveredTo(raw, verp), withOriginalMessageId(raw, row.messageId!)];
  });
  // One analyzer process for the whole corpus (the per-message path is the same code).
  const analyses = await analyzeBounces(raws);
  const raw = deps.raw;
  const out: SampleOutcome[] = [];
  for (const [i, s] of samples.entries()) {
    const [viaVerp, viaId] = [analyses[2 * i]!, analyses[2 * i + 1]!];
    if (viaVerp instanceof Error || viaId instanceof Error) throw viaVerp instanceof Error ? viaVerp : viaId;
    const want = expectedKind(s);
    const recipients: RecipientOutcome[] = [];
    let kind: ReturnedKind | undefined;
    let tiedByVerp = false;
    let handled = false;
    let unsubscribed = false;
    for (const [k, exp] of s.recipients.entries()) {
      const got = viaVerp[k];
      // The invitation went to this recipient: the result must be about it.
      await reset(raw, row, got?.recipient || row.toEmail!);
      const res = await handleReturnedMail(deps, raws[2 * i]!, { analysis: viaVerp });
      const state = await contactState(raw, row.contactId);
      if (k === 0) {
        kind = res.kind;
        unsubscribed = Boolean(state.unsub);
        tiedByVerp = res.matched && res.matchedBy === 'verp' && res.emailId === row.emailId;
        handled = want === 'complaint' ? Boolean(state.unsub) || Boolean(res.contactFlagged) : want === 'auto_reply' ? await autoReplyNoted(raw, row.emailId) : res.verdict !== undefined;
      }
      recipients.push({
        expectedHard: exp.hard_bounce,
        expectedGroup: reasonGroup(exp.reason),
        gotGroup: got ? res.group : undefined,
        markedBad: Boolean(state.bad),
      });
    }
    await reset(raw, row, viaId[0]?.recipient || row.toEmail!);
    const byId = await handleReturnedMail(deps, raws[2 * i + 1]!, { analysis: viaId });
    const tiedWithoutVerp = byId.kind === want && byId.matched && byId.emailId === row.emailId;
    out.push({
      file: s.file,
      family: s.family,
      expectedKind: want,
      kind,
      tiedByVerp,
      tiedByMessageId: tiedWithoutVerp && byId.matchedBy === 'message-id',
      tiedWithoutVerp,
      carriesOriginalId: raws[2 * i + 1]!.toString('latin1').includes(row.messageId!),
      handled,
      unsubscribed,
      recipients,
    });
  }
  return out;
}

export interface CorpusSummary {
  messages: number;
  /** Recognized as what it is and tied to the invitation, VERP variant. */
  tiedByVerp: number;
  tiedByMessageId: number;
  tiedWithoutVerp: number;
  carryingOriginalId: number;
  hard: number;
  hardMarked: number;
  soft: number;
  softMarked: number;
  autoReplies: number;
  autoRepliesHandled: number;
  complaints: number;
  complaintsHandled: number;
  /** Complaints that unsubscribed the contact (tied by a token or the Message-ID). */
  complaintsUnsubscribed: number;
  recipients: number;
  groupAgrees: number;
}

export function summarize(outcomes: SampleOutcome[]): CorpusSummary {
  const bounceRcpts = outcomes.filter((o) => o.expectedKind === 'bounce').flatMap((o) => o.recipients);
  const all = outcomes.flatMap((o) => o.recipients);
  const of = (k: ReturnedKind) => outcomes.filter((o) => o.expectedKind === k);
  return {
    messages: outcomes.length,
    tiedByVerp: outcomes.filter((o) => o.kind === o.expectedKind && o.tiedByVerp).length,
    tiedByMessageId: outcomes.filter((o) => o.tiedByMessageId).length,
    tiedWithoutVerp: outcomes.filter((o) => o.tiedWithoutVerp).length,
    carryingOriginalId: outcomes.filter((o) => o.carriesOriginalId).length,
    hard: bounceRcpts.filter((r) => r.expectedHard).length,
    hardMarked: bounceRcpts.filter((r) => r.expectedHard && r.markedBad).length,
    soft: bounceRcpts.filter((r) => !r.expectedHard).length,
    softMarked: bounceRcpts.filter((r) => !r.expectedHard && r.markedBad).length,
    autoReplies: of('auto_reply').length,
    autoRepliesHandled: of('auto_reply').filter((o) => o.kind === 'auto_reply' && o.handled).length,
    complaints: of('complaint').length,
    complaintsHandled: of('complaint').filter((o) => o.kind === 'complaint' && o.handled).length,
    complaintsUnsubscribed: of('complaint').filter((o) => o.unsubscribed).length,
    recipients: all.length,
    groupAgrees: all.filter((r) => r.gotGroup === r.expectedGroup).length,
  };
}

export const BOUNCES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'bounces');

/**
 * A real job with one approved invitation (marked SENT as the sender would), on either database, to
 * run the corpus against. Call `close()` when done.
 */
export async function corpusWorld(backend: 'sqlite' | 'postgres' = 'sqlite'): Promise<{ w: AnyWorld; row: EmailLogRow; domain: string; close(): Promise<void> }> {
  const w = await openWorldOn(backend, { REDBUTTON_MAIL_FROM: 'GC Builders Bids <bids@gc-builders.test>' });
  try {
    const userId = await estimator(w);
    const job = await readyJob(w, userId, ['26']);
    await approveJob(w, userId, job.jobId, { version: job.map.version });
    const row = (await emailLogRows(w, { jobId: job.jobId }))[0]!;
    await w.raw(`UPDATE email_logs SET status = 'SENT', sent_at = CURRENT_TIMESTAMP WHERE email_id = ?`, [row.emailId]);
    return { w, row, domain: 'gc-builders.test', close: () => w.close() };
  } catch (e) {
    await w.close();
    throw e;
  }
}
