import type { ParsedMail } from 'mailparser';
import type { App } from '../../app.js';
import { isAppError, userMessageOf } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { describePlan } from '../../core/contacts/import/plan.js';
import { paragraphs, type Body } from './render.js';

/**
 * "contacts" in the subject and a sub list attached (.xlsx, .csv, .vcf): import it into the
 * sender's address book and answer with what happened. "preview" or "dry run" in the subject
 * only answers with what would happen.
 */
const CONTACTS_SUBJECT = /\bcontacts?\b/i;
const PREVIEW_SUBJECT = /\bpreview\b|\bdry[- ]?run\b/i;
const CONTACTS_FILE = /\.(?:csv|xlsx|vcf)$/i;
const CONTACTS_TYPES = new Set(['text/csv', 'text/vcard', 'text/x-vcard', 'text/directory', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
const MAX_BYTES = 10 * 1024 * 1024;

export function contactsAttachments(parsed: ParsedMail, subject: string): ParsedMail['attachments'] {
  if (!CONTACTS_SUBJECT.test(subject)) return [];
  return parsed.attachments.filter((a) => CONTACTS_FILE.test(a.filename ?? '') || CONTACTS_TYPES.has((a.contentType ?? '').toLowerCase()));
}

export async function importContactsFromMail(app: App, userId: string, files: ParsedMail['attachments'], subject: string, log: Logger): Promise<{ body: Body; outcome: string }> {
  const dryRun = PREVIEW_SUBJECT.test(subject);
  const lines: string[] = [];
  const outcomes: string[] = [];
  for (const file of files) {
    const name = file.filename ?? 'the attachment';
    try {
      if (file.size > MAX_BYTES) throw new Error(`${name} is over ${MAX_BYTES / 1e6} MB`);
      const result = await app.addressBook.import(userId, file.content, { dryRun, skipInvalid: true, fileName: file.filename });
      lines.push(`${name}:\n${describePlan(result, { written: result.written }).join('\n')}`);
      outcomes.push(`${name}: ${result.created} created, ${result.merged} merged${dryRun ? ' (preview)' : ''}`);
    } catch (e) {
      if (!isAppError(e)) log.error({ err: e }, 'contacts import from e-mail failed');
      lines.push(`${name}: nothing was imported. ${userMessageOf(e)}`);
      outcomes.push(`${name}: refused`);
    }
  }
  if (dryRun) lines.push('This was a preview: nothing was saved. Send the same message without "preview" in the subject to import.');
  return { body: paragraphs(lines), outcome: `contacts import: ${outcomes.join('; ')}` };
}
