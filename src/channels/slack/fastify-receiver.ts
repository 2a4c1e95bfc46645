import { parse as parseQuery } from 'node:querystring';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifySlackRequest, ReceiverMultipleAckError, AuthorizationError } from '@slack/bolt';
import type { App as BoltApp, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../core/log.js';

/**
 * A Bolt `Receiver` for Fastify: Slack's HTTP requests arrive on the service's own Fastify server
 * (POST /slack/events by default) instead of a second port.
 *
 * Same contract as Bolt's HTTPReceiver: the signature is checked with Bolt's own
 * `verifySlackRequest` over the raw body (v0 HMAC, 5-minute window — we also refuse timestamps
 * more than 5 minutes in the future), `url_verification` and `ssl_check` are answered here, and the
 * HTTP response is sent as soon as a listener calls `ack()` (its body, e.g. a view's
 * `response_action`, becomes the response). A request nobody acks within ~3 s is answered 404,
 * as Bolt does, so Slack can show the user an error rather than hang. `X-Slack-Retry-Num` and
 * `X-Slack-Retry-Reason` are passed to Bolt (`context.retryNum`); handlers stay idempotent.
 */
export interface FastifyReceiverOptions {
  signingSecret: string;
  /** Route path. Bolt's default is /slack/events. */
  path?: string;
  logger: Logger;
  /** Milliseconds to wait for ack() before answering 404. */
  unhandledRequestTimeoutMillis?: number;
  /** Body limit in bytes (Slack payloads are small; file bytes never come this way). */
  bodyLimit?: number;
  /** For tests: the clock used for the staleness check. */
  nowMilliseconds?: () => number;
}

interface AckResult {
  status: number;
  body?: unknown;
}

const MAX_SKEW_SECONDS = 5 * 60;

export class FastifyReceiver implements Receiver {
  private bolt: BoltApp | undefined;
  readonly path: string;
  private readonly log: Logger;
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly opts: FastifyReceiverOptions) {
    this.path = opts.path ?? '/slack/events';
    this.log = opts.logger.child({ component: 'slack-receiver' });
  }

  init(app: BoltApp): void {
    this.bolt = app;
  }

  /** The receiver does not own a server: `mount()` registers the route on the service's server. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Waits for listeners still running after their ack (so a shutdown does not cut them off). */
  async stop(): Promise<void> {
    await this.idle();
  }

  /** Resolves once every dispatched event has been fully processed by its listeners. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /**
   * Register POST <path> on a Fastify server, in its own encapsulated context whose only body
   * parser keeps the raw text (the signature is computed over the exact bytes Slack sent; a
   * form-body or JSON parser registered elsewhere on the server does not apply here).
   */
  async mount(server: FastifyInstance): Promise<void> {
    await server.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: this.opts.bodyLimit ?? 1024 * 1024 }, (_req, body, done) => done(null, body));
      scope.post(this.path, (req, reply) => this.handle(req, reply));
    });
  }

  private async handle(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const raw = typeof req.body === 'string' ? req.body : '';
    const contentType = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

    // ssl_check (form-encoded, unsigned by design): answer without dispatching anything.
    if (contentType === 'application/x-www-form-urlencoded' && parseQuery(raw).ssl_check === '1') {
      return reply.code(200).send('');
    }

    const signature = header(req, 'x-slack-signature');
    const timestamp = Number(header(req, 'x-slack-request-timestamp'));
    const nowMs = this.opts.nowMilliseconds?.() ?? Date.now();
    try {
      if (!signature || !Number.isFinite(timestamp)) throw new Error('missing x-slack-signature or x-slack-request-timestamp');
      if (timestamp > Math.floor(nowMs / 1000) + MAX_SKEW_SECONDS) throw new Error('x-slack-request-timestamp is in the future');
      verifySlackRequest({
        signingSecret: this.opts.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: nowMs,
      });
    } catch (e) {
      this.log.warn({ err: (e as Error).message, ip: req.ip }, 'rejected a Slack request that failed verification');
      return reply.code(401).send('');
    }

    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, contentType);
    } catch (e) {
      this.log.warn({ err: (e as Error).message }, 'malformed Slack request body');
      return reply.code(400).send('');
    }

    if (body.type === 'url_verification') {
      return reply.code(200).type('application/json').send({ challenge: body.challenge });
    }
    if (!this.bolt) {
      this.log.error('Slack request before the Bolt app was initialised');
      return reply.code(503).send('');
    }

    let settle!: (r: AckResult) => void;
    const answered = new Promise<AckResult>((resolve) => (settle = resolve));
    let acked = false;
    const timer = setTimeout(() => {
      if (acked) return;
      acked = true;
      this.log.warn({ type: body.type }, 'a Slack request was not acknowledged within 3 seconds');
      settle({ status: 404 });
    }, this.opts.unhandledRequestTimeoutMillis ?? 3001);

    const retryNum = header(req, 'x-slack-retry-num');
    const event: ReceiverEvent = {
      body,
      retryNum: retryNum === undefined ? undefined : Number(retryNum),
      retryReason: header(req, 'x-slack-retry-reason'),
      ack: async (response?: unknown) => {
        if (acked) throw new ReceiverMultipleAckError();
        acked = true;
        clearTimeout(timer);
        settle({ status: 200, body: response });
      },
    };

    const processing = this.bolt
      .processEvent(event)
      .catch((e: unknown) => {
        if (!acked) {
          acked = true;
          clearTimeout(timer);
          settle({ status: e instanceof AuthorizationError ? 401 : 500 });
        }
        this.log.error({ err: e }, 'unhandled error while Bolt processed a Slack request');
      })
      .finally(() => {
        clearTimeout(timer);
        this.inflight.delete(processing);
      });
    this.inflight.add(processing);

    const result = await answered;
    reply.code(result.status);
    if (result.body === undefined || result.body === null || result.body === '') return reply.send('');
    if (typeof result.body === 'string') return reply.type('text/plain; charset=utf-8').send(result.body);
    return reply.type('application/json').send(JSON.stringify(result.body));
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Slack sends events as JSON, and commands/interactions as a form (interactions in `payload`). */
function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType === 'application/x-www-form-urlencoded') {
    const q = parseQuery(raw);
    if (typeof q.payload === 'string') return JSON.parse(q.payload) as Record<string, unknown>;
    return q as Record<string, unknown>;
  }
  const v: unknown = JSON.parse(raw);
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('body is not a JSON object');
  return v as Record<string, unknown>;
}
