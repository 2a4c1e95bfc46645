import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { ApiTokens } from '../../core/auth/api-tokens.js';
import { deleteAccount } from '../../core/auth/accounts.js';
import { UsageError, type CliContext, type JsonOption } from '../context.js';
import { promptNewPassword, readPasswordFromStdin } from '../password.js';

export function registerAdminCommands(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('create the data directory and database (safe to run again)')
    .action(async () => {
      const { config } = await ctx.getApp();
      const database = config.postgresUrl ? 'Postgres (DATABASE_URL), migrated' : config.databasePath;
      ctx.print(`Data directory ready: ${config.dataDir}\nDatabase: ${database}\nNext: redbutton user add <your e-mail>`);
    });

  program
    .command('migrate')
    .description('apply database migrations that have not run yet')
    .option('--json', 'print JSON')
    .action(async (opts: JsonOption) => {
      const { migrateDatabase } = await import('../../app.js'); // loaded on use: --help stays fast
      const result = await migrateDatabase(loadConfig());
      if (opts.json) ctx.json(result);
      else ctx.print(result.applied.length ? `Applied: ${result.applied.join(', ')}` : `Up to date (${result.alreadyApplied.length} migrations).`);
    });

  const user = program.command('user').description('manage Red Button users');
  user
    .command('add <email>')
    .description('create a user (asks for a password, or reads it with --password-stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print JSON')
    .action(async (email: string, opts: { passwordStdin?: boolean } & JsonOption) => {
      const password = opts.passwordStdin ? await readPasswordFromStdin() : await promptNewPassword();
      const created = await (await ctx.getApp()).repos.users.create(email, password);
      if (opts.json) ctx.json(created);
      else ctx.print(`User ${created.email} created. Next: redbutton contacts import <contacts.csv> --user ${created.email}`);
    });

  user
    .command('list')
    .description('every user, with whether the account is disabled')
    .option('--json', 'print JSON')
    .action(async (opts: JsonOption) => {
      const rows = await (await ctx.getApp()).repos.users.list();
      if (opts.json) ctx.json(rows);
      else ctx.print(rows.length ? rows.map((u) => `${u.email}  created ${u.createdAt ?? '?'}${u.disabledAt ? `  DISABLED ${u.disabledAt}` : ''}`).join('\n') : 'No users.');
    });

  user
    .command('disable <email>')
    .description('stop an account: no sign-in; its API tokens are revoked; its review links, Slack and e-mail access stop')
    .option('--json', 'print JSON')
    .action(async (email: string, opts: JsonOption) => {
      const app = await ctx.getApp();
      const u = await ctx.user(email);
      const disabled = await app.repos.users.setDisabled(u.userId, true);
      const revoked = await new ApiTokens(app.repos).revokeAll(u.userId);
      if (opts.json) ctx.json({ ...disabled, tokens_revoked: revoked });
      else ctx.print(`User ${u.email} disabled; ${revoked} API token(s) revoked. Undo with: redbutton user enable ${u.email}`);
    });

  user
    .command('enable <email>')
    .description('let a disabled account in again (it signs in anew: its old tokens stay revoked)')
    .option('--json', 'print JSON')
    .action(async (email: string, opts: JsonOption) => {
      const u = await (await ctx.getApp()).repos.users.setDisabled((await ctx.user(email)).userId, false);
      if (opts.json) ctx.json(u);
      else ctx.print(`User ${u.email} enabled.`);
    });

  user
    .command('delete <email>')
    .description('delete an account with its jobs, contacts, maps, tokens, links and stored files (cannot be undone)')
    .option('--yes', 'really delete')
    .option('--json', 'print JSON')
    .action(async (email: string, opts: JsonOption & { yes?: boolean }) => {
      const u = await ctx.user(email);
      if (!opts.yes) throw new UsageError(`This deletes ${u.email} and everything of theirs for good. Run again with --yes to do it (or \`redbutton user disable ${u.email}\` to only stop the account).`);
      await deleteAccount(await ctx.getApp(), u.userId);
      if (opts.json) ctx.json({ deleted: u.email, user_id: u.userId });
      else ctx.print(`User ${u.email} and their jobs, contacts and files deleted.`);
    });
}
