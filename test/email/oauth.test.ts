import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotAvailable, startDovecot, type DovecotServer } from '../helpers/dovecot.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { MICROSOFT_SCOPE, startFakeOAuth, type FakeOAuth } from '../helpers/fake-oauth.js';
import { loadConfig, type Config } from '../../src/config.js';
import { runMailCheck } from '../../src/cli/commands/mail.js';
import { connectImap } from '../../src/channels/email/mailbox.js';
import { ChannelMailer } from '../../src/channels/email/mailer.js';
import { eventually } from './setup.js';
import { paragraphs } from '../../src/channels/email/render.js';
import { isAppError } from '../../src/core/errors.js';
import { OAuthTokenSource } from '../../src/core/mailauth/oauth-token.js';
import { smtpConnectionOptions } from '../../src/core/mailauth/smtp-options.js';
import nodemailer from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool/index.js';

/**
 * IMAP and SMTP signed in with OAuth 2.0 the way Microsoft 365 and Gmail want it: a token from
 * a token endpoint (client credentials / refresh token), XOAUTH2 to dovecot (its oauth2 passdb
 * asks the provider's introspection endpoint) and to an SMTP server that checks the token.
 */
describe.skipIf(!dovecotAvailable())('mail with OAuth 2.0 (XOAUTH2)', () => {
  let idp: FakeOAuth;
  let dovecot: DovecotServer;
  let smtp: SmtpSink;
  const MS = { clientId: 'app-1111', clientSecret: 'ms-secret-value-1', tenant: 'tenant-aaaa', mailbox: 'plans@gc-tenant.test' };
  const GOOGLE = { clientId: 'goog-2222.apps.test', clientSecret: 'goog-secret-2', refreshToken: '1//refresh-abc', mailbox: 'plans@gc-gmail.test' };

  beforeAll(async () => {
    idp = await startFakeOAuth([MS, GOOGLE]);
    // Microsoft 365 advertises only XOAUTH2: so does this server.
    dovecot = await startDovecot({}, { oauth2: { introspectionUrl: idp.introspectionUrl, mechanisms: ['xoauth2'] } });
    smtp = await startSmtpSink({ xoauth2: (user, token) => idp.mailboxOf(token) === user });
  });
  afterAll(async () => {
    await smtp?.close();
    await dovecot?.stop();
    await idp?.close();
  });

  const microsoftEnv = (over: Record<string, string> = {}) => ({
    REDBUTTON_DATA_DIR: '/tmp/unused',
    IMAP_HOST: dovecot.host,
    IMAP_PORT: String(dovecot.port),
    IMAP_USER: MS.mailbox,
    IMAP_TLS: 'false',
    IMAP_DONE_MAILBOX: 'Processed',
    SMTP_URL: smtp.url,
    REDBUTTON_MAIL_FROM: `Red Button <${MS.mailbox}>`,
    REDBUTTON_INBOUND_ADDRESS: MS.mailbox,
    EMAIL_TRUSTED_AUTHSERV_ID: 'mx.rb.test',
    MAIL_OAUTH_PROVIDER: 'microsoft',
    MAIL_OAUTH_TENANT_ID: MS.tenant,
    MAIL_OAUTH_CLIENT_ID: MS.clientId,
    MAIL_OAUTH_CLIENT_SECRET: MS.clientSecret,
    MAIL_OAUTH_TOKEN_URL: idp.microsoftTokenUrl(MS.tenant),
    ...over,
  });
  const googleEnv = (over: Record<string, string> = {}) => ({
    ...microsoftEnv(),
    IMAP_USER: GOOGLE.mailbox,
    REDBUTTON_MAIL_FROM: `Red Button <${GOOGLE.mailbox}>`,
    REDBUTTON_INBOUND_ADDRESS: GOOGLE.mailbox,
    MAIL_OAUTH_PROVIDER: 'google',
    MAIL_OAUTH_TENANT_ID: '',
    MAIL_OAUTH_CLIENT_ID: GOOGLE.clientId,
    MAIL_OAUTH_CLIENT_SECRET: GOOGLE.clientSecret,
    MAIL_OAUTH_REFRESH_TOKEN: GOOGLE.refreshToken,
    MAIL_OAUTH_TOKEN_URL: idp.googleTokenUrl,
    ...over,
  });

  /** dovecot's own record of a sign-in (its log process writes it a moment after the login). */
  const loggedIn = (server: DovecotServer, user: string, method: string) =>
    eventually(() => readFileSync(join(server.dir, 'dovecot.log'), 'utf8').includes(`Login: user=<${user}>, method=${method}`), `dovecot log: ${user} by ${method}`, 10_000);

  /** One reply through the channel's mailer (nodemailer, OAuth2 login). */
  const sendReply = async (config: Config, to: string) => {
    const mailer = new ChannelMailer(config);
    try {
      await mailer.send({ to, subject: 'Re: plans', body: paragraphs(['Got it.']) });
    } finally {
      mailer.close();
    }
  };

  it('Microsoft 365: client-credentials token, IMAP XOAUTH2 sign-in and SMTP XOAUTH2 send', async () => {
    const config = loadConfig(microsoftEnv());
    const before = idp.requests.length;
    const client = await connectImap(config);
    try {
      await client.mailboxOpen('INBOX');
      // dovecot's own record of the sign-in: the mailbox, by XOAUTH2
      await loggedIn(dovecot, MS.mailbox, 'XOAUTH2');
    } finally {
      await client.logout();
    }
    await sendReply(config, 'est@gc.test');
    expect(smtp.to('est@gc.test')).toHaveLength(1);
    // one token for both (cached), asked for the way Entra ID wants it
    const asked = idp.requests.slice(before);
    expect(asked).toEqual([{ path: `/${MS.tenant}/oauth2/v2.0/token`, grantType: 'client_credentials', clientId: MS.clientId, scope: MICROSOFT_SCOPE }]);
  });

  it('a pooled transport (as the outreach sender builds it) signs in with XOAUTH2 too', async () => {
    const pool = nodemailer.createTransport(new SMTPPool({ ...smtpConnectionOptions(loadConfig(microsoftEnv())), pool: true, maxConnections: 2 }));
    try {
      await Promise.all(['a', 'b', 'c'].map((x) => pool.sendMail({ from: MS.mailbox, to: `pool-${x}@gc.test`, subject: 'Bid invitation', text: 'x' })));
    } finally {
      pool.close();
    }
    expect(smtp.messages.filter((m) => m.envelope.to[0]!.startsWith('pool-'))).toHaveLength(3);
  });

  it('a token the servers stop accepting is renewed from the token endpoint (IMAP and SMTP)', async () => {
    const config = loadConfig(microsoftEnv());
    (await connectImap(config)).close();
    const before = idp.requests.length;
    idp.revokeAll();
    const client = await connectImap(config);
    await client.logout();
    expect(idp.requests.length).toBe(before + 1);
    idp.revokeAll();
    await sendReply(config, 'renewed@gc.test');
    expect(smtp.to('renewed@gc.test')).toHaveLength(1);
    expect(idp.requests.length).toBe(before + 2);
  });

  it('Gmail: refresh-token flow; mail check passes for both providers', async () => {
    for (const env of [microsoftEnv(), googleEnv()]) {
      const checks = await runMailCheck(loadConfig(env));
      expect(checks.filter((c) => !c.ok)).toEqual([]);
      expect(checks.find((c) => c.name === 'OAuth token')?.detail).toMatch(/access token issued/);
      expect(checks.find((c) => c.name === 'IMAP login')?.detail).toMatch(/with OAuth \(XOAUTH2\)/);
      expect(checks.find((c) => c.name === 'SMTP')?.detail).toMatch(/OAuth \(XOAUTH2\) login of plans@/);
    }
    expect(idp.requests.at(-1)).toMatchObject({ path: '/token', grantType: 'refresh_token', clientId: GOOGLE.clientId });
  });

  it('a server that also offers OAUTHBEARER (as Gmail does) is signed in with it', async () => {
    const gmailLike = await startDovecot({}, { oauth2: { introspectionUrl: idp.introspectionUrl } });
    try {
      const client = await connectImap(loadConfig(googleEnv({ IMAP_PORT: String(gmailLike.port) })));
      await client.logout();
      await loggedIn(gmailLike, GOOGLE.mailbox, 'OAUTHBEARER');
    } finally {
      await gmailLike.stop();
    }
  });

  it('mail check says exactly what is wrong with the token, and never shows a secret', async () => {
    const check = async (env: Record<string, string>) => {
      const checks = await runMailCheck(loadConfig(env));
      const token = checks.find((c) => c.name === 'OAuth token')!;
      for (const c of checks) expect(c.detail).not.toContain(env.MAIL_OAUTH_CLIENT_SECRET);
      return { token, checks };
    };
    const secret = await check(microsoftEnv({ MAIL_OAUTH_CLIENT_SECRET: 'wrong-secret-value' }));
    expect(secret.token).toMatchObject({ ok: false, detail: expect.stringMatching(/invalid_client: AADSTS7000215.*MAIL_OAUTH_CLIENT_SECRET is wrong or expired/) });
    // without a token the logins are not tried (no misleading second error)
    expect(secret.checks.find((c) => c.name === 'IMAP login')).toBeUndefined();
    const tenant = await check(microsoftEnv({ MAIL_OAUTH_TOKEN_URL: idp.microsoftTokenUrl('no-such-tenant') }));
    expect(tenant.token.detail).toMatch(/AADSTS90002.*MAIL_OAUTH_TENANT_ID is wrong/);
    const client = await check(microsoftEnv({ MAIL_OAUTH_CLIENT_ID: 'app-9999' }));
    expect(client.token.detail).toMatch(/AADSTS700016.*MAIL_OAUTH_CLIENT_ID is wrong/);
    const scope = await check(microsoftEnv({ MAIL_OAUTH_SCOPE: 'https://graph.microsoft.com/.default' }));
    expect(scope.token.detail).toMatch(/invalid_scope.*MAIL_OAUTH_SCOPE must be https:\/\/outlook\.office365\.com\/\.default/);
    const revoked = await check(googleEnv({ MAIL_OAUTH_REFRESH_TOKEN: '1//revoked' }));
    expect(revoked.token.detail).toMatch(/invalid_grant: Token has been expired or revoked\..*MAIL_OAUTH_REFRESH_TOKEN is expired or revoked/);
    const closedPort = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as AddressInfo).port;
        srv.close(() => resolve(port));
      });
    });
    const unreachable = await check(microsoftEnv({ MAIL_OAUTH_TOKEN_URL: `http://127.0.0.1:${closedPort}/t/oauth2/v2.0/token` }));
    expect(unreachable.token.detail).toMatch(/Could not reach the OAuth token endpoint http:\/\/127\.0\.0\.1:\d+\/.*ECONNREFUSED/);
    // a token for another mailbox: issued, but the IMAP and SMTP servers refuse it
    const other = await check(microsoftEnv({ IMAP_USER: 'someone-else@gc-tenant.test' }));
    expect(other.token.ok).toBe(true);
    expect(other.checks.find((c) => c.name === 'IMAP login')).toMatchObject({ ok: false, detail: expect.stringMatching(/refused the OAuth access token \(XOAUTH2\) for someone-else@gc-tenant\.test.*Add-MailboxPermission/) });
    expect(other.checks.find((c) => c.name === 'SMTP')).toMatchObject({ ok: false, detail: expect.stringMatching(/SMTP at 127\.0\.0\.1:\d+ refused the OAuth access token.*SMTP\.SendAsApp/) });
  });

  it('configuration: a provider without its settings is refused, naming the variables', () => {
    let caught: unknown;
    try {
      loadConfig({ REDBUTTON_DATA_DIR: '/tmp/unused', MAIL_OAUTH_PROVIDER: 'google', MAIL_OAUTH_CLIENT_ID: 'x' });
    } catch (e) {
      caught = e;
    }
    expect(isAppError(caught) && caught.code).toBe('CONFIG_INVALID');
    expect((caught as Error).message).toMatch(/MAIL_OAUTH_PROVIDER=google needs MAIL_OAUTH_CLIENT_SECRET, MAIL_OAUTH_REFRESH_TOKEN/);
    expect(() => loadConfig({ REDBUTTON_DATA_DIR: '/tmp/unused', MAIL_OAUTH_PROVIDER: 'yahoo' })).toThrow(/MAIL_OAUTH_PROVIDER/);
    // the client secret is never sent in clear text over the network
    expect(() => loadConfig({ REDBUTTON_DATA_DIR: '/tmp/unused', MAIL_OAUTH_TOKEN_URL: 'http://login.example.test/token' })).toThrow(/MAIL_OAUTH_TOKEN_URL: must be an https:\/\/ URL/);
    const ok: Config = loadConfig({ REDBUTTON_DATA_DIR: '/tmp/unused', MAIL_OAUTH_PROVIDER: 'microsoft', MAIL_OAUTH_TENANT_ID: 't', MAIL_OAUTH_CLIENT_ID: 'c', MAIL_OAUTH_CLIENT_SECRET: 's' });
    expect(ok.MAIL_OAUTH_PROVIDER).toBe('microsoft');
  });
});

describe('OAuth token source', () => {
  it('caches a token, renews it five minutes before it expires, and asks once for concurrent callers', async () => {
    const idp = await startFakeOAuth([{ clientId: 'c1', clientSecret: 's1', refreshToken: 'r1', mailbox: 'm@g.test' }], { expiresIn: 3600 });
    try {
      let now = 1_000_000;
      const tokens = new OAuthTokenSource(
        { MAIL_OAUTH_PROVIDER: 'google', MAIL_OAUTH_CLIENT_ID: 'c1', MAIL_OAUTH_CLIENT_SECRET: 's1', MAIL_OAUTH_REFRESH_TOKEN: 'r1', MAIL_OAUTH_TOKEN_URL: idp.googleTokenUrl, MAIL_OAUTH_TENANT_ID: undefined, MAIL_OAUTH_SCOPE: undefined },
        () => now,
      );
      const [a, b] = await Promise.all([tokens.get(), tokens.get()]);
      expect(a.token).toBe(b.token);
      expect(idp.requests).toHaveLength(1);
      expect(a.expiresAt).toBe(now + 3600_000);
      now += 54 * 60_000; // 6 minutes left: still used
      expect((await tokens.get()).token).toBe(a.token);
      now += 2 * 60_000; // 4 minutes left: renewed
      const c = await tokens.get();
      expect(c.token).not.toBe(a.token);
      expect(idp.requests).toHaveLength(2);
      expect(idp.mailboxOf(c.token)).toBe('m@g.test');
    } finally {
      await idp.close();
    }
  });
});
