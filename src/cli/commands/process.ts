import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parsePostcode } from '../../core/contacts/geo.js';
import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import { UsageError, type CliContext, type JsonOption, type UserOption } from '../context.js';
import { formatDetails, formatMap } from '../format.js';
import { pageProgressBar } from '../progress.js';

export function registerProcessCommand(program: Command, ctx: CliContext): void {
  program
    .command('process <files...>')
    .description('run the whole job on a bid package — one or more PDFs, ZIPs or Outlook items, one job: store → read pages → detect trades → contacts map')
    .option('--user <email>', 'the estimator the job belongs to (default: $REDBUTTON_USER)')
    .option('--name <project>', 'project name (default: the file name)')
    .option('--zip <zip>', "the project's zip or postal code, for distances to subcontractors (default: from the documents)")
    .option('--new-job', 'make a new job even if you sent these same PDFs before')
    .option('--json', 'print the contacts map as JSON')
    .action(async (files: string[], opts: UserOption & JsonOption & { name?: string; zip?: string; newJob?: boolean }) => {
      const received = files.map((file) => {
        const path = resolve(file);
        if (!existsSync(path)) throw new UsageError(`No file ${file} (looked at ${path}).`);
        if (!statSync(path).isFile()) throw new UsageError(`${file} is not a file.`);
        return { name: basename(file), path, receivedVia: 'file' as const };
      });
      const zipCode = opts.zip ? parsePostcode(opts.zip).code : null;
      const app = await ctx.getApp();
      const user = await ctx.user(opts.user);
      const result = await app.packages.submit({ userId: user.userId, name: opts.name, files: received, zipCode, origin: 'cli', allowDuplicate: opts.newJob === true });
      // What was taken and skipped goes to stderr, so --json output stays one document.
      const { packageReportLines } = await import('../../core/documents/receive.js'); // loaded on use: unzip and Outlook readers stay out of start-up
      const report = packageReportLines(result.report);
      if (!result.job) throw new AppError(result.error!.code, result.error!.message, { userMessage: [result.error!.userMessage, ...report].join('\n') });
      const job = result.job;
      if (received.length > 1 || result.report.skipped.length) process.stderr.write(`${report.join('\n')}\n`);
      const bar = pageProgressBar();
      const done = await app.dispatcher.run(job.jobId, { onProgress: bar.update }).finally(bar.stop);
      if (!done || done.status === 'FAILED') {
        throw new AppError('JOB_STATE', `Job ${job.jobId} failed`, {
          userMessage: `Job ${job.jobId} failed${done?.failedStage ? ` while ${done.failedStage.replace('_', ' ')}` : ''}: ${done?.failureReason ?? 'unknown reason'}`,
        });
      }
      const map = await app.maps.current(user.userId, job.jobId);
      if (opts.json) return ctx.json(map);
      const details = await app.details.get(user.userId, job.jobId);
      const short = job.jobId.slice(0, 8);
      ctx.print(`Job ${job.jobId}: ${done.pageCount ?? '?'} pages read, ${map.trades.length} trades.\n`);
      ctx.print(formatMap(map));
      ctx.print(`\n${formatDetails(details)}`);
      ctx.print(
        `\nEdit:    redbutton map edit ${short} --trade <div> --add <email>\nDetails: redbutton job edit ${short} --due "Dec 12 2pm CT"\nPreview: redbutton approve ${short} --preview\nSend:    redbutton approve ${short} --send`,
      );
    });
}
