import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { App } from '../../app.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { PublicUser } from '../../core/records.js';
import type { SlackStore } from '../../core/records.js';
import type { SlackApi } from './slack-api.js';
import { mrkdwn, type SlackText } from './mrkdwn.js';
import { createSmtpTransport } from '../../core/mailauth/smtp-options.js';

export const LINK_CODE_TTL_MINUTES = 30;
const emailSchema = z.email();

export type Resolution = { user: PublicUser } | { user: null; reason: 'no_email' | 'no_account'; email?: string };

/**
 * Who a Slack user is in Red Button. A stored link wins; otherwise the Slack profile e-mail (needs
 * users:read.email) is matched to a Red Button user and the link is stored. Nothing else — a block
 * value or a command argument never decides whose jobs are touched.
 */
export class People {
  constructor(
    private readonly app: App,
    private readonly store: SlackStore,
    private readonly api: SlackApi,
    private readonly log: Logger,
  ) {}

  async resolve(teamId: string, slackUserId: string): Promise<Resolution> {
    const link = await this.store.findLink(teamId, slackUserId);
    if (link) {
      const user = await this.app.repos.users.getActiveById(link.userId);
      if (user) return { user };
    }
    const email = await this.api.profileEmail(slackUserId);
    if (!email) return { user: null, reason: 'no_email' };
    const user = await this.app.repos.users.findActiveByEmail(email);
    if (!user) return { user: null, reason: 'no_account', email };
    await this.store.saveLink({ teamId, slackUserId, userId: user.userId, email: user.email, linkedVia: 'profile' });
    this.log.info({ teamId, slackUserId, userId: user.userId }, 'slack user linked by profile e-mail');
    return { user };
  }

  /** The short explanation an unlinked person gets (ephemeral). */
  static explain(r: Exclude<Resolution, { user: PublicUser }>): SlackText {
    if (r.reason === 'no_account') {
      return mrkdwn`Your Slack e-mail (${r.email}) has no Red Button account, so I can't start a job for you. Ask your admin to run \`redbutton user add ${r.email}\`, or link another address with \`/redbutton link you@company.com\`.`;
    }
    return mrkdwn`I don't know who you are in Red Button yet. Link your account with \`/redbutton link you@company.com\` (I'll e-mail you a code to confirm).`;
  }

  /**
   * `/redbutton link <email>`. Quick checks happen here (the command must be answered within 3 s);
   * the e-mail with the signed code is sent by `send`, which the caller runs after answering.
   */
  async startLink(teamId: string, slackUserId: string, rawEmail: string): Promise<{ text: SlackText; send?: () => Promise<void> }> {
    const email = rawEmail.trim().toLowerCase().replace(/^<mailto:([^|>]+)(\|[^>]*)?>$/, '$1');
    if (!emailSchema.safeParse(email).success) {
      throw new AppError('VALIDATION', `bad link e-mail ${rawEmail}`, { userMessage: `"${rawEmail}" is not an e-mail address. Use \`/redbutton link you@company.com\`.` });
    }
    // The profile may already prove it (users:read.email granted and the same address).
    const profile = await this.api.profileEmail(slackUserId);
    if (profile && profile === email) {
      const user = await this.app.repos.users.findActiveByEmail(email);
      if (user) {
        await this.store.saveLink({ teamId, slackUserId, userId: user.userId, email: user.email, linkedVia: 'profile' });
        return { text: mrkdwn`Linked: you are ${user.email} in Red Button (matched your Slack profile).` };
      }
    }
    const { SMTP_URL, REDBUTTON_MAIL_FROM } = this.app.config;
    if (!SMTP_URL || !REDBUTTON_MAIL_FROM) {
      throw new AppError('MAIL_CONFIG', 'link by code needs SMTP', {
        userMessage:
          "I can't confirm an e-mail address here: this Red Button has no outgoing mail (SMTP) configured. Ask your admin to set SMTP_URL and REDBUTTON_MAIL_FROM, or to grant the Slack app the users:read.email scope so I can match your Slack profile e-mail automatically.",
      });
    }
    await this.store.setPending(teamId, slackUserId, 'link', email, LINK_CODE_TTL_MINUTES);
    const pending = (await this.store.getPending(teamId, slackUserId, 'link'))!;
    const user = await this.app.repos.users.findActiveByEmail(email);
    const text = mrkdwn`If ${email} has a Red Button account, I am e-mailing it a code now. Type \`/redbutton link confirm &lt;code&gt;\` within ${LINK_CODE_TTL_MINUTES} minutes.`;
    // Only a real user gets a mail; the answer is the same either way (no account probing).
    if (!user) {
      this.log.info({ teamId, slackUserId }, 'slack link requested for an address with no account');
      return { text };
    }
    const send = async () => {
      const code = linkCode(this.app.secret, teamId, slackUserId, email, pending.expiresAt);
      const transport = createSmtpTransport(this.app.config);
      try {
        await transport.sendMail({
          from: REDBUTTON_MAIL_FROM,
          to: email,
          subject: 'Your Red Button Slack link code',
          text: `Someone (hopefully you) asked to link a Slack account to Red Button as ${email}.\n\nIn Slack, type:\n\n  /redbutton link confirm ${code}\n\nThe code expires at ${pending.expiresAt} UTC. If this was not you, ignore this e-mail.\n`,
        });
      } catch (e) {
        throw new AppError('MAIL_SEND', `link code mail to ${email} failed`, { cause: e, userMessage: `I could not send the code to ${email} (the mail server refused it). Try again later or ask your admin.` });
      } finally {
        transport.close();
      }
      this.log.info({ teamId, slackUserId, userId: user.userId }, 'slack link code sent');
    };
    return { text, send };
  }

  /** `/redbutton link confirm <code>` */
  async confirmLink(teamId: string, slackUserId: string, code: string): Promise<SlackText> {
    const pending = await this.store.getPending(teamId, slackUserId, 'link');
    if (!pending?.value) {
      throw new AppError('LINK_EXPIRED', 'no pending link', { userMessage: 'There is no link waiting for a code (or it expired). Start again with `/redbutton link you@company.com`.' });
    }
    const expected = linkCode(this.app.secret, teamId, slackUserId, pending.value, pending.expiresAt);
    const a = Buffer.from(code.trim().toUpperCase());
    const b = Buffer.from(expected);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      throw new AppError('LINK_INVALID', 'wrong link code', { userMessage: 'That code is not right. Copy it from the e-mail, or start again with `/redbutton link you@company.com`.' });
    }
    const user = await this.app.repos.users.findActiveByEmail(pending.value);
    if (!user) throw new AppError('LINK_INVALID', 'user vanished', { userMessage: `There is no Red Button account for ${pending.value} any more.` });
    await this.store.clearPending(teamId, slackUserId, 'link');
    await this.store.saveLink({ teamId, slackUserId, userId: user.userId, email: user.email, linkedVia: 'code' });
    this.log.info({ teamId, slackUserId, userId: user.userId }, 'slack user linked by e-mailed code');
    return mrkdwn`Linked: you are ${user.email} in Red Button. Drop a plan PDF here to start a job.`;
  }
}

/** A short signed code: HMAC over who asks, for which address, until when. */
export function linkCode(secret: Buffer, teamId: string, slackUserId: string, email: string, expiresAt: string): string {
  const mac = createHmac('sha256', secret).update(`slack-link|${teamId}|${slackUserId}|${email}|${expiresAt}`).digest();
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  for (let i = 0; i < 8; i++) out += alphabet[mac[i]! % alphabet.length];
  return out;
}
