import { connect, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { isAppError } from '../errors.js';
import type { smtpConnectionOptions } from '../mailauth/smtp-options.js';

/**
 * The sender's transport: the pooled SMTP connection and how its errors and replies are read.
 * (Split from sender.ts: the queue and recovery do not depend on SMTP.)
 */

const TRANSPORT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETLS', 'EPROTOCOL', 'ESTREAM', 'EHOSTUNREACH', 'ENETUNREACH']);

type Classified = { kind: 'temporary' | 'permanent' | 'config'; reason: string };

/** 4xx and connection trouble are temporary; 5xx is permanent; bad credentials stop the sender. */
export function classifySmtpError(e: unknown): Classified {
  const err = e as { code?: string; responseCode?: number; response?: string; message?: string; command?: string };
  const reason = (err.response ?? err.message ?? String(e)).replace(/\s+/g, ' ').trim().slice(0, 500);
  if (err.code === 'EAUTH') return { kind: 'config', reason: `the mail server refused the login (${reason})` };
  const code = err.responseCode;
  if (typeof code === 'number' && code >= 500 && code < 600) return { kind: 'permanent', reason };
  if (typeof code === 'number' && code >= 400 && code < 500) return { kind: 'temporary', reason };
  if (err.code && TRANSPORT_CODES.has(err.code)) return { kind: 'temporary', reason };
  if (isAppError(e) && e.code === 'MAIL_CONFIG') return { kind: 'config', reason: e.userMessage };
  if (isAppError(e)) return { kind: 'temporary', reason: e.userMessage };
  if (err.code === 'EENVELOPE' || err.code === 'EMESSAGE') return { kind: 'permanent', reason };
  return { kind: 'temporary', reason };
}

/** The queue id in a "250 2.0.0 Ok: queued as 4BxyZ1" reply, else the whole reply. */
export function providerIdFrom(response: string | undefined, messageId: string): string {
  if (!response) return messageId;
  const m = /queued as ([A-Za-z0-9._:-]+)/i.exec(response) ?? /\bid=([A-Za-z0-9._:-]+)/i.exec(response);
  return m ? m[1]! : response.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/**
 * The pooled SMTP transport of a sender. createTransport({ url }) would drop the pool options, so
 * the pool is built here.
 */
export function createSmtpPool(
  connection: ReturnType<typeof smtpConnectionOptions>,
  maxConnections: number,
  overrides: Partial<SMTPPool.Options> | undefined,
): nodemailer.Transporter<SMTPPool.SentMessageInfo> {
  const pool = new SMTPPool({
    ...connection,
    pool: true,
    maxConnections,
    maxMessages: 500,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
    // nodemailer leaves Nagle's algorithm on: the end-of-data line then waits for the server's
    // delayed ACK, ~40 ms per message (bench/README.md). For plain smtp:// (STARTTLS or none)
    // hand the pool a connected socket with TCP_NODELAY; smtps:// keeps nodemailer's TLS socket.
    ...(/^smtp:\/\//i.test(connection.url) ? { getSocket: noDelayConnection } : {}),
    ...overrides,
  });
  return nodemailer.createTransport(pool);
}

/**
 * nodemailer `getSocket`: an already connected TCP socket with Nagle off. When that connect fails,
 * nodemailer is left to connect by itself (an error from getSocket would strand the pool slot), so
 * failures surface exactly as without this hook (ECONNECTION, ETIMEDOUT …).
 */
function noDelayConnection(options: SMTPPool.Options, callback: (err: Error | null, socketOptions?: { connection?: Socket }) => void): void {
  const socket = connect({ host: options.host ?? 'localhost', port: options.port ?? 25, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  socket.setNoDelay(true);
  let done = false;
  const fallBack = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    socket.destroy();
    callback(null, {});
  };
  const timer = setTimeout(fallBack, options.connectionTimeout ?? 30_000);
  socket.once('error', fallBack);
  socket.once('connect', () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    socket.removeListener('error', fallBack);
    callback(null, { connection: socket });
  });
}
