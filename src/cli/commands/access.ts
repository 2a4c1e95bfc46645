import type { Command } from 'commander';
import { reviewLink, revokeReviewLinks } from '../../core/auth/review-link.js';
import { UsageError, type CliContext, type JsonOption, type UserOption } from '../context.js';

/**
 * `redbutton review-link create|revoke` and `redbutton slack unlink`: handing out and taking back
 * the ways into an account that are not passwords or API tokens.
 */
export function registerAccessCommands(program: Command, ctx: CliContext): void {
  const link = program.command('review-link').description("a job's review-page link (a credential: send it only to the job's owner)");

  link
    .command('create <job>')
    .description(`print a fresh review link for a job (valid REVIEW_LINK_DAYS days, until approval or revocation)`)
    .requiredOption('--user <email>', "the job's owner")
    .option('--json', 'print JSON')
    .action(async (jobId: string, opts: UserOption & JsonOption) => {
      const app = await ctx.getApp();
      const job = await app.repos.jobs.getForUser((await ctx.user(opts.user)).userId, jobId);
      const url = reviewLink(app, job.jobId, job.userId);
      if (opts.json) ctx.json({ job_id: job.jobId, url, days: app.config.REVIEW_LINK_DAYS });
      else ctx.print(url);
    });

  link
    .command('revoke <job>')
    .description('end every review link issued for a job so far (a new one can be created afterwards)')
    .requiredOption('--user <email>', "the job's owner")
    .option('--json', 'print JSON')
    .action(async (jobId: string, opts: UserOption & JsonOption) => {
      const app = await ctx.getApp();
      const job = await app.repos.jobs.getForUser((await ctx.user(opts.user)).userId, jobId);
      await revokeReviewLinks(app, job.jobId);
      if (opts.json) ctx.json({ job_id: job.jobId, revoked: true });
      else ctx.print(`Every review link of job ${job.jobId} issued until now is revoked. A new one: redbutton review-link create ${job.jobId} --user ${opts.user}`);
    });

  const slack = program.command('slack').description('Slack members linked to Red Button accounts');
  slack
    .command('unlink <who>')
    .description('forget the link of a Slack member (member id, e.g. U0123ABCD) or of every member linked to a Red Button user (their e-mail)')
    .option('--team <id>', 'only in this Slack workspace (team id, e.g. T0123ABCD)')
    .option('--json', 'print JSON')
    .action(async (who: string, opts: JsonOption & { team?: string }) => {
      const app = await ctx.getApp();
      let removed: number;
      if (who.includes('@')) {
        if (opts.team) throw new UsageError('--team goes with a Slack member id, not an e-mail address.');
        removed = await app.repos.slack.deleteLinks({ userId: (await ctx.user(who)).userId });
      } else {
        if (!/^[UW][A-Z0-9]{2,20}$/.test(who)) throw new UsageError(`"${who}" is neither a Slack member id (U…) nor an e-mail address.`);
        removed = await app.repos.slack.deleteLinks({ slackUserId: who, ...(opts.team ? { teamId: opts.team } : {}) });
      }
      if (opts.json) ctx.json({ unlinked: removed });
      else ctx.print(removed ? `Unlinked ${removed} Slack link(s). If the member's Slack profile e-mail is a Red Button account, they are linked to it again on next use: disable that account to keep them out.` : 'No such Slack link.');
    });
}
