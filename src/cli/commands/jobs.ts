import type { Command } from 'commander';
import { UsageError, type CliContext, type JsonOption, type UserOption } from '../context.js';
import { formatDetails, formatJob, formatJobs } from '../format.js';
import { jobSummaryView, jobView, projectDetailsView } from '../../channels/http/views.js';
import type { DetailsPatch } from '../../core/project/details.js';
import { jobLives } from '../../core/outreach/job-life.js';

interface EditOpts extends UserOption, JsonOption {
  name?: string;
  street?: string;
  city?: string;
  state?: string;
  zip?: string;
  timeZone?: string;
  due?: string;
  jobWalk?: string;
  jobWalkNote?: string;
  rfi?: string;
  message?: string;
  scope?: string[];
  target?: string;
  reminders?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `redbutton jobs list|show|edit` (also `redbutton job …`). */
export function registerJobsCommands(program: Command, ctx: CliContext): void {
  const jobs = program.command('jobs').alias('job').description("a user's jobs: list, show, edit the project details");
  jobs
    .command('list')
    .description('list jobs, newest first')
    .option('--user <email>', 'whose jobs (default: $REDBUTTON_USER)')
    .option('--json', 'print JSON')
    .action(async (opts: UserOption & JsonOption) => {
      const app = await ctx.getApp();
      const rows = await app.repos.jobs.listForUser((await ctx.user(opts.user)).userId);
      // Where each job is, in words: "map ready for review", "sent 5/6 · bids due in 3 days", "closed".
      const lives = await jobLives(app, rows);
      if (opts.json) ctx.json({ jobs: rows.map((j) => ({ ...jobSummaryView(j), life: lives.get(j.jobId)?.words ?? null })) });
      else ctx.print(formatJobs(rows, (j) => lives.get(j.jobId)?.words));
    });
  jobs
    .command('show <job>')
    .description('show one job: status, failure reason, project details')
    .option('--user <email>', 'whose job (default: $REDBUTTON_USER)')
    .option('--json', 'print JSON')
    .action(async (jobArg: string, opts: UserOption & JsonOption) => {
      const app = await ctx.getApp();
      const [userId, jobId] = await ctx.userJob(opts.user, jobArg);
      const job = await app.repos.jobs.getForUser(userId, jobId);
      const details = await app.details.get(userId, jobId);
      const map = job.contactsMapRef ? await app.maps.current(userId, jobId) : null;
      if (opts.json) ctx.json({ ...jobView(job, map), details: projectDetailsView(details) });
      else ctx.print(`${formatJob(job)}\n\n${formatDetails(details)}`);
    });
  jobs
    .command('edit <job>')
    .description('edit what the invitation says: e.g. --due "Dec 12 2pm CT" --job-walk "Dec 3 10am" --scope "26=Include site lighting"')
    .option('--user <email>', 'whose job (default: $REDBUTTON_USER)')
    .option('--name <project>', 'project name')
    .option('--street <address>', 'street address of the site')
    .option('--city <city>', 'city')
    .option('--state <state>', 'state or province (MN, ON …)')
    .option('--zip <zip>', 'zip or postal code (55303, 55303-1234, K1A 0B1); subcontractors are chosen by distance from it')
    .option('--time-zone <zone>', 'time zone of the dates (CT, America/Chicago …)')
    .option('--due <when>', "the subcontractors' bid due date and time, e.g. \"Dec 12 2pm CT\"")
    .option('--job-walk <when>', 'job walk / pre-bid meeting, e.g. "Dec 3 10am"')
    .option('--job-walk-note <text>', 'where to meet for the job walk')
    .option('--rfi <when>', 'RFI deadline, e.g. "Dec 8 5pm"')
    .option('--message <text>', 'a note to the subcontractors, printed in every invitation')
    .option('--target <n>', 'bidders wanted per trade (default 3); coverage lists trades under it (editable after sending)')
    .option('--reminders <days>', 'reminders to the subs N days before bids are due, e.g. "3,1" (default), "2" or "off" (editable after sending)')
    .option('--scope <trade=note>', 'a scope note for one trade, e.g. "26=Include site lighting" (repeatable; empty note removes)', collect)
    .option('--json', 'print JSON')
    .action(async (jobArg: string, opts: EditOpts) => {
      const patch: DetailsPatch = {};
      const set = <K extends keyof DetailsPatch>(k: K, v: DetailsPatch[K] | undefined) => {
        if (v !== undefined) patch[k] = v;
      };
      set('name', opts.name);
      set('street_address', opts.street);
      set('city', opts.city);
      set('state_or_province', opts.state);
      set('zip_code', opts.zip);
      set('time_zone', opts.timeZone);
      set('bid_due', opts.due);
      set('job_walk', opts.jobWalk);
      set('job_walk_note', opts.jobWalkNote);
      set('rfi_deadline', opts.rfi);
      set('message', opts.message);
      if (opts.target !== undefined) {
        const n = Number(opts.target);
        if (!Number.isInteger(n) || n < 1 || n > 50) throw new UsageError(`--target takes a whole number of bidders from 1 to 50, got "${opts.target}".`);
        patch.bid_target = n;
      }
      set('reminders', opts.reminders);
      if (opts.scope?.length) {
        patch.scope_notes = {};
        for (const item of opts.scope) {
          const i = item.indexOf('=');
          if (i < 1) throw new UsageError(`--scope takes trade=note (e.g. "26=Include site lighting"), got "${item}".`);
          patch.scope_notes[item.slice(0, i).trim()] = item.slice(i + 1).trim() || null;
        }
      }
      if (Object.keys(patch).length === 0) throw new UsageError('Nothing to change: give at least one of --name, --street, --city, --state, --zip, --time-zone, --due, --job-walk, --rfi, --message, --scope, --target, --reminders.');
      const [userId, jobId] = await ctx.userJob(opts.user, jobArg);
      const details = await (await ctx.getApp()).details.edit(userId, jobId, patch, 'cli');
      if (opts.json) ctx.json({ job_id: jobId, details: projectDetailsView(details) });
      else ctx.print(`Saved.\n\n${formatDetails(details)}`);
    });
}
