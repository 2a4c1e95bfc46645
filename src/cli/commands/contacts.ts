import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { UsageError, type CliContext, type JsonOption, type UserOption } from '../context.js';
import { describePlan } from '../../core/contacts/import/plan.js';
import { contactView } from '../../channels/http/views.js';
import { formatContacts } from '../format.js';
import { progressBar } from '../progress.js';

export function registerContactsCommands(program: Command, ctx: CliContext): void {
  const contacts = program.command('contacts').description("manage a user's subcontractor contacts");

  contacts
    .command('import <file>')
    .description('import contacts from .xlsx, .csv (ours, Outlook, Google, Procore, BuildingConnected) or .vcf — the format is recognised from the file')
    .option('--user <email>', 'the user whose address book this is (default: $REDBUTTON_USER)')
    .option('--dry-run', 'show what would be created, merged and skipped; write nothing')
    .option('--sheet <name>', 'the workbook sheet to read (default: the one that looks like a sub list)')
    .option('--skip-invalid', 'import the valid rows and report the rest (default: all or nothing)')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: UserOption & JsonOption & { skipInvalid?: boolean; dryRun?: boolean; sheet?: string }) => {
      const user = await ctx.user(opts.user);
      const bar = opts.json ? undefined : progressBar('Importing contacts');
      const { addressBook } = await ctx.getApp();
      const result = await addressBook
        .import(user.userId, readFileSync(file), { skipInvalid: opts.skipInvalid, dryRun: opts.dryRun, sheet: opts.sheet, fileName: basename(file), onProgress: bar?.update })
        .finally(() => bar?.stop());
      if (opts.json) return ctx.json(result);
      for (const line of describePlan(result, { written: result.written })) ctx.print(line);
    });

  contacts
    .command('list')
    .description('list contacts')
    .option('--user <email>', 'the user whose address book this is (default: $REDBUTTON_USER)')
    .option('--json', 'print JSON')
    .action(async (opts: UserOption & JsonOption) => {
      const rows = await (await ctx.getApp()).addressBook.list((await ctx.user(opts.user)).userId);
      // The HTTP API's shape (GET /contacts): snake_case, trades as divisions.
      if (opts.json) ctx.json({ contacts: rows.map(contactView) });
      else ctx.print(formatContacts(rows));
    });

  contacts
    .command('add')
    .description('add one contact (an existing e-mail is merged)')
    .option('--user <email>', 'the user whose address book this is (default: $REDBUTTON_USER)')
    .requiredOption('--email <email>', 'e-mail address')
    .option('--name <name>', 'company or person name')
    .option('--trades <trades>', 'trades, e.g. "Electrical; Low Voltage" or "26, 27"')
    .option('--zip <zip>', 'zip code')
    .option('--phone <phone>', 'phone')
    .option('--json', 'print JSON')
    .action(async (opts: UserOption & JsonOption & { email: string; name?: string; trades?: string; zip?: string; phone?: string }) => {
      const row = await (await ctx.getApp()).addressBook.add((await ctx.user(opts.user)).userId, { email: opts.email, name: opts.name, trades: opts.trades, zipCode: opts.zip, phone: opts.phone });
      if (opts.json) ctx.json(contactView(row));
      else ctx.print(`Saved ${row.name} <${row.email}>.`);
    });

  contacts
    .command('export')
    .description('export contacts as CSV, or .xlsx with --format xlsx (to stdout, or --output); either imports back the same')
    .option('--user <email>', 'the user whose address book this is (default: $REDBUTTON_USER)')
    .option('-o, --output <file>', 'write to a file')
    .option('--format <format>', 'csv or xlsx (default: from the --output name, else csv)')
    .action(async (opts: UserOption & { output?: string; format?: string }) => {
      const format = opts.format ?? (opts.output && /\.xlsx$/i.test(opts.output) ? 'xlsx' : 'csv');
      if (format !== 'csv' && format !== 'xlsx') throw new UsageError(`--format must be csv or xlsx, not "${format}".`);
      const book = (await ctx.getApp()).addressBook;
      const userId = (await ctx.user(opts.user)).userId;
      const data = format === 'xlsx' ? await book.exportXlsx(userId) : await book.exportCsv(userId);
      if (opts.output) writeFileSync(opts.output, data);
      else process.stdout.write(data);
    });
}
