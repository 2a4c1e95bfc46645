import MsgReaderModule from '@kenjiuno/msgreader';
import { AppError } from '../errors.js';

// The package is CommonJS with `exports.default`: under Node's ESM the class is one level down,
// under a bundler's interop (the tests' vite) it is the default itself.
const MsgReader = (typeof MsgReaderModule === 'function' ? MsgReaderModule : MsgReaderModule.default) as typeof MsgReaderModule.default;
type MsgReaderClass = InstanceType<typeof MsgReader>;

export interface OutlookMessage {
  subject: string | null;
  body: string | null;
  attachments: { name: string; content: Uint8Array }[];
}

/**
 * An attached Outlook item (`.msg`, a compound file) read with `@kenjiuno/msgreader`: its text
 * (links in it count) and its attachments; an Outlook item attached inside it is returned as its
 * own `.msg` bytes so the caller unpacks it one level deeper, under the same limits.
 */
export function readOutlookMessage(bytes: Buffer, name: string): OutlookMessage {
  let reader: MsgReaderClass;
  let data: ReturnType<MsgReaderClass['getFileData']>;
  try {
    reader = new MsgReader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    data = reader.getFileData();
  } catch (e) {
    throw new AppError('ARCHIVE_REFUSED', `${name}: ${String(e)}`, { userMessage: 'is an Office file but not a readable Outlook message: skipped.' });
  }
  if (data.error || (!data.attachments && !data.body && !data.subject)) {
    throw new AppError('ARCHIVE_REFUSED', `${name}: not an Outlook item (${data.error ?? 'no message fields'})`, { userMessage: 'not a PDF (an Office file that is not an Outlook message): skipped.' });
  }
  const attachments: OutlookMessage['attachments'] = [];
  for (const [i, att] of (data.attachments ?? []).entries()) {
    const got = reader.getAttachment(att);
    const fallback = att.innerMsgContent ? `message-${i + 1}.msg` : `attachment-${i + 1}`;
    attachments.push({ name: cleanName(got.fileName || att.fileName || att.name || fallback), content: got.content });
  }
  return { subject: data.subject ?? null, body: data.body ?? null, attachments };
}

/** Display only (storage keys are server-chosen): no separators or control characters. */
function cleanName(name: string): string {
  return [...name].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch)).join('').slice(0, 200) || 'attachment';
}
