import type { Command } from 'commander';
import { UsageError, type CliContext, type JsonOption, type UserOption } from '../context.js';
import { formatIdentity } from '../format.js';
import { identityView } from '../../channels/http/views.js';
import { identityOf, updateIdentity, type IdentityPatch } from '../../core/project/identity.js';

interface SetOpts extends UserOption, JsonOption {
  name?: string;
  title?: string;
  phone?: string;
  company?: string;
  companyAddress?: string;
  companyPhone?: string;
  logoUrl?: string;
  join?: string;
}

/** `redbutton profile show|set`: who signs the invitations. */
export function registerProfileCommands(program: Command, ctx: CliContext): void {
  const profile = program.command('profile').description('who signs your invitations: your name, title, phone and company');
  profile
    .command('show')
    .description('show your profile and company')
    .option('--user <email>', 'whose profile (default: $REDBUTTON_USER)')
    .option('--json', 'print JSON')
    .action(async (opts: UserOption & JsonOption) => {
      const id = await identityOf((await ctx.getApp()).repos, (await ctx.user(opts.user)).userId);
      if (opts.json) ctx.json(identityView(id));
      else ctx.print(formatIdentity(id));
    });
  profile
    .command('set')
    .description('set your name, title, phone and your company\'s name, address, phone and logo')
    .option('--user <email>', 'whose profile (default: $REDBUTTON_USER)')
    .option('--name <full name>', 'your name, as invitations are signed')
    .option('--title <title>', 'your title, e.g. "Senior Estimator"')
    .option('--phone <phone>', 'your phone')
    .option('--company <name>', 'your company (creates it the first time)')
    .option('--company-address <address>', "the company's address")
    .option('--company-phone <phone>', "the company's phone")
    .option('--logo-url <https url>', "the company's logo (an https:// image)")
    .option('--join <colleague email>', "join a colleague's company instead of creating one")
    .option('--json', 'print JSON')
    .action(async (opts: SetOpts) => {
      const app = await ctx.getApp();
      const user = await ctx.user(opts.user);
      if (opts.join) {
        const colleague = await app.repos.users.requireByEmail(opts.join);
        if (!(await app.repos.profiles.joinCompanyOf(user.userId, colleague.userId))) throw new UsageError(`${colleague.email} has no company yet; set one with --company first.`);
      }
      const patch: IdentityPatch = {};
      if (opts.name !== undefined) patch.full_name = opts.name;
      if (opts.title !== undefined) patch.title = opts.title;
      if (opts.phone !== undefined) patch.phone = opts.phone;
      if (opts.company !== undefined) patch.company_name = opts.company;
      if (opts.companyAddress !== undefined) patch.company_address = opts.companyAddress;
      if (opts.companyPhone !== undefined) patch.company_phone = opts.companyPhone;
      if (opts.logoUrl !== undefined) patch.company_logo_url = opts.logoUrl;
      if (Object.keys(patch).length === 0 && !opts.join) throw new UsageError('Nothing to set: give --name, --title, --phone, --company, --company-address, --company-phone, --logo-url or --join.');
      const id = await updateIdentity(app.repos, user.userId, patch);
      if (opts.json) ctx.json(identityView(id));
      else ctx.print(`Saved.\n${formatIdentity(id)}`);
    });
}
