import type { Command } from 'commander';
import type { CliContext, JsonOption, UserOption } from '../context.js';
import { formatJob, formatJobs } from '../format.js';

export function registerJobsCommands(program: Command, ctx: CliContext): void {
  const jobs = program.command('jobs').description("a user's jobs");
  jobs
    .command('list')
    .description('list jobs, newest first')
    .requiredOption('--user <email>', 'whose jobs')
    .option('--json', 'print JSON')
    .action((opts: UserOption & JsonOption) => {
      const rows = ctx.getApp().repos.jobs.listForUser(ctx.user(opts.user).userId);
      if (opts.json) ctx.json(rows);
      else ctx.print(formatJobs(rows));
    });
  jobs
    .command('show <job>')
    .description('show one job: status, failure reason, artifacts')
    .requiredOption('--user <email>', 'whose job')
    .option('--json', 'print JSON')
    .action((jobId: string, opts: UserOption & JsonOption) => {
      const job = ctx.getApp().repos.jobs.getForUser(ctx.user(opts.user).userId, jobId);
      if (opts.json) ctx.json(job);
      else ctx.print(formatJob(job));
    });
}
