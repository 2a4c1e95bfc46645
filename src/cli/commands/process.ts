import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import type { CliContext, JsonOption, UserOption } from '../context.js';
import { formatMap } from '../format.js';
import { pageProgressBar } from '../progress.js';

export function registerProcessCommand(program: Command, ctx: CliContext): void {
  program
    .command('process <file>')
    .description('run the whole job on a plan set: store → read pages → detect trades → contacts map')
    .requiredOption('--user <email>', 'the estimator the job belongs to')
    .option('--name <project>', 'project name (default: the file name)')
    .option('--zip <zip>', "the project's zip code, for distances to subcontractors")
    .option('--json', 'print the contacts map as JSON')
    .action(async (file: string, opts: UserOption & JsonOption & { name?: string; zip?: string }) => {
      const app = ctx.getApp();
      const user = ctx.user(opts.user);
      const job = await app.intake.submitPdf({
        userId: user.userId,
        name: opts.name,
        sourcePath: resolve(file),
        fileName: basename(file),
        zipCode: opts.zip ?? null,
        origin: 'cli',
      });
      const bar = pageProgressBar();
      const done = await app.runner.runJob(job.jobId, { onProgress: bar.update }).finally(bar.stop);
      if (!done || done.status === 'FAILED') {
        throw new AppError('JOB_STATE', `Job ${job.jobId} failed`, {
          userMessage: `Job ${job.jobId} failed${done?.failedStage ? ` while ${done.failedStage.replace('_', ' ')}` : ''}: ${done?.failureReason ?? 'unknown reason'}`,
        });
      }
      const map = await app.maps.current(user.userId, job.jobId);
      if (opts.json) return ctx.json(map);
      ctx.print(`Job ${job.jobId}: ${done.pageCount ?? '?'} pages read, ${map.trades.length} trades.\n`);
      ctx.print(formatMap(map));
      ctx.print(`\nEdit: redbutton map edit ${job.jobId} --user ${user.email} --trade <div> --add <email>\nSend: redbutton approve ${job.jobId} --user ${user.email}`);
    });
}
