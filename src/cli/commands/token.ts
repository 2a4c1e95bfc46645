import type { Command } from 'commander';
import { ApiTokens, DEFAULT_TOKEN_DAYS, tokenView } from '../../core/auth/api-tokens.js';
import { UsageError, type CliContext, type JsonOption, type UserOption } from '../context.js';

/**
 * `redbutton token create|list|revoke` — HTTP API bearer tokens. The secret is printed once; only
 * its SHA-256 is stored.
 */
export function registerTokenCommands(program: Command, ctx: CliContext): void {
  const token = program.command('token').description('HTTP API bearer tokens');
  const tokens = async () => new ApiTokens((await ctx.getApp()).repos);

  token
    .command('create')
    .description('create a bearer token for the HTTP API (printed once)')
    .option('--user <email>', 'the user the token acts for (default: $REDBUTTON_USER)')
    .option('--days <n>', `days until it expires (default ${DEFAULT_TOKEN_DAYS})`)
    .option('--label <text>', 'a note to recognise it by')
    .option('--json', 'print JSON')
    .action(async (opts: UserOption & JsonOption & { days?: string; label?: string }) => {
      const days = opts.days === undefined ? DEFAULT_TOKEN_DAYS : Number(opts.days);
      if (!Number.isInteger(days)) throw new UsageError(`--days must be a whole number (got ${opts.days}).`);
      const user = await ctx.user(opts.user);
      const t = await (await tokens()).create(user.userId, { days, label: opts.label ?? 'cli' });
      if (opts.json) ctx.json({ token: t.token, token_id: t.tokenId, expires_at: t.expiresAt, user: user.email });
      else ctx.print(`${t.token}\n\nToken ${t.tokenId} for ${user.email}, expires ${t.expiresAt} UTC. It is shown only now: use it as "Authorization: Bearer <token>". Revoke with: redbutton token revoke ${t.tokenId} --user ${user.email}`);
    });

  token
    .command('list')
    .description("a user's tokens (never the secrets)")
    .option('--user <email>', 'whose tokens (default: $REDBUTTON_USER)')
    .option('--json', 'print JSON')
    .action(async (opts: UserOption & JsonOption) => {
      const rows = (await (await tokens()).listForUser((await ctx.user(opts.user)).userId)).map(tokenView);
      if (opts.json) ctx.json({ tokens: rows });
      else if (rows.length === 0) ctx.print('No tokens.');
      else ctx.print(rows.map((r) => `${r.token_id}  ${r.label ?? ''}  created ${r.created_at ?? '?'}  expires ${r.expires_at}${r.revoked_at ? `  REVOKED ${r.revoked_at}` : ''}`).join('\n'));
    });

  token
    .command('revoke [tokenId]')
    .description('revoke a token by id, or every token of the user with --all')
    .option('--user <email>', 'whose token (default: $REDBUTTON_USER)')
    .option('--all', "revoke all of the user's tokens")
    .option('--json', 'print JSON')
    .action(async (tokenId: string | undefined, opts: UserOption & JsonOption & { all?: boolean }) => {
      const user = await ctx.user(opts.user);
      if (opts.all) {
        const n = await (await tokens()).revokeAll(user.userId);
        if (opts.json) ctx.json({ revoked: n });
        else ctx.print(`Revoked ${n} token(s) of ${user.email}.`);
        return;
      }
      if (!tokenId) throw new UsageError('Say which token to revoke (its id, see `redbutton token list`), or pass --all.');
      const row = tokenView(await (await tokens()).revoke(user.userId, tokenId));
      if (opts.json) ctx.json(row);
      else ctx.print(`Token ${row.token_id} revoked.`);
    });
}
