import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { Transporter } from 'nodemailer';
import { loadConfig, type Config } from '../../config.js';
import type { ImapFlow } from 'imapflow';
import { AppError, isAppError } from '../../core/errors.js';
import { missingOAuthSettings, oauthTokenSource, type MailOAuthSettings } from '../../core/mailauth/oauth-token.js';
import { parseMailFrom } from '../../core/outreach/mail-address.js';
import { splitAddress } from '../../channels/email/reply-key.js';
import type { CliContext, JsonOption } from '../context.js';

export interface MailCheck {
  name: string;
  ok: boolean;
  /** What was found, or what is wrong and what to do. */
  detail: string;
  /** A warning does not fail the check run. */
  warning?: boolean;
}

type Checked = Pick<
  Config,
  | 'IMAP_HOST'
  | 'IMAP_PORT'
  | 'IMAP_USER'
  | 'IMAP_PASSWORD'
  | 'IMAP_TLS'
  | 'IMAP_MAILBOX'
  | 'IMAP_DONE_MAILBOX'
  | 'IMAP_POLL_CRON'
  | 'REDBUTTON_INBOUND_ADDRESS'
  | 'EMAIL_TRUSTED_AUTHSERV_ID'
  | 'SMTP_URL'
  | 'REDBUTTON_MAIL_FROM'
> &
  MailOAuthSettings;

/** What to fix when a server refused a valid-looking access token, per provider. */
function oauthRefusal(provider: 'microsoft' | 'google' | undefined, what: 'IMAP' | 'SMTP', user: string): string {
  if (provider === 'microsoft') {
    return `Microsoft 365 must allow the app into ${user}: register its service principal in Exchange Online (New-ServicePrincipal) and grant it FullAccess to the mailbox (Add-MailboxPermission), give the app the ${what === 'IMAP' ? 'IMAP.AccessAsApp' : 'SMTP.SendAsApp'} permission with admin consent, and enable ${what === 'IMAP' ? 'IMAP' : 'authenticated SMTP'} for the mailbox — see docs/email.md.`;
  }
  return `Google must accept the token for ${user}: the refresh token must belong to this account and carry the scope https://mail.google.com/, and IMAP must be on for it — see docs/email.md.`;
}

/** Turn a network/IMAP/SMTP error into what to change. */
function explain(e: unknown, what: 'IMAP' | 'SMTP', host: string, port: number | string, tls: boolean, oauth?: { provider: 'microsoft' | 'google'; user: string }): string {
  const err = e as NodeJS.ErrnoException & { authenticationFailed?: boolean; responseCode?: number; response?: string; responseText?: string };
  const msg = err.message ?? String(e);
  if (isAppError(e)) return e.userMessage;
  if (err.authenticationFailed || err.responseCode === 535 || err.responseCode === 534 || /auth/i.test(err.code ?? '') || /AUTHENTICATIONFAILED|Invalid credentials|authentication failed/i.test(`${msg} ${err.responseText ?? ''} ${err.response ?? ''}`)) {
    if (oauth) return `${what} at ${host}:${port} refused the OAuth access token (XOAUTH2) for ${oauth.user}, although the token endpoint issued it. ${oauthRefusal(oauth.provider, what, oauth.user)}`;
    return `${what} login refused at ${host}:${port}. Check the user name and password. Gmail and Microsoft 365 need an app password (or OAuth), not your normal password — see docs/email.md.`;
  }
  if (err.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(msg)) return `nothing accepts ${what} connections at ${host}:${port}. Check the host and port${what === 'IMAP' ? ' (IMAP_HOST, IMAP_PORT: usually 993 with IMAP_TLS=true, 143 without)' : ' in SMTP_URL (465 for smtps://, 587 or 25 for smtp://)'}.`;
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(msg)) return `the host name ${host} does not resolve. Check ${what === 'IMAP' ? 'IMAP_HOST' : 'SMTP_URL'}.`;
  if (err.code === 'ETIMEDOUT' || /timed? ?out/i.test(msg)) return `no answer from ${host}:${port} (timeout). A firewall may block the port, or the host is wrong.`;
  if (/wrong version number|ssl|tls|certificate|EPROTO/i.test(`${msg} ${err.code ?? ''}`)) {
    return `TLS failed with ${host}:${port} (${msg}). ${what === 'IMAP' ? (tls ? 'This port may expect a cleartext connection: try IMAP_TLS=false, or port 993.' : 'This port may expect TLS: set IMAP_TLS=true.') : 'Use smtps:// for port 465 and smtp:// (STARTTLS) for 587.'}`;
  }
  return `${what} error at ${host}:${port}: ${msg}`;
}

/**
 * Check the e-mail settings: configuration present and well-formed, the IMAP login, the mailbox,
 * IDLE, where handled mail goes, the SMTP server; with `roundtrip`, send a message to a
 * plus-address of the inbound mailbox and wait for it to arrive (proves plus-addressing).
 */
export async function runMailCheck(config: Checked, opts: { roundtrip?: boolean; timeoutMs?: number } = {}): Promise<MailCheck[]> {
  // Loaded when the check runs, so the CLI (and --help) starts without imapflow and nodemailer.
  const [{ default: cron }, { connectImap, DONE_KEYWORD }, { createSmtpTransport, smtpConnectionOptions }] = await Promise.all([
    import('node-cron'),
    import('../../channels/email/mailbox.js'),
    import('../../core/mailauth/smtp-options.js'),
  ]);
  const out: MailCheck[] = [];
  const add = (name: string, ok: boolean, detail: string, warning = false) => out.push({ name, ok, detail, ...(warning ? { warning } : {}) });

  const oauthProvider = config.MAIL_OAUTH_PROVIDER;
  const required = ['IMAP_HOST', 'IMAP_USER', ...(oauthProvider ? [] : ['IMAP_PASSWORD'] as const), 'REDBUTTON_INBOUND_ADDRESS', 'SMTP_URL', 'REDBUTTON_MAIL_FROM'] as const;
  const missing = [...required.filter((k) => !config[k]), ...missingOAuthSettings(config)];
  add('settings', missing.length === 0, missing.length ? `not set: ${missing.join(', ')} (see docs/email.md)` : `all required variables are set${oauthProvider ? ` (OAuth: ${oauthProvider})` : ''}`);

  // OAuth: get a token first; without one, the IMAP and SMTP logins cannot be tried.
  let tokenOk = true;
  if (oauthProvider && missingOAuthSettings(config).length === 0) {
    const tokens = oauthTokenSource(config)!;
    try {
      const t = await tokens.get(true);
      add('OAuth token', true, `${tokens.describe()}: access token issued, valid ${Math.max(0, Math.round((t.expiresAt - Date.now()) / 60_000))} min`);
    } catch (e) {
      tokenOk = false;
      add('OAuth token', false, isAppError(e) ? e.userMessage : `token request failed: ${(e as Error).message}`);
    }
  }
  const oauth = oauthProvider && config.IMAP_USER ? { provider: oauthProvider, user: config.IMAP_USER } : undefined;
  add('poll schedule', cron.validate(config.IMAP_POLL_CRON), cron.validate(config.IMAP_POLL_CRON) ? `IMAP_POLL_CRON "${config.IMAP_POLL_CRON}"` : `IMAP_POLL_CRON "${config.IMAP_POLL_CRON}" is not a cron expression (e.g. "*/1 * * * *")`);
  const inbound = config.REDBUTTON_INBOUND_ADDRESS ? splitAddress(config.REDBUTTON_INBOUND_ADDRESS) : undefined;
  if (config.REDBUTTON_INBOUND_ADDRESS) {
    add('inbound address', Boolean(inbound) && !inbound!.local.includes('+'), inbound ? (inbound.local.includes('+') ? 'REDBUTTON_INBOUND_ADDRESS must be the plain address (no "+"): job keys are added after a "+"' : `replies go to ${inbound.local}+<job key>@${inbound.domain}`) : `"${config.REDBUTTON_INBOUND_ADDRESS}" is not an address`);
  }
  if (config.REDBUTTON_MAIL_FROM) {
    try {
      const from = parseMailFrom(config.REDBUTTON_MAIL_FROM);
      add('from address', true, from.header);
    } catch (e) {
      add('from address', false, (e as AppError).userMessage);
    }
  }
  add('sender authentication', true, config.EMAIL_TRUSTED_AUTHSERV_ID ? `only mail whose DMARC (or aligned DKIM/SPF) verdict from "${config.EMAIL_TRUSTED_AUTHSERV_ID}" passes — stamped above its own Received line — is acted on or answered` : 'EMAIL_TRUSTED_AUTHSERV_ID is not set: the From address alone identifies users, and senders who are not users never get a note (set it to your mail server\'s authserv-id to stop spoofed From addresses)', !config.EMAIL_TRUSTED_AUTHSERV_ID);

  let imapOk = false;
  if (config.IMAP_HOST && config.IMAP_USER && (config.IMAP_PASSWORD || oauthProvider) && tokenOk) {
    const port = config.IMAP_PORT ?? (config.IMAP_TLS ? 993 : 143);
    let client: ImapFlow | undefined;
    try {
      client = await connectImap(config, (c) => c.on('error', () => undefined));
      imapOk = true;
      add('IMAP login', true, `${config.IMAP_USER} at ${config.IMAP_HOST}:${port}${config.IMAP_TLS ? ' (TLS)' : ' (no TLS)'}${oauthProvider ? ` with OAuth (${client.capabilities.has('AUTH=OAUTHBEARER') ? 'OAUTHBEARER' : 'XOAUTH2'})` : ''}`);
      add('IMAP IDLE', true, client.capabilities.has('IDLE') ? 'supported: new mail is noticed within seconds' : 'not supported: mail is read on the poll schedule only', !client.capabilities.has('IDLE'));
      const boxes = await client.list();
      const box = boxes.find((b) => b.path === config.IMAP_MAILBOX);
      if (!box) {
        add('mailbox', false, `IMAP_MAILBOX "${config.IMAP_MAILBOX}" does not exist. Folders: ${boxes.map((b) => b.path).join(', ')}`);
      } else {
        const opened = await client.mailboxOpen(config.IMAP_MAILBOX, { readOnly: true });
        add('mailbox', true, `"${config.IMAP_MAILBOX}": ${opened.exists} message(s), UIDVALIDITY ${opened.uidValidity}`);
        if (config.IMAP_DONE_MAILBOX) {
          const exists = boxes.some((b) => b.path === config.IMAP_DONE_MAILBOX);
          add('done mailbox', true, exists ? `handled mail is moved to "${config.IMAP_DONE_MAILBOX}"` : `handled mail will be moved to "${config.IMAP_DONE_MAILBOX}" (created on first use)`);
        } else {
          const keywords = opened.permanentFlags?.has('\\*') ?? false;
          add('done marking', keywords, keywords ? `handled mail stays in "${config.IMAP_MAILBOX}", flagged \\Seen + ${DONE_KEYWORD}` : `the server does not allow custom keywords in "${config.IMAP_MAILBOX}": set IMAP_DONE_MAILBOX (e.g. "Processed") so handled mail is moved instead`);
        }
        await client.mailboxClose();
      }
      await client.logout();
    } catch (e) {
      add('IMAP login', false, explain(e, 'IMAP', config.IMAP_HOST, port, config.IMAP_TLS, oauth));
      client?.close();
    }
  }

  let transport: Transporter | undefined;
  if (config.SMTP_URL && tokenOk) {
    let host = '?';
    let port = '?';
    try {
      const u = new URL(config.SMTP_URL);
      host = u.hostname;
      port = u.port || (u.protocol === 'smtps:' ? '465' : '587');
      const connection = smtpConnectionOptions(config);
      transport = createSmtpTransport(config, { connectionTimeout: 15_000, greetingTimeout: 15_000 });
      await transport.verify();
      const login = connection.auth ? ` and the OAuth (XOAUTH2) login of ${connection.auth.user}` : u.username ? ` and the login of ${decodeURIComponent(u.username)}` : '';
      add('SMTP', true, `${host}:${port} accepts a connection${login}`);
    } catch (e) {
      const smtpUser = decodeURIComponent(URL.canParse(config.SMTP_URL) ? new URL(config.SMTP_URL).username : '') || config.IMAP_USER || '?';
      add('SMTP', false, e instanceof TypeError ? `SMTP_URL is not a URL (e.g. smtps://user:password@smtp.example.com:465)` : explain(e, 'SMTP', host, port, true, oauthProvider ? { provider: oauthProvider, user: smtpUser } : undefined));
      transport?.close();
      transport = undefined;
    }
  }

  if (opts.roundtrip && transport && imapOk && inbound && config.REDBUTTON_MAIL_FROM) {
    const token = randomBytes(6).toString('hex');
    const to = `${inbound.local}+check${token}@${inbound.domain}`;
    const subject = `Red Button mail check ${token}`;
    try {
      await transport.sendMail({ from: parseMailFrom(config.REDBUTTON_MAIL_FROM).header, to, subject, text: 'A test from `redbutton mail check --roundtrip`. It is deleted when found.', headers: { 'Auto-Submitted': 'auto-generated' } });
      const client = await connectImap(config, (c) => c.on('error', () => undefined));
      const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
      let found = false;
      try {
        while (!found && Date.now() < deadline) {
          const lock = await client.getMailboxLock(config.IMAP_MAILBOX);
          try {
            const uids = (await client.search({ subject }, { uid: true })) || [];
            if (uids.length) {
              found = true;
              await client.messageDelete(uids.join(','), { uid: true });
            }
          } finally {
            lock.release();
          }
          if (!found) await new Promise((r) => setTimeout(r, 2000));
        }
      } finally {
        await client.logout();
      }
      add('plus-addressing', found, found ? `a message to ${to} arrived in "${config.IMAP_MAILBOX}"` : `a message to ${to} did not arrive in "${config.IMAP_MAILBOX}" within ${Math.round((opts.timeoutMs ?? 60_000) / 1000)} s. Your provider may not deliver plus-addresses to this mailbox (see docs/email.md), or it was filtered as spam.`);
    } catch (e) {
      add('plus-addressing', false, `test message not sent: ${(e as Error).message}`);
    }
  }
  transport?.close();
  return out;
}

export function formatMailChecks(checks: MailCheck[]): string {
  return checks.map((c) => `${c.ok ? (c.warning ? '!' : '✔') : '✘'} ${c.name.padEnd(22)} ${c.detail}`).join('\n');
}

export function registerMailCommands(program: Command, ctx: CliContext): void {
  const mail = program.command('mail').description('the e-mail channel: check the mailbox (IMAP) and SMTP settings');
  mail
    .command('check')
    .description('test IMAP_* and SMTP_URL settings and say what is wrong')
    .option('--roundtrip', 'also send a test message to a plus-address of the inbound mailbox and wait for it')
    .option('--json', 'print JSON')
    .action(async (opts: JsonOption & { roundtrip?: boolean }) => {
      const checks = await runMailCheck(loadConfig(), { roundtrip: opts.roundtrip });
      if (opts.json) ctx.json(checks);
      else ctx.print(formatMailChecks(checks));
      const failed = checks.filter((c) => !c.ok);
      if (failed.length) {
        throw new AppError('MAIL_CONFIG', `mail check: ${failed.length} problem(s)`, {
          userMessage: `${failed.length} problem${failed.length === 1 ? '' : 's'} with the e-mail settings: ${failed.map((f) => f.name).join(', ')} (details above).`,
        });
      }
    });
}
