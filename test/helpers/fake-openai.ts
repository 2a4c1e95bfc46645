import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** What the fake answers: assistant `content` (a string, sent as-is), or a raw HTTP status + body. */
export type FakeReply =
  | { content: string | null; refusal?: string | null; finishReason?: 'stop' | 'length'; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { status: number; body: unknown };

export interface FakeOpenAI {
  /** Pass as the SDK's baseURL. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Replies are taken in order; the last one repeats. */
  reply(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

/**
 * A fake OpenAI API on 127.0.0.1 speaking the Chat Completions wire format, so the real `openai`
 * SDK runs against it (point `baseURL` at it). It records every request for assertions.
 */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  let replies: FakeReply[] = [{ content: '{"trades":[]}' }];
  let served = 0;

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // keep the raw text: the assertion will show it
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${requests.length}` });
        res.end(JSON.stringify(payload));
      };
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        send(404, { error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error', code: null, param: null } });
        return;
      }
      const reply = replies[Math.min(served, replies.length - 1)]!;
      served++;
      if ('status' in reply) {
        send(reply.status, reply.body);
        return;
      }
      const model = (body as { model?: string } | undefined)?.model ?? 'fake-model';
      const usage = reply.usage ?? { prompt_tokens: 1234, completion_tokens: 56 };
      send(200, {
        id: `chatcmpl-fake${served}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        system_fingerprint: 'fp_fake',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: reply.content, refusal: reply.refusal ?? null, annotations: [] },
            logprobs: null,
            finish_reason: reply.finishReason ?? 'stop',
          },
        ],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    reply(...r: FakeReply[]) {
      replies = r;
      served = 0;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
