import { randomUUID } from 'node:crypto';
import type nodemailer from 'nodemailer';
import type { Config } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { parseMailFrom, type MailFrom } from '../../core/outreach/mail-address.js';
import { createSmtpTransport, type SmtpSettings } from '../../core/mailauth/smtp-options.js';
import type { Body } from './render.js';

export interface ThreadReply {
  to: string;
  subject: string;
  /** Message-ID (with angle brackets) of the message answered. */
  inReplyTo?: string | null;
  references?: string[];
  /** Reply-To: the plus-addressed job address, or the plain inbound address. */
  replyTo?: string;
  body: Body;
  jobId?: string;
}

/** "Re: <subject>" without stacking prefixes. */
export function replySubject(subject: string | undefined | null): string {
  const s = (subject ?? '').trim();
  if (!s) return 'Re: your plans';
  return /^re:/i.test(s) ? s : `Re: ${s}`;
}

/**
 * Sends the channel's answers through SMTP_URL, from REDBUTTON_MAIL_FROM, in the thread of the
 * message answered. Every answer is marked `Auto-Submitted: auto-replied` (RFC 3834) and asks
 * Exchange not to auto-respond, so vacation responders do not answer us and start a loop.
 */
export class ChannelMailer {
  readonly from: MailFrom;
  private readonly transport: nodemailer.Transporter;

  constructor(config: SmtpSettings & Pick<Config, 'REDBUTTON_MAIL_FROM'>) {
    if (!config.SMTP_URL) {
      throw new AppError('MAIL_CONFIG', 'SMTP_URL is not set', {
        userMessage: 'The e-mail channel needs SMTP_URL to answer (e.g. smtps://user:password@smtp.example.com:465).',
      });
    }
    this.from = parseMailFrom(config.REDBUTTON_MAIL_FROM);
    this.transport = createSmtpTransport(config, { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  }

  /** Send; returns the Message-ID used (chosen here, so it can be recorded before sending). */
  async send(reply: ThreadReply, messageId = this.newMessageId()): Promise<string> {
    const references = [...new Set([...(reply.references ?? []), ...(reply.inReplyTo ? [reply.inReplyTo] : [])])].slice(-20);
    try {
      await this.transport.sendMail({
        from: this.from.header,
        to: reply.to,
        replyTo: reply.replyTo,
        subject: reply.subject,
        messageId,
        inReplyTo: reply.inReplyTo ?? undefined,
        references: references.length ? references.join(' ') : undefined,
        text: reply.body.text,
        html: reply.body.html,
        headers: {
          'Auto-Submitted': 'auto-replied',
          'X-Auto-Response-Suppress': 'All',
          ...(reply.jobId ? { 'X-RedButton-Job': reply.jobId } : {}),
        },
      });
    } catch (e) {
      throw new AppError('MAIL_SEND', `Could not send reply to ${reply.to}: ${(e as Error).message}`, {
        cause: e,
        userMessage: 'The reply could not be sent through SMTP_URL; check `redbutton mail check`.',
      });
    }
    return messageId;
  }

  newMessageId(): string {
    return `<rb.${randomUUID()}@${this.from.domain}>`;
  }

  async verify(): Promise<void> {
    await this.transport.verify();
  }

  close(): void {
    this.transport.close();
  }
}
