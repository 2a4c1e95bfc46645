import { Command, CommanderError } from 'commander';
import { isAppError } from '../core/errors.js';
import { logger } from '../core/log.js';
import { PACKAGE_VERSION } from '../paths.js';
import { CliContext, UsageError } from './context.js';
import { refuseControlCharactersInArguments } from './arguments.js';
type Register = (program: Command, ctx: CliContext) => void;

/**
 * Top-level command → the module that registers it. Modules load only when their command runs (or
 * for --help), so `redbutton contacts list` does not load Slack, IMAP or the HTTP server.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  init: () => import('./commands/admin.js').then((m) => m.registerAdminCommands),
  migrate: () => import('./commands/admin.js').then((m) => m.registerAdminCommands),
  user: () => import('./commands/admin.js').then((m) => m.registerAdminCommands),
  contacts: () => import('./commands/contacts.js').then((m) => m.registerContactsCommands),
  jobs: () => import('./commands/jobs.js').then((m) => m.registerJobsCommands),
  job: () => import('./commands/jobs.js').then((m) => m.registerJobsCommands),
  profile: () => import('./commands/profile.js').then((m) => m.registerProfileCommands),
  process: () => import('./commands/process.js').then((m) => m.registerProcessCommand),
  map: () => import('./commands/map.js').then((m) => m.registerMapCommands),
  scan: () => import('./commands/scan.js').then((m) => m.registerScanCommand),
  approve: () => import('./commands/outreach.js').then((m) => m.registerOutreachCommands),
  addendum: () => import('./commands/addendum.js').then((m) => m.registerAddendumCommand),
  outreach: () => import('./commands/outreach.js').then((m) => m.registerOutreachCommands),
  coverage: () => import('./commands/outreach.js').then((m) => m.registerOutreachCommands),
  token: () => import('./commands/token.js').then((m) => m.registerTokenCommands),
  'review-link': () => import('./commands/access.js').then((m) => m.registerAccessCommands),
  slack: () => import('./commands/access.js').then((m) => m.registerAccessCommands),
  serve: () => import('./commands/serve.js').then((m) => m.registerServeCommand),
  worker: () => import('./commands/serve.js').then((m) => m.registerWorkerCommand),
  mail: () => import('./commands/mail.js').then((m) => m.registerMailCommands),
};

/**
 * `redbutton` — every command prints data on stdout (tables, or JSON with --json), logs on stderr,
 * and errors as one line with a non-zero exit code: 1 for a failure, 2 for a usage mistake.
 */
export async function buildProgram(ctx: CliContext, argv: string[] = []): Promise<Command> {
  const program = new Command('redbutton')
    .description('Red Button: plan set in, trades and subcontractors mapped, bid invitations out.')
    .showHelpAfterError('(run with --help for usage)')
    .version(PACKAGE_VERSION, '-V, --version', 'print the version')
    // Program options only before the command, so `approve <job> --version 3` is the map version.
    .enablePositionalOptions()
    .exitOverride()
    .hook('preAction', () => ctx.load());
  const name = argv[2];
  // A command loads only its own module; --version none; --help (or anything else) all, to list them.
  const loaders = name === '-V' || name === '--version' ? [] : name && COMMANDS[name] ? [COMMANDS[name]] : Object.values(COMMANDS);
  const registered = new Set<Register>();
  for (const load of loaders) {
    const register = await load();
    if (registered.has(register)) continue;
    registered.add(register);
    register(program, ctx);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  // A command's output is its data; routine log lines would only get in the way unless asked for.
  if (!process.env.LOG_LEVEL) logger.level = 'warn';
  const ctx = new CliContext();
  try {
    refuseControlCharactersInArguments(argv.slice(2));
    const program = await buildProgram(ctx, argv);
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    if (isAppError(e)) {
      logger.debug({ err: e, code: e.code }, 'command failed');
      process.stderr.write(`error: ${e.userMessage}\n`);
      return 1;
    }
    const io = e as NodeJS.ErrnoException;
    if ((io.code === 'ENOENT' || io.code === 'EISDIR' || io.code === 'EACCES') && io.path) {
      // A file named on the command line: say which, without a stack trace.
      process.stderr.write(`error: ${io.code === 'ENOENT' ? 'no such file' : io.code === 'EISDIR' ? 'is a directory, not a file' : 'permission denied'}: ${io.path}\n`);
      return 1;
    }
    logger.error({ err: e }, 'unexpected error');
    process.stderr.write(`error: unexpected failure: ${e instanceof Error ? e.message : String(e)} (details in the log above)\n`);
    return 1;
  } finally {
    await ctx.close();
  }
}

// No top-level await: the bundle is CommonJS (scripts/build.mjs), which has none.
void main(process.argv).then((code) => {
  process.exitCode = code;
});
