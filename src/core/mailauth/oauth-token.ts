import type { Config } from '../../config.js';
import { AppError } from '../errors.js';

/**
 * OAuth 2.0 access tokens for the mailbox (IMAP) and SMTP of Microsoft 365 or Gmail.
 *
 * - Microsoft 365: the client-credentials grant of an app registration (MAIL_OAUTH_TENANT_ID,
 *   MAIL_OAUTH_CLIENT_ID, MAIL_OAUTH_CLIENT_SECRET), scope https://outlook.office365.com/.default.
 * - Google: a refresh token granted once for https://mail.google.com/ (MAIL_OAUTH_CLIENT_ID,
 *   MAIL_OAUTH_CLIENT_SECRET, MAIL_OAUTH_REFRESH_TOKEN).
 *
 * Why hand-written: both are one form POST to a token endpoint (RFC 6749 §4.4 and §6) with a
 * JSON answer; @azure/msal-node and google-auth-library would add two large SDKs for that.
 * Tokens are cached until shortly before they expire, refreshed on demand (`renew`, after a
 * server refused one), and never logged or put into an error message.
 */
export type MailOAuthSettings = Pick<
  Config,
  'MAIL_OAUTH_PROVIDER' | 'MAIL_OAUTH_TENANT_ID' | 'MAIL_OAUTH_CLIENT_ID' | 'MAIL_OAUTH_CLIENT_SECRET' | 'MAIL_OAUTH_REFRESH_TOKEN' | 'MAIL_OAUTH_TOKEN_URL' | 'MAIL_OAUTH_SCOPE'
>;

export const MICROSOFT_MAIL_SCOPE = 'https://outlook.office365.com/.default';
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const microsoftTokenUrl = (tenant: string) => `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;

/** Renew this long before the token's own expiry, so a connection never starts with a dying token. */
const EARLY_RENEWAL_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 20_000;

export interface AccessToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** What the token endpoint said, for `mail check` (never a secret). */
export interface TokenEndpointError {
  status?: number;
  error?: string;
  description?: string;
}

/** Which variables each provider needs; empty when the settings are complete. */
export function missingOAuthSettings(s: MailOAuthSettings): string[] {
  if (!s.MAIL_OAUTH_PROVIDER) return [];
  const need: (keyof MailOAuthSettings)[] = ['MAIL_OAUTH_CLIENT_ID', 'MAIL_OAUTH_CLIENT_SECRET'];
  if (s.MAIL_OAUTH_PROVIDER === 'microsoft' && !s.MAIL_OAUTH_TOKEN_URL) need.push('MAIL_OAUTH_TENANT_ID');
  if (s.MAIL_OAUTH_PROVIDER === 'google') need.push('MAIL_OAUTH_REFRESH_TOKEN');
  return need.filter((k) => !s[k]);
}

export class OAuthTokenSource {
  private cached: AccessToken | undefined;
  private inflight: Promise<AccessToken> | undefined;
  readonly tokenUrl: string;
  readonly provider: 'microsoft' | 'google';

  constructor(
    private readonly s: MailOAuthSettings,
    private readonly clock: () => number = Date.now,
  ) {
    if (!s.MAIL_OAUTH_PROVIDER) throw new AppError('MAIL_CONFIG', 'MAIL_OAUTH_PROVIDER is not set');
    const missing = missingOAuthSettings(s);
    if (missing.length) {
      throw new AppError('MAIL_CONFIG', `OAuth settings missing: ${missing.join(', ')}`, {
        userMessage: `MAIL_OAUTH_PROVIDER=${s.MAIL_OAUTH_PROVIDER} also needs ${missing.join(', ')} (see docs/email.md).`,
      });
    }
    this.provider = s.MAIL_OAUTH_PROVIDER;
    this.tokenUrl = s.MAIL_OAUTH_TOKEN_URL ?? (this.provider === 'microsoft' ? microsoftTokenUrl(s.MAIL_OAUTH_TENANT_ID!) : GOOGLE_TOKEN_URL);
  }

  /** How tokens are obtained, for messages (no secrets). */
  describe(): string {
    return this.provider === 'microsoft' ? `Microsoft client credentials (client ${this.s.MAIL_OAUTH_CLIENT_ID}) at ${this.tokenUrl}` : `Google refresh token (client ${this.s.MAIL_OAUTH_CLIENT_ID}) at ${this.tokenUrl}`;
  }

  /** A valid access token; `renew` asks for a new one even if the cached one has not expired. */
  async get(renew = false): Promise<AccessToken> {
    if (renew) this.cached = undefined;
    if (this.cached && this.cached.expiresAt - EARLY_RENEWAL_MS > this.clock()) return this.cached;
    // One request at a time: IMAP and SMTP asking together share it.
    this.inflight ??= this.request().finally(() => (this.inflight = undefined));
    this.cached = await this.inflight;
    return this.cached;
  }

  /** Forget the cached token (a server refused it). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async request(): Promise<AccessToken> {
    const form = new URLSearchParams({ client_id: this.s.MAIL_OAUTH_CLIENT_ID!, client_secret: this.s.MAIL_OAUTH_CLIENT_SECRET! });
    if (this.provider === 'microsoft') {
      form.set('grant_type', 'client_credentials');
      form.set('scope', this.s.MAIL_OAUTH_SCOPE ?? MICROSOFT_MAIL_SCOPE);
    } else {
      form.set('grant_type', 'refresh_token');
      form.set('refresh_token', this.s.MAIL_OAUTH_REFRESH_TOKEN!);
      if (this.s.MAIL_OAUTH_SCOPE) form.set('scope', this.s.MAIL_OAUTH_SCOPE);
    }
    let res: Response;
    try {
      res = await fetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (e) {
      const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (e as Error).message;
      throw new AppError('MAIL_CONFIG', `OAuth token endpoint ${this.tokenUrl} not reachable: ${why}`, {
        cause: e,
        details: { tokenEndpoint: { error: 'unreachable', description: why } satisfies TokenEndpointError },
        userMessage: `Could not reach the OAuth token endpoint ${this.tokenUrl} (${why}). Check the network, and MAIL_OAUTH_TOKEN_URL or MAIL_OAUTH_TENANT_ID.`,
      });
    }
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch (_e) {
      // not JSON: reported below with the status
    }
    const accessToken = typeof body.access_token === 'string' ? body.access_token : undefined;
    if (!res.ok || !accessToken) {
      const info: TokenEndpointError = {
        status: res.status,
        error: typeof body.error === 'string' ? body.error : undefined,
        description: typeof body.error_description === 'string' ? body.error_description.split(/\r?\n/)[0] : undefined,
      };
      throw new AppError('MAIL_CONFIG', `OAuth token request refused (${res.status}${info.error ? ` ${info.error}` : ''})`, {
        details: { tokenEndpoint: info },
        userMessage: explainTokenError(this.provider, info),
      });
    }
    const expiresIn = Number(body.expires_in);
    return { token: accessToken, expiresAt: this.clock() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000 };
  }
}

/** What an admin should change, from the token endpoint's error (RFC 6749 §5.2 codes, Entra AADSTS codes). */
export function explainTokenError(provider: 'microsoft' | 'google', e: TokenEndpointError): string {
  const said = `${e.error ?? `HTTP ${e.status ?? '?'}`}${e.description ? `: ${e.description}` : ''}`;
  const d = e.description ?? '';
  let fix: string;
  if (/AADSTS90002|AADSTS900023|tenant/i.test(d) && provider === 'microsoft') fix = 'MAIL_OAUTH_TENANT_ID is wrong: use the Directory (tenant) ID of the app registration.';
  else if (/AADSTS700016/.test(d) || (e.error === 'invalid_client' && /not found|client_id/i.test(d))) fix = 'MAIL_OAUTH_CLIENT_ID is wrong: use the Application (client) ID.';
  else if (e.error === 'invalid_client' || /AADSTS7000215|AADSTS7000222/.test(d)) fix = provider === 'microsoft' ? 'MAIL_OAUTH_CLIENT_SECRET is wrong or expired: create a new client secret and use its Value (not its Secret ID).' : 'MAIL_OAUTH_CLIENT_ID / MAIL_OAUTH_CLIENT_SECRET are wrong: copy them from the OAuth client in Google Cloud.';
  else if (e.error === 'invalid_grant') fix = provider === 'google' ? 'MAIL_OAUTH_REFRESH_TOKEN is expired or revoked (or belongs to another client): grant access again and store the new refresh token.' : 'the grant was refused: check the app registration.';
  else if (e.error === 'invalid_scope' || /AADSTS70011/.test(d)) fix = provider === 'microsoft' ? `MAIL_OAUTH_SCOPE must be ${MICROSOFT_MAIL_SCOPE} for client credentials.` : 'the refresh token was not granted the scope https://mail.google.com/.';
  else if (e.error === 'unauthorized_client') fix = 'the app is not allowed this grant type: check the app registration / OAuth client type.';
  else fix = 'check the MAIL_OAUTH_* settings (docs/email.md).';
  return `The OAuth token endpoint refused the request (${said}). ${fix}`;
}

const sources = new WeakMap<object, OAuthTokenSource>();

/** The token source for these settings (one per configuration, so IMAP and SMTP share tokens); undefined without OAuth. */
export function oauthTokenSource(s: MailOAuthSettings): OAuthTokenSource | undefined {
  if (!s.MAIL_OAUTH_PROVIDER) return undefined;
  let src = sources.get(s);
  if (!src) {
    src = new OAuthTokenSource(s);
    sources.set(s, src);
  }
  return src;
}
