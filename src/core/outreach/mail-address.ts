import { AppError } from '../errors.js';

export interface MailFrom {
  /** As configured, e.g. `Red Button <bids@acme-builders.com>`. */
  header: string;
  /** `bids@acme-builders.com` */
  address: string;
  /** `acme-builders.com`: Message-IDs and the VERP bounce address use it. */
  domain: string;
}

const ADDRESS_RE = /^[^\s@<>"]+@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+)$/;

/** REDBUTTON_MAIL_FROM, checked: `bids@x.com` or `Name <bids@x.com>`. */
export function parseMailFrom(value: string | undefined): MailFrom {
  if (!value) {
    throw new AppError('MAIL_CONFIG', 'REDBUTTON_MAIL_FROM is not set', {
      userMessage: 'Invitations cannot be sent: set REDBUTTON_MAIL_FROM (the address invitations come from, e.g. "Acme Bids <bids@acme-builders.com>") in your environment or .env file.',
    });
  }
  const angle = /<([^<>]+)>\s*$/.exec(value);
  const address = (angle ? angle[1]! : value).trim();
  const m = ADDRESS_RE.exec(address);
  if (!m) {
    throw new AppError('MAIL_CONFIG', `REDBUTTON_MAIL_FROM is not an address: ${value}`, {
      userMessage: `REDBUTTON_MAIL_FROM="${value}" is not an e-mail address. Use "bids@your-company.com" or "Your Company Bids <bids@your-company.com>".`,
    });
  }
  return { header: value.trim(), address, domain: m[1]!.toLowerCase() };
}

/** SMTP_URL, checked. */
export function requireSmtpUrl(value: string | undefined): string {
  if (!value) {
    throw new AppError('MAIL_CONFIG', 'SMTP_URL is not set', {
      userMessage: 'Invitations cannot be sent: set SMTP_URL (e.g. smtps://user:password@smtp.your-provider.com:465) in your environment or .env file.',
    });
  }
  if (!/^smtps?:\/\//i.test(value)) {
    throw new AppError('MAIL_CONFIG', 'SMTP_URL must start with smtp:// or smtps://', {
      userMessage: 'SMTP_URL must look like smtp://host:587 or smtps://user:password@host:465.',
    });
  }
  return value;
}
