import type { Command } from 'commander';
import type { MapEdit } from '../../core/contacts/map-edits.js';
import { UsageError, type CliContext, type JsonOption, type UserOption } from '../context.js';
import { formatDiff, formatHistory, formatMap } from '../format.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface EditOpts extends UserOption, JsonOption {
  trade?: string;
  add?: string[];
  remove?: string[];
  select?: string[];
  addTrade?: string[];
  removeTrade?: string[];
  version?: string;
}

export function registerMapCommands(program: Command, ctx: CliContext): void {
  const map = program.command('map').description("a job's contacts map: show, edit, history, diff, roll back");

  map
    .command('show <job>')
    .description('show the current contacts map (or --version N)')
    .option('--user <email>', 'whose job (default: $REDBUTTON_USER)')
    .option('--version <n>', 'an earlier version')
    .option('--json', 'print JSON')
    .action(async (jobId: string, opts: UserOption & JsonOption & { version?: string }) => {
      const { maps } = await ctx.getApp();
      const user = await ctx.user(opts.user);
      const m = opts.version ? await maps.version(user.userId, await ctx.jobId(user.userId, jobId), positiveInt(opts.version)) : await maps.current(user.userId, await ctx.jobId(user.userId, jobId));
      if (opts.json) ctx.json(m);
      else ctx.print(formatMap(m));
    });

  map
    .command('edit <job>')
    .description('edit the map: e.g. --trade 26 --add bob@acme.test --remove "Volt Bros"')
    .option('--user <email>', 'whose job (default: $REDBUTTON_USER)')
    .option('--trade <trade>', 'the trade the contact options apply to (division or name)')
    .option('--add <contact>', 'put a contact on --trade (e-mail; a new e-mail joins your contacts)', collect)
    .option('--select <contact>', 'select a listed contact for --trade', collect)
    .option('--remove <contact>', 'deselect a contact from --trade (name, e-mail or id)', collect)
    .option('--add-trade <trade>', 'add a trade to the map', collect)
    .option('--remove-trade <trade>', 'remove a trade from the map', collect)
    .option('--version <n>', 'refuse the edit unless the map is still at this version')
    .option('--json', 'print JSON')
    .action(async (jobId: string, opts: EditOpts) => {
      const edits: MapEdit[] = [
        ...(opts.addTrade ?? []).map((trade): MapEdit => ({ op: 'add_trade', trade })),
        ...(opts.removeTrade ?? []).map((trade): MapEdit => ({ op: 'remove_trade', trade })),
      ];
      const perTrade = [...(opts.add ?? []), ...(opts.select ?? []), ...(opts.remove ?? [])];
      if (perTrade.length && !opts.trade) throw new UsageError('--add, --select and --remove need --trade <division or name>.');
      const trade = opts.trade ?? '';
      edits.push(...(opts.add ?? []).map((contact): MapEdit => ({ op: 'add_contact', trade, contact })));
      edits.push(...(opts.select ?? []).map((contact): MapEdit => ({ op: 'select', trade, contact })));
      edits.push(...(opts.remove ?? []).map((contact): MapEdit => ({ op: 'deselect', trade, contact })));
      if (edits.length === 0) throw new UsageError('Nothing to change: give --add/--select/--remove with --trade, or --add-trade/--remove-trade.');
      const user = await ctx.user(opts.user);
      const next = await (await ctx.getApp()).maps.edit(user.userId, await ctx.jobId(user.userId, jobId), edits, { via: 'cli', expectedVersion: opts.version ? positiveInt(opts.version) : undefined });
      if (opts.json) ctx.json(next);
      else ctx.print(`Saved version ${next.version}.\n\n${formatMap(next)}`);
    });

  map
    .command('history <job>')
    .description('every version of the map, with what changed')
    .option('--user <email>', 'whose job (default: $REDBUTTON_USER)')
    .option('--json', 'print JSON')
    .action(async (jobId: string, opts: UserOption & JsonOption) => {
      const rows = await (await ctx.getApp()).maps.history(...(await ctx.userJob(opts.user, jobId)));
      if (opts.json) ctx.json(rows);
      else ctx.print(formatHistory(rows));
    });

  map
    .command('diff <job> <from> <to>')
    .description('what changed between two versions')
    .option('--user <email>', 'whose job (default: $REDBUTTON_USER)')
    .option('--json', 'print JSON')
    .action(async (jobId: string, from: string, to: string, opts: UserOption & JsonOption) => {
      const d = await (await ctx.getApp()).maps.diff(...(await ctx.userJob(opts.user, jobId)), positiveInt(from), positiveInt(to));
      if (opts.json) ctx.json(d);
      else ctx.print(formatDiff(d));
    });

  map
    .command('rollback <job> <version>')
    .description('make an earlier version current again (as a new version)')
    .option('--user <email>', 'whose job (default: $REDBUTTON_USER)')
    .option('--json', 'print JSON')
    .action(async (jobId: string, version: string, opts: UserOption & JsonOption) => {
      const next = await (await ctx.getApp()).maps.rollback(...(await ctx.userJob(opts.user, jobId)), positiveInt(version), { via: 'cli' });
      if (opts.json) ctx.json(next);
      else ctx.print(`Rolled back: version ${next.version} has the content of version ${version}.\n\n${formatMap(next)}`);
    });
}

function positiveInt(text: string): number {
  const n = Number(text.replace(/^v/i, ''));
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`"${text}" is not a version number.`);
  return n;
}
