import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { migrate } from '../../db/migrate.js';
import type { CliContext, JsonOption } from '../context.js';
import { promptNewPassword, readPasswordFromStdin } from '../password.js';

export function registerAdminCommands(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('create the data directory and database (safe to run again)')
    .action(() => {
      const { config } = ctx.getApp();
      ctx.print(`Data directory ready: ${config.dataDir}\nDatabase: ${config.databasePath}\nNext: redbutton user add <your e-mail>`);
    });

  program
    .command('migrate')
    .description('apply database migrations that have not run yet')
    .option('--json', 'print JSON')
    .action((opts: JsonOption) => {
      const config = loadConfig();
      const handle = openDatabase(config.databasePath);
      try {
        const result = migrate(handle.sqlite);
        if (opts.json) ctx.json(result);
        else ctx.print(result.applied.length ? `Applied: ${result.applied.join(', ')}` : `Up to date (${result.alreadyApplied.length} migrations).`);
      } finally {
        handle.close();
      }
    });

  const user = program.command('user').description('manage Red Button users');
  user
    .command('add <email>')
    .description('create a user (asks for a password, or reads it with --password-stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print JSON')
    .action(async (email: string, opts: { passwordStdin?: boolean } & JsonOption) => {
      const password = opts.passwordStdin ? await readPasswordFromStdin() : await promptNewPassword();
      const created = await ctx.getApp().repos.users.create(email, password);
      if (opts.json) ctx.json(created);
      else ctx.print(`User ${created.email} created. Next: redbutton contacts import <contacts.csv> --user ${created.email}`);
    });
}
