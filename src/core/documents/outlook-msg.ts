import type MsgReaderModule from '@kenjiuno/msgreader';
import { AppError } from '../errors.js';

type MsgReaderClass = InstanceType<typeof MsgReaderModule.default>;

/** The reader class, loaded on first use (it is only needed when an Outlook item arrives, not at start-up). */
async function loadMsgReader(): Promise<typeof MsgReaderModule.default> {
  const mod = (await import('@kenjiuno/msgreader')).default;
  // The package is CommonJS with `exports.default`: under Node's ESM the class is one level down,
  // under a bundler's interop (the tests' vite) it is the default itself.
  return (typeof mod === 'function' ? mod : mod.default) as typeof MsgReaderModule.default;
}

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
export async function readOutlookMessage(bytes: Buffer, name: string): Promise<OutlookMessage> {
  const MsgReader = await loadMsgReader();
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
