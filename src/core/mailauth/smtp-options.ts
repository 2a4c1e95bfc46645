import nodemailer from 'nodemailer';
import type SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Config } from '../../config.js';
import { AppError } from '../errors.js';
import { oauthTokenSource, type MailOAuthSettings } from './oauth-token.js';

export type SmtpSettings = Pick<Config, 'SMTP_URL' | 'IMAP_USER'> & MailOAuthSettings;

/**
 * The connection part of nodemailer's SMTP options: SMTP_URL as it is (a password in it is used
 * as before), or — with MAIL_OAUTH_PROVIDER — the URL without credentials and XOAUTH2 with a
 * token from the token source. The OAuth user is the URL's user name, or else IMAP_USER (the
 * mailbox the app signs in to).
 */
export function smtpConnectionOptions(s: SmtpSettings): { url: string; auth?: SMTPConnection.AuthenticationTypeOAuth2 } {
  if (!s.SMTP_URL) throw new AppError('MAIL_CONFIG', 'SMTP_URL is not set', { userMessage: 'Set SMTP_URL (e.g. smtps://user:password@smtp.example.com:465, or smtp://smtp.office365.com:587 with OAuth); see docs/email.md.' });
  const tokens = oauthTokenSource(s);
  if (!tokens) return { url: s.SMTP_URL };
  let url: URL;
  try {
    url = new URL(s.SMTP_URL);
  } catch (e) {
    throw new AppError('MAIL_CONFIG', 'SMTP_URL is not a URL', { cause: e, userMessage: 'SMTP_URL is not a URL (e.g. smtp://smtp.office365.com:587).' });
  }
  const user = decodeURIComponent(url.username) || s.IMAP_USER;
  if (!user) throw new AppError('MAIL_CONFIG', 'no SMTP user for OAuth', { userMessage: 'With MAIL_OAUTH_PROVIDER, put the sending mailbox in SMTP_URL (smtp://you%40example.com@smtp.office365.com:587) or set IMAP_USER.' });
  url.username = '';
  url.password = '';
  return {
    url: url.toString(),
    auth: {
      type: 'OAuth2',
      user,
      // nodemailer asks for a token on every login, with `renew` after the server refused one.
      provisionCallback: (_user, renew, cb) => {
        tokens.get(renew).then(
          (t) => cb(null, t.token, t.expiresAt),
          (e: unknown) => cb(e as Error, '', 0),
        );
      },
    },
  };
}

/**
 * A single-connection SMTP transport for these settings. Built from an SMTPTransport instance:
 * `createTransport({ url, … })` would parse the URL and silently drop every other option
 * (the OAuth login, the time-outs).
 */
export function createSmtpTransport(s: SmtpSettings, extra: SMTPTransport.Options = {}): nodemailer.Transporter<SMTPTransport.SentMessageInfo> {
  return nodemailer.createTransport(new SMTPTransport({ ...smtpConnectionOptions(s), ...extra }));
}
