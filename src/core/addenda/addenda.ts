/**
 * Addenda of a job: a new PDF for a job that already has its documents is stored as a new document
 * set, read like the first, compared with the sets before it (changes.ts), and the trades it
 * introduces join the contacts map. After the estimator approves it with the same red button,
 * only the invitees of the trades it affects get an addendum notice (email_logs kind 'addendum',
 * once per invitation), and the new trades' selected contacts get a normal invitation.
 */
import { randomUUID } from 'node:crypto';
import type { Repositories, InvitationWithContact, QueuedAddendumMail } from '../../db/repositories/index.js';
import type { JobAddendumRow, JobDocumentRow, JobRow } from '../records.js';
import { AppError, userMessageOf } from '../errors.js';
import { logger as rootLogger, type Logger } from '../log.js';
import { readPdf, type PdfLimits } from '../pdf/index.js';
import type { PdfDocumentText } from '../pdf/types.js';
import { parseRef, serializeRef, type BlobStorage } from '../storage/index.js';
import type { ContactsMapService } from '../contacts/map-service.js';
import { selectedInvitations, type ContactsMap } from '../contacts/map-document.js';
import type { IncomingDocument, JobDocuments } from '../documents/job-documents.js';
import { divisionByCode } from '../scope/taxonomy.js';
import type { ProjectDetails } from '../project/details.js';
import { assertReadyToSend } from '../project/details.js';
import { identityBlocker, identityOf } from '../project/identity.js';
import { decodeDivisions } from '../outreach/deps.js';
import { parseMailFrom } from '../outreach/mail-address.js';
import { detectAddendumChanges, type DocumentChange } from './changes.js';
import { addendumPlansFor, changesOf, concerning, describeChange } from './notice.js';

export { describeChange } from './notice.js';

export interface AddendaDeps {
  repos: Repositories;
  documents: JobDocuments;
  storage: BlobStorage;
  maps: Pick<ContactsMapService, 'current' | 'edit'>;
  details: { get(userId: string, jobId: string): Promise<ProjectDetails> };
  config: { REDBUTTON_MAIL_FROM?: string | undefined };
  pdfLimits?: Partial<PdfLimits>;
  logger?: Logger;
}

export interface AddendumSummary {
  addendumId: string;
  jobId: string;
  /** 1 for the first addendum (document set 2), 2 for the next … */
  number: number;
  fileName: string;
  status: JobAddendumRow['status'];
  changes: DocumentChange[];
  /** Trades that first appear in this addendum and joined the contacts map. */
  newTrades: { division: string; name: string }[];
  /** The contacts-map version to approve. */
  mapVersion: number | null;
  error: string | null;
}

export type NoticeSkipReason = 'declined' | 'unsubscribed' | 'bounced' | 'invitation_failed';

/** Who gets what when an addendum is approved. */
export interface AddendumPlan {
  addendum: AddendumSummary;
  /** Invitees of affected trades: one notice each, naming the changes that concern them. */
  notices: { contactId: string; name: string; email: string; invitationId: string; divisions: string[]; changes: DocumentChange[] }[];
  /** New trades' selected contacts who have no invitation yet: a normal invitation. */
  invitations: { contactId: string; name: string; email: string; divisions: string[] }[];
  /** Invitees of affected trades who hear nothing, with why. */
  skipped: { name: string; email: string | null; reason: NoticeSkipReason }[];
  /** Changes that concern no trade (bidding requirements, general notes): shown to the estimator, named in every notice. */
  generalChanges: DocumentChange[];
}

export interface AddendumApproval extends AddendumPlan {
  noticesQueued: number;
  invitationsQueued: number;
}

const pagesKey = (job: Pick<JobRow, 'userId' | 'jobId'>, documentId: string) => `users/${job.userId}/jobs/${job.jobId}/documents/${documentId}/pages.json`;
const SKIP_WORDS: Record<NoticeSkipReason, string> = {
  declined: 'declined to bid',
  unsubscribed: 'unsubscribed',
  bounced: 'their address bounced',
  invitation_failed: 'their invitation could not be delivered',
};

export class Addenda {
  private readonly log: Logger;
  constructor(private readonly deps: AddendaDeps) {
    this.log = deps.logger ?? rootLogger;
  }

  /**
   * A new PDF for an existing job: store it as a new set, read it, work out what changed, add the
   * trades it introduces to the map. The same bytes twice are refused (nothing is processed again);
   * a file that is not a PDF is refused before anything is stored.
   */
  async receive(userId: string, jobId: string, file: IncomingDocument): Promise<AddendumSummary> {
    const job = await this.deps.repos.jobs.getForUser(userId, jobId); // another user's job is "not found"
    if (job.status !== 'CONTACT_MAP_READY' && job.status !== 'EMAILED') {
      throw new AppError('JOB_STATE', `Job ${jobId} is ${job.status}; an addendum needs a read job`, {
        userMessage:
          job.status === 'FAILED'
            ? `This job failed (${job.failureReason ?? 'unknown reason'}); start a new job with the plans and the addendum together.`
            : `This job's first documents are still being read (${job.status}); send the addendum once its contacts map is shown.`,
      });
    }
    const added = await this.deps.documents.addDocuments(job, [file], { kind: 'addendum' });
    const doc = added.added[0];
    if (!doc) {
      const existing = added.duplicates[0]!.existing;
      const where = existing.kind === 'addendum' ? `addendum ${existing.packageNumber - 1} ("${existing.fileName}")` : `the original documents ("${existing.fileName}")`;
      throw new AppError('CONFLICT', `Job ${jobId} already holds ${existing.sha256}`, {
        userMessage:
          existing.readStatus === 'FAILED'
            ? `This PDF was already sent as ${where} and could not be read (${existing.note ?? 'unknown reason'}); send a re-saved copy instead.`
            : `This PDF is already part of the job as ${where}; it was not added or processed again.`,
        details: { documentId: existing.documentId },
      });
    }
    const log = this.log.child({ jobId, addendum: added.packageNumber - 1 });
    const row = await this.deps.repos.addenda.create({ jobId, packageNumber: added.packageNumber, fileName: doc.fileName, receivedVia: file.receivedVia });
    try {
      const text = await this.readDocument(job, doc);
      const previous = await this.previousTexts(job, added.packageNumber);
      const changes = detectAddendumChanges(previous, text);
      const map = await this.deps.maps.current(userId, jobId);
      const newTrades = changes.divisions.filter((d) => !map.trades.some((t) => t.division === d));
      const next = newTrades.length
        ? await this.deps.maps.edit(userId, jobId, newTrades.map((d) => ({ op: 'add_trade' as const, trade: d })), { via: `addendum ${added.packageNumber - 1}`, addendum: true })
        : map;
      await this.deps.repos.addenda.markRead(row.addendumId, { changesJson: JSON.stringify(changes), newTrades, mapVersion: next.version });
      log.info({ changes: changes.changes.length, divisions: changes.divisions, newTrades, mapVersion: next.version }, 'addendum read');
    } catch (e) {
      await this.deps.repos.addenda.markFailed(row.addendumId, userMessageOf(e));
      await this.deps.repos.documents.update(doc.documentId, { readStatus: 'FAILED', note: userMessageOf(e).slice(0, 500) });
      log.warn({ err: e }, 'addendum could not be read');
      throw e;
    }
    return this.summary((await this.deps.repos.addenda.get(row.addendumId))!);
  }

  /** The job's addenda, oldest first. */
  async list(userId: string, jobId: string): Promise<AddendumSummary[]> {
    await this.deps.repos.jobs.getForUser(userId, jobId);
    return (await this.deps.repos.addenda.listForUser(userId, jobId)).map((r) => this.summary(r));
  }

  /** Who gets what if the addendum (default: the newest one waiting) is approved. Nothing is queued. */
  async preview(userId: string, jobId: string, addendumId?: string): Promise<AddendumPlan> {
    const job = await this.deps.repos.jobs.getForUser(userId, jobId);
    const row = await this.pending(job, addendumId);
    return this.plan(userId, job, row);
  }

  /** Whether the job has an addendum waiting for the red button (the approval path asks this first). */
  async hasPending(jobId: string): Promise<boolean> {
    return (await this.deps.repos.addenda.latestWithStatus(jobId, 'READY')) !== undefined;
  }

  /**
   * The red button for an addendum: the notices and the new trades' invitations are queued in one
   * transaction with the approval, so each goes once (and a second approval is refused).
   */
  async approve(userId: string, jobId: string, opts: { addendumId?: string; version?: number; via?: string; clock?: () => Date } = {}): Promise<AddendumApproval> {
    const job = await this.deps.repos.jobs.getForUser(userId, jobId);
    const row = await this.pending(job, opts.addendumId);
    const from = parseMailFrom(this.deps.config.REDBUTTON_MAIL_FROM);
    assertReadyToSend(await this.deps.details.get(userId, jobId), opts.clock?.() ?? new Date());
    const unsigned = identityBlocker(await identityOf(this.deps.repos, userId));
    if (unsigned) throw new AppError('VALIDATION', `Job ${jobId}: sender identity incomplete`, { userMessage: unsigned, details: { field: 'profile' } });
    const map = await this.deps.maps.current(userId, jobId);
    if (opts.version !== undefined && opts.version !== map.version) {
      throw new AppError('STALE_VERSION', `Approving version ${opts.version}, current is ${map.version}`, {
        userMessage: `You approved version ${opts.version} of the contacts map, but the current one is ${map.version}. Review it and approve version ${map.version}.`,
        details: { currentVersion: map.version },
      });
    }
    const plan = await this.plan(userId, job, row, map);
    const mails: QueuedAddendumMail[] = [
      ...plan.notices.map((n) => ({ emailId: randomUUID(), contactId: n.contactId, kind: 'addendum' as const, toEmail: n.email, trades: n.divisions, messageId: `<${randomUUID()}@${from.domain}>`, parentEmailId: n.invitationId })),
      ...plan.invitations.map((i) => ({ emailId: randomUUID(), contactId: i.contactId, kind: 'invitation' as const, toEmail: i.email, trades: i.divisions, messageId: `<${randomUUID()}@${from.domain}>` })),
    ];
    const approved = await this.deps.repos.addenda.approve(row.addendumId, jobId, map.version, mails, opts.via ?? null);
    if (!approved) throw alreadyApproved(row);
    this.log.info({ jobId, userId, addendum: row.packageNumber - 1, notices: plan.notices.length, invitations: plan.invitations.length, skipped: plan.skipped.length, via: opts.via }, 'addendum approved; notices queued');
    return { ...plan, addendum: this.summary((await this.deps.repos.addenda.get(row.addendumId))!), noticesQueued: plan.notices.length, invitationsQueued: plan.invitations.length };
  }

  /** The PDF an addendum notice's plans link serves: that addendum's document. Undefined for other e-mails. */
  async plansOf(jobId: string, emailId: string): Promise<{ pdfRef: string; fileName: string } | undefined> {
    return addendumPlansFor(this.deps.repos, jobId, emailId);
  }

  private async pending(job: JobRow, addendumId: string | undefined): Promise<JobAddendumRow> {
    const row = addendumId ? await this.deps.repos.addenda.get(addendumId) : await this.deps.repos.addenda.latestWithStatus(job.jobId, 'READY');
    if (!row || row.jobId !== job.jobId) {
      throw new AppError('NOT_FOUND', `No addendum ${addendumId ?? '(waiting)'} on job ${job.jobId}`, {
        userMessage: addendumId ? `This job has no addendum ${addendumId}.` : 'This job has no addendum waiting for approval. Send the addendum PDF to the job first.',
      });
    }
    if (row.status === 'APPROVED') throw alreadyApproved(row);
    if (row.status !== 'READY') {
      throw new AppError('JOB_STATE', `Addendum ${row.addendumId} is ${row.status}`, {
        userMessage: row.status === 'FAILED' ? `Addendum ${row.packageNumber - 1} could not be read (${row.error ?? 'unknown reason'}), so there is nothing to approve.` : `Addendum ${row.packageNumber - 1} is still being read.`,
      });
    }
    return row;
  }

  private async plan(userId: string, job: JobRow, row: JobAddendumRow, current?: ContactsMap): Promise<AddendumPlan> {
    const addendum = this.summary(row);
    const affected = new Set(addendum.changes.flatMap((c) => c.divisions));
    const newTrades = new Set(addendum.newTrades.map((t) => t.division));
    const map = current ?? (await this.deps.maps.current(userId, job.jobId));
    const invited: InvitationWithContact[] = await this.deps.repos.addenda.invitationsOfJob(job.jobId);
    const invitedContacts = new Set(invited.map((i) => i.contact.contactId));
    const selected = selectedInvitations(map);
    const plan: AddendumPlan = { addendum, notices: [], invitations: [], skipped: [], generalChanges: addendum.changes.filter((c) => c.divisions.length === 0) };
    for (const { invitation, contact } of invited) {
      // A contact already invited and now selected for a new trade hears about it in the notice.
      const alsoNew = selected.find((s) => s.contact_id === contact.contactId)?.divisions.filter((d) => newTrades.has(d)) ?? [];
      const divisions = [...new Set([...decodeDivisions(invitation.trades).filter((d) => affected.has(d)), ...alsoNew])].sort();
      if (divisions.length === 0) continue;
      const reason: NoticeSkipReason | null =
        invitation.bidResponse === 'NO_BID' ? 'declined'
        : contact.unsubscribedAt ? 'unsubscribed'
        : contact.emailBadAt || invitation.status === 'BOUNCED' ? 'bounced'
        : invitation.status === 'FAILED' ? 'invitation_failed'
        : null;
      if (reason || !contact.email) {
        plan.skipped.push({ name: contact.name, email: contact.email, reason: reason ?? 'bounced' });
        continue;
      }
      plan.notices.push({ contactId: contact.contactId, name: contact.name, email: contact.email, invitationId: invitation.emailId, divisions, changes: concerning(addendum.changes, divisions) });
    }
    for (const s of selected) {
      const divisions = s.divisions.filter((d) => newTrades.has(d));
      if (divisions.length === 0 || invitedContacts.has(s.contact_id)) continue;
      const contact = await this.deps.repos.contacts.findForUser(userId, s.contact_id);
      if (!contact?.email || contact.unsubscribedAt || contact.emailBadAt) {
        plan.skipped.push({ name: contact?.name ?? s.name, email: contact?.email ?? s.email, reason: contact?.unsubscribedAt ? 'unsubscribed' : 'bounced' });
        continue;
      }
      plan.invitations.push({ contactId: contact.contactId, name: contact.name, email: contact.email, divisions });
    }
    return plan;
  }

  private summary(row: JobAddendumRow): AddendumSummary {
    const changes = changesOf(row);
    return {
      addendumId: row.addendumId,
      jobId: row.jobId,
      number: row.packageNumber - 1,
      fileName: row.fileName,
      status: row.status,
      changes,
      newTrades: decodeDivisions(row.newTrades).map((d) => ({ division: d, name: divisionByCode(d)?.name ?? `Division ${d}` })),
      mapVersion: row.mapVersion,
      error: row.error,
    };
  }

  /** Read a document's pages (limits as for the first set) and keep the page text with the document. */
  private async readDocument(job: JobRow, doc: JobDocumentRow): Promise<PdfDocumentText> {
    if (doc.pagesRef) return JSON.parse((await this.deps.storage.get(parseRef(doc.pagesRef))).toString('utf8')) as PdfDocumentText;
    const text = await readPdf(await this.deps.storage.localPath(parseRef(doc.pdfRef)), { limits: this.deps.pdfLimits });
    const ref = await this.deps.storage.put(pagesKey(job, doc.documentId), JSON.stringify(text));
    await this.deps.repos.documents.update(doc.documentId, { pageCount: text.info.pageCount, readStatus: 'READ', pagesRef: serializeRef(ref) });
    return text;
  }

  /** The page text of every readable document in the sets before `packageNumber`. */
  private async previousTexts(job: JobRow, packageNumber: number): Promise<PdfDocumentText[]> {
    const out: PdfDocumentText[] = [];
    for (const doc of await this.deps.repos.documents.listForJob(job.jobId)) {
      if (doc.packageNumber >= packageNumber || doc.readStatus === 'FAILED') continue;
      out.push(await this.readDocument(job, doc));
    }
    return out;
  }
}

function alreadyApproved(row: JobAddendumRow): AppError {
  return new AppError('ALREADY_SENT', `Addendum ${row.addendumId} already approved`, {
    userMessage: `Addendum ${row.packageNumber - 1} was already approved${row.approvedAt ? ` (${row.approvedAt} UTC)` : ''}; its notices are queued or sent and will not go out twice.`,
  });
}

/** Lines for a person: the change list and who gets what (CLI, Slack, e-mail reply). */
export function formatAddendumPlan(p: AddendumPlan, approved = false): string {
  const a = p.addendum;
  const lines = [`Addendum ${a.number} ("${a.fileName}"): ${a.changes.length} change${a.changes.length === 1 ? '' : 's'}.`];
  for (const c of a.changes) lines.push(`  - ${describeChange(c)}${c.divisions.length ? ` [${c.divisions.join(', ')}]` : ' [no trade]'}`);
  if (a.newTrades.length) lines.push(`New trades to fill (added to the map, version ${a.mapVersion}): ${a.newTrades.map((t) => `${t.division} ${t.name}`).join(', ')}`);
  const verb = approved ? 'queued' : 'will get';
  lines.push(`Addendum notices ${verb}: ${p.notices.length}${p.notices.length ? ` — ${p.notices.map((n) => `${n.name} <${n.email}> [${n.divisions.join(', ')}]`).join('; ')}` : ''}`);
  if (p.invitations.length) lines.push(`Invitations for new trades ${verb}: ${p.invitations.map((i) => `${i.name} <${i.email}> [${i.divisions.join(', ')}]`).join('; ')}`);
  if (p.skipped.length) lines.push(`Not notified: ${p.skipped.map((s) => `${s.name}${s.email ? ` <${s.email}>` : ''}: ${SKIP_WORDS[s.reason]}`).join('; ')}`);
  return lines.join('\n');
}

/** An addendum in the API's snake_case shape (HTTP and `--json` alike). */
export const addendumJson = (a: AddendumSummary) => ({
  addendum_id: a.addendumId,
  number: a.number,
  file_name: a.fileName,
  status: a.status,
  changes: a.changes.map((c) => ({ kind: c.kind, action: c.action, ref: c.ref ?? null, title: c.title ?? null, detail: c.detail, page: c.page ?? null, found: c.found, trades: c.divisions })),
  new_trades: a.newTrades,
  map_version: a.mapVersion,
  error: a.error,
});

/** Who gets what, in the API's snake_case shape. */
export const addendumPlanJson = (p: AddendumPlan) => ({
  addendum: addendumJson(p.addendum),
  notices: p.notices.map((n) => ({ contact_id: n.contactId, name: n.name, email: n.email, invitation_id: n.invitationId, trades: n.divisions, changes: n.changes.length })),
  invitations: p.invitations.map((i) => ({ contact_id: i.contactId, name: i.name, email: i.email, trades: i.divisions })),
  skipped: p.skipped,
});
