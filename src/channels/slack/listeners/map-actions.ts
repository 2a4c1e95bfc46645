import type { App as BoltApp, BlockAction, ButtonAction, MultiExternalSelectAction, MultiStaticSelectAction, OverflowAction, StaticSelectAction } from '@slack/bolt';
import type { App } from '../../../app.js';
import { AppError, isAppError } from '../../../core/errors.js';
import type { PublicUser } from '../../../core/records.js';
import { formatPreview, previewInvitations } from '../../../core/outreach/preview.js';
import { ACTION, addContactModal, decodeMenu, decodeRef, evidenceModal, type MapRef } from '../blocks.js';
import { detailsModal } from '../details-modal.js';
import { mrkdwn, truncateText } from '../mrkdwn.js';
import { firstTime, republishForOwner, sayError, teamOf, userOrExplain, type AnyBlockAction, type ListenerDeps } from './context.js';

type MapEdits = Parameters<App['maps']['edit']>[2];

/**
 * Actions on a contacts-map message: pick contacts for a trade (a static or, for long lists, an
 * external multi-select), add a trade, the trade's menu (evidence, remove), "Add contact", "Project
 * details" and "Preview e-mail". Each is owner-scoped: the clicker is resolved to their Red Button
 * user, and another user's job is "not found".
 */
export function registerMapActions(bolt: BoltApp, deps: ListenerDeps): void {
  const { app, api, log, store } = deps;

  /** Re-resolve the clicker, then run an owner-scoped edit; errors go back to them, ephemeral. */
  async function editFromAction(body: AnyBlockAction, teamId: string, ref: MapRef | null, edits: MapEdits): Promise<void> {
    const slackUserId = body.user.id;
    const channel = body.channel?.id ?? (body.container?.channel_id as string | undefined);
    const threadTs = (body.message?.thread_ts as string | undefined) ?? null;
    try {
      if (!ref) throw new AppError('VALIDATION', 'action without a map reference', { userMessage: 'This button is from an old or unknown message. Ask for the map again with `/redbutton status <job>`.' });
      const user = await userOrExplain(deps, teamId, slackUserId, (t) => (channel ? api.ephemeral(channel, slackUserId, t, threadTs) : Promise.resolve()));
      if (!user) return;
      const map = await app.maps.edit(user.userId, ref.jobId, edits, { expectedVersion: ref.version, via: 'slack' });
      log.info({ jobId: ref.jobId, version: map.version, slackUserId }, 'contacts map edited from Slack');
      await deps.publisher.publish(await app.repos.jobs.getForUser(user.userId, ref.jobId));
    } catch (e) {
      await sayError(deps, channel, slackUserId, e, threadTs);
      // A stale message is brought up to date so the next click works.
      if (isAppError(e) && (e.code === 'STALE_VERSION' || e.code === 'ALREADY_SENT') && ref) await republishForOwner(deps, teamId, slackUserId, ref.jobId);
    }
  }

  for (const actionId of [ACTION.selectStatic, ACTION.selectExternal]) {
    bolt.action<BlockAction<MultiStaticSelectAction | MultiExternalSelectAction>>(actionId, async ({ ack, body, action, context }) => {
      await ack();
      if (!(await firstTime(store, body, action))) return;
      const ref = decodeRef(action.block_id);
      const chosen = (action.selected_options ?? []).flatMap((o) => (o.value === undefined ? [] : [o.value])); // our options all carry a contact id
      deps.track('select', editFromAction(body, teamOf(body, context), ref, [{ op: 'set_selection', trade: ref?.division ?? '', contacts: chosen }]), ref?.jobId);
    });
  }

  bolt.action<BlockAction<StaticSelectAction>>(ACTION.addTrade, async ({ ack, body, action, context }) => {
    await ack();
    if (!(await firstTime(store, body, action))) return;
    const ref = decodeRef(action.selected_option?.value);
    deps.track('add trade', editFromAction(body, teamOf(body, context), ref, [{ op: 'add_trade', trade: ref?.division ?? '' }]), ref?.jobId);
  });

  bolt.action<BlockAction<OverflowAction>>(ACTION.tradeMenu, async ({ ack, body, action, context }) => {
    await ack();
    if (!(await firstTime(store, body, action))) return;
    const menu = decodeMenu(String(action.selected_option?.value ?? ''));
    if (menu?.verb === 'remove') {
      deps.track('remove trade', editFromAction(body, teamOf(body, context), menu.ref, [{ op: 'remove_trade', trade: menu.ref.division ?? '' }]), menu.ref.jobId);
      return;
    }
    const slackUserId = body.user.id;
    const channel = body.channel?.id;
    try {
      if (!menu?.ref.division) throw new AppError('VALIDATION', 'bad menu value', { userMessage: 'That menu is from an unknown message.' });
      const user = await userOrExplain(deps, teamOf(body, context), slackUserId, (t) => (channel ? api.ephemeral(channel, slackUserId, t) : Promise.resolve()));
      if (!user) return;
      const map = await app.maps.current(user.userId, menu.ref.jobId);
      const trade = map.trades.find((t) => t.division === menu.ref.division);
      if (!trade) throw new AppError('NOT_FOUND', 'trade gone', { userMessage: `Division ${menu.ref.division} is no longer in this map.` });
      await api.openView(body.trigger_id, evidenceModal(map, trade));
    } catch (e) {
      await sayError(deps, channel, slackUserId, e);
    }
  });

  bolt.action<BlockAction<ButtonAction>>(ACTION.addContact, async ({ ack, body, action, context }) => {
    await ack();
    const slackUserId = body.user.id;
    const channel = body.channel?.id;
    try {
      const ref = decodeRef(action.value);
      if (!ref?.division) throw new AppError('VALIDATION', 'bad add-contact value', { userMessage: 'That button is from an unknown message.' });
      const user = await userOrExplain(deps, teamOf(body, context), slackUserId, (t) => (channel ? api.ephemeral(channel, slackUserId, t) : Promise.resolve()));
      if (!user) return;
      const map = await app.maps.current(user.userId, ref.jobId); // owner-scoped: another user's job is "not found"
      const trade = map.trades.find((t) => t.division === ref.division);
      if (!trade) throw new AppError('NOT_FOUND', 'trade gone', { userMessage: `Division ${ref.division} is no longer in this map.` });
      const onTrade = new Set(trade.candidates.filter((c) => c.selected).map((c) => c.contact_id));
      const choices = (await app.addressBook.list(user.userId))
        .filter((c) => !onTrade.has(c.contactId) && !c.unsubscribedAt && !c.emailBadAt)
        .map((c) => ({ contactId: c.contactId, name: c.name, email: c.email }));
      await api.openView(body.trigger_id, addContactModal({ jobId: ref.jobId, version: map.version, division: ref.division, channel }, trade.name, choices));
    } catch (e) {
      await sayError(deps, channel, slackUserId, e);
    }
  });

  /** A map button (value = MapRef) pressed by a linked user: run `fn`, or explain what went wrong. */
  const onMapButton = (actionId: string, fn: (p: { body: BlockAction<ButtonAction>; user: PublicUser; ref: MapRef; channel?: string; threadTs: string | null }) => Promise<void>) =>
    bolt.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, context }) => {
      await ack();
      const slackUserId = body.user.id;
      const channel = body.channel?.id;
      const threadTs = (body.message?.thread_ts as string | undefined) ?? body.message?.ts ?? null;
      try {
        const ref = decodeRef(action.value);
        if (!ref) throw new AppError('VALIDATION', `bad ${actionId} value`, { userMessage: 'That button is from an unknown message.' });
        const user = await userOrExplain(deps, teamOf(body, context), slackUserId, (t) => (channel ? api.ephemeral(channel, slackUserId, t) : Promise.resolve()));
        if (user) await fn({ body, user, ref, channel, threadTs });
      } catch (e) {
        await sayError(deps, channel, slackUserId, e, threadTs);
      }
    });

  // Project details: a modal with what the invitation will say (owner-scoped read).
  onMapButton(ACTION.details, async ({ body, user, ref, channel }) => {
    await api.openView(body.trigger_id, detailsModal(ref.jobId, ref.version, await app.details.get(user.userId, ref.jobId), channel));
  });

  // The e-mail a subcontractor will get, in the map's thread, before the red button.
  onMapButton(ACTION.preview, async ({ user, ref, channel, threadTs }) => {
    const p = await previewInvitations({ ...app, logger: log }, user.userId, ref.jobId);
    if (channel) await api.post(channel, { text: truncateText(mrkdwn`Preview of the invitation:\n\`\`\`${formatPreview(p, { maxPreviews: 1 })}\`\`\``, 3900) }, threadTs);
  });
}
