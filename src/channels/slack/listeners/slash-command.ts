import type { App as BoltApp } from '@slack/bolt';
import { isAppError, userMessageOf } from '../../../core/errors.js';
import { jobLives } from '../../../core/outreach/job-life.js';
import { HELP, parseCommand } from '../commands.js';
import { joinText, mrkdwn, truncateText, type SlackText } from '../mrkdwn.js';
import { People } from '../people.js';
import { invitationStatuses } from '../render.js';
import { teamOf, type ListenerDeps } from './context.js';

/** How long "/redbutton new <name>" or "contacts import" waits for the upload it announces. */
const PENDING_TTL_MINUTES = 30;

/** The slash command: /redbutton help | link | new | contacts … | jobs | status (see ../commands.ts). */
export function registerSlashCommand(bolt: BoltApp, deps: ListenerDeps): void {
  bolt.command(/^\/redbutton/, async ({ command, ack, respond, body, context }) => {
    const teamId = teamOf(body, context);
    const slackUserId = command.user_id;
    const cmd = parseCommand(command.text ?? '');
    const reply = (text: SlackText) => ack({ response_type: 'ephemeral', text: truncateText(text, 3000).value });
    try {
      if (cmd.kind === 'help') return void (await reply(mrkdwn`${HELP}`));
      if (cmd.kind === 'usage') return void (await reply(mrkdwn`${cmd.message}`));
      if (cmd.kind === 'link') {
        const started = await deps.people.startLink(teamId, slackUserId, cmd.email);
        await reply(started.text);
        if (started.send) {
          const send = started.send;
          deps.track(
            'link code mail',
            send().catch(async (e: unknown) => {
              if (!isAppError(e)) deps.log.error({ err: e }, 'link code mail failed');
              await respond({ response_type: 'ephemeral', replace_original: false, text: mrkdwn`:warning: ${userMessageOf(e)}`.value });
            }),
          );
        }
        return;
      }
      if (cmd.kind === 'link_confirm') return void (await reply(await deps.people.confirmLink(teamId, slackUserId, cmd.code)));
      const r = await deps.people.resolve(teamId, slackUserId);
      if (!r.user) return void (await reply(People.explain(r)));
      const userId = r.user.userId;
      switch (cmd.kind) {
        case 'new':
          await deps.store.setPending(teamId, slackUserId, 'new', cmd.name, PENDING_TTL_MINUTES);
          return void (await reply(mrkdwn`OK — upload the plan PDF for *${cmd.name}* here now (drag it into this conversation). I'll reply in its thread.`));
        case 'contacts_import':
          await deps.store.setPending(teamId, slackUserId, 'contacts_import', null, PENDING_TTL_MINUTES);
          return void (await reply(mrkdwn`OK — upload the contacts file here now: an Excel workbook, a CSV (ours, Outlook, Google, Procore, BuildingConnected) or a vCard file. I show what it would import before anything is saved. (In a DM with me, just drop the file.)`));
        case 'contacts_add': {
          const c = await deps.app.addressBook.add(userId, { email: cmd.email, trades: cmd.trades, name: cmd.name });
          return void (await reply(mrkdwn`Saved ${c.name} &lt;${c.email}&gt; for trades ${c.trades ?? '—'}.`));
        }
        case 'jobs': {
          const jobs = await deps.app.repos.jobs.listForUser(userId, 10);
          if (!jobs.length) return void (await reply(mrkdwn`No jobs yet. Drop a plan PDF here to start one.`));
          const lives = await jobLives(deps.app, jobs);
          return void (await reply(joinText(['Your recent jobs:', ...jobs.map((j) => mrkdwn`• \`${j.jobId}\` ${j.name} — ${lives.get(j.jobId)?.words ?? j.status}${j.failureReason ? ` (${j.failureReason})` : ''}`)], '\n')));
        }
        case 'status': {
          const job = await deps.app.repos.jobs.getForUser(userId, cmd.jobId);
          const life = (await jobLives(deps.app, [job])).get(job.jobId);
          const lines = [mrkdwn`\`${job.jobId}\` *${job.name}* — ${life?.words ?? job.status}${job.failureReason ? `: ${job.failureReason}` : ''}`];
          if (job.contactsMapRef) lines.push(mrkdwn`Contacts map version ${(await deps.app.maps.current(userId, job.jobId)).version}.`);
          const sent = await invitationStatuses(deps.app, job.jobId);
          if (sent) {
            const counts = new Map<string, number>();
            for (const i of sent.invitations) counts.set(i.status, (counts.get(i.status) ?? 0) + 1);
            lines.push(mrkdwn`Invitations: ${[...counts].map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ')}.`);
          }
          return void (await reply(joinText(lines, '\n')));
        }
      }
    } catch (e) {
      if (!isAppError(e)) deps.log.error({ err: e }, '/redbutton failed');
      await reply(mrkdwn`:warning: ${userMessageOf(e)}`);
    }
  });
}
