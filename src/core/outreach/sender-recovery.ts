import { AppError, notFound } from '../errors.js';
import { logger as rootLogger } from '../log.js';
import type { EmailLogRow } from '../records.js';
import type { OutreachDeps } from './deps.js';

/**
 * After the sender: what a crash leaves and how it is settled — whose claim is stale, when a
 * job's sending is over, and the user's resend of a message whose sending is uncertain.
 * (Split from sender.ts.)
 */

/** What a person sees for a row we cannot be sure about. */
export const UNCERTAIN_EXPLANATION =
  'The sender stopped while handing this invitation to the mail server, so it may or may not have been sent. Check your Sent folder (or ask the subcontractor); if it is not there, resend it with "redbutton outreach resend".';

/**
 * CONTACT_MAP_READY → EMAILED once no row of the job is QUEUED or SENDING. SENT, FAILED,
 * BOUNCED and UNCERTAIN are final for this purpose: none will change without new information (a
 * DSN) or a person's decision (resend). A bounce can still arrive after EMAILED and a resend can
 * re-queue a row; neither moves the job back.
 */
export async function completeJobIfFinal(deps: Pick<OutreachDeps, 'repos'>, jobId: string): Promise<boolean> {
  if ((await deps.repos.emailLogs.countForJob(jobId, ['QUEUED', 'SENDING'])) > 0) return false;
  return await deps.repos.jobs.transition(jobId, 'CONTACT_MAP_READY', 'EMAILED');
}

/**
 * The user checked their Sent folder and the invitation is not there: send it again (same
 * Message-ID, so a mail system that did get the first copy can drop the duplicate).
 */
export async function resendUncertain(deps: Pick<OutreachDeps, 'repos' | 'logger'>, userId: string, jobId: string, emailId: string): Promise<EmailLogRow> {
  await deps.repos.jobs.getForUser(userId, jobId); // owner check: another user's job is "not found"
  const row = await deps.repos.coverage.invitationOfJob(jobId, emailId);
  if (!row) throw notFound('invitation', emailId);
  if (row.status !== 'UNCERTAIN') {
    throw new AppError('CONFLICT', `Invitation ${emailId} is ${row.status}, not UNCERTAIN`, {
      userMessage:
        row.status === 'SENT'
          ? `The invitation to ${row.toEmail} was sent (${row.sentAt ?? ''} UTC); it will not be sent twice.`
          : `The invitation to ${row.toEmail} is ${row.status.toLowerCase()}; only an invitation whose sending is uncertain can be resent.`,
    });
  }
  const contact = await deps.repos.contacts.findForUser(userId, row.contactId);
  if (contact?.unsubscribedAt) {
    throw new AppError('CONFLICT', `Contact ${row.contactId} unsubscribed`, { userMessage: `${contact.name} has unsubscribed since; the invitation will not be resent.` });
  }
  if (!(await deps.repos.emailLogs.requeueUncertain(emailId, 'resend requested after an uncertain send'))) throw new AppError('CONFLICT', `Invitation ${emailId} changed meanwhile`, { userMessage: 'That invitation changed meanwhile; look at the status again.' });
  (deps.logger ?? rootLogger).info({ jobId, emailId, userId }, 'uncertain invitation re-queued by the user');
  return (await deps.repos.coverage.emailById(emailId))!;
}
