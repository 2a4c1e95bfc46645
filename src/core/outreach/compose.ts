import { stat } from 'node:fs/promises';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { parseRef } from '../storage/index.js';
import type { ContactsMap } from '../contacts/map-document.js';
import type { ContactRow, JobRow } from '../records.js';
import { identityOf, type GcIdentity } from '../project/identity.js';
import type { ProjectDetails } from '../project/details.js';
import { formatMoment, instantOf } from '../project/time.js';
import { decodeDivisions, type OutreachDeps } from './deps.js';
import { renderInvitation, scopeWords, senderName, type InvitationInput, type InvitationTemplates, type RenderedInvitation } from './invitation.js';
import type { MailFrom } from './mail-address.js';
import type { AddendumNoticeView } from '../addenda/notice.js';
import { plansUrl, respondUrl, signPlansToken, signRespondToken, signUnsubscribeToken, unsubscribeUrl } from './links.js';

export interface ComposeInput {
  job: JobRow;
  contact: Pick<ContactRow, 'contactId' | 'name' | 'contactPerson'>;
  divisions: string[];
  /** An addendum notice: its view, the addendum's PDF, and the notice's own id (its plans link serves that PDF). */
  addendum?: { view: AddendumNoticeView; pdf: { pdfRef: string; fileName: string }; plansEmailId: string };
  map: Pick<ContactsMap, 'project' | 'trades'>;
  details: ProjectDetails;
  /** The invitation's email_logs id (links name it); a preview uses a stand-in. */
  emailId: string;
  now: Date;
}

export interface ComposedInvitation extends RenderedInvitation {
  /** The From header as an address object (nodemailer encodes the display name). */
  from: { name: string; address: string };
  identity: GcIdentity;
  plans: InvitationInput['plans'];
  attachments: Mail.Attachment[];
  unsubscribeToken: string;
  unsubscribePage: string | undefined;
}

/**
 * Everything one invitation says, for the sender and for the preview alike, so the preview is
 * the e-mail that goes out: the GC's identity, the job's details, the links. The plans link lives
 * at least a day past the bid due time, however short DOWNLOAD_LINK_DAYS is.
 */
export async function composeInvitation(
  deps: Pick<OutreachDeps, 'config' | 'repos' | 'secret' | 'storage'>,
  templates: InvitationTemplates,
  from: MailFrom,
  input: ComposeInput,
): Promise<ComposedInvitation> {
  const { config, secret, storage } = deps;
  const { job, contact, details, now } = input;
  const identity = await identityOf(deps.repos, job.userId);
  const publicUrl = config.PUBLIC_URL;
  let plans: InvitationInput['plans'] = { kind: 'on_request' };
  const attachments: Mail.Attachment[] = [];
  if (publicUrl) {
    let expires = now.getTime() + config.DOWNLOAD_LINK_DAYS * 86_400_000;
    if (details.bidDue && details.timeZone) expires = Math.max(expires, instantOf(details.bidDue, details.timeZone).getTime() + 86_400_000);
    const expiresAt = new Date(expires);
    plans = { kind: 'link', url: plansUrl(publicUrl, signPlansToken(secret, { jobId: job.jobId, emailId: input.addendum?.plansEmailId ?? input.emailId, expiresAt })), expiresAt };
  } else if (input.addendum ?? job.pdfRef) {
    // Every document of the bid package goes along (an addendum notice: the addendum's PDF), or
    // none when together they pass the attachment cap — then the plans are "on request".
    const packageDocs = input.addendum ? [] : await deps.repos.documents.listForJob(job.jobId, 1);
    const files =
      packageDocs.length > 1
        ? packageDocs.map((d) => ({ ref: d.pdfRef, fileName: d.fileName }))
        : [{ ref: input.addendum?.pdf.pdfRef ?? job.pdfRef!, fileName: input.addendum?.pdf.fileName ?? job.pdfFileName ?? `${job.name.replace(/[^\w.-]+/g, '_')}.pdf` }];
    const found = await Promise.all(files.map(async (f) => ({ ...f, path: await storage.localPath(parseRef(f.ref)) })));
    let total = 0;
    for (const f of found) total += (await stat(f.path)).size;
    if (total <= config.PLANS_ATTACH_MAX_BYTES) {
      plans = { kind: 'attached', fileName: found.map((f) => f.fileName).join(', ') };
      for (const f of found) attachments.push({ filename: f.fileName, path: f.path, contentType: 'application/pdf' });
    }
  }
  const unsubscribeToken = signUnsubscribeToken(secret, { contactId: contact.contactId, emailId: input.emailId });
  const unsubscribePage = publicUrl ? unsubscribeUrl(publicUrl, unsubscribeToken) : undefined;
  const respondToken = publicUrl ? signRespondToken(secret, { jobId: job.jobId, emailId: input.emailId }) : undefined;
  const rendered = renderInvitation(templates, {
    map: input.map,
    divisions: input.divisions,
    ...(input.addendum ? { addendum: input.addendum.view } : {}),
    contactName: contact.contactPerson ?? contact.name,
    details,
    identity,
    plans,
    bidUrl: publicUrl && respondToken ? respondUrl(publicUrl, respondToken, 'bid') : undefined,
    nobidUrl: publicUrl && respondToken ? respondUrl(publicUrl, respondToken, 'nobid') : undefined,
    unsubscribeUrl: unsubscribePage,
    now,
  });
  return { ...rendered, from: { name: senderName(identity), address: from.address }, identity, plans, attachments, unsubscribeToken, unsubscribePage };
}

/** What a page a subcontractor lands on (from an invitation's link) says about the invitation. */
export interface LandingFacts {
  company: string | null;
  estimator: string;
  projectName: string;
  trades: string[];
  bidDue: string | null;
}

export async function landingFacts(deps: Pick<OutreachDeps, 'repos' | 'details'>, jobId: string, emailId?: string): Promise<LandingFacts | undefined> {
  const job = await deps.repos.jobs.getInternal(jobId);
  if (!job) return undefined;
  const details = await deps.details.get(job.userId, job.jobId);
  const identity = await identityOf(deps.repos, job.userId);
  const row = emailId ? await deps.repos.coverage.invitationOfJob(jobId, emailId) : undefined;
  const trades = decodeDivisions(row?.trades).map((d) => scopeWords(d, undefined).label);
  return {
    company: identity.company?.name ?? null,
    estimator: senderName(identity),
    projectName: details.name,
    trades,
    bidDue: details.bidDue ? formatMoment(details.bidDue, details.timeZone) : null,
  };
}
