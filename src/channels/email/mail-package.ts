import { simpleParser, type ParsedMail } from 'mailparser';
import { kindOfBytes } from '../../core/documents/index.js';

/** An attachment as it arrived; `candidate` when its bytes make it plans (PDF, ZIP, winmail.dat, .msg). */
export interface MailFile {
  fileName: string;
  content: Buffer;
  contentType: string;
  candidate: boolean;
}

/** The attachments of a message and of the messages forwarded in it, and all their text (for plan links). */
export interface MailPackage {
  files: MailFile[];
  text: string;
}

/** How mailparser reads every message we look at (HTML kept for text, no inline image data URLs). */
export const PARSE_OPTIONS = { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true } as const;

/** Office documents are ZIPs or compound files too: by name they are not plans archives. */
const OFFICE_NAME = /\.(docx|xlsx|pptx|xlsm|odt|ods|odp|doc|xls|ppt|vsd)$/i;

/**
 * Every attachment of the message, and of forwarded messages (message/rfc822) depth-limited, with
 * the text of each for links. Inline images (signature logos) are not attachments a sender means.
 */
export async function collectPackage(parsed: ParsedMail, maxDepth: number, depth = 0): Promise<MailPackage> {
  const out: MailPackage = { files: [], text: parsed.text ?? '' };
  for (const [i, a] of parsed.attachments.entries()) {
    const type = a.contentType.toLowerCase();
    if (type === 'message/rfc822' && depth < maxDepth) {
      const inner = await collectPackage(await simpleParser(a.content, PARSE_OPTIONS), maxDepth, depth + 1);
      out.files.push(...inner.files);
      out.text += `\n${inner.text}`;
      continue;
    }
    if (a.related || (a.contentDisposition === 'inline' && type.startsWith('image/'))) continue;
    const kind = kindOfBytes(a.content);
    const name = safeFileName(a.filename ?? (kind === 'pdf' ? `attachment-${depth}-${i + 1}.pdf` : type === 'application/ms-tnef' ? 'winmail.dat' : `attachment-${depth}-${i + 1}`));
    const candidate = kind === 'pdf' || kind === 'tnef' || (kind === 'zip' && !OFFICE_NAME.test(name)) || (kind === 'cfb' && (/\.msg$/i.test(name) || type === 'application/vnd.ms-outlook'));
    out.files.push({ fileName: kind === 'pdf' && !/\.pdf$/i.test(name) ? `${name}.pdf` : name, content: a.content, contentType: type, candidate });
  }
  return out;
}

function safeFileName(name: string): string {
  // Display only (storage keys are server-chosen): keep it short and printable.
  const printable = [...name].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch)).join('');
  return printable.slice(0, 200) || 'plans.pdf';
}
