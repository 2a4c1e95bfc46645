import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { webApi } from '@slack/bolt';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { Block, ModalView } from './blocks.js';
import type { SlackText } from './mrkdwn.js';

export interface SlackFile {
  id: string;
  name?: string;
  title?: string;
  mimetype?: string;
  filetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
  user?: string;
  shares?: { public?: Record<string, { ts: string; thread_ts?: string }[]>; private?: Record<string, { ts: string; thread_ts?: string }[]> };
}

/**
 * The Web API calls the channel makes, with the bot token, against SLACK_API_URL when set (tests
 * point it at a local fake). Thin on purpose: errors from Slack propagate as thrown errors.
 */
export class SlackApi {
  readonly client: webApi.WebClient;

  constructor(
    private readonly token: string,
    private readonly apiUrl: string | undefined,
    private readonly log: Logger,
  ) {
    this.client = new webApi.WebClient(token, {
      ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
      logLevel: webApi.LogLevel.ERROR,
    });
  }

  async post(channel: string, msg: { text: SlackText; blocks?: Block[] }, threadTs?: string | null): Promise<{ channel: string; ts: string }> {
    const res = await this.client.chat.postMessage({ channel, text: msg.text.value, blocks: msg.blocks as never, ...(threadTs ? { thread_ts: threadTs } : {}), unfurl_links: false });
    return { channel: res.channel ?? channel, ts: res.ts! };
  }

  async update(channel: string, ts: string, msg: { text: SlackText; blocks?: Block[] }): Promise<void> {
    await this.client.chat.update({ channel, ts, text: msg.text.value, blocks: (msg.blocks ?? []) as never });
  }

  async ephemeral(channel: string, user: string, text: SlackText, threadTs?: string | null): Promise<void> {
    await this.client.chat.postEphemeral({ channel, user, text: text.value, ...(threadTs ? { thread_ts: threadTs } : {}) });
  }

  async openView(triggerId: string, view: ModalView): Promise<void> {
    await this.client.views.open({ trigger_id: triggerId, view: view as never });
  }

  async fileInfo(fileId: string): Promise<SlackFile> {
    const res = await this.client.files.info({ file: fileId });
    if (!res.file?.id) throw new AppError('NOT_FOUND', `files.info ${fileId}: no file`, { userMessage: 'Slack did not give me that file. Share it again.' });
    return res.file as SlackFile;
  }

  /** The profile e-mail, or null when Slack does not give it (no users:read.email, bots, guests). */
  async profileEmail(slackUserId: string): Promise<string | null> {
    try {
      const res = await this.client.users.info({ user: slackUserId });
      const email = res.user?.profile?.email;
      return email ? email.trim().toLowerCase() : null;
    } catch (e) {
      const code = (e as { data?: { error?: string } }).data?.error;
      if (code === 'missing_scope' || code === 'user_not_found' || code === 'user_not_visible') {
        this.log.info({ slackUserId, error: code }, 'no profile e-mail from users.info');
        return null;
      }
      throw e;
    }
  }

  /**
   * Download a private file with the bot token into a temp file, refusing anything over maxBytes
   * (by the declared size, the Content-Length and the bytes actually received). Only Slack's own
   * hosts (or the configured SLACK_API_URL origin) ever see the token. The caller removes the dir.
   */
  async download(file: SlackFile, maxBytes: number): Promise<{ path: string; dir: string }> {
    const label = file.name ?? 'The file';
    const tooBig = (size: number) =>
      new AppError('PDF_TOO_LARGE', `${file.id} is ${size} bytes`, {
        userMessage: `${label} is ${(size / 1e6).toFixed(1)} MB; the limit is ${(maxBytes / 1e6).toFixed(0)} MB. Split the set (e.g. by discipline) and share the parts.`,
      });
    if (typeof file.size === 'number' && file.size > maxBytes) throw tooBig(file.size);
    const url = file.url_private_download ?? file.url_private;
    if (!url) throw new AppError('NOT_FOUND', `file ${file.id} has no download URL`, { userMessage: `Slack gave me no download link for ${label}. Share it again.` });
    if (!this.trustedFileUrl(url)) {
      throw new AppError('FORBIDDEN', `refusing to send the bot token to ${new URL(url).host}`, { userMessage: `${label} is not hosted by Slack, so I did not download it.` });
    }
    const res = await fetch(url, { headers: { Authorization: `Bearer ${this.token}` }, redirect: 'follow' });
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new AppError('STORAGE_IO', `download of ${file.id} failed: HTTP ${res.status}`, { userMessage: `I could not download ${label} from Slack (HTTP ${res.status}). Check that the app has the files:read scope, then share the file again.` });
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body.cancel();
      throw tooBig(declared);
    }
    const dir = await mkdtemp(join(tmpdir(), 'rb-slack-'));
    const path = join(dir, 'upload.pdf');
    let received = 0;
    const limiter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        if (received > maxBytes) cb(tooBig(received));
        else cb(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(res.body as WebReadableStream), limiter, createWriteStream(path));
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
    return { path, dir };
  }

  private trustedFileUrl(url: string): boolean {
    let u: URL;
    try {
      u = new URL(url);
    } catch (_e) {
      return false;
    }
    if (this.apiUrl && new URL(this.apiUrl).origin === u.origin) return true;
    return u.protocol === 'https:' && (u.hostname === 'files.slack.com' || u.hostname.endsWith('.slack.com') || u.hostname.endsWith('.slack-edge.com'));
  }
}
