import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openTestApp, corpusDir, type AnyTestApp } from '../helpers/app.js';
import { startDovecot, type DovecotServer } from '../helpers/dovecot.js';
import { startSmtpSink, type SmtpSink, type CapturedMail } from '../helpers/smtp-sink.js';
import { startEmailChannel, type EmailChannel, type EmailChannelOptions } from '../../src/channels/email/index.js';
import type { PublicUser } from '../../src/db/repositories/index.js';
import type { JobRow } from '../../src/db/schema/index.js';

export const MAILBOX_USER = 'plans';
export const MAILBOX_PASSWORD = 'mailbox-secret-1';
export const INBOUND = 'plans@rb.test';
export const TRUSTED = 'mx.rb.test';
export const SPEC_PDF = join(corpusDir, '12_spec_section_21_0100_general_fire_protection.pdf');

export interface World {
  dovecot: DovecotServer;
  smtp: SmtpSink;
  t: AnyTestApp;
  estimator: PublicUser;
  other: PublicUser;
  channel?: EmailChannel;
  start(opts?: EmailChannelOptions): Promise<EmailChannel>;
  close(): Promise<void>;
}

/** dovecot + SMTP sink + an app on `backend` configured for them, with two users and some subcontractors. */
export async function makeWorld(env: Record<string, string | undefined> = {}, backend: 'sqlite' | 'postgres' = 'sqlite'): Promise<World> {
  const dovecot = await startDovecot({ [MAILBOX_USER]: MAILBOX_PASSWORD });
  const smtp = await startSmtpSink();
  const t = await openTestApp(backend, {
    IMAP_HOST: dovecot.host,
    IMAP_PORT: String(dovecot.port),
    IMAP_USER: MAILBOX_USER,
    IMAP_PASSWORD: MAILBOX_PASSWORD,
    IMAP_TLS: 'false',
    IMAP_MAILBOX: 'INBOX',
    IMAP_DONE_MAILBOX: 'Processed',
    SMTP_URL: smtp.url,
    REDBUTTON_MAIL_FROM: `Red Button <${INBOUND}>`,
    REDBUTTON_INBOUND_ADDRESS: INBOUND,
    EMAIL_TRUSTED_AUTHSERV_ID: TRUSTED,
    PUBLIC_URL: 'https://redbutton.test',
    ...env,
  });
  const estimator = await t.app.repos.users.create('est@gc.test', 'password123');
  const other = await t.app.repos.users.create('rival@othergc.test', 'password123');
  await t.app.addressBook.add(estimator.userId, { name: 'Blaze Sprinklers', email: 'bids@blaze.test', trades: '21', zipCode: '47907' });
  await t.app.addressBook.add(estimator.userId, { name: 'Aqua Fire Protection', email: 'estimating@aquafire.test', trades: '21', zipCode: '47906' });
  await t.app.addressBook.add(estimator.userId, { name: 'Volt Electric', email: 'bids@volt.test', trades: '26', zipCode: '47906' });
  const world: World = {
    dovecot,
    smtp,
    t,
    estimator,
    other,
    async start(opts = {}) {
      await world.channel?.stop();
      world.channel = await startEmailChannel(t.app, { schedule: false, idle: false, pollAtStart: false, ...opts });
      return world.channel;
    },
    async close() {
      await world.channel?.stop();
      await t.cleanup();
      await smtp.close();
      await dovecot.stop();
    },
  };
  return world;
}

export interface MailSpec extends Mail.Options {
  /** Headers put above everything (what the receiving server stamps), top first. */
  stamped?: string[];
}

/** A raw RFC 5322 message, as a mail client would send it, with server headers on top. */
export async function buildMail(spec: MailSpec): Promise<Buffer> {
  const { stamped = [], ...mail } = spec;
  const raw = await new MailComposer(mail).compile().build();
  return Buffer.concat([Buffer.from(stamped.map((h) => `${h}\r\n`).join('')), raw]);
}

/** What the trusted server adds to mail from a domain that passes DMARC. */
export const passing = (domain: string) => [
  `Authentication-Results: ${TRUSTED}; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain}; dmarc=pass (p=reject) header.from=${domain}`,
  `Received: from mail.${domain} (mail.${domain} [192.0.2.10]) by ${TRUSTED} with ESMTPS; Mon, 23 Nov 2026 10:00:00 +0000`,
];

export const specPdf = () => readFileSync(SPEC_PDF);

/**
 * A small real PDF with a text layer (fast to read): an electrical spec section. Its page carries
 * more than the reader's SPARSE_CHARS of text, so pdftotext's text stands and no pdf.js worker is
 * started to read it again (that second read was ~2–3 s of each e-mail test's job on a loaded machine).
 */
export async function smallPdf(title = 'SECTION 26 05 19 - LOW-VOLTAGE ELECTRICAL POWER CONDUCTORS AND CABLES'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  const lines = [
    title,
    'PART 1 - GENERAL',
    '1.1 SUMMARY',
    'A. Section includes building wire and cable, connectors, splices and terminations.',
    'DIVISION 26 - ELECTRICAL',
    // Words of no trade, so the titles other tests give it keep deciding what it is.
    'Issued for bid on the date shown on the cover; questions go to the architect in writing.',
  ];
  lines.forEach((l, i) => page.drawText(l, { x: 50, y: 740 - i * 20, size: 11, font }));
  return Buffer.from(await doc.save());
}

/** A job of the estimator's, started from the CLI (no thread of its own), run through the pipeline. */
export async function cliJob(w: World): Promise<JobRow> {
  const dir = mkdtempSync(join(tmpdir(), 'rb-pdf-'));
  try {
    writeFileSync(join(dir, 'e.pdf'), await smallPdf());
    const created = await w.t.app.intake.submitPdf({ userId: w.estimator.userId, sourcePath: join(dir, 'e.pdf'), fileName: 'electrical.pdf', origin: 'cli', zipCode: '47906' });
    return (await w.t.app.runner.runJob(created.jobId))!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The reply key address in a captured reply's Reply-To. */
export function replyToOf(m: CapturedMail): string {
  const v = m.parsed.replyTo?.value[0]?.address;
  if (!v) throw new Error(`no Reply-To in "${m.parsed.subject}"`);
  return v;
}

export const sentTo = (address: string) => (m: CapturedMail) => m.envelope.to.some((t) => t.toLowerCase() === address.toLowerCase());

/** Poll `check` until it returns a value (bounded). */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Message counts in the mailbox folders. */
export async function folderCounts(w: World): Promise<{ inbox: number; processed: number }> {
  const c = await w.dovecot.client(MAILBOX_USER, MAILBOX_PASSWORD);
  try {
    const inbox = await c.status('INBOX', { messages: true });
    const list = await c.list();
    const processed = list.some((m) => m.path === 'Processed') ? await c.status('Processed', { messages: true }) : false;
    return { inbox: (inbox && inbox.messages) || 0, processed: (processed && processed.messages) || 0 };
  } finally {
    await c.logout();
  }
}
