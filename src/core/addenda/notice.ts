/**
 * What one addendum notice says and which PDF its plans link serves, from its email_logs row:
 * occasion = the addendum, trades = the invitee's affected trades, parent = the invitation (whose
 * answer and unsubscribe links the notice carries, and under which it threads).
 */
import type { Repositories } from '../../db/repositories/index.js';
import type { EmailLogRow, JobAddendumRow } from '../records.js';
import { decodeDivisions } from '../outreach/deps.js';
import type { AddendumChanges, DocumentChange } from './changes.js';

/** The values an addendum template shows (templates/README.md). */
export interface AddendumNoticeView {
  number: number;
  fileName: string;
  /** The changes that concern the invitee's trades, in words. */
  changes: string[];
  /** Changes of no trade (bidding requirements, general notes). */
  generalChanges: string[];
}

export interface AddendumNotice {
  view: AddendumNoticeView;
  /** The addendum's own PDF: what "the new plans" link serves, or the attachment. */
  pdf: { pdfRef: string; fileName: string };
  parent: EmailLogRow;
}

/** "Sheet E-201 (POWER PLAN) revised: …" — one change in words. */
export function describeChange(c: DocumentChange): string {
  if (c.kind === 'note') return c.detail;
  // A section named by its title alone is called by its title.
  if (!c.ref) return `Section ${c.title ?? ''} ${c.action}: ${c.detail}`;
  const what = c.kind === 'sheet' ? `Sheet ${c.ref}` : `Section ${c.ref}`;
  return `${what}${c.title ? ` (${c.title})` : ''} ${c.action}: ${c.detail}`;
}

export const changesOf = (row: Pick<JobAddendumRow, 'changesJson'>): DocumentChange[] => (row.changesJson ? (JSON.parse(row.changesJson) as AddendumChanges).changes : []);

/** The changes that concern any of `divisions`. */
export const concerning = (changes: readonly DocumentChange[], divisions: readonly string[]): DocumentChange[] => changes.filter((c) => c.divisions.some((d) => divisions.includes(d)));

/** The addendum's first document: its PDF is what the notice's plans link serves. */
async function addendumPdf(repos: Pick<Repositories, 'documents'>, row: JobAddendumRow): Promise<{ pdfRef: string; fileName: string } | undefined> {
  const doc = (await repos.documents.listForJob(row.jobId, row.packageNumber))[0];
  return doc ? { pdfRef: doc.pdfRef, fileName: doc.fileName } : undefined;
}

/** The notice an addendum row carries, or why it should not go out. */
export async function addendumNoticeFor(repos: Pick<Repositories, 'addenda' | 'documents'>, mail: EmailLogRow): Promise<AddendumNotice | { skip: string }> {
  const row = await repos.addenda.get(mail.occasion);
  const parent = mail.parentEmailId ? await repos.addenda.emailById(mail.parentEmailId) : undefined;
  if (!row || !parent) return { skip: 'the addendum or the invitation it belongs to is gone' };
  if (parent.bidResponse === 'NO_BID') return { skip: 'the subcontractor declined before the addendum notice went out' };
  const pdf = await addendumPdf(repos, row);
  if (!pdf) return { skip: "the addendum's document is gone" };
  const changes = changesOf(row);
  return {
    view: {
      number: row.packageNumber - 1,
      fileName: pdf.fileName,
      changes: concerning(changes, decodeDivisions(mail.trades)).map(describeChange),
      generalChanges: changes.filter((c) => c.divisions.length === 0).map(describeChange),
    },
    pdf,
    parent,
  };
}

/** The PDF a plans link of an addendum notice serves; undefined for any other e-mail (its job's plans). */
export async function addendumPlansFor(repos: Pick<Repositories, 'addenda' | 'documents'>, jobId: string, emailId: string): Promise<{ pdfRef: string; fileName: string } | undefined> {
  const mail = await repos.addenda.emailById(emailId);
  if (!mail || mail.jobId !== jobId || mail.kind !== 'addendum') return undefined;
  const row = await repos.addenda.get(mail.occasion);
  return row ? addendumPdf(repos, row) : undefined;
}
