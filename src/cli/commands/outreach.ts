import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError, type CliContext, type JsonOption, type UserOption } from '../context.js';
import { logger } from '../../core/log.js';
import type { DrainResult } from '../../core/outreach/index.js';
import { previewView } from '../../channels/http/views.js';

// Loaded when an outreach command runs, not when the CLI starts (nodemailer, templates, IMAP).
const core = () => import('../../core/outreach/index.js');

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`"${v}" is not a version number (1, 2, 3 …).`);
  return n;
}

function formatDrain(r: DrainResult): string {
  const parts = [`${r.sent} sent`, `${r.retried} to retry later`, `${r.failed} failed`];
  const rec = r.reconciled;
  if (rec.requeued || rec.sent || rec.uncertain) {
    parts.push(`after an interrupted run: ${rec.requeued} re-queued, ${rec.sent} found sent, ${rec.uncertain} uncertain`);
  }
  return `${parts.join(', ')}.${r.jobsEmailed.length ? ` Jobs done: ${r.jobsEmailed.join(', ')}.` : ''}`;
}

/** `redbutton approve …` (the red button) and `redbutton outreach status|send|resend|bounce`. */
export function registerOutreachCommands(program: Command, ctx: CliContext): void {
  const drain = async (opts: { jobId?: string } = {}): Promise<DrainResult> => {
    const app = await ctx.getApp();
    const [{ OutreachSender }, { ImapSentMailLookup }] = await Promise.all([core(), import('../../channels/email/sent-lookup.js')]);
    // With a mailbox configured, a send interrupted by a crash is looked up in its Sent folder.
    const sentLookup = app.config.IMAP_HOST ? new ImapSentMailLookup(app.config, logger) : undefined;
    const sender = new OutreachSender(app, sentLookup ? { sentLookup } : {});
    try {
      return await sender.drainOnce(opts);
    } finally {
      await sender.close();
    }
  };

  program
    .command('approve <job>')
    .description('approve the contacts map and queue the bid invitations (the red button)')
    .option('--user <email>', 'whose job (default: $REDBUTTON_USER)')
    .option('--version <n>', 'the map version you reviewed (refused if the map has changed since); default: the current one')
    .option('--preview', 'show the e-mail one recipient per trade will receive, and what blocks sending; approves nothing')
    .option('--send', "send this job's invitations now instead of leaving them to the running service")
    .option('--json', 'print JSON')
    .action(async (jobArg: string, opts: UserOption & JsonOption & { version?: string; send?: boolean; preview?: boolean }) => {
      const { approveJob, formatApproval, formatOutreachReport, outreachReport, previewInvitations, formatPreview } = await core();
      const app = await ctx.getApp();
      const [userId, jobId] = await ctx.userJob(opts.user, jobArg);
      if (opts.preview) {
        if (opts.send) throw new UsageError('--preview shows the e-mail without sending; leave out --send (or --preview).');
        const p = await previewInvitations(app, userId, jobId);
        if (opts.json) ctx.json(previewView(p));
        else ctx.print(`${formatPreview(p)}
${p.blockers.length ? '' : `
Send them with: redbutton approve ${jobId.slice(0, 8)} --send`}`);
        return;
      }
      const version = opts.version ? positiveInt(opts.version) : (await app.maps.current(userId, jobId)).version;
      // --send: the mail settings are checked before anything is approved (no half-approved job).
      const summary = await approveJob(app, userId, jobId, { version, via: 'cli', sendNow: opts.send === true });
      const sent = opts.send ? await drain({ jobId }) : undefined;
      if (opts.json) {
        ctx.json({ approval: summary, ...(sent ? { send: sent, report: await outreachReport(app, userId, jobId) } : {}) });
        return;
      }
      ctx.print(formatApproval(summary));
      if (sent) ctx.print(`\n${formatDrain(sent)}\n\n${formatOutreachReport(await outreachReport(app, userId, jobId))}`);
      else ctx.print('The invitations go out with the running service, or now with: redbutton outreach send');
    });

  const outreach = program.command('outreach').description('bid invitations: status, sending, resending, bounces');

  outreach
    .command('status <job>')
    .description("where a job's invitations stand: sent, queued, failed, bounced, uncertain, unsubscribed")
    .option('--user <email>', 'whose job (default: $REDBUTTON_USER)')
    .option('--json', 'print JSON')
    .action(async (jobId: string, opts: UserOption & JsonOption) => {
      const { formatOutreachReport, outreachReport } = await core();
      const app = await ctx.getApp();
      const report = await outreachReport(app, ...(await ctx.userJob(opts.user, jobId)));
      if (opts.json) ctx.json(report);
      else ctx.print(formatOutreachReport(report));
    });

  outreach
    .command('send')
    .description('send every queued invitation that is due, once (the service does this continuously)')
    .option('--json', 'print JSON')
    .action(async (opts: JsonOption) => {
      const r = await drain();
      if (opts.json) ctx.json(r);
      else ctx.print(formatDrain(r));
    });

  outreach
    .command('resend <job> <emailId>')
    .description('send again an invitation whose sending is uncertain (check your Sent folder first)')
    .option('--user <email>', 'whose job (default: $REDBUTTON_USER)')
    .option('--send', 'send it now')
    .option('--json', 'print JSON')
    .action(async (jobId: string, emailId: string, opts: UserOption & JsonOption & { send?: boolean }) => {
      const { resendUncertain } = await core();
      const app = await ctx.getApp();
      const row = await resendUncertain(app, ...(await ctx.userJob(opts.user, jobId)), emailId);
      const sent = opts.send ? await drain() : undefined;
      if (opts.json) ctx.json({ row, ...(sent ? { send: sent } : {}) });
      else ctx.print(`Invitation to ${row.toEmail ?? '?'} queued again.${sent ? ` ${formatDrain(sent)}` : ' It goes out with the service, or now with: redbutton outreach send'}`);
    });

  program
    .command('coverage <job>')
    .description('bid coverage per trade: invited, opened, bidding, not bidding, no answer, failed; who to invite next; reminders ahead')
    .option('--user <email>', 'whose job (default: $REDBUTTON_USER)')
    .option('--invite [contacts...]', '"invite these too": queue invitations to the proposed contacts (all, or the contact ids given)')
    .option('--send', 'with --invite: send them now instead of leaving them to the running service')
    .option('--json', 'print JSON')
    .action(async (jobArg: string, opts: UserOption & JsonOption & { invite?: boolean | string[]; send?: boolean }) => {
      const { bidCoverage, formatCoverage, inviteMore, formatInviteMore } = await core();
      const { coverageView, inviteMoreView } = await import('../../channels/http/views.js');
      const app = await ctx.getApp();
      const [userId, jobId] = await ctx.userJob(opts.user, jobArg);
      if (opts.invite) {
        const res = await inviteMore(app, userId, jobId, { contactIds: Array.isArray(opts.invite) ? opts.invite : undefined, via: 'cli' });
        const sent = opts.send && res.queued.length ? await drain({ jobId }) : undefined;
        if (opts.json) ctx.json({ ...inviteMoreView(res), ...(sent ? { send: sent } : {}) });
        else ctx.print(`${formatInviteMore(res)}${sent ? ` ${formatDrain(sent)}` : res.queued.length ? ' They go out with the service, or now with: redbutton outreach send' : ''}`);
        return;
      }
      const c = await bidCoverage(app, userId, jobId);
      if (opts.json) ctx.json(coverageView(c));
      else ctx.print(formatCoverage(c, { inviteHint: `To invite them: redbutton coverage ${jobId.slice(0, 8)} --invite` }));
    });

  outreach
    .command('bounce <file>')
    .description("record a bounce, auto-reply or complaint report saved as .eml (any mail server's format)")
    .option('--json', 'print JSON')
    .action(async (file: string, opts: JsonOption) => {
      const { handleBounce } = await core();
      const res = await handleBounce(await ctx.getApp(), readFileSync(file));
      if (opts.json) ctx.json(res);
      else ctx.print(res.matched ? `${res.note}: ${res.reason ?? ''}`.trim() : `Not recorded: ${res.note}.`);
    });
}
