/**
 * What an e-mail job remembers about the message that started it (jobs.origin_context), so the
 * channel can answer in that thread later: the map when it is ready, a failure, each edit.
 */
export interface EmailThread {
  channel: 'email';
  /** The inbound message's key (normalized Message-ID or header hash) — links job and message. */
  messageKey: string;
  /** Message-ID of the estimator's e-mail (with angle brackets), for In-Reply-To. */
  messageId: string | null;
  references: string[];
  subject: string;
  fileName: string;
  /** Which PDF of the message this job is (1-based) and how many there were. */
  part: number;
  parts: number;
}

export function parseThread(originContext: string | null | undefined): EmailThread | undefined {
  if (!originContext) return undefined;
  try {
    const v = JSON.parse(originContext) as Partial<EmailThread>;
    if (v && v.channel === 'email' && typeof v.messageKey === 'string') {
      return {
        channel: 'email',
        messageKey: v.messageKey,
        messageId: typeof v.messageId === 'string' ? v.messageId : null,
        references: Array.isArray(v.references) ? v.references.filter((r): r is string => typeof r === 'string') : [],
        subject: typeof v.subject === 'string' ? v.subject : '',
        fileName: typeof v.fileName === 'string' ? v.fileName : 'plans.pdf',
        part: typeof v.part === 'number' ? v.part : 1,
        parts: typeof v.parts === 'number' ? v.parts : 1,
      };
    }
  } catch (_e) {
    // Not ours (another channel's context, or a CLI job): no thread.
  }
  return undefined;
}
