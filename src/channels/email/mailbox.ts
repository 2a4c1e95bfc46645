import { createHash } from 'node:crypto';
import { ImapFlow, type FetchMessageObject } from 'imapflow';
import type { Config } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { stripControlCharacters } from '../../core/text-input.js';
import type { Logger } from '../../core/log.js';
import { oauthTokenSource, type MailOAuthSettings } from '../../core/mailauth/oauth-token.js';
import type { InboundOutcome, InboundStore } from '../../core/records.js';
import type { Answering, InboundHandler } from './handler.js';

/** Keyword set on handled messages when there is no IMAP_DONE_MAILBOX. */
export const DONE_KEYWORD = '$RedButtonDone';

export type ImapSettings = Pick<Config, 'IMAP_HOST' | 'IMAP_PORT' | 'IMAP_USER' | 'IMAP_PASSWORD' | 'IMAP_TLS' | 'IMAP_MAILBOX' | 'IMAP_DONE_MAILBOX'> & MailOAuthSettings;

export interface PollLimits {
  /** Messages handled per poll (the rest wait for the next one). */
  maxMessagesPerPoll: number;
  /** Messages larger than this are not downloaded (the sender is told). */
  maxMessageBytes: number;
  /** How often the claims of messages still waiting or being handled are renewed (a third of their lease). */
  claimRenewMs: number;
}

/** Test seams: simulate a crash at the worst moments. */
export interface PollHooks {
  /** After a message is claimed and downloaded, before it is acted on. */
  afterClaim?: (uid: number, messageKey: string) => void | Promise<void>;
  /** After the effects are committed, before the messages are moved/flagged. */
  beforeMove?: (uids: number[]) => void | Promise<void>;
}

export interface PollResult {
  mailbox: string;
  uidValidity: number;
  seen: number;
  handled: { uid: number; messageKey: string; outcome: InboundOutcome }[];
  duplicates: number;
  busy: number;
  moved: number;
}

/** An IMAP client (not connected): password login, or XOAUTH2/OAUTHBEARER with `accessToken`. */
export function imapClient(s: ImapSettings, accessToken?: string): ImapFlow {
  const oauth = Boolean(s.MAIL_OAUTH_PROVIDER);
  if (!s.IMAP_HOST || !s.IMAP_USER || (!oauth && !s.IMAP_PASSWORD)) {
    const needed = oauth ? 'IMAP_HOST and IMAP_USER' : 'IMAP_HOST, IMAP_USER and IMAP_PASSWORD';
    throw new AppError('MAIL_CONFIG', `${needed} must be set`, {
      userMessage: `The e-mail channel needs ${needed}${oauth ? '' : ' (or OAuth: MAIL_OAUTH_PROVIDER)'} (see docs/email.md).`,
    });
  }
  if (oauth && !accessToken) throw new AppError('INTERNAL', 'imapClient: an access token is needed with MAIL_OAUTH_PROVIDER (use connectImap)');
  return new ImapFlow({
    host: s.IMAP_HOST,
    port: s.IMAP_PORT ?? (s.IMAP_TLS ? 993 : 143),
    secure: s.IMAP_TLS,
    auth: oauth ? { user: s.IMAP_USER, accessToken } : { user: s.IMAP_USER, pass: s.IMAP_PASSWORD },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 5 * 60_000,
  });
}

/**
 * Connect and sign in. With OAuth, a token the server refuses (revoked, or expired early) is
 * renewed once from the token endpoint before giving up. `prepare` attaches listeners first.
 */
export async function connectImap(s: ImapSettings, prepare?: (client: ImapFlow) => void): Promise<ImapFlow> {
  const tokens = oauthTokenSource(s);
  for (let attempt = 0; ; attempt++) {
    const token = tokens ? (await tokens.get(attempt > 0)).token : undefined;
    const client = imapClient(s, token);
    prepare?.(client);
    try {
      await client.connect();
      return client;
    } catch (e) {
      client.close();
      if (tokens && attempt === 0 && (e as { authenticationFailed?: boolean }).authenticationFailed) continue;
      throw e;
    }
  }
}

/** Normalized Message-ID, or a hash of the header block when there is none. */
export function messageKeyOf(messageId: string | undefined, headers: Buffer | undefined): string {
  const id = messageId && stripControlCharacters(messageId).trim().replace(/^<|>$/g, '').toLowerCase();
  if (id) return id.slice(0, 500);
  return `sha256:${createHash('sha256').update(headers ?? Buffer.alloc(0)).digest('hex')}`;
}

async function readAll(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    n += b.length;
    if (n > limit) throw new AppError('VALIDATION', `message larger than ${limit} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

interface Pending {
  uid: number;
  key: string;
  raw?: Buffer;
  tooLarge?: { size: number; from?: string; answering: Answering };
}

/**
 * One short IMAP session: connect, lock the mailbox, search for messages not handled yet, fetch
 * their envelope and size, claim each in the database (INSERT … ON CONFLICT DO NOTHING), download
 * the claimed ones, release the lock; act on each (committing its effect), then move the handled
 * ones to IMAP_DONE_MAILBOX (or flag them \Seen + $RedButtonDone) and log out.
 */
export async function pollMailbox(
  settings: ImapSettings,
  store: InboundStore,
  handler: InboundHandler,
  limits: PollLimits,
  log: Logger,
  hooks: PollHooks = {},
): Promise<PollResult> {
  const mailbox = settings.IMAP_MAILBOX;
  const done = settings.IMAP_DONE_MAILBOX;
  const client = await connectImap(settings, (c) => c.on('error', (e: Error) => log.warn({ err: e }, 'IMAP connection error')));
  const result: PollResult = { mailbox, uidValidity: 0, seen: 0, handled: [], duplicates: 0, busy: 0, moved: 0 };
  try {
    const pending: Pending[] = [];
    const toMove: number[] = [];
    let lock = await client.getMailboxLock(mailbox);
    try {
      const box = client.mailbox;
      if (!box) throw new AppError('INTERNAL', `mailbox ${mailbox} not open`);
      result.uidValidity = Number(box.uidValidity);
      const found = (await client.search(done ? { all: true } : { unKeyword: DONE_KEYWORD }, { uid: true })) || [];
      const uids = [...found].sort((a, b) => a - b);
      result.seen = uids.length;
      const fresh: number[] = [];
      for (const uid of uids) {
        if (await store.uidDone(mailbox, result.uidValidity, uid)) toMove.push(uid);
        else if (fresh.length < limits.maxMessagesPerPoll) fresh.push(uid);
      }
      const metas: FetchMessageObject[] = [];
      if (fresh.length) {
        for await (const m of client.fetch(fresh.join(','), { uid: true, envelope: true, size: true, headers: true }, { uid: true })) metas.push(m);
      }
      const keysThisPoll = new Set<string>();
      for (const m of metas.sort((a, b) => a.uid - b.uid)) {
        const key = messageKeyOf(m.envelope?.messageId, m.headers);
        if (keysThisPoll.has(key)) {
          // A second copy of a message claimed earlier in this poll: it is moved together with
          // the first one, after that one's effect is committed.
          await store.claim(mailbox, result.uidValidity, m.uid, key, {});
          result.duplicates++;
          log.info({ uid: m.uid, messageKey: key }, 'second copy of a message in this poll: not acted on');
          toMove.push(m.uid);
          continue;
        }
        keysThisPoll.add(key);
        // The envelope is the sender's text: no control characters (src/core/text-input.ts). A NUL in
        // an encoded subject made Postgres refuse the claim, and so the whole poll.
        const from = m.envelope?.from?.[0]?.address && stripControlCharacters(m.envelope.from[0].address).toLowerCase();
        const subject = m.envelope?.subject === undefined ? undefined : stripControlCharacters(m.envelope.subject);
        const claim = await store.claim(mailbox, result.uidValidity, m.uid, key, { from, subject });
        if (claim.state === 'busy') {
          result.busy++;
          continue;
        }
        if (claim.state === 'done') {
          if (claim.duplicate) {
            result.duplicates++;
            log.info({ uid: m.uid, messageKey: key }, 'message already handled (same Message-ID): not acted on again');
          }
          toMove.push(m.uid);
          continue;
        }
        if (claim.takeover) log.warn({ uid: m.uid, messageKey: key }, 'taking over a message claimed by a poller that stopped');
        const size = m.size ?? 0;
        if (size > limits.maxMessageBytes) {
          const answering: Answering = { messageId: m.envelope?.messageId ?? null, references: [], subject: subject ?? '' };
          pending.push({ uid: m.uid, key, tooLarge: { size, from, answering } });
          continue;
        }
        try {
          const dl = await client.download(String(m.uid), undefined, { uid: true });
          if (!dl || !('content' in dl) || !dl.content) throw new AppError('INTERNAL', `message ${m.uid} could not be downloaded`);
          pending.push({ uid: m.uid, key, raw: await readAll(dl.content, limits.maxMessageBytes + 64 * 1024) });
        } catch (e) {
          // Let the next poll (this one or another process) try again instead of waiting out the lease.
          await store.release(key);
          throw e;
        }
      }
    } finally {
      lock.release();
    }

    // The claims were all taken before the first message is acted on: renew those still open while
    // we work, so a long poll never outlives them and lets another reader handle a message twice.
    const open = new Set(pending.map((p) => p.key));
    const heartbeat = setInterval(() => {
      if (open.size === 0) return;
      store.renew([...open]).then(
        (lost) => lost.length && log.warn({ messageKeys: lost }, 'claims no longer ours while handling them'),
        (e: unknown) => log.warn({ err: e }, 'claims could not be renewed'),
      );
    }, limits.claimRenewMs);
    heartbeat.unref();
    try {
      for (const p of pending) {
        await hooks.afterClaim?.(p.uid, p.key);
        let outcome: InboundOutcome;
        try {
          outcome = p.tooLarge
            ? await handler.handleTooLarge(p.tooLarge.from, p.tooLarge.answering, p.tooLarge.size, limits.maxMessageBytes)
            : await handler.handle(p.raw!, p.key);
        } catch (e) {
          // A message we cannot handle must not block the mailbox forever: record why, move on.
          log.error({ err: e, uid: p.uid, messageKey: p.key }, 'message could not be handled');
          outcome = { kind: 'error', outcome: `error: ${(e as Error).message}` };
        }
        await store.finish(p.key, outcome);
        result.handled.push({ uid: p.uid, messageKey: p.key, outcome });
        toMove.push(p.uid);
        log.info({ uid: p.uid, kind: outcome.kind, jobId: outcome.jobId ?? undefined, outcome: outcome.outcome }, 'message handled');
        open.delete(p.key);
      }
    } finally {
      clearInterval(heartbeat);
    }

    if (toMove.length) {
      await hooks.beforeMove?.(toMove);
      lock = await client.getMailboxLock(mailbox);
      try {
        if (Number(client.mailbox && client.mailbox.uidValidity) !== result.uidValidity) {
          log.warn({ mailbox }, 'UIDVALIDITY changed during the poll: messages are moved next time');
        } else {
          const range = toMove.join(',');
          if (done) {
            await ensureMailbox(client, done);
            await client.messageMove(range, done, { uid: true });
          } else {
            await client.messageFlagsAdd(range, ['\\Seen', DONE_KEYWORD], { uid: true });
          }
          await store.markMoved(mailbox, result.uidValidity, toMove);
          result.moved = toMove.length;
        }
      } finally {
        lock.release();
      }
    }
  } finally {
    await client.logout().catch((e: unknown) => log.debug({ err: e }, 'IMAP logout failed'));
  }
  return result;
}

const createdMailboxes = new WeakSet<ImapFlow>();

async function ensureMailbox(client: ImapFlow, path: string): Promise<void> {
  if (createdMailboxes.has(client)) return;
  const list = await client.list();
  if (!list.some((m) => m.path === path)) await client.mailboxCreate(path);
  createdMailboxes.add(client);
}
