import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { addendumPlanJson, formatAddendumPlan } from '../../core/addenda/addenda.js';
import { UsageError, type CliContext, type JsonOption, type UserOption } from '../context.js';

/** `redbutton addendum <job> [file]`: add an addendum to a job and show what changed and who would hear of it. */
export function registerAddendumCommand(program: Command, ctx: CliContext): void {
  program
    .command('addendum <job> [file]')
    .description("add an addendum PDF to a job: what it changes, the trades it adds, who gets a notice (approve it with 'redbutton approve'); without a file, show the addendum waiting for approval")
    .option('--user <email>', 'whose job (default: $REDBUTTON_USER)')
    .option('--json', 'print JSON')
    .action(async (jobArg: string, file: string | undefined, opts: UserOption & JsonOption) => {
      const app = await ctx.getApp();
      const [userId, jobId] = await ctx.userJob(opts.user, jobArg);
      if (file !== undefined) {
        const path = resolve(file);
        if (!existsSync(path)) throw new UsageError(`No file ${file} (looked at ${path}).`);
        if (!statSync(path).isFile()) throw new UsageError(`${file} is not a file.`);
        await app.addenda.receive(userId, jobId, { path, name: basename(file), receivedVia: 'file' });
      }
      const plan = await app.addenda.preview(userId, jobId);
      if (opts.json) return ctx.json(addendumPlanJson(plan));
      ctx.print(formatAddendumPlan(plan));
      ctx.print(`\nApprove it (the red button): redbutton approve ${jobId.slice(0, 8)} --version ${plan.addendum.mapVersion ?? '?'}`);
    });
}
