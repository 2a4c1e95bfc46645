import type Mail from 'nodemailer/lib/mailer/index.js';
import { AppError, notFound } from '../errors.js';
import type { ContactsMap } from '../contacts/map-document.js';
import type { EmailLogRow } from '../records.js';
import { decodeDivisions, type OutreachDeps } from './deps.js';
import { loadInvitationTemplates, type InvitationTemplates } from './invitation.js';
import { composeInvitation } from './compose.js';
import { addendumNoticeFor } from '../addenda/notice.js';
import type { MailFrom } from './mail-address.js';
import { verpAddress, invitationToken, invitationReplyAddress, INVITATION_HEADER } from './links.js';

/**
 * The sender's message building: a claimed email_logs row (invitation, reminder, addendum notice)
 * as the e-mail to hand to SMTP — links, threading, List-Unsubscribe, VERP envelope. Templates
 * and map versions are loaded once and kept. (Split from sender.ts.)
 */
export class InvitationMessages {
  private templates: InvitationTemplates | undefined;
  private addendumTemplates: InvitationTemplates | undefined;
  private reminderTemplates: InvitationTemplates | undefined;
  private readonly mapCache = new Map<string, Promise<ContactsMap>>();

  constructor(
    private readonly deps: OutreachDeps,
    private readonly from: MailFrom,
    private readonly templatesDir: string | undefined,
    private readonly clock: () => Date,
  ) {}

  /** The message for a claimed row, or why it must not go out (the contact unsubscribed, bounced or is gone …). */
  async build(row: EmailLogRow): Promise<{ message: Mail.Options } | { skip: string }> {
    const { repos, secret } = this.deps;
    const job = await repos.jobs.getInternal(row.jobId);
    if (!job) throw notFound('job', row.jobId);
    const owner = await repos.users.getById(job.userId);
    if (!owner) throw notFound('user', job.userId);
    const contact = await repos.contacts.findForUser(job.userId, row.contactId);
    if (!contact) return { skip: 'the contact was deleted before the invitation went out' };
    if (contact.unsubscribedAt) return { skip: 'the contact unsubscribed before the invitation went out' };
    if (contact.emailBadAt) return { skip: `the contact's address bounced before the invitation went out (${contact.emailBadReason ?? 'hard bounce'})` };
    if (!row.toEmail || !row.messageId) throw new AppError('INTERNAL', `email_logs ${row.emailId} has no address or Message-ID`);
    // An addendum notice carries its invitation's answer and unsubscribe links and threads under
    // it; its plans link and attachment are the addendum's own PDF.
    const notice = row.kind === 'addendum' ? await addendumNoticeFor(repos, row) : undefined;
    if (notice && 'skip' in notice) return notice;
    // A reminder carries its invitation's links (plans, answer, unsubscribe), so whatever the sub
    // does from it lands on the invitation; it threads under the invitation's Message-ID.
    let linkEmailId = notice ? notice.parent.emailId : row.emailId;
    let inReplyTo: string | undefined = notice?.parent.messageId ?? undefined;
    if (row.kind === 'reminder') {
      const parent = row.parentEmailId ? await repos.coverage.emailById(row.parentEmailId) : undefined;
      if (!parent) return { skip: 'the invitation this reminder belongs to is gone' };
      if (parent.bidResponse === 'NO_BID') return { skip: 'the subcontractor declined before the reminder went out' };
      if (parent.status !== 'SENT') return { skip: `the invitation is ${parent.status.toLowerCase()}, so no reminder` };
      linkEmailId = parent.emailId;
      inReplyTo = parent.messageId ?? undefined;
    }
    const map = await this.mapVersion(job.userId, job.jobId, row.mapVersion ?? 0);
    const templates =
      row.kind === 'reminder'
        ? (this.reminderTemplates ??= loadInvitationTemplates(this.templatesDir, 'reminder'))
        : notice
          ? (this.addendumTemplates ??= loadInvitationTemplates(this.templatesDir, 'addendum'))
          : (this.templates ??= loadInvitationTemplates(this.templatesDir));

    const now = this.clock();
    const details = await this.deps.details.get(job.userId, job.jobId);
    const composed = await composeInvitation(this.deps, templates, this.from, {
      job,
      contact,
      divisions: decodeDivisions(row.trades),
      map,
      details,
      emailId: linkEmailId,
      ...(notice ? { addendum: { view: notice.view, pdf: notice.pdf, plansEmailId: row.emailId } } : {}),
      now,
    });
    const { unsubscribeToken: unsubToken, unsubscribePage: unsubPage, attachments } = composed;
    const listUnsubscribe = [`<mailto:${this.from.address}?subject=unsubscribe%20${unsubToken}>`, ...(unsubPage ? [`<${unsubPage}>`] : [])].join(', ');
    const token = invitationToken(secret, row.emailId);
    const headers: Record<string, string> = { 'List-Unsubscribe': listUnsubscribe, [INVITATION_HEADER]: token };
    // Replies go to the estimator and, when the mailbox is configured, to the invitation's own
    // address there, so "will bid" / "won't bid" / "unsubscribe" by e-mail are recorded too.
    const inbound = this.deps.config.REDBUTTON_INBOUND_ADDRESS;
    if (unsubPage) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    return {
      message: {
        // The inviting company and estimator by name; the address stays REDBUTTON_MAIL_FROM's.
        from: composed.from,
        // One recipient per message: subcontractors never see who else was invited.
        to: { name: contact.name, address: row.toEmail },
        replyTo: inbound ? [{ name: composed.from.name, address: owner.email }, invitationReplyAddress(inbound, token)] : { name: composed.from.name, address: owner.email },
        subject: composed.subject,
        text: composed.text,
        html: composed.html,
        messageId: row.messageId,
        ...(inReplyTo ? { inReplyTo, references: [inReplyTo] } : {}),
        date: now,
        envelope: { from: verpAddress(secret, row.emailId, this.from.domain), to: [row.toEmail] },
        headers,
        attachments,
        disableFileAccess: false,
        disableUrlAccess: true,
      },
    };
  }

  private mapVersion(userId: string, jobId: string, version: number): Promise<ContactsMap> {
    const key = `${jobId}:${version}`;
    let p = this.mapCache.get(key);
    if (!p) {
      p = this.deps.maps.version(userId, jobId, version);
      p.catch(() => this.mapCache.delete(key));
      this.mapCache.set(key, p);
      if (this.mapCache.size > 64) this.mapCache.delete(this.mapCache.keys().next().value!);
    }
    return p;
  }
}
