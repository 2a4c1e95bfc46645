import type { App as BoltApp } from '@slack/bolt';
import { isAppError } from '../../../core/errors.js';
import { isSelectable } from '../../../core/contacts/map-summary.js';
import { ACTION, LIMITS, candidateOption, decodeRef, truncate } from '../blocks.js';
import { teamOf, type ListenerDeps } from './context.js';

/**
 * Options for external selects (block_suggestion), typed by the person: a trade's candidates on a
 * map too long for a static menu, and the address book in "Add contact". Only the owner's data;
 * anyone else (or any failure) gets an empty list.
 */
export function registerOptions(bolt: BoltApp, deps: ListenerDeps): void {
  const { app, log, people } = deps;

  bolt.options(ACTION.selectExternal, async ({ ack, body, options: payload, context }) => {
    try {
      const ref = decodeRef(payload.block_id);
      const r = await people.resolve(teamOf(body, context), String(body.user?.id ?? ''));
      if (!ref?.division || !r.user) return void (await ack({ options: [] }));
      const map = await app.maps.current(r.user.userId, ref.jobId);
      const q = String(payload.value ?? '').toLowerCase();
      const trade = map.trades.find((t) => t.division === ref.division);
      const opts = (trade?.candidates ?? [])
        .filter(isSelectable)
        .filter((c) => !q || c.name.toLowerCase().includes(q) || (c.email ?? '').toLowerCase().includes(q))
        .slice(0, LIMITS.optionsPerSelect)
        .map(candidateOption);
      await ack({ options: opts });
    } catch (e) {
      if (isAppError(e)) log.info({ code: e.code }, 'options request refused');
      else log.warn({ err: e }, 'options request failed');
      await ack({ options: [] });
    }
  });

  bolt.options(ACTION.pickContactExternal, async ({ ack, body, options: payload, context }) => {
    const r = await people.resolve(teamOf(body, context), String(body.user?.id ?? ''));
    if (!r.user) return void (await ack({ options: [] }));
    const q = String(payload.value ?? '').toLowerCase();
    const opts = (await app.addressBook.list(r.user.userId))
      .filter((c) => c.email && !c.unsubscribedAt && !c.emailBadAt && (c.name.toLowerCase().includes(q) || c.email.toLowerCase().includes(q)))
      .slice(0, LIMITS.optionsPerSelect)
      .map((c) => ({ text: { type: 'plain_text' as const, text: truncate(c.name, LIMITS.optionText) }, value: c.contactId, description: { type: 'plain_text' as const, text: truncate(c.email!, LIMITS.optionText) } }));
    await ack({ options: opts });
  });
}
