import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { contactView } from '../../channels/http/views.js';
import type { CliContext, JsonOption, UserOption } from '../context.js';
import { formatContacts } from '../format.js';

export function registerContactsCommands(program: Command, ctx: CliContext): void {
  const contacts = program.command('contacts').description("manage a user's subcontractor contacts");

  contacts
    .command('import <csv>')
    .description('import contacts from a CSV (columns: name, email, phone, trades, zip_code, website)')
    .option('--user <email>', 'the user whose address book this is (default: $REDBUTTON_USER)')
    .option('--skip-invalid', 'import the valid rows and report the rest (default: all or nothing)')
    .option('--json', 'print JSON')
    .action((file: string, opts: UserOption & JsonOption & { skipInvalid?: boolean }) => {
      const user = ctx.user(opts.user);
      const result = ctx.getApp().addressBook.importCsv(user.userId, readFileSync(file), { skipInvalid: opts.skipInvalid });
      if (opts.json) return ctx.json(result);
      ctx.print(`Imported ${result.created} new contact(s), merged ${result.merged} duplicate(s).`);
      for (const s of result.skipped) ctx.print(`  skipped line ${s.line}: ${s.reason}`);
      if (result.ignoredColumns.length) ctx.print(`  ignored column(s): ${result.ignoredColumns.join(', ')}`);
    });

  contacts
    .command('list')
    .description('list contacts')
    .option('--user <email>', 'the user whose address book this is (default: $REDBUTTON_USER)')
    .option('--json', 'print JSON')
    .action((opts: UserOption & JsonOption) => {
      const rows = ctx.getApp().addressBook.list(ctx.user(opts.user).userId);
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
    .action((opts: UserOption & JsonOption & { email: string; name?: string; trades?: string; zip?: string; phone?: string }) => {
      const row = ctx.getApp().addressBook.add(ctx.user(opts.user).userId, { email: opts.email, name: opts.name, trades: opts.trades, zipCode: opts.zip, phone: opts.phone });
      if (opts.json) ctx.json(contactView(row));
      else ctx.print(`Saved ${row.name} <${row.email}>.`);
    });

  contacts
    .command('export')
    .description('export contacts as CSV (to stdout, or --output)')
    .option('--user <email>', 'the user whose address book this is (default: $REDBUTTON_USER)')
    .option('-o, --output <file>', 'write to a file')
    .action((opts: UserOption & { output?: string }) => {
      const csv = ctx.getApp().addressBook.exportCsv(ctx.user(opts.user).userId);
      if (opts.output) writeFileSync(opts.output, csv);
      else process.stdout.write(csv);
    });
}
