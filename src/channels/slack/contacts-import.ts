import { readFile, rm } from 'node:fs/promises';
import type { App as BoltApp, BlockAction, ButtonAction } from '@slack/bolt';
import type { App } from '../../app.js';
import { isAppError, userMessageOf } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { describePlan } from '../../core/contacts/import/plan.js';
import type { ImportResult } from '../../core/contacts/address-book.js';
import { esc, truncate, LIMITS, type Block } from './blocks.js';
import type { SlackApi, SlackFile } from './slack-api.js';
import type { SlackStore } from '../../core/records.js';
import type { People } from './people.js';
import { mrkdwn, type SlackText } from './mrkdwn.js';

/**
 * A contacts file dropped in the app's DM (or after `/redbutton contacts import`): a preview of
 * what the import would do, then the import itself when its sharer presses "Import". The file is
 * downloaded again on the click, so nothing of it is kept in between.
 */
export const CONTACTS_ACTION = { confirm: 'rb_contacts_import', cancel: 'rb_contacts_cancel' } as const;
export const CONTACTS_MAX_BYTES = 10 * 1024 * 1024;

export function isContactsFile(f: Partial<SlackFile>): boolean {
  const name = f.name ?? '';
  return (
    ['csv', 'xlsx', 'vcard', 'vcf'].includes(f.filetype ?? '') ||
    ['text/csv', 'text/vcard', 'text/x-vcard', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'].includes(f.mimetype ?? '') ||
    /\.(csv|xlsx|vcf)$/i.test(name)
  );
}

export class SlackContactsImport {
  constructor(
    private readonly app: App,
    private readonly api: SlackApi,
    private readonly store: SlackStore,
    private readonly people: People,
    private readonly log: Logger,
  ) {}

  /** Dry-run the file and post the preview with Import / Cancel buttons. */
  async preview(userId: string, slackUserId: string, file: SlackFile, where: { channel: string; threadTs: string | null }): Promise<void> {
    const result = await this.run(userId, file, true);
    const title = `Preview of ${file.name ?? 'the contacts file'} — nothing is saved yet.`;
    await this.api.post(where.channel, { text: mrkdwn`${title}`, blocks: previewBlocks(title, result, file.id, slackUserId) }, where.threadTs);
    await this.store.settleFile(file.id, 'contacts_import', { detail: 'previewed' });
  }

  register(bolt: BoltApp): void {
    bolt.action<BlockAction<ButtonAction>>(CONTACTS_ACTION.confirm, async ({ ack, body: b, action, context }) => {
      await ack();
      const fileId = String(action.value ?? '');
      const channel = b.channel?.id;
      const ts = b.container?.message_ts as string | undefined;
      const claim = await this.store.getFile(fileId);
      const tell = (text: SlackText) => (channel ? this.api.ephemeral(channel, b.user.id, text) : Promise.resolve());
      // Only the person who shared the file imports it, once.
      if (!claim || claim.slackUserId !== b.user.id) return void (await tell(mrkdwn`:warning: Only the person who shared this file can import it.`));
      if (!await this.store.markProcessed(`contacts-import:${fileId}`, 'action')) return;
      const r = await this.people.resolve(String(context.teamId ?? b.team?.id ?? claim.teamId), b.user.id);
      if (!r.user) return void (await tell(mrkdwn`:warning: Your Slack account is not linked to Red Button; use \`/redbutton link ${'<your e-mail>'}\` first.`));
      try {
        const result = await this.run(r.user.userId, await this.api.fileInfo(fileId), false);
        await this.store.settleFile(fileId, 'contacts_import', { detail: `${result.created} created, ${result.merged} merged` });
        const title = `:white_check_mark: ${describePlan(result, { written: true })[0]}`;
        if (channel && ts) await this.api.update(channel, ts, { text: mrkdwn`${title}`, blocks: resultBlocks(title, result) });
      } catch (e) {
        if (!isAppError(e)) this.log.error({ err: e, fileId }, 'contacts import from Slack failed');
        await this.store.settleFile(fileId, 'rejected', { detail: truncate(userMessageOf(e), 500) });
        await tell(mrkdwn`:warning: ${userMessageOf(e)}`);
      }
    });
    bolt.action<BlockAction<ButtonAction>>(CONTACTS_ACTION.cancel, async ({ ack, body: b }) => {
      await ack();
      const ts = b.container?.message_ts as string | undefined;
      if (b.channel?.id && ts) await this.api.update(b.channel.id, ts, { text: mrkdwn`Import cancelled; nothing was saved.` });
    });
  }

  private async run(userId: string, file: SlackFile, dryRun: boolean): Promise<ImportResult> {
    const { path, dir } = await this.api.download(file, CONTACTS_MAX_BYTES);
    try {
      // The sharer saw the preview, skipped rows included: pressing Import takes the good ones.
      return await this.app.addressBook.import(userId, await readFile(path), { dryRun, skipInvalid: true, fileName: file.name });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } });

function planLines(result: ImportResult): string {
  return describePlan(result, { written: result.written, max: 8 })
    .slice(1)
    .map((l) => `• ${esc(l)}`)
    .join('\n');
}

function previewBlocks(title: string, result: ImportResult, fileId: string, slackUserId: string): Block[] {
  const blocks: Block[] = [section(`*${esc(title)}*\n${esc(describePlan(result, { written: false })[0]!)}`)];
  const details = planLines(result);
  if (details) blocks.push(section(details));
  blocks.push({
    type: 'actions',
    elements: [
      { type: 'button', style: 'primary', action_id: CONTACTS_ACTION.confirm, value: fileId, text: { type: 'plain_text', text: `Import ${result.created + result.merged} contact(s)` } },
      { type: 'button', action_id: CONTACTS_ACTION.cancel, value: fileId, text: { type: 'plain_text', text: 'Cancel' } },
    ],
  });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Shared by <@${slackUserId}>; only they can import it.` }] });
  return blocks;
}

function resultBlocks(title: string, result: ImportResult): Block[] {
  const details = planLines(result);
  return [section(esc(title)), ...(details ? [section(details)] : [])];
}
