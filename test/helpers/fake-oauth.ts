import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

/**
 * The identity provider side of OAuth 2.0 for tests, on 127.0.0.1, speaking the real wire
 * formats: Microsoft Entra's v2.0 token endpoint (client credentials, `/{tenant}/oauth2/v2.0/token`)
 * and Google's (refresh token, `/token`) — form POST in, JSON `access_token`/`expires_in` or
 * `error`/`error_description` out — plus an RFC 7662 introspection endpoint (`/introspect`,
 * form `token=…` → `{active, username}`) that dovecot's oauth2 passdb and the SMTP test server
 * ask whether a token is valid and whose mailbox it opens.
 */
export interface FakeClient {
  clientId: string;
  clientSecret: string;
  /** Microsoft: the tenant the app is registered in. */
  tenant?: string;
  /** Google: the refresh token granted for this client. */
  refreshToken?: string;
  /** The mailbox a token of this client may open. */
  mailbox: string;
}

export interface TokenRequestSeen {
  path: string;
  grantType: string | null;
  clientId: string | null;
  scope: string | null;
}

export interface FakeOAuth {
  url: string;
  microsoftTokenUrl(tenant: string): string;
  googleTokenUrl: string;
  introspectionUrl: string;
  /** Token requests received (no secrets kept). */
  requests: TokenRequestSeen[];
  /** The mailbox a live token opens, or undefined. */
  mailboxOf(token: string): string | undefined;
  /** Tokens issued and still valid. */
  liveTokens(): string[];
  /** Make every issued token invalid (as a revocation or early expiry would). */
  revokeAll(): void;
  close(): Promise<void>;
}

export const MICROSOFT_SCOPE = 'https://outlook.office365.com/.default';

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startFakeOAuth(clients: FakeClient[], opts: { expiresIn?: number } = {}): Promise<FakeOAuth> {
  const live = new Map<string, string>();
  const requests: TokenRequestSeen[] = [];
  const issue = (mailbox: string) => {
    const token = `tok-${randomBytes(18).toString('base64url')}`;
    live.set(token, mailbox);
    return { token_type: 'Bearer', expires_in: opts.expiresIn ?? 3599, ext_expires_in: opts.expiresIn ?? 3599, access_token: token };
  };
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method !== 'POST') return send(405, { error: 'invalid_request', error_description: 'POST only' });
    void readForm(req).then((form) => {
      if (path === '/introspect') {
        const mailbox = live.get(form.get('token') ?? '');
        return send(200, mailbox ? { active: true, username: mailbox, scope: 'mail' } : { active: false });
      }
      requests.push({ path, grantType: form.get('grant_type'), clientId: form.get('client_id'), scope: form.get('scope') });
      const ms = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
      if (ms) {
        const tenant = decodeURIComponent(ms[1]!);
        if (!clients.some((c) => c.tenant === tenant)) return send(400, { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.\r\nTrace ID: 0` });
        if (form.get('grant_type') !== 'client_credentials') return send(400, { error: 'unsupported_grant_type', error_description: 'AADSTS70003: The app requested an unsupported grant type.' });
        const client = clients.find((c) => c.tenant === tenant && c.clientId === form.get('client_id'));
        if (!client) return send(400, { error: 'unauthorized_client', error_description: `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory.` });
        if (client.clientSecret !== form.get('client_secret')) return send(401, { error: 'invalid_client', error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.` });
        if (form.get('scope') !== MICROSOFT_SCOPE) return send(400, { error: 'invalid_scope', error_description: `AADSTS70011: The provided request must include a 'scope' input parameter.` });
        return send(200, issue(client.mailbox));
      }
      if (path === '/token') {
        const client = clients.find((c) => c.refreshToken && c.clientId === form.get('client_id'));
        if (!client || client.clientSecret !== form.get('client_secret')) return send(401, { error: 'invalid_client', error_description: 'Unauthorized' });
        if (form.get('grant_type') !== 'refresh_token') return send(400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' + form.get('grant_type') });
        if (client.refreshToken !== form.get('refresh_token')) return send(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
        const body = issue(client.mailbox);
        return send(200, { ...body, scope: 'https://mail.google.com/' });
      }
      return send(404, { error: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    url,
    microsoftTokenUrl: (tenant) => `${url}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`,
    googleTokenUrl: `${url}/token`,
    introspectionUrl: `${url}/introspect`,
    requests,
    mailboxOf: (token) => live.get(token),
    liveTokens: () => [...live.keys()],
    revokeAll: () => live.clear(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
