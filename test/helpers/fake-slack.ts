import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHmac } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import type { AddressInfo } from 'node:net';

/**
 * A Slack Web API stand-in on 127.0.0.1 (node:http): the app's WebClient points at it through
 * SLACK_API_URL (`<url>/api/`). It records every call and answers like Slack for the methods the
 * Slack channel uses, serves registered files at their url_private_download (bearer token
 * checked), and signs requests to the app like Slack does (v0 HMAC).
 */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
}

export interface FakeFile {
  id: string;
  name: string;
  title?: string;
  filetype: string;
  mimetype: string;
  bytes: Buffer;
  user: string;
  channel: string;
  /** ts of the message that shared it */
  shareTs: string;
  /** Serve without Content-Length (chunked), like a proxy that does not know the size. */
  chunked?: boolean;
}

export interface FakeUser {
  id: string;
  email?: string;
  name?: string;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  updates: number;
}

export interface FakeSlack {
  url: string;
  /** For SLACK_API_URL. */
  apiUrl: string;
  token: string;
  calls: RecordedCall[];
  files: Map<string, FakeFile>;
  users: Map<string, FakeUser>;
  messages: Map<string, PostedMessage>;
  downloads: { fileId: string; authorized: boolean }[];
  addFile(f: Omit<FakeFile, 'shareTs'> & { shareTs?: string }): FakeFile;
  addUser(u: FakeUser): void;
  callsTo(method: string): RecordedCall[];
  /** Make the next call to `method` fail with a Slack error. */
  failNext(method: string, error: string): void;
  close(): Promise<void>;
}

/**
 * `latencyMs`: answer each Web API call after this long (or after what the function says for the
 * method), as the real API takes a while and not always the same — widens races between callers.
 */
export async function startFakeSlack(opts: { token?: string; teamId?: string; latencyMs?: number | ((method: string) => number) } = {}): Promise<FakeSlack> {
  const token = opts.token ?? 'xoxb-test-token';
  const teamId = opts.teamId ?? 'T0TEST';
  const calls: RecordedCall[] = [];
  const files = new Map<string, FakeFile>();
  const users = new Map<string, FakeUser>();
  const messages = new Map<string, PostedMessage>();
  const downloads: { fileId: string; authorized: boolean }[] = [];
  const failures = new Map<string, string>();
  let seq = 1000;
  let viewSeq = 1;
  const nextTs = () => `1700000000.${String(++seq).padStart(6, '0')}`;
  let base = '';

  const fileJson = (f: FakeFile) => ({
    id: f.id,
    name: f.name,
    title: f.title ?? f.name,
    filetype: f.filetype,
    mimetype: f.mimetype,
    size: f.bytes.length,
    user: f.user,
    url_private: `${base}/files-pri/${teamId}-${f.id}/${encodeURIComponent(f.name)}`,
    url_private_download: `${base}/files-pri/${teamId}-${f.id}/download/${encodeURIComponent(f.name)}`,
    shares: { [f.channel.startsWith('D') ? 'private' : 'public']: { [f.channel]: [{ ts: f.shareTs, channel_name: 'plans' }] } },
  });

  const handlers: Record<string, (args: Record<string, unknown>) => Record<string, unknown>> = {
    'auth.test': () => ({ ok: true, url: 'https://test.slack.com/', team: 'Test', user: 'redbutton', team_id: teamId, user_id: 'UBOT', bot_id: 'BBOT' }),
    'chat.postMessage': (a) => {
      const ts = nextTs();
      const channel = String(a.channel);
      messages.set(`${channel}:${ts}`, { channel, ts, thread_ts: a.thread_ts as string | undefined, text: a.text as string, blocks: a.blocks as unknown[], updates: 0 });
      return { ok: true, channel, ts, message: { text: a.text, ts, blocks: a.blocks } };
    },
    'chat.update': (a) => {
      const key = `${String(a.channel)}:${String(a.ts)}`;
      const m = messages.get(key);
      if (!m) return { ok: false, error: 'message_not_found' };
      m.text = a.text as string;
      m.blocks = a.blocks as unknown[];
      m.updates += 1;
      return { ok: true, channel: a.channel, ts: a.ts, text: a.text };
    },
    'chat.postEphemeral': () => ({ ok: true, message_ts: nextTs() }),
    'chat.delete': (a) => ({ ok: true, channel: a.channel, ts: a.ts }),
    'views.open': (a) => ({ ok: true, view: { ...(a.view as object), id: `V${viewSeq++}`, hash: `h${viewSeq}` } }),
    'views.update': (a) => ({ ok: true, view: { ...(a.view as object), id: a.view_id ?? `V${viewSeq++}` } }),
    'views.push': (a) => ({ ok: true, view: { ...(a.view as object), id: `V${viewSeq++}` } }),
    'files.info': (a) => {
      const f = files.get(String(a.file));
      return f ? { ok: true, file: fileJson(f) } : { ok: false, error: 'file_not_found' };
    },
    'users.info': (a) => {
      const u = users.get(String(a.user));
      if (!u) return { ok: false, error: 'user_not_found' };
      return { ok: true, user: { id: u.id, team_id: teamId, name: u.name ?? u.id, profile: { real_name: u.name ?? u.id, ...(u.email ? { email: u.email } : {}) } } };
    },
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const auth = req.headers.authorization ?? null;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
    if (req.method === 'GET' && url.pathname.startsWith('/files-pri/')) {
      const id = decodeURIComponent(url.pathname.split('/')[2] ?? '').replace(`${teamId}-`, '');
      const f = files.get(id);
      const authorized = bearer === token;
      downloads.push({ fileId: id, authorized });
      if (!f || !authorized) {
        // Slack answers an unauthorized download with its login page, not an error status.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
        return;
      }
      res.writeHead(200, { 'content-type': f.mimetype, ...(f.chunked ? {} : { 'content-length': String(f.bytes.length) }) });
      if (f.chunked) {
        for (let i = 0; i < f.bytes.length; i += 1024) res.write(f.bytes.subarray(i, i + 1024));
        res.end();
      } else res.end(f.bytes);
      return;
    }
    const m = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (!m) {
      res.writeHead(404);
      res.end();
      return;
    }
    const method = m[1]!;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const ct = String(req.headers['content-type'] ?? '');
    let args: Record<string, unknown> = {};
    if (ct.includes('application/json')) args = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    else {
      const q = parseQuery(raw);
      for (const [k, v] of Object.entries(q)) {
        const s = Array.isArray(v) ? v[0]! : (v ?? '');
        // WebClient sends objects and arrays (blocks, view) as JSON text in the form.
        args[k] = /^[[{]/.test(s) ? safeJson(s) : s;
      }
    }
    const callToken = bearer ?? (typeof args.token === 'string' ? args.token : null);
    calls.push({ method, args, token: callToken });
    const latency = typeof opts.latencyMs === 'function' ? opts.latencyMs(method) : (opts.latencyMs ?? 0);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    let out: Record<string, unknown>;
    const fail = failures.get(method);
    if (callToken !== token) out = { ok: false, error: 'invalid_auth' };
    else if (fail) {
      failures.delete(method);
      out = { ok: false, error: fail };
    } else out = handlers[method]?.(args) ?? { ok: false, error: 'unknown_method' };
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(out));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    apiUrl: `${base}/api/`,
    token,
    calls,
    files,
    users,
    messages,
    downloads,
    addFile(f) {
      const file: FakeFile = { ...f, shareTs: f.shareTs ?? nextTs() };
      files.set(file.id, file);
      return file;
    },
    addUser(u) {
      users.set(u.id, u);
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    failNext(method, error) {
      failures.set(method, error);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch (_e) {
    // not JSON after all: keep the text
    return s;
  }
}

// ------------------------------------------------------------------ signed requests to the app

export interface SignedRequestOptions {
  secret: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  retryNum?: number;
  retryReason?: string;
  /** Override the signature (forgeries). */
  signature?: string;
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** POST a body to the app as Slack would: JSON for events, a form for commands and interactions. */
export async function sendSigned(
  url: string,
  body: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
  opts: SignedRequestOptions,
): Promise<{ status: number; text: string; json: () => unknown }> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': opts.signature ?? slackSignature(opts.secret, ts, body),
  };
  if (opts.retryNum !== undefined) headers['x-slack-retry-num'] = String(opts.retryNum);
  if (opts.retryReason) headers['x-slack-retry-reason'] = opts.retryReason;
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as unknown };
}

export const eventBody = (event: Record<string, unknown>, o: { teamId?: string; eventId?: string } = {}) =>
  JSON.stringify({
    token: 'deprecated',
    team_id: o.teamId ?? 'T0TEST',
    api_app_id: 'A0TEST',
    event,
    type: 'event_callback',
    event_id: o.eventId ?? `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: o.teamId ?? 'T0TEST', user_id: 'UBOT', is_bot: true }],
  });

export const commandBody = (text: string, o: { userId: string; channelId?: string; teamId?: string }) =>
  new URLSearchParams({
    token: 'deprecated',
    team_id: o.teamId ?? 'T0TEST',
    team_domain: 'test',
    channel_id: o.channelId ?? 'C0PLANS',
    channel_name: 'plans',
    user_id: o.userId,
    user_name: o.userId.toLowerCase(),
    command: '/redbutton',
    text,
    api_app_id: 'A0TEST',
    response_url: 'http://127.0.0.1:9/commands/response',
    trigger_id: `trig.${Math.random().toString(36).slice(2)}`,
  }).toString();

export const interactionBody = (payload: Record<string, unknown>) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
