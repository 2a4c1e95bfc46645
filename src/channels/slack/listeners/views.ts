import type { App as BoltApp, ViewSubmitAction } from '@slack/bolt';
import { isAppError, userMessageOf } from '../../../core/errors.js';
import type { JobRow } from '../../../core/records.js';
import { ACTION, MODAL_BLOCK, VIEW, parseAddContactMetadata, truncate } from '../blocks.js';
import { DETAILS_VIEW, detailsPatchFromModal, parseDetailsMetadata } from '../details-modal.js';
import { People } from '../people.js';
import { teamOf, type ListenerDeps } from './context.js';

/**
 * Modal submissions: the project details form and "Add contact". A refusal is shown on the
 * form's field (Slack's response_action "errors"), so the person fixes it where they typed it;
 * the map message is re-rendered after the form closes.
 */
export function registerViews(bolt: BoltApp, deps: ListenerDeps): void {
  const { app, log, store, people } = deps;

  bolt.view<ViewSubmitAction>(DETAILS_VIEW, async ({ ack, body, view, context }) => {
    const slackUserId = body.user.id;
    const meta = parseDetailsMetadata(view.private_metadata);
    const errors = (block: string, text: string) => ack({ response_action: 'errors', errors: { [block]: truncate(text, 150) } });
    if (!meta) return void (await errors('bid_due', 'This form is from an unknown message; close it and use the map again.'));
    let jobRow: JobRow;
    try {
      const r = await people.resolve(teamOf(body, context), slackUserId);
      if (!r.user) return void (await errors('bid_due', People.explain(r).toString()));
      const before = await app.details.get(r.user.userId, meta.jobId);
      const patch = detailsPatchFromModal(view.state.values, before);
      if (Object.keys(patch).length) await app.details.edit(r.user.userId, meta.jobId, patch, 'slack');
      jobRow = await app.repos.jobs.getForUser(r.user.userId, meta.jobId);
    } catch (e) {
      if (!isAppError(e)) log.error({ err: e, jobId: meta.jobId }, 'details from Slack failed');
      // The field the message is about, when it names one; else the due date at the top.
      const field = /zip|postal/i.test(userMessageOf(e)) ? 'zip_code' : /job walk/i.test(userMessageOf(e)) ? 'job_walk' : /RFI/i.test(userMessageOf(e)) ? 'rfi_deadline' : 'bid_due';
      return void (await errors(field, userMessageOf(e)));
    }
    await ack();
    log.info({ jobId: meta.jobId, slackUserId }, 'project details edited from Slack');
    deps.track('rerender after details', deps.publisher.publish(jobRow), meta.jobId);
  });

  bolt.view<ViewSubmitAction>(VIEW.addContact, async ({ ack, body, view, context }) => {
    const slackUserId = body.user.id;
    if (await store.seen(`view-done:${view.id}`)) {
      await ack(); // already applied (a replayed submission): just close the modal
      return;
    }
    const meta = parseAddContactMetadata(view.private_metadata);
    const values = view.state.values;
    const picked: string | undefined = values[MODAL_BLOCK.pick]?.[ACTION.pickContact]?.selected_option?.value ?? values[MODAL_BLOCK.pick]?.[ACTION.pickContactExternal]?.selected_option?.value;
    const email: string | undefined = (values[MODAL_BLOCK.email]?.[ACTION.newEmail]?.value ?? '').trim() || undefined;
    const name: string | undefined = (values[MODAL_BLOCK.name]?.[ACTION.newName]?.value ?? '').trim() || undefined;
    const errors = (block: string, text: string) => ack({ response_action: 'errors', errors: { [block]: truncate(text, 150) } });
    if (!meta) return void (await errors(MODAL_BLOCK.email, 'This form is from an unknown message; close it and use the map again.'));
    if (!picked && !email) return void (await errors(MODAL_BLOCK.email, 'Pick an existing contact above, or type an e-mail address here.'));
    if (picked && email) return void (await errors(MODAL_BLOCK.email, 'Either pick a contact or type an e-mail — not both.'));
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return void (await errors(MODAL_BLOCK.email, `"${email}" is not an e-mail address.`));
    let jobRow: JobRow;
    try {
      const r = await people.resolve(teamOf(body, context), slackUserId);
      if (!r.user) return void (await errors(MODAL_BLOCK.email, People.explain(r).value));
      // The address book as it is now: someone who unsubscribed or bounced is refused here, in the modal.
      const existing = picked ? await app.repos.contacts.findForUser(r.user.userId, picked) : await app.repos.contacts.findByEmail(r.user.userId, email!);
      if (existing?.unsubscribedAt) return void (await errors(picked ? MODAL_BLOCK.pick : MODAL_BLOCK.email, `${existing.name} asked not to be contacted (unsubscribed), so they cannot be invited.`));
      if (existing?.emailBadAt) return void (await errors(picked ? MODAL_BLOCK.pick : MODAL_BLOCK.email, `${existing.name}'s address bounced before (${existing.emailBadReason ?? 'bad address'}); fix it in your contacts first.`));
      await app.maps.edit(r.user.userId, meta.jobId, [{ op: 'add_contact', trade: meta.division, contact: picked ?? email!, ...(name && !picked ? { name } : {}) }], { expectedVersion: meta.version, via: 'slack' });
      jobRow = await app.repos.jobs.getForUser(r.user.userId, meta.jobId);
    } catch (e) {
      if (!isAppError(e)) log.error({ err: e, jobId: meta.jobId }, 'add contact from Slack failed');
      return void (await errors(picked ? MODAL_BLOCK.pick : MODAL_BLOCK.email, userMessageOf(e)));
    }
    await store.markProcessed(`view-done:${view.id}`, 'view');
    await ack();
    log.info({ jobId: meta.jobId, division: meta.division, slackUserId }, 'contact added from Slack');
    deps.track('rerender after add contact', deps.publisher.publish(jobRow), meta.jobId);
  });
}
